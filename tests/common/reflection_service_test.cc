// Server reflection (common/reflection_service.h) as grpcurl and other tools speak it, against a
// real server on loopback (the project service): describe shows each element's documentation and
// each field's behaviour, every kind of symbol resolves, each answer carries its file's imports,
// errors are answers as gRPC's own reflection gives them, and v1 answers as v1alpha does.
#include "common/reflection_service.h"

#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <set>

#include <google/protobuf/descriptor.h>
#include <google/protobuf/descriptor.pb.h>
#include <gtest/gtest.h>

#include "google/api/field_behavior.pb.h"
#include "grpc/reflection/v1/reflection.grpc.pb.h"
#include "grpc/reflection/v1alpha/reflection.grpc.pb.h"
#include "tests/support/project_server.h"
#include "tests/support/reflection_client.h"

namespace district {
namespace {

namespace pb = google::protobuf;
using district::testing::ReflectionClient;

// Sends `requests` on one ServerReflectionInfo stream of `Reflection` (v1 or v1alpha), then
// closes its side and reads every response; `status` is the stream's.
template <typename Reflection, typename Request = typename Reflection::ServerReflectionRequest,
          typename Response = typename Reflection::ServerReflectionResponse>
std::vector<Response> Ask(const std::shared_ptr<grpc::Channel>& channel,
                          const std::vector<Request>& requests, grpc::Status* status) {
  auto stub = Reflection::ServerReflection::NewStub(channel);
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  auto stream = stub->ServerReflectionInfo(&ctx);
  for (const Request& request : requests) EXPECT_TRUE(stream->Write(request));
  stream->WritesDone();
  std::vector<Response> responses;
  Response response;
  while (stream->Read(&response)) responses.push_back(response);
  *status = stream->Finish();
  return responses;
}

struct V1Alpha {
  using ServerReflection = grpc::reflection::v1alpha::ServerReflection;
  using ServerReflectionRequest = grpc::reflection::v1alpha::ServerReflectionRequest;
  using ServerReflectionResponse = grpc::reflection::v1alpha::ServerReflectionResponse;
};
struct V1 {
  using ServerReflection = grpc::reflection::v1::ServerReflection;
  using ServerReflectionRequest = grpc::reflection::v1::ServerReflectionRequest;
  using ServerReflectionResponse = grpc::reflection::v1::ServerReflectionResponse;
};

grpc::reflection::v1alpha::ServerReflectionRequest BySymbol(const std::string& symbol) {
  grpc::reflection::v1alpha::ServerReflectionRequest request;
  request.set_file_containing_symbol(symbol);
  return request;
}

// The files of a file_descriptor_response, in the order sent.
std::vector<pb::FileDescriptorProto> Files(
    const grpc::reflection::v1alpha::ServerReflectionResponse& response) {
  std::vector<pb::FileDescriptorProto> files;
  for (const std::string& bytes : response.file_descriptor_response().file_descriptor_proto()) {
    files.emplace_back();
    EXPECT_TRUE(files.back().ParseFromString(bytes));
  }
  return files;
}

class ReflectionServiceTest : public ::testing::Test {
 protected:
  // One request, on its own v1alpha stream, as grpcurl sends it.
  grpc::reflection::v1alpha::ServerReflectionResponse AskOne(
      const grpc::reflection::v1alpha::ServerReflectionRequest& request) {
    grpc::Status status;
    auto responses = Ask<V1Alpha>(server_.channel(), {request}, &status);
    EXPECT_TRUE(status.ok()) << status.error_message();
    EXPECT_EQ(responses.size(), 1u);
    return responses.empty() ? grpc::reflection::v1alpha::ServerReflectionResponse()
                             : responses.front();
  }

