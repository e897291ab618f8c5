// The handlers enforce exactly the role each method's contract names, (district.api.v1.
// required_role): every method of every service of the suite, called through real servers on
// loopback with tokens of each role, by name as grpcurl would (an empty request): without a token
// UNAUTHENTICATED; with the role below the contract's PERMISSION_DENIED; with the contract's own
// role neither (whatever the empty request then gets).
#include <gtest/gtest.h>

#include <grpcpp/generic/generic_stub.h>

#include "common/admin_service.h"
#include "common/auth.h"
#include "common/client.h"
#include "common/registry.h"
#include "common/server.h"
#include "district/admin/v1/admin.grpc.pb.h"
#include "district/aggregator/v1/aggregator_service.grpc.pb.h"
#include "services/aggregator/aggregator_service.h"
#include "tests/support/identity_server.h"
#include "tests/support/parks_server.h"
#include "tests/support/project_server.h"
#include "tests/support/recruitment_server.h"

namespace district {
namespace {

using google::protobuf::MethodDescriptor;

const char* TokenOf(api::v1::Role role) {
  switch (role) {
    case api::v1::ROLE_VIEWER:
      return "view-token";
    case api::v1::ROLE_EDITOR:
      return "edit-token";
    case api::v1::ROLE_REVIEWER:
      return "review-token";
    case api::v1::ROLE_ADMIN:
      return "admin-token";
    default:
      return "";
  }
}

// The role just below `role` (viewer for an editor, editor for a reviewer, reviewer for an admin).
api::v1::Role Below(api::v1::Role role) {
  switch (role) {
    case api::v1::ROLE_EDITOR:
      return api::v1::ROLE_VIEWER;
    case api::v1::ROLE_REVIEWER:
      return api::v1::ROLE_EDITOR;
    case api::v1::ROLE_ADMIN:
      return api::v1::ROLE_REVIEWER;
    default:
      return api::v1::ROLE_UNSPECIFIED;
  }
}

class ContractRolesTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    InstallAuthenticator(*Authenticator::Parse(Sha256Hex("view-token") + " 王科员 viewer\n" +
                                               Sha256Hex("edit-token") + " 李主任 editor\n" +
                                               Sha256Hex("review-token") + " 赵审核 reviewer\n" +
                                               Sha256Hex("admin-token") + " 管理员 admin\n"));
    SetServiceToken("admin-token");  // the aggregator's and LandLead's calls to other services
    project_ = new testing::ProjectServer;
    recruitment_ = new testing::RecruitmentServer(project_->address());
    parks_ = new testing::ParksServer;
    identity_ = new testing::IdentityServer;
    aggregator::Backends backends;
    backends.projects =
        project::v1::ProjectService::NewStub(CreateServiceChannel(project_->address()));
    backends.recruitment =
        recruitment::v1::RecruitmentService::NewStub(CreateServiceChannel(recruitment_->address()));
    backends.parks =
        parks::v1::ParkMetricsService::NewStub(CreateServiceChannel(parks_->address()));
    aggregator_ = new aggregator::DistrictServiceImpl(std::move(backends), absl::Seconds(2));
    admin_ = new AdminServiceImpl(nullptr);  // no --backup_dir: admins get FAILED_PRECONDITION
    others_ = Server::Start("127.0.0.1:0",
                            {{aggregator_, aggregator::v1::DistrictService::service_full_name()},
                             {admin_, admin::v1::AdminService::service_full_name()}})
                  ->release();
  }
  static void TearDownTestSuite() {
    others_->Shutdown(absl::Seconds(5));
    delete others_;
    delete admin_;
    delete aggregator_;
    delete identity_;
    delete parks_;
    delete recruitment_;
    delete project_;
    SetServiceToken("");
    InstallAuthenticator(nullptr);
  }

  // The server that hosts `method`'s service (the audit trail: the project server's).
  static std::string AddressOf(const MethodDescriptor* method) {
    const std::string& service = method->service()->full_name();
    if (service == "district.recruitment.v1.RecruitmentService") return recruitment_->address();
    if (service == "district.parks.v1.ParkMetricsService") return parks_->address();
    if (service == "district.identity.v1.IdentityService") return identity_->address();
    if (service == "district.aggregator.v1.DistrictService" ||
        service == "district.admin.v1.AdminService") {
      return "127.0.0.1:" + std::to_string(others_->port());
    }
    return project_->address();
  }

