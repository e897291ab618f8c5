// Every server binary as a real process: health and reflection answer as grpcurl and container
// probes expect, SIGTERM drains and exits 0, a missing --data_dir stops start-up, and the
// libraries are linked in as the build intends.
#include <signal.h>
#include <sys/wait.h>

#include <algorithm>
#include <cstdio>
#include <string>

#include <gtest/gtest.h>

#include "absl/strings/match.h"

#include "tests/support/probes.h"
#include "tests/support/reflection_client.h"
#include "tests/support/spawned_server.h"
#include "tests/support/temp_dir.h"

namespace district {
namespace {

using district::testing::SpawnedServer;
using grpc::health::v1::HealthCheckResponse;

struct Binary {
  std::string path;
  std::string service;  // full gRPC name
  std::string method;   // one method reflection must describe
  std::vector<std::string> args;
  bool keeps_data = true;  // requires --data_dir
};

// How ctest and gtest show a parameter: the binary's name, not its bytes.
void PrintTo(const Binary& binary, std::ostream* os) {
  *os << binary.path.substr(binary.path.rfind('/') + 1);
}

std::string PrintName(const ::testing::TestParamInfo<Binary>& info) {
  std::string name = info.param.path.substr(info.param.path.rfind('/') + 1);
  std::replace(name.begin(), name.end(), '-', '_');
  return name;
}

class ServerProcessTest : public ::testing::TestWithParam<Binary> {
 protected:
  absl::StatusOr<SpawnedServer> Start(std::vector<std::string> args) {
    args.insert(args.end(), GetParam().args.begin(), GetParam().args.end());
    return SpawnedServer::Start(GetParam().path, args, dir_.Sub("server.log"));
  }
  district::testing::TempDir dir_;
};

TEST_P(ServerProcessTest, HealthAndReflectionAnswerAsForGrpcurl) {
  absl::StatusOr<SpawnedServer> server = Start({"--data_dir=" + dir_.Sub("data")});
  ASSERT_TRUE(server.ok()) << server.status();
  auto channel = grpc::CreateChannel(server->address(), grpc::InsecureChannelCredentials());
  EXPECT_EQ(district::testing::HealthStatus(channel, ""), HealthCheckResponse::SERVING);
  EXPECT_EQ(district::testing::HealthStatus(channel, GetParam().service),
            HealthCheckResponse::SERVING);
  EXPECT_EQ(district::testing::HealthStatus(channel, "no.such.Service"),
            HealthCheckResponse::UNKNOWN);
  std::vector<std::string> services = district::testing::ReflectedServices(channel);
  EXPECT_NE(std::find(services.begin(), services.end(), GetParam().service), services.end());
  EXPECT_NE(std::find(services.begin(), services.end(), "grpc.health.v1.Health"), services.end());
  EXPECT_TRUE(district::testing::ReflectionDescribes(channel, GetParam().method));
  EXPECT_FALSE(district::testing::ReflectionDescribes(channel, "no.such.Service"));
  // A server that keeps data keeps its audit trail, and serves it.
  const bool audited = std::find(services.begin(), services.end(),
                                 "district.audit.v1.AuditService") != services.end();
  EXPECT_EQ(audited, GetParam().keeps_data);
  if (audited) {
    EXPECT_TRUE(district::testing::ReflectionDescribes(
        channel, "district.audit.v1.AuditService.ListAuditEntries"));
  }
}

// What grpcurl does with every service a server lists: describe it from reflection alone (the
// file defining it and every file that file imports) and call one of its methods with a request
// built from those descriptors. Health is among them: `grpcurl ... grpc.health.v1.Health/Check`.
TEST_P(ServerProcessTest, EveryListedServiceCanBeCalledFromReflectionAlone) {
  absl::StatusOr<SpawnedServer> server = Start({"--data_dir=" + dir_.Sub("data")});
  ASSERT_TRUE(server.ok()) << server.status();
  district::testing::ReflectionClient grpcurl(
      grpc::CreateChannel(server->address(), grpc::InsecureChannelCredentials()));
  absl::StatusOr<std::vector<std::string>> services = grpcurl.ListServices();
  ASSERT_TRUE(services.ok()) << services.status();
  ASSERT_GE(services->size(), 4u);  // its own, health, reflection v1 and v1alpha
  for (const std::string& name : *services) {
    SCOPED_TRACE(name);
    absl::StatusOr<const google::protobuf::ServiceDescriptor*> service =
        grpcurl.ResolveService(name);
    ASSERT_TRUE(service.ok()) << service.status();
    ASSERT_GT((*service)->method_count(), 0);
    // Described from the contracts with their comments (common/reflection_service.h), as
    // `grpcurl describe` prints them: every element has a place in SourceCodeInfo, and every one
    // of the suite's is documented.
    google::protobuf::SourceLocation where;
    ASSERT_TRUE((*service)->GetSourceLocation(&where)) << "no SourceCodeInfo";
    if (absl::StartsWith(name, "district.")) {
      EXPECT_FALSE(where.leading_comments.empty());
      for (int i = 0; i < (*service)->method_count(); ++i) {
        ASSERT_TRUE((*service)->method(i)->GetSourceLocation(&where));
        EXPECT_FALSE(where.leading_comments.empty()) << (*service)->method(i)->full_name();
      }
    }
    // A read, so that calling it changes nothing: the first Check, Get or List method.
    const google::protobuf::MethodDescriptor* read = nullptr;
    for (int i = 0; i < (*service)->method_count() && read == nullptr; ++i) {
      const auto* m = (*service)->method(i);
      if (m->client_streaming() || m->server_streaming()) continue;
      if (absl::StartsWith(m->name(), "Check") || absl::StartsWith(m->name(), "Get") ||
          absl::StartsWith(m->name(), "List")) {
        read = m;
      }
    }
    if (read == nullptr) {
      // Only reflection itself streams both ways, and this test is speaking it.
      EXPECT_TRUE(name == "grpc.reflection.v1alpha.ServerReflection" ||
                  name == "grpc.reflection.v1.ServerReflection")
          << name;
      continue;
    }
    std::string response;
    grpc::Status status = grpcurl.Call(read, "{}", &response);
    // The server routed the call to a handler, which judged the request: only UNIMPLEMENTED would
    // mean that the method reflection describes is not the one the server serves.
    EXPECT_NE(status.error_code(), grpc::StatusCode::UNIMPLEMENTED) << read->full_name();
    if (name == "grpc.health.v1.Health") {
      ASSERT_TRUE(status.ok()) << status.error_message();
      EXPECT_NE(response.find("\"SERVING\""), std::string::npos) << response;
    }
  }
}

// Bytes that do not parse as the method's request never reach a handler: gRPC's callback handler
// (1.51, server_callback_handlers.h) answers them itself with UNIMPLEMENTED and no message, which
// the README documents. What must hold is that the server stays up and serves the next call.
TEST_P(ServerProcessTest, GarbageRequestBytesAreRefusedAndTheServerServesOn) {
  absl::StatusOr<SpawnedServer> server = Start({"--data_dir=" + dir_.Sub("data")});
  ASSERT_TRUE(server.ok()) << server.status();
  auto channel = grpc::CreateChannel(server->address(), grpc::InsecureChannelCredentials());
  district::testing::ReflectionClient client(channel);
  std::string path = "/" + GetParam().method;
  path[path.rfind('.')] = '/';
  std::string reply;
  for (const std::string& garbage :
       {std::string("\xff\xff\xff\xff\xff\xff\xff\xff\xff\xff\x01", 11),  // a varint too long
        std::string("\x0a\x7f", 2), std::string("\x0f", 1)}) {            // truncated; wire type 7
    grpc::Status status = client.CallBytes(path, garbage, &reply);
    EXPECT_EQ(status.error_code(), grpc::StatusCode::UNIMPLEMENTED) << status.error_message();
  }
  EXPECT_EQ(district::testing::HealthStatus(channel, GetParam().service),
            HealthCheckResponse::SERVING);
  const int status = server->Stop(SIGTERM);
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
}

// --version names what is linked in, so that an operator can tell whether a binary has a fix.
TEST_P(ServerProcessTest, VersionNamesTheLinkedLibraries) {
  FILE* out = popen((GetParam().path + " --version 2>&1").c_str(), "r");
  ASSERT_NE(out, nullptr);
  std::string text;
  char line[512];
  while (fgets(line, sizeof line, out) != nullptr) text += line;
  EXPECT_EQ(pclose(out), 0) << text;
  for (const char* library : {"gRPC 1.", "protobuf 3.", "Abseil 20", "RocksDB 7.", "OpenSSL"}) {
    EXPECT_NE(text.find(library), std::string::npos) << library << " in:\n" << text;
  }
}

// A connection may not open more streams than --max_concurrent_streams: the server says so in its
// HTTP/2 settings, and a client that has that many calls waiting gets no more through.
TEST_P(ServerProcessTest, ConnectionsAreHeldToTheirStreamLimit) {
  absl::StatusOr<SpawnedServer> server =
      Start({"--data_dir=" + dir_.Sub("data"), "--max_concurrent_streams=2"});
  ASSERT_TRUE(server.ok()) << server.status();
  auto channel = grpc::CreateChannel(server->address(), grpc::InsecureChannelCredentials());
  // Two health watches stay open for good; a third call on the same connection must wait.
  auto stub = grpc::health::v1::Health::NewStub(channel);
  std::vector<std::unique_ptr<grpc::ClientContext>> contexts;
  std::vector<std::unique_ptr<grpc::ClientReader<grpc::health::v1::HealthCheckResponse>>> watches;
  for (int i = 0; i < 2; ++i) {
    contexts.push_back(std::make_unique<grpc::ClientContext>());
    grpc::health::v1::HealthCheckRequest request;
    watches.push_back(stub->Watch(contexts.back().get(), request));
    grpc::health::v1::HealthCheckResponse first;
    ASSERT_TRUE(watches.back()->Read(&first));
  }
  grpc::ClientContext third;
  third.set_deadline(std::chrono::system_clock::now() + std::chrono::milliseconds(500));
  grpc::health::v1::HealthCheckRequest request;
  grpc::health::v1::HealthCheckResponse response;
  EXPECT_EQ(stub->Check(&third, request, &response).error_code(),
            grpc::StatusCode::DEADLINE_EXCEEDED);
  for (auto& c : contexts) c->TryCancel();
  for (auto& w : watches) w->Finish().IgnoreError();
}

TEST_P(ServerProcessTest, SigtermExitsCleanly) {
  absl::StatusOr<SpawnedServer> server = Start({"--data_dir=" + dir_.Sub("data")});
  ASSERT_TRUE(server.ok()) << server.status();
  const int status = server->Stop(SIGTERM);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);
}

TEST_P(ServerProcessTest, MissingDataDirIsAStartupErrorForServicesWithData) {
  absl::StatusOr<SpawnedServer> server = Start({});
  EXPECT_EQ(server.ok(), !GetParam().keeps_data) << server.status();
  if (!server.ok()) {  // for the reason the server gives, not any other
    EXPECT_NE(server.status().message().find("--data_dir is required"), std::string::npos)
        << server.status();
  }
}

// gRPC, protobuf, Abseil and RocksDB are linked in from their archives
// (cmake/static_archives.cmake), none loaded as a shared library: that is what the benchmarks'
// figures assume, and one of them both ways in a process (a package found after the switch) would
// mean two copies of its state.
TEST_P(ServerProcessTest, LinksGrpcProtobufAbseilAndRocksdbFromTheirArchives) {
  if (!STATIC_ARCHIVES) GTEST_SKIP() << "configured with -DDISTRICT_STATIC_ARCHIVES=OFF";
  FILE* ldd = popen(("ldd " + GetParam().path + " 2>&1").c_str(), "r");
  ASSERT_NE(ldd, nullptr);
  std::string listing;
  char line[512];
  while (fgets(line, sizeof line, ldd) != nullptr) listing += line;
  ASSERT_EQ(pclose(ldd), 0) << listing;
  EXPECT_NE(listing.find("libc.so"), std::string::npos) << listing;  // ldd did list it
  for (const char* library : {"libgrpc", "libgpr", "libprotobuf", "libabsl", "librocksdb"}) {
    EXPECT_EQ(listing.find(library), std::string::npos) << library << " is shared:\n" << listing;
  }
}

INSTANTIATE_TEST_SUITE_P(
    Servers, ServerProcessTest,
    ::testing::Values(Binary{PROJECT_SERVER_PATH,
                             "district.project.v1.ProjectService",
                             "district.project.v1.ProjectService.CreateProject",
                             {}},
                      Binary{RECRUITMENT_SERVER_PATH,
                             "district.recruitment.v1.RecruitmentService",
                             "district.recruitment.v1.RecruitmentService.LandLead",
                             {"--project_addr=127.0.0.1:1"}},
                      Binary{PARKMETRICS_SERVER_PATH,
                             "district.parks.v1.ParkMetricsService",
                             "district.parks.v1.ParkMetricsService.GetParkStats",
                             {}},
                      Binary{IDENTITY_SERVER_PATH,
                             "district.identity.v1.IdentityService",
                             "district.identity.v1.IdentityService.SignIn",
                             {}}),
    PrintName);

// The aggregator keeps no data: it starts without --data_dir.
INSTANTIATE_TEST_SUITE_P(Stateless, ServerProcessTest,
                         ::testing::Values(Binary{
                             AGGREGATOR_SERVER_PATH,
                             "district.aggregator.v1.DistrictService",
                             "district.aggregator.v1.DistrictService.GetOverview",
                             {"--project_addr=127.0.0.1:1"},
                             /*keeps_data=*/false}),
                         PrintName);

}  // namespace
}  // namespace district
