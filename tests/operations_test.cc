// What an operator sees of a running server process: the metrics it serves on --metrics_listen,
// its JSON log lines, and the request id that follows one request across services.
#include <fstream>
#include <map>
#include <sstream>
#include <string>
#include <vector>

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>
#include <httplib.h>

#include <nlohmann/json.hpp>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/date.h"
#include "district/project/v1/project_service.grpc.pb.h"
#include "district/recruitment/v1/recruitment_service.grpc.pb.h"
#include "tests/support/leads.h"
#include "tests/support/spawned_server.h"
#include "tests/support/temp_dir.h"

namespace district {
namespace {

using district::testing::SpawnedServer;
namespace pv1 = project::v1;

// The scrape as sample name-with-labels -> value.
std::map<std::string, double> Scrape(int port) {
  httplib::Client client("127.0.0.1", port);
  httplib::Result res = client.Get("/metrics");
  EXPECT_TRUE(res) << "no answer from the metrics port";
  std::map<std::string, double> samples;
  if (!res) return samples;
  EXPECT_EQ(res->status, 200);
  EXPECT_TRUE(absl::StartsWith(res->get_header_value("Content-Type"), "text/plain; version=0.0.4"));
  for (absl::string_view line : absl::StrSplit(res->body, '\n', absl::SkipEmpty())) {
    if (line.front() == '#') continue;
    const size_t space = line.rfind(' ');
    double value = 0;
    EXPECT_TRUE(absl::SimpleAtod(line.substr(space + 1), &value)) << line;
    samples[std::string(line.substr(0, space))] = value;
  }
  return samples;
}

std::string ReadFile(const std::string& path) {
  std::ifstream in(path);
  std::stringstream text;
  text << in.rdbuf();
  return text.str();
}

// Every line of a JSON log, parsed; a line that is not a JSON object fails the test.
std::vector<nlohmann::json> JsonLines(const std::string& path) {
  std::vector<nlohmann::json> lines;
  for (absl::string_view line : absl::StrSplit(ReadFile(path), '\n', absl::SkipEmpty())) {
    nlohmann::json parsed = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    EXPECT_TRUE(parsed.is_object()) << "not a JSON object: " << line;
    if (parsed.is_object()) lines.push_back(std::move(parsed));
  }
  return lines;
}

// The call lines of `method` ("district.project.v1.ProjectService/GetProject").
std::vector<nlohmann::json> CallLines(const std::vector<nlohmann::json>& lines,
                                      const std::string& method) {
  std::vector<nlohmann::json> calls;
  for (const nlohmann::json& line : lines) {
    if (line.value("event", "") == "call" && line.value("method", "") == method) {
      calls.push_back(line);
    }
  }
  return calls;
}

std::string Labels(const std::string& method, const std::string& code = "") {
  return absl::StrCat(
      "{", code.empty() ? "" : absl::StrCat("grpc_code=\"", code, "\","), "grpc_method=\"", method,
      "\",grpc_service=\"district.project.v1.ProjectService\",grpc_type=\"unary\"}");
}

class OperationsTest : public ::testing::Test {
 protected:
  absl::StatusOr<SpawnedServer> StartProjects() {
    return SpawnedServer::Start(
        PROJECT_SERVER_PATH,
        {"--data_dir=" + dir_.Sub("project"), "--metrics_listen=127.0.0.1:0", "--log_format=json"},
        dir_.Sub("project.log"));
  }

  static pv1::Project NewProject(int i) {
    pv1::Project p;
    p.set_name(absl::StrCat("运维测试项目", i));
    p.set_total_investment_yuan(100000000);
    p.set_leader("王区长");
    return p;
  }