  // Calls `method` with an empty request, presenting `token` ("" for none).
  static grpc::StatusCode Call(const MethodDescriptor* method, const std::string& token) {
    grpc::GenericStub stub(
        grpc::CreateChannel(AddressOf(method), grpc::InsecureChannelCredentials()));
    grpc::ClientContext context;
    // A stream is never finished by its server: its first answer is enough.
    context.set_deadline(std::chrono::system_clock::now() + (method->server_streaming()
                                                                 ? std::chrono::milliseconds(500)
                                                                 : std::chrono::seconds(10)));
    if (!token.empty()) context.AddMetadata("authorization", "Bearer " + token);
    grpc::Slice empty("");  // an empty message, as sent (a buffer with no slice sends none)
    grpc::ByteBuffer request(&empty, 1);
    grpc::CompletionQueue cq;
    auto call = stub.PrepareUnaryCall(
        &context, "/" + method->service()->full_name() + "/" + method->name(), request, &cq);
    call->StartCall();
    grpc::ByteBuffer response;
    grpc::Status status;
    call->Finish(&response, &status, reinterpret_cast<void*>(1));
    void* tag = nullptr;
    bool ok = false;
    cq.Next(&tag, &ok);
    return status.error_code();
  }

  static testing::ProjectServer* project_;
  static testing::RecruitmentServer* recruitment_;
  static testing::ParksServer* parks_;
  static testing::IdentityServer* identity_;
  static aggregator::DistrictServiceImpl* aggregator_;
  static AdminServiceImpl* admin_;
  static Server* others_;
};

testing::ProjectServer* ContractRolesTest::project_ = nullptr;
testing::RecruitmentServer* ContractRolesTest::recruitment_ = nullptr;
testing::ParksServer* ContractRolesTest::parks_ = nullptr;
testing::IdentityServer* ContractRolesTest::identity_ = nullptr;
aggregator::DistrictServiceImpl* ContractRolesTest::aggregator_ = nullptr;
AdminServiceImpl* ContractRolesTest::admin_ = nullptr;
Server* ContractRolesTest::others_ = nullptr;

TEST_F(ContractRolesTest, EveryMethodAdmitsExactlyItsContractsRole) {
  // Every service these servers host (their files are linked here through the services).
  const std::vector<std::string> services = {
      "district.project.v1.ProjectService",   "district.recruitment.v1.RecruitmentService",
      "district.parks.v1.ParkMetricsService", "district.aggregator.v1.DistrictService",
      "district.audit.v1.AuditService",       "district.admin.v1.AdminService",
      "district.identity.v1.IdentityService"};
  std::map<api::v1::Role, int> checked;
  for (const std::string& name : services) {
    const auto* service =
        google::protobuf::DescriptorPool::generated_pool()->FindServiceByName(name);
    ASSERT_NE(service, nullptr) << name;
    for (int i = 0; i < service->method_count(); ++i) {
      const MethodDescriptor* method = service->method(i);
      const api::v1::Role role = ApiRegistry::RoleOf(method);
      ASSERT_NE(role, api::v1::ROLE_UNSPECIFIED) << method->full_name();
      SCOPED_TRACE(method->full_name() + " needs " + api::v1::Role_Name(role));
      ++checked[role];
      if (role == api::v1::ROLE_ANYONE) {  // no token needed: the request proves the caller
        const grpc::StatusCode admitted = Call(method, "");
        EXPECT_NE(admitted, grpc::StatusCode::UNAUTHENTICATED);
        EXPECT_NE(admitted, grpc::StatusCode::PERMISSION_DENIED);
        continue;
      }
      EXPECT_EQ(Call(method, ""), grpc::StatusCode::UNAUTHENTICATED);
      if (role != api::v1::ROLE_VIEWER) {
        EXPECT_EQ(Call(method, TokenOf(Below(role))), grpc::StatusCode::PERMISSION_DENIED);
      }
      const grpc::StatusCode admitted = Call(method, TokenOf(role));
      EXPECT_NE(admitted, grpc::StatusCode::UNAUTHENTICATED);
      EXPECT_NE(admitted, grpc::StatusCode::PERMISSION_DENIED);
    }
  }
  // All five roles are in use, on every method of the suite.
  EXPECT_EQ(checked[api::v1::ROLE_ANYONE], 5);
  EXPECT_GT(checked[api::v1::ROLE_VIEWER], 0);
  EXPECT_GT(checked[api::v1::ROLE_EDITOR], 0);
  EXPECT_GT(checked[api::v1::ROLE_REVIEWER], 0);
  EXPECT_GT(checked[api::v1::ROLE_ADMIN], 0);
  EXPECT_EQ(checked[api::v1::ROLE_VIEWER] + checked[api::v1::ROLE_EDITOR] +
                checked[api::v1::ROLE_REVIEWER] + checked[api::v1::ROLE_ADMIN],
            101);  // with DeleteInvestmentReport (project service)
}

}  // namespace
}  // namespace district
