// Bearer tokens and roles: the tokens file, and every denial path through a real server on
// loopback (the project service), checked before anything else so that existence does not leak.
#include "common/auth.h"

#include <gtest/gtest.h>

#include "common/date.h"
#include "district/audit/v1/audit.grpc.pb.h"
#include "tests/support/call_as.h"
#include "tests/support/probes.h"
#include "tests/support/project_server.h"
#include "tests/support/recruitment_server.h"

namespace district {
namespace {

using district::testing::CallAs;
using grpc::StatusCode;

TEST(Sha256Hex, KnownValue) {
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(TokensFile, ParsesAndRejectsMalformedLines) {
  EXPECT_TRUE(Authenticator::Parse("# comment\n\n" + Sha256Hex("t") + " alice admin\n").ok());
  auto bad_role = Authenticator::Parse(Sha256Hex("t") + " alice root\n");
  EXPECT_EQ(bad_role.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(bad_role.status().message().find("line 1"), std::string::npos);
  EXPECT_FALSE(Authenticator::Parse("abc alice viewer\n").ok());
  EXPECT_FALSE(Authenticator::Parse(Sha256Hex("t") + " alice\n").ok());
  // What start-up must refuse rather than serve: a token on two lines (which one wins?), a hash
  // that is not hex, a file that lists nobody.
  auto twice =
      Authenticator::Parse(Sha256Hex("t") + " admin admin\n" + Sha256Hex("t") + " eve viewer\n");
  EXPECT_EQ(twice.status().code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(twice.status().message().find("line 2"), std::string::npos) << twice.status();
  EXPECT_FALSE(Authenticator::Parse(std::string(64, 'z') + " alice viewer\n").ok());
  EXPECT_FALSE(Authenticator::Parse("# nobody\n\n").ok());
  EXPECT_FALSE(Authenticator::Load("/tmp").ok());  // a directory
}

class AuthTest : public ::testing::Test {
 protected:
  void SetUp() override {
    InstallAuthenticator(*Authenticator::Parse(Sha256Hex("view-token") + " 王科员 viewer\n" +
                                               Sha256Hex("edit-token") + " 李主任 editor\n" +
                                               Sha256Hex("admin-token") + " 管理员 admin\n"));
  }
  void TearDown() override { InstallAuthenticator(nullptr); }

  using Stub = project::v1::ProjectService::Stub;

  grpc::Status Create(const std::string& token, project::v1::Project* out) {
    project::v1::CreateProjectRequest req;
    req.mutable_project()->set_name("林德液压精密智驱动系列产品项目");
    return CallAs(token, server_.stub(), &Stub::CreateProject, req, out);
  }
  grpc::Status Get(const std::string& token, const std::string& id) {
    project::v1::GetProjectRequest req;
    req.set_id(id);
    project::v1::Project out;
    return CallAs(token, server_.stub(), &Stub::GetProject, req, &out);
  }
  grpc::Status Delete(const std::string& token, const std::string& id) {
    project::v1::DeleteProjectRequest req;
    req.set_id(id);
    google::protobuf::Empty out;
    return CallAs(token, server_.stub(), &Stub::DeleteProject, req, &out);
  }

  district::testing::ProjectServer server_;
};

TEST_F(AuthTest, NoOrUnknownTokenIsUnauthenticated) {
  project::v1::Project p;
  EXPECT_EQ(Create("", &p).error_code(), StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(Create("guessed", &p).error_code(), StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(Get("", "P00000001").error_code(), StatusCode::UNAUTHENTICATED);
  grpc::ClientContext ctx;
  ctx.AddMetadata("authorization", "Basic edit-token");
  project::v1::GetProjectRequest req;
  req.set_id("P00000001");
  project::v1::Project out;
  EXPECT_EQ(server_.stub().GetProject(&ctx, req, &out).error_code(), StatusCode::UNAUTHENTICATED);
}

TEST_F(AuthTest, RolesDecideWhatEachMayDo) {
  project::v1::Project p;
  EXPECT_EQ(Create("view-token", &p).error_code(), StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(Create("edit-token", &p).ok());
  EXPECT_TRUE(Get("view-token", p.id()).ok());
  EXPECT_EQ(Delete("edit-token", p.id()).error_code(), StatusCode::PERMISSION_DENIED);
  EXPECT_TRUE(Delete("admin-token", p.id()).ok());
}

// A request_id is its caller's own: an editor who uses the id the suite will use for a landing
// (or another person's id) makes its own record, and the owner's call still works and retries.
TEST_F(AuthTest, RequestIdsAreTheCallersOwn) {
  auto create = [&](const std::string& token, const std::string& name, project::v1::Project* out) {
    project::v1::CreateProjectRequest req;
    req.mutable_project()->set_name(name);
    req.set_request_id("recruitment.LandLead/L00000002");
    return CallAs(token, server_.stub(), &Stub::CreateProject, req, out);
  };
  project::v1::Project squatted, landed, retried;
  ASSERT_TRUE(create("edit-token", "抢先占用", &squatted).ok());
  ASSERT_TRUE(create("admin-token", "猪八戒网区域总部", &landed).ok())
      << "the editor's use of the id took it from the admin";
  EXPECT_NE(landed.id(), squatted.id());
  ASSERT_TRUE(create("admin-token", "猪八戒网区域总部", &retried).ok());
  EXPECT_EQ(retried.id(), landed.id());  // the admin's retry is still recognised
}

TEST_F(AuthTest, DenialComesBeforeNotFound) {
  EXPECT_EQ(Delete("view-token", "P99999999").error_code(), StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Delete("", "P99999999").error_code(), StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(Delete("admin-token", "P99999999").error_code(), StatusCode::NOT_FOUND);
  EXPECT_EQ(Get("", "P99999999").error_code(), StatusCode::UNAUTHENTICATED);
}

// Reflection, like health, is another service and not checked; reflection_service_test speaks it
// to this server, and server_process_test to the real binaries.
TEST_F(AuthTest, HealthNeedsNoToken) {
  EXPECT_EQ(district::testing::HealthStatus(server_.channel(), ""),
            grpc::health::v1::HealthCheckResponse::SERVING);
}

// LandLead calls the project service with the recruitment service's own token, not the caller's.
TEST(ServiceCredentials, LandLeadUsesTheRecruitmentServicesOwnToken) {
  InstallAuthenticator(*Authenticator::Parse(
      Sha256Hex("edit-token") + " 李主任 editor\n" + Sha256Hex("recruitment-token") +
      " recruitment editor\n" + Sha256Hex("admin-token") + " 管理员 admin\n"));
  district::testing::ProjectServer projects;
  district::testing::RecruitmentServer recruitment(projects.address());
  auto call = [&](auto method, const auto& request, auto* response) {
    return CallAs("edit-token", recruitment.stub(), method, request, response);
  };
  recruitment::v1::CreateLeadRequest create;
  create.mutable_lead()->set_name("招商蛇口项目");
  create.mutable_lead()->set_investor("招商蛇口");
  create.mutable_lead()->set_field(recruitment::v1::FIELD_FINANCE_BUSINESS);
  *create.mutable_stage_date() = MakeDate(2020, 1, 2);
  recruitment::v1::Lead lead;
  ASSERT_TRUE(call(&recruitment::v1::RecruitmentService::Stub::CreateLead, create, &lead).ok());
  recruitment::v1::AdvanceLeadRequest sign;
  sign.set_id(lead.id());
  sign.set_to_stage(recruitment::v1::LEAD_STAGE_SIGNED);
  *sign.mutable_effective_date() = MakeDate(2020, 5, 1);
  sign.set_signed_amount_yuan(1500000000);
  ASSERT_TRUE(call(&recruitment::v1::RecruitmentService::Stub::AdvanceLead, sign, &lead).ok());

  recruitment::v1::LandLeadRequest land;
  land.set_id(lead.id());
  SetServiceToken("");  // without its own token the project service turns it away
  EXPECT_EQ(call(&recruitment::v1::RecruitmentService::Stub::LandLead, land, &lead).error_code(),
            StatusCode::UNAUTHENTICATED);
  SetServiceToken("recruitment-token");
  grpc::Status landed = call(&recruitment::v1::RecruitmentService::Stub::LandLead, land, &lead);
  EXPECT_TRUE(landed.ok()) << landed.error_message();
  EXPECT_FALSE(lead.project_id().empty());

  // The project service's audit trail names the recruitment service as the project's creator.
  auto audit = audit::v1::AuditService::NewStub(projects.channel());
  audit::v1::ListAuditEntriesRequest list;
  list.set_resource("project/" + lead.project_id());
  audit::v1::ListAuditEntriesResponse entries;
  ASSERT_TRUE(CallAs("admin-token", *audit, &audit::v1::AuditService::Stub::ListAuditEntries, list,
                     &entries)
                  .ok());
  ASSERT_EQ(entries.entries_size(), 1);
  EXPECT_EQ(entries.entries(0).principal(), "recruitment");
  EXPECT_EQ(entries.entries(0).method(), "CreateProject");
  SetServiceToken("");
  InstallAuthenticator(nullptr);
}

}  // namespace
}  // namespace district
