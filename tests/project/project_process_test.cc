// The real project_server binary as a process: crash durability (kill -9), and data kept through a
// graceful shutdown on SIGTERM. Health, reflection and start-up: server_process_test.
#include <signal.h>
#include <sys/wait.h>

#include <thread>

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include "common/date.h"
#include "district/project/v1/project_service.grpc.pb.h"
#include "tests/support/spawned_server.h"
#include "tests/support/temp_dir.h"

namespace district::project {
namespace {

using district::testing::SpawnedServer;

class ProjectProcessTest : public ::testing::Test {
 protected:
  SpawnedServer Start() {
    absl::StatusOr<SpawnedServer> server = SpawnedServer::Start(
        PROJECT_SERVER_PATH, {"--data_dir=" + dir_.Sub("data")}, dir_.Sub("server.log"));
    EXPECT_TRUE(server.ok()) << server.status();
    return *std::move(server);
  }
  static std::shared_ptr<grpc::Channel> Connect(const SpawnedServer& server) {
    return grpc::CreateChannel(server.address(), grpc::InsecureChannelCredentials());
  }

  district::testing::TempDir dir_;
};

TEST_F(ProjectProcessTest, AcknowledgedWritesSurviveKillDashNine) {
  std::vector<std::string> ids;
  {
    SpawnedServer server = Start();
    auto stub = v1::ProjectService::NewStub(Connect(server));
    for (int i = 0; i < 50; ++i) {
      grpc::ClientContext ctx;
      v1::CreateProjectRequest req;
      req.mutable_project()->set_name("王武文旅新城 " + std::to_string(i));
      req.mutable_project()->set_total_investment_yuan(3000000000);
      v1::Project out;
      ASSERT_TRUE(stub->CreateProject(&ctx, req, &out).ok());
      ids.push_back(out.id());
    }
    const int status = server.Stop(SIGKILL);
    ASSERT_TRUE(WIFSIGNALED(status));
  }
  SpawnedServer server = Start();
  auto stub = v1::ProjectService::NewStub(Connect(server));
  for (const std::string& id : ids) {
    grpc::ClientContext ctx;
    v1::GetProjectRequest req;
    req.set_id(id);
    v1::Project out;
    ASSERT_TRUE(stub->GetProject(&ctx, req, &out).ok()) << id;
    EXPECT_EQ(out.total_investment_yuan(), 3000000000);
  }
}

TEST_F(ProjectProcessTest, SigtermDrainsAndExitsCleanly) {
  SpawnedServer server = Start();
  v1::Project out;
  {
    auto stub = v1::ProjectService::NewStub(Connect(server));
    grpc::ClientContext ctx;
    v1::CreateProjectRequest req;
    req.mutable_project()->set_name("安全产业区域总部项目");
    ASSERT_TRUE(stub->CreateProject(&ctx, req, &out).ok());
  }
  // The client is gone first: a connected client that makes no call reads nothing, so it would
  // answer the server's goodbye only at its next backup poll (5 s) and hold the shutdown that
  // long (never longer than --shutdown_grace).
  const int status = server.Stop(SIGTERM);
  ASSERT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), 0);

  SpawnedServer again = Start();
  auto stub2 = v1::ProjectService::NewStub(Connect(again));
  grpc::ClientContext ctx2;
  v1::GetProjectRequest get;
  get.set_id(out.id());
  v1::Project got;
  ASSERT_TRUE(stub2->GetProject(&ctx2, get, &got).ok());
  EXPECT_EQ(got.name(), "安全产业区域总部项目");
}

}  // namespace
}  // namespace district::project
