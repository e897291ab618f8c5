// LandLead with the real recruitment_server process. Across a crash: the server dies (kill -9, at
// a crash point only tests arm) after the project service made the project and before the lead
// was marked LANDED; the lead is then edited, and the retried landing must still finish with
// exactly one project, the one that was made. Across a shutdown: a landing waiting on a hung
// project service does not hold the exit past --shutdown_grace.
#include <signal.h>
#include <sys/wait.h>

#include <thread>

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include "common/date.h"
#include "common/server.h"
#include "district/project/v1/project_service.grpc.pb.h"
#include "district/recruitment/v1/recruitment_service.grpc.pb.h"
#include "tests/support/async_calls.h"
#include "tests/support/hung.h"
#include "tests/support/leads.h"
#include "tests/support/spawned_server.h"
#include "tests/support/temp_dir.h"

namespace district::recruitment {
namespace {

using district::testing::SignedLead;
using district::testing::SpawnedServer;

class LandingProcessTest : public ::testing::Test {
 protected:
  absl::StatusOr<SpawnedServer> StartRecruitment(std::vector<std::string> env,
                                                 std::vector<std::string> args = {}) {
    args.push_back("--data_dir=" + dir_.Sub("recruitment"));
    args.push_back("--project_addr=" + project_address_);
    return SpawnedServer::Start(RECRUITMENT_SERVER_PATH, args, dir_.Sub("recruitment.log"), env);
  }
  static std::unique_ptr<v1::RecruitmentService::Stub> Connect(const SpawnedServer& server) {
    return v1::RecruitmentService::NewStub(
        grpc::CreateChannel(server.address(), grpc::InsecureChannelCredentials()));
  }
  static grpc::Status Land(v1::RecruitmentService::Stub& stub, const std::string& id,
                           v1::Lead* out) {
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    v1::LandLeadRequest req;
    req.set_id(id);
    *req.mutable_landed_date() = MakeDate(2020, 5, 1);
    return stub.LandLead(&ctx, req, out);
  }
  std::vector<project::v1::Project> Projects() {
    auto stub = project::v1::ProjectService::NewStub(
        grpc::CreateChannel(project_address_, grpc::InsecureChannelCredentials()));
    grpc::ClientContext ctx;
    project::v1::ListProjectsRequest req;
    req.set_page_size(100);
    project::v1::ListProjectsResponse resp;
    EXPECT_TRUE(stub->ListProjects(&ctx, req, &resp).ok());
    return {resp.projects().begin(), resp.projects().end()};
  }

  district::testing::TempDir dir_;
  std::string project_address_;
};

TEST_F(LandingProcessTest, ALandingInterruptedByACrashFinishesWithOneProjectAfterAnEdit) {
  absl::StatusOr<SpawnedServer> projects = SpawnedServer::Start(
      PROJECT_SERVER_PATH, {"--data_dir=" + dir_.Sub("project")}, dir_.Sub("project.log"));
  ASSERT_TRUE(projects.ok()) << projects.status();
  project_address_ = projects->address();

  v1::Lead lead;
  {
    absl::StatusOr<SpawnedServer> recruitment =
        StartRecruitment({"DISTRICT_CRASH_AT=recruitment.LandLead.project_created"});
    ASSERT_TRUE(recruitment.ok()) << recruitment.status();
    auto stub = Connect(*recruitment);
    lead = SignedLead(*stub);

    v1::Lead out;
    EXPECT_FALSE(Land(*stub, lead.id(), &out).ok());  // the server died mid-landing
    const int status = recruitment->Stop(SIGKILL);
    EXPECT_TRUE(WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL) << status;
  }
  ASSERT_EQ(Projects().size(), 1u);  // made, though the lead never heard of it

  absl::StatusOr<SpawnedServer> recruitment = StartRecruitment({});
  ASSERT_TRUE(recruitment.ok()) << recruitment.status();
  auto stub = Connect(*recruitment);
  {
    grpc::ClientContext ctx;
    v1::GetLeadRequest get;
    get.set_id(lead.id());
    ASSERT_TRUE(stub->GetLead(&ctx, get, &lead).ok());
    EXPECT_EQ(lead.stage(), v1::LEAD_STAGE_SIGNED);
  }
  {
    grpc::ClientContext ctx;
    v1::UpdateLeadRequest update;  // edited before the retry
    update.mutable_lead()->set_id(lead.id());
    update.mutable_lead()->set_name("苏宁易购山东区域总部");
    update.mutable_lead()->set_leader("李区长");
    update.mutable_update_mask()->add_paths("name");
    update.mutable_update_mask()->add_paths("leader");
    ASSERT_TRUE(stub->UpdateLead(&ctx, update, &lead).ok());
  }
  v1::Lead landed;
  grpc::Status s = Land(*stub, lead.id(), &landed);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_EQ(landed.stage(), v1::LEAD_STAGE_LANDED);
  const std::vector<project::v1::Project> all = Projects();
  ASSERT_EQ(all.size(), 1u);
  EXPECT_EQ(landed.project_id(), all[0].id());
  EXPECT_EQ(all[0].name(), "苏宁易购区域总部");  // as it was sent, before the edit
  v1::Lead again;
  ASSERT_TRUE(Land(*stub, lead.id(), &again).ok());
  EXPECT_EQ(again.project_id(), landed.project_id());
  EXPECT_EQ(Projects().size(), 1u);
}

TEST_F(LandingProcessTest, ShutdownGraceBoundsTheExitWhileALandingWaits) {
  district::testing::HungProjects hung;
  auto hung_server = *Server::Start("127.0.0.1:0", {{&hung, "district.project.v1.ProjectService"}});
  project_address_ = "127.0.0.1:" + std::to_string(hung_server->port());
  absl::StatusOr<SpawnedServer> recruitment = StartRecruitment({}, {"--shutdown_grace=1s"});
  ASSERT_TRUE(recruitment.ok()) << recruitment.status();
  auto stub = Connect(*recruitment);
  const v1::Lead lead = SignedLead(*stub);
  district::testing::AsyncCalls<v1::LandLeadRequest, v1::Lead> landing(1);
  landing[0].request.set_id(lead.id());
  // Far longer than the grace; LandLead's own cap is 5 s.
  landing.Start(landing[0], std::chrono::seconds(30),
                [&](auto... a) { stub->async()->LandLead(a...); });
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // the landing waits now
  const auto start = std::chrono::steady_clock::now();
  const int status = recruitment->Stop(SIGTERM);
  const auto took = std::chrono::steady_clock::now() - start;
  EXPECT_TRUE(WIFEXITED(status) && WEXITSTATUS(status) == 0) << status;
  EXPECT_LT(took, std::chrono::milliseconds(2500))
      << std::chrono::duration_cast<std::chrono::milliseconds>(took).count() << " ms";
  landing.WaitAll();
  EXPECT_FALSE(landing[0].status.ok());
  hung_server->Shutdown(absl::ZeroDuration());
}

}  // namespace
}  // namespace district::recruitment