  district::testing::TempDir dir_;
};

TEST_F(OperationsTest, TheScrapeCountsExactlyTheCallsMadeByCode) {
  absl::StatusOr<SpawnedServer> server = StartProjects();
  ASSERT_TRUE(server.ok()) << server.status();
  ASSERT_GT(server->metrics_port(), 0);
  auto stub = pv1::ProjectService::NewStub(
      grpc::CreateChannel(server->address(), grpc::InsecureChannelCredentials()));

  std::vector<std::string> ids;
  for (int i = 0; i < 3; ++i) {  // 3 creates, OK
    grpc::ClientContext ctx;
    pv1::CreateProjectRequest req;
    *req.mutable_project() = NewProject(i);
    pv1::Project made;
    ASSERT_TRUE(stub->CreateProject(&ctx, req, &made).ok());
    ids.push_back(made.id());
  }
  for (int i = 0; i < 2; ++i) {  // 2 creates without a name: InvalidArgument
    grpc::ClientContext ctx;
    pv1::CreateProjectRequest req;
    *req.mutable_project() = NewProject(i);
    req.mutable_project()->clear_name();
    pv1::Project made;
    ASSERT_EQ(stub->CreateProject(&ctx, req, &made).error_code(),
              grpc::StatusCode::INVALID_ARGUMENT);
  }
  for (int i = 0; i < 7; ++i) {  // 4 found, 3 not
    grpc::ClientContext ctx;
    pv1::GetProjectRequest req;
    req.set_id(i < 4 ? ids[i % 3] : "P99999999");
    pv1::Project got;
    EXPECT_EQ(stub->GetProject(&ctx, req, &got).ok(), i < 4);
  }

  std::map<std::string, double> m = Scrape(server->metrics_port());
  EXPECT_EQ(m["grpc_server_started_total" + Labels("CreateProject")], 5);
  EXPECT_EQ(m["grpc_server_handled_total" + Labels("CreateProject", "OK")], 3);
  EXPECT_EQ(m["grpc_server_handled_total" + Labels("CreateProject", "InvalidArgument")], 2);
  EXPECT_EQ(m["grpc_server_started_total" + Labels("GetProject")], 7);
  EXPECT_EQ(m["grpc_server_handled_total" + Labels("GetProject", "OK")], 4);
  EXPECT_EQ(m["grpc_server_handled_total" + Labels("GetProject", "NotFound")], 3);
  EXPECT_EQ(m["grpc_server_handled_total" + Labels("GetProject", "Internal")], 0);
  // The histogram holds every call, in cumulative buckets ending at +Inf.
  const std::string get = Labels("GetProject");
  EXPECT_EQ(m["grpc_server_handling_seconds_count" + get], 7);
  EXPECT_GT(m["grpc_server_handling_seconds_sum" + get], 0);
  const std::string inf = absl::StrCat(get.substr(0, get.size() - 1), ",le=\"+Inf\"}");
  EXPECT_EQ(m["grpc_server_handling_seconds_bucket" + inf], 7);
  const std::string ten = absl::StrCat(get.substr(0, get.size() - 1), ",le=\"10\"}");
  EXPECT_EQ(m["grpc_server_handling_seconds_bucket" + ten], 7);

  // Storage: the writes that were committed, with their audit entries: the three creates, and the
  // resume tokens' signing key that the first open of the data directory writes.
  EXPECT_EQ(m["district_audit_entries_written_total"], 3);
  EXPECT_GE(m["district_group_commit_batches_count"], 2);
  EXPECT_LE(m["district_group_commit_batches_count"], 4);
  EXPECT_EQ(m["district_group_commit_batches_sum"], 4);
  EXPECT_EQ(m["district_group_commit_write_seconds_count"],
            m["district_group_commit_batches_count"]);
  EXPECT_EQ(m["district_resident_rows{kind=\"project\"}"], 3);
  EXPECT_TRUE(m.count("district_rocksdb_memtable_bytes")) << "no RocksDB sizes";
  EXPECT_GT(m["district_rocksdb_estimated_keys"], 0);
  EXPECT_EQ(m["district_rocksdb_write_stopped"], 0);
  // The process.
  EXPECT_GT(m["process_resident_memory_bytes"], 1 << 20);
  EXPECT_GT(m["process_threads"], 1);
  EXPECT_GT(m["process_open_fds"], 3);
  EXPECT_GT(m["process_start_time_seconds"], 1.7e9);
  bool build_info = false;
  for (const auto& [name, value] : m) {
    if (absl::StartsWith(name, "district_build_info{commit=") && value == 1) build_info = true;
  }
  EXPECT_TRUE(build_info);
}

TEST_F(OperationsTest, EveryLogLineIsJsonAndACallLineSaysWhatAnOperatorNeeds) {
  absl::StatusOr<SpawnedServer> server = StartProjects();
  ASSERT_TRUE(server.ok()) << server.status();
  auto stub = pv1::ProjectService::NewStub(
      grpc::CreateChannel(server->address(), grpc::InsecureChannelCredentials()));
  {
    grpc::ClientContext ctx;
    ctx.AddMetadata("x-request-id", "ops-test-1");
    ctx.AddMetadata("authorization", "Bearer not-logged");
    pv1::GetProjectRequest req;
    req.set_id("P99999999");
    pv1::Project got;
    EXPECT_EQ(stub->GetProject(&ctx, req, &got).error_code(), grpc::StatusCode::NOT_FOUND);
  }
  {
    grpc::ClientContext ctx;  // an id too long to be taken: the server makes one
    ctx.AddMetadata("x-request-id", std::string(200, 'x'));
    pv1::CreateProjectRequest req;
    *req.mutable_project() = NewProject(1);
    pv1::Project made;
    ASSERT_TRUE(stub->CreateProject(&ctx, req, &made).ok());
  }
  stub.reset();  // an idle connected client would hold the shutdown up (project_process_test)
  EXPECT_EQ(server->Stop(SIGTERM), 0);  // flushes the log

  const std::vector<nlohmann::json> lines = JsonLines(dir_.Sub("project.log"));
  ASSERT_GE(lines.size(), 4u);
  for (const nlohmann::json& line : lines) {
    EXPECT_TRUE(line["time"].is_string()) << line;
    EXPECT_TRUE(line["level"].is_string()) << line;
    EXPECT_EQ(line["service"], "project") << line;
    EXPECT_TRUE(line["msg"].is_string()) << line;
  }
  const std::vector<nlohmann::json> gets =
      CallLines(lines, "district.project.v1.ProjectService/GetProject");
  ASSERT_EQ(gets.size(), 1u);
  EXPECT_EQ(gets[0]["code"], "NotFound");
  EXPECT_EQ(gets[0]["request_id"], "ops-test-1");
  EXPECT_EQ(gets[0]["principal"], "anonymous");
  EXPECT_TRUE(absl::StrContains(gets[0].value("peer", ""), "127.0.0.1")) << gets[0];
  EXPECT_TRUE(gets[0]["latency_ms"].is_number());
  EXPECT_TRUE(absl::StrContains(gets[0].value("error", ""), "P99999999")) << gets[0];
  const std::vector<nlohmann::json> creates =
      CallLines(lines, "district.project.v1.ProjectService/CreateProject");
  ASSERT_EQ(creates.size(), 1u);
  EXPECT_EQ(creates[0]["code"], "OK");
  const std::string made_id = creates[0].value("request_id", "");
  EXPECT_EQ(made_id.size(), 16u) << made_id;
  EXPECT_EQ(made_id.find_first_not_of("0123456789abcdef"), std::string::npos) << made_id;
  // Start-up and shutdown are lines too; no token is anywhere.
  const std::string text = ReadFile(dir_.Sub("project.log"));
  EXPECT_TRUE(absl::StrContains(text, "listening on port"));
  EXPECT_TRUE(absl::StrContains(text, "stopped"));
  EXPECT_FALSE(absl::StrContains(text, "not-logged"));
}

TEST_F(OperationsTest, OneRequestIdFindsALandingInBothServicesLogs) {
  absl::StatusOr<SpawnedServer> projects = StartProjects();
  ASSERT_TRUE(projects.ok()) << projects.status();
  absl::StatusOr<SpawnedServer> recruitment =
      SpawnedServer::Start(RECRUITMENT_SERVER_PATH,
                           {"--data_dir=" + dir_.Sub("recruitment"),
                            "--project_addr=" + projects->address(), "--log_format=json"},
                           dir_.Sub("recruitment.log"));
  ASSERT_TRUE(recruitment.ok()) << recruitment.status();
  auto stub = recruitment::v1::RecruitmentService::NewStub(
      grpc::CreateChannel(recruitment->address(), grpc::InsecureChannelCredentials()));
  const recruitment::v1::Lead lead = testing::SignedLead(*stub);
  {
    grpc::ClientContext ctx;
    ctx.AddMetadata("x-request-id", "landing-7f3a");
    recruitment::v1::LandLeadRequest req;
    req.set_id(lead.id());
    *req.mutable_landed_date() = MakeDate(2020, 5, 1);
    recruitment::v1::Lead landed;
    ASSERT_TRUE(stub->LandLead(&ctx, req, &landed).ok());
  }
  stub.reset();
  EXPECT_EQ(recruitment->Stop(SIGTERM), 0);
  EXPECT_EQ(projects->Stop(SIGTERM), 0);

  const auto lands = CallLines(JsonLines(dir_.Sub("recruitment.log")),
                               "district.recruitment.v1.RecruitmentService/LandLead");
  ASSERT_EQ(lands.size(), 1u);
  EXPECT_EQ(lands[0]["request_id"], "landing-7f3a");
  const auto creates = CallLines(JsonLines(dir_.Sub("project.log")),
                                 "district.project.v1.ProjectService/CreateProject");
  ASSERT_EQ(creates.size(), 1u);
  EXPECT_EQ(creates[0]["request_id"], "landing-7f3a");
  EXPECT_EQ(creates[0]["code"], "OK");
}

TEST_F(OperationsTest, TheCallLineCanBeTurnedOffAndTextIsTheDefault) {
  absl::StatusOr<SpawnedServer> server = SpawnedServer::Start(
      PROJECT_SERVER_PATH, {"--data_dir=" + dir_.Sub("project"), "--log_calls=false"},
      dir_.Sub("quiet.log"));
  ASSERT_TRUE(server.ok()) << server.status();
  {
    auto stub = pv1::ProjectService::NewStub(
        grpc::CreateChannel(server->address(), grpc::InsecureChannelCredentials()));
    grpc::ClientContext ctx;
    pv1::GetProjectRequest req;
    req.set_id("P99999999");
    pv1::Project got;
    EXPECT_EQ(stub->GetProject(&ctx, req, &got).error_code(), grpc::StatusCode::NOT_FOUND);
  }  // disconnected: an idle connected client would hold the shutdown up (project_process_test)
  EXPECT_EQ(server->Stop(SIGTERM), 0);
  const std::string text = ReadFile(dir_.Sub("quiet.log"));
  EXPECT_TRUE(absl::StrContains(text, "listening on port")) << text;
  EXPECT_FALSE(absl::StrContains(text, "GetProject")) << text;
  EXPECT_FALSE(absl::StrContains(text, "{\"time\"")) << text;
}

TEST_F(OperationsTest, AMalformedLogFormatOrMetricsAddressStopsTheStart) {
  absl::StatusOr<SpawnedServer> bad_format = SpawnedServer::Start(
      PROJECT_SERVER_PATH, {"--data_dir=" + dir_.Sub("p1"), "--log_format=xml"},
      dir_.Sub("bad1.log"));
  EXPECT_FALSE(bad_format.ok());
  EXPECT_TRUE(absl::StrContains(ReadFile(dir_.Sub("bad1.log")), "--log_format must be"));
  absl::StatusOr<SpawnedServer> bad_address = SpawnedServer::Start(
      PROJECT_SERVER_PATH, {"--data_dir=" + dir_.Sub("p2"), "--metrics_listen=nowhere"},
      dir_.Sub("bad2.log"));
  EXPECT_FALSE(bad_address.ok());
  EXPECT_TRUE(absl::StrContains(ReadFile(dir_.Sub("bad2.log")), "--metrics_listen must be"));
}

}  // namespace
}  // namespace district