  district::testing::ProjectServer server_;
};

// `grpcurl describe district.project.v1.Project.land_area_mu` prints the field with its leading
// comment and its options: both must come with the file reflection sends.
TEST_F(ReflectionServiceTest, DescribeShowsAFieldsDocumentationAndBehaviour) {
  ReflectionClient grpcurl(server_.channel());
  absl::StatusOr<const pb::FileDescriptor*> file =
      grpcurl.DescribeSymbol("district.project.v1.Project.land_area_mu");
  ASSERT_TRUE(file.ok()) << file.status();
  EXPECT_EQ((*file)->name(), "district/project/v1/project.proto");
  const pb::FieldDescriptor* field =
      grpcurl.pool().FindFieldByName("district.project.v1.Project.land_area_mu");
  ASSERT_NE(field, nullptr);
  pb::SourceLocation where;
  ASSERT_TRUE(field->GetSourceLocation(&where)) << "no SourceCodeInfo for the field";
  EXPECT_NE(where.leading_comments.find("用地: the project's land in mu"), std::string::npos)
      << where.leading_comments;
  ASSERT_EQ(field->options().ExtensionSize(google::api::field_behavior), 1);
  EXPECT_EQ(field->options().GetExtension(google::api::field_behavior, 0),
            google::api::FieldBehavior::OPTIONAL);
  // Printed as grpcurl prints it: its printer, like protobuf's, puts an element's comments before
  // it and its options after it.
  pb::DebugStringOptions print;
  print.include_comments = true;
  const std::string described = field->DebugStringWithOptions(print);
  EXPECT_EQ(described.rfind("// 用地: the project's land in mu", 0), 0u) << described;
  EXPECT_NE(described.find("\noptional double land_area_mu = 7 ["), std::string::npos) << described;
  EXPECT_NE(described.find("google.api.field_behavior) = OPTIONAL"), std::string::npos)
      << described;
  if (getenv("PRINT_DESCRIBED") != nullptr) std::cout << described;

  // The message, the service and its methods are documented too, and an output-only field says so.
  const pb::Descriptor* project = field->containing_type();
  ASSERT_TRUE(project->GetSourceLocation(&where));
  EXPECT_FALSE(where.leading_comments.empty());
  const pb::FieldDescriptor* etag = project->FindFieldByName("etag");
  ASSERT_NE(etag, nullptr);
  EXPECT_GE(etag->options().ExtensionSize(google::api::field_behavior), 1);
  absl::StatusOr<const pb::ServiceDescriptor*> service =
      grpcurl.ResolveService("district.project.v1.ProjectService");
  ASSERT_TRUE(service.ok()) << service.status();
  ASSERT_TRUE((*service)->GetSourceLocation(&where));
  EXPECT_FALSE(where.leading_comments.empty());
  for (int i = 0; i < (*service)->method_count(); ++i) {
    ASSERT_TRUE((*service)->method(i)->GetSourceLocation(&where));
    EXPECT_FALSE(where.leading_comments.empty()) << (*service)->method(i)->full_name();
  }
}

// Each kind of symbol grpcurl may name, nested or not, is answered with the file that defines it
// first and then every file it imports, transitively, each once.
TEST_F(ReflectionServiceTest, EveryKindOfSymbolResolvesWithItsImports) {
  const std::vector<std::pair<std::string, std::string>> symbols = {
      {"district.project.v1.ProjectService", "district/project/v1/project_service.proto"},
      {"district.project.v1.ProjectService.GetProject",
       "district/project/v1/project_service.proto"},
      {"district.project.v1.Project", "district/project/v1/project.proto"},
      {"district.project.v1.Project.land_area_mu", "district/project/v1/project.proto"},
      {"district.project.v1.Stage", "district/project/v1/project.proto"},
      {"district.project.v1.STAGE_SIGNED", "district/project/v1/project.proto"},
      {"district.project.v1.Stage.STAGE_SIGNED", "district/project/v1/project.proto"},
      {"district.common.v1.Date", "district/common/v1/date.proto"},
      {"district.aggregator.v1.DistrictService", "district/aggregator/v1/aggregator_service.proto"},
      {"grpc.health.v1.Health", "grpc/health/v1/health.proto"},
      {"grpc.health.v1.HealthCheckResponse.ServingStatus", "grpc/health/v1/health.proto"},
      {"grpc.health.v1.HealthCheckResponse.SERVING", "grpc/health/v1/health.proto"},
      {"grpc.health.v1.HealthCheckResponse.ServingStatus.SERVING", "grpc/health/v1/health.proto"},
      {"grpc.reflection.v1alpha.ServerReflection", "grpc/reflection/v1alpha/reflection.proto"},
      {"grpc.reflection.v1.ServerReflection", "grpc/reflection/v1/reflection.proto"},
      {"google.api.field_behavior", "google/api/field_behavior.proto"},
      {"google.protobuf.DescriptorProto.ExtensionRange", "google/protobuf/descriptor.proto"},
      {"google.rpc.BadRequest.FieldViolation", "google/rpc/error_details.proto"},
  };
  for (const auto& [symbol, defined_in] : symbols) {
    SCOPED_TRACE(symbol);
    auto response = AskOne(BySymbol(symbol));
    EXPECT_FALSE(response.has_error_response()) << response.error_response().error_message();
    EXPECT_EQ(response.original_request().file_containing_symbol(), symbol);
    std::vector<pb::FileDescriptorProto> files = Files(response);
    ASSERT_FALSE(files.empty());
    EXPECT_EQ(files.front().name(), defined_in);
    EXPECT_TRUE(files.front().has_source_code_info());
    std::set<std::string> sent;
    for (const auto& file : files) EXPECT_TRUE(sent.insert(file.name()).second) << file.name();
    for (const auto& file : files) {
      for (const std::string& import : file.dependency()) {
        EXPECT_EQ(sent.count(import), 1u) << file.name() << " imports " << import;
      }
    }
  }
  // Each built as a client would, from those files alone.
  ReflectionClient grpcurl(server_.channel());
  for (const auto& [symbol, defined_in] : symbols) {
    if (symbol == "district.project.v1.Stage.STAGE_SIGNED" ||  // a name tools use, not protobuf
        symbol == "grpc.health.v1.HealthCheckResponse.ServingStatus.SERVING") {
      continue;
    }
    absl::StatusOr<const pb::FileDescriptor*> file = grpcurl.DescribeSymbol(symbol);
    ASSERT_TRUE(file.ok()) << symbol << ": " << file.status();
    EXPECT_EQ((*file)->name(), defined_in) << symbol;
  }
}

TEST_F(ReflectionServiceTest, FilesByNameAndExtensions) {
  grpc::reflection::v1alpha::ServerReflectionRequest request;
  request.set_file_by_filename("district/project/v1/project_service.proto");
  std::vector<pb::FileDescriptorProto> files = Files(AskOne(request));
  std::vector<std::string> names;
  for (const auto& file : files) names.push_back(file.name());
  ASSERT_FALSE(names.empty());
  EXPECT_EQ(names.front(), "district/project/v1/project_service.proto");
  for (const char* import :
       {"district/project/v1/project.proto", "district/common/v1/date.proto",
        "google/api/field_behavior.proto", "google/protobuf/descriptor.proto"}) {
    EXPECT_NE(std::find(names.begin(), names.end(), import), names.end()) << import;
  }

  // (google.api.field_behavior) is extension 1052 of FieldOptions.
  request.mutable_file_containing_extension()->set_containing_type("google.protobuf.FieldOptions");
  request.mutable_file_containing_extension()->set_extension_number(1052);
  files = Files(AskOne(request));
  ASSERT_FALSE(files.empty());
  EXPECT_EQ(files.front().name(), "google/api/field_behavior.proto");

  request.set_all_extension_numbers_of_type("google.protobuf.FieldOptions");
  auto numbers = AskOne(request).all_extension_numbers_response();
  EXPECT_EQ(numbers.base_type_name(), "google.protobuf.FieldOptions");
  EXPECT_NE(std::find(numbers.extension_number().begin(), numbers.extension_number().end(), 1052),
            numbers.extension_number().end());
}

// As gRPC's own reflection: an error is the answer to its request, and the stream goes on.
TEST_F(ReflectionServiceTest, ErrorsAreAnswersAsGrpcGivesThem) {
  grpc::reflection::v1alpha::ServerReflectionRequest file, extension, type, nothing;
  file.set_file_by_filename("no/such.proto");
  extension.mutable_file_containing_extension()->set_containing_type(
      "google.protobuf.FieldOptions");
  extension.mutable_file_containing_extension()->set_extension_number(999999);
  type.set_all_extension_numbers_of_type("no.such.Type");
  const std::vector<std::pair<grpc::reflection::v1alpha::ServerReflectionRequest, std::string>>
      cases = {{BySymbol("no.such.Service"), "Symbol not found."},
               {BySymbol(""), "Symbol not found."},
               {file, "File not found."},
               {extension, "Extension not found."},
               {type, "Type not found."}};
  std::vector<grpc::reflection::v1alpha::ServerReflectionRequest> requests;
  for (const auto& [request, message] : cases) requests.push_back(request);
  requests.push_back(nothing);
  requests.push_back(BySymbol("district.project.v1.Project"));
  grpc::Status status;
  auto responses = Ask<V1Alpha>(server_.channel(), requests, &status);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(responses.size(), requests.size());
  for (size_t i = 0; i < cases.size(); ++i) {
    SCOPED_TRACE(cases[i].second);
    EXPECT_EQ(responses[i].error_response().error_code(), grpc::StatusCode::NOT_FOUND);
    EXPECT_EQ(responses[i].error_response().error_message(), cases[i].second);
    EXPECT_EQ(responses[i].file_descriptor_response().file_descriptor_proto_size(), 0);
  }
  EXPECT_EQ(responses[cases.size()].error_response().error_code(), grpc::StatusCode::UNIMPLEMENTED);
  EXPECT_FALSE(responses.back().has_error_response());
  EXPECT_EQ(Files(responses.back()).front().name(), "district/project/v1/project.proto");
}

// Requests on one stream are answered in order, each echoing its request; both versions answer
// alike, and list the services the server hosts with health and reflection.
TEST_F(ReflectionServiceTest, BothVersionsAnswerInOrderOnOneStream) {
  grpc::reflection::v1::ServerReflectionRequest list, symbol, file;
  list.set_list_services("*");
  list.set_host("127.0.0.1");
  symbol.set_file_containing_symbol("district.project.v1.Project.land_area_mu");
  file.set_file_by_filename("district/common/v1/date.proto");
  grpc::Status status;
  auto responses = Ask<V1>(server_.channel(), {list, symbol, file, list}, &status);
  ASSERT_TRUE(status.ok()) << status.error_message();
  ASSERT_EQ(responses.size(), 4u);
  std::vector<std::string> services;
  for (const auto& s : responses[0].list_services_response().service())
    services.push_back(s.name());
  EXPECT_EQ(services, (std::vector<std::string>{
                          "district.project.v1.ProjectService", "district.audit.v1.AuditService",
                          "grpc.health.v1.Health", "grpc.reflection.v1.ServerReflection",
                          "grpc.reflection.v1alpha.ServerReflection"}));
  EXPECT_EQ(responses[0].valid_host(), "127.0.0.1");
  EXPECT_EQ(responses[0].original_request().list_services(), "*");
  EXPECT_EQ(responses[3].list_services_response().service_size(), 5);
  pb::FileDescriptorProto first;
  ASSERT_GT(responses[1].file_descriptor_response().file_descriptor_proto_size(), 0);
  ASSERT_TRUE(
      first.ParseFromString(responses[1].file_descriptor_response().file_descriptor_proto(0)));
  EXPECT_EQ(first.name(), "district/project/v1/project.proto");
  EXPECT_TRUE(first.has_source_code_info());
  ASSERT_GT(responses[2].file_descriptor_response().file_descriptor_proto_size(), 0);
  ASSERT_TRUE(
      first.ParseFromString(responses[2].file_descriptor_response().file_descriptor_proto(0)));
  EXPECT_EQ(first.name(), "district/common/v1/date.proto");

  // v1alpha lists the same.
  grpc::reflection::v1alpha::ServerReflectionRequest alpha;
  alpha.set_list_services("*");
  EXPECT_EQ(AskOne(alpha).list_services_response().service_size(), 5);
}

// Every service listed resolves, as grpcurl would describe it, documented.
TEST_F(ReflectionServiceTest, EveryListedServiceIsDescribedWithItsDocumentation) {
  ReflectionClient grpcurl(server_.channel());
  absl::StatusOr<std::vector<std::string>> services = grpcurl.ListServices();
  ASSERT_TRUE(services.ok()) << services.status();
  for (const std::string& name : *services) {
    absl::StatusOr<const pb::ServiceDescriptor*> service = grpcurl.ResolveService(name);
    ASSERT_TRUE(service.ok()) << name << ": " << service.status();
    pb::SourceLocation where;
    EXPECT_TRUE((*service)->GetSourceLocation(&where)) << name << " has no SourceCodeInfo";
  }
}

// A stream left open is ended when the server shuts down, not held to the grace.
TEST_F(ReflectionServiceTest, ShutdownEndsAnOpenStream) {
  auto stub = grpc::reflection::v1alpha::ServerReflection::NewStub(server_.channel());
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
  auto stream = stub->ServerReflectionInfo(&ctx);
  ASSERT_TRUE(stream->Write(BySymbol("district.project.v1.Project")));
  grpc::reflection::v1alpha::ServerReflectionResponse response;
  ASSERT_TRUE(stream->Read(&response));
  const absl::Time start = absl::Now();
  server_.Stop();  // a grace of 5 s
  EXPECT_FALSE(stream->Read(&response));
  EXPECT_EQ(stream->Finish().error_code(), grpc::StatusCode::UNAVAILABLE);
  EXPECT_LT(absl::Now() - start, absl::Seconds(4));
}

}  // namespace
}  // namespace district
