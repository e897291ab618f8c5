// Benchmark of the project service: starts the real project_server (durable writes, the default)
// on loopback with a fresh data directory, loads 10,000 projects with 64 concurrent callers, then
// measures Get, List and GetProjectStats against the health Check on the same server as the no-op
// baseline. Goals (issue #2): Get >= 80% of Check QPS; Create >= 10,000/s with 64 callers;
// GetProjectStats p50 <= 5 ms at 10,000 projects. Each project has a 2020 plan, so that the
// statistics (as of 2020-07-01) judge lights; GetBulletin (goal: p50 <= 50 ms) and GetLightBoard
// judge them with reasons.
//
//   build/bench/project_bench [--projects=10000] [--seconds=5] [--inflight=16] [--sync_writes=true]
//                             [--server_args=--log_format=json,--metrics_listen=127.0.0.1:0]
#include <cstdio>
#include <optional>
#include <random>
#include <string>
#include <vector>

#include <grpcpp/grpcpp.h>

#include "absl/flags/flag.h"
#include "bench/bench_util.h"
#include "common/date.h"
#include "district/project/v1/project_service.grpc.pb.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "tests/support/spawned_server.h"
#include "tests/support/temp_dir.h"

ABSL_FLAG(int, projects, 10000, "projects to load");
ABSL_FLAG(int, seconds, 5, "seconds per read phase");
ABSL_FLAG(int, inflight, 16, "calls kept in flight in the read phases");
ABSL_FLAG(int, create_callers, 64, "concurrent callers in the load phase");
ABSL_FLAG(bool, sync_writes, true, "passed to the server: fsync each write");
ABSL_FLAG(std::vector<std::string>, server_args, {},
          "more flags for the server started, comma-separated (e.g. "
          "--log_format=json,--metrics_listen=127.0.0.1:0)");
ABSL_FLAG(std::string, address, "",
          "measure a server already running there (e.g. under a profiler) instead of starting one");

namespace district::bench {
namespace v1 = project::v1;
using grpc::health::v1::Health;

int Main() {
  district::testing::TempDir dir;
  const bool sync = absl::GetFlag(FLAGS_sync_writes);
  std::string address = absl::GetFlag(FLAGS_address);
  std::optional<district::testing::SpawnedServer> spawned;
  if (address.empty()) {
    std::vector<std::string> args = {"--data_dir=" + dir.Sub("data"),
                                     std::string("--sync_writes=") + (sync ? "true" : "false")};
    for (const std::string& arg : absl::GetFlag(FLAGS_server_args)) args.push_back(arg);
    absl::StatusOr<district::testing::SpawnedServer> server =
        district::testing::SpawnedServer::Start(PROJECT_SERVER_PATH, args, dir.Sub("server.log"));
    if (!server.ok()) {
      std::fprintf(stderr, "%s\n", server.status().ToString().c_str());
      return 1;
    }
    address = server->address();
    spawned.emplace(*std::move(server));
  }
  auto channel = BenchChannel(address);
  auto stub = v1::ProjectService::NewStub(channel);
  auto health = Health::NewStub(channel);
  auto* async = stub->async();
  const int n = absl::GetFlag(FLAGS_projects);
  const auto duration = std::chrono::seconds(absl::GetFlag(FLAGS_seconds));
  const int inflight = absl::GetFlag(FLAGS_inflight);
  const char* kLeaders[] = {"王书记", "李区长", "张副区长", "刘主任", "陈局长"};
  const char* kSectors[] = {"平台经济", "文化创意", "科技创新", "信息技术", "金融商务", "教育文化"};

  std::printf("project_bench: %d projects, sync_writes=%s, server on %s\n", n,
              sync ? "true" : "false", address.c_str());
  PrintHeader();

  std::vector<std::string> ids(n);
  // The server's CPU per call is printed when this program started it.
  const pid_t server_pid = spawned ? spawned->pid() : 0;
  Print(Run(
      sync ? "CreateProject (durable)" : "CreateProject (no fsync)",
      absl::GetFlag(FLAGS_create_callers), n, std::chrono::hours(1),
      [&](long i, std::function<void(bool)> done) {
        v1::CreateProjectRequest req;
        v1::Project* p = req.mutable_project();
        p->set_name("重点项目 " + std::to_string(i));
        p->set_owner("企业 " + std::to_string(i % 700));
        p->set_sector(kSectors[i % 6]);
        p->set_leader(kLeaders[i % 5]);
        p->set_level(static_cast<v1::Level>(1 + i % 3));
        p->set_total_investment_yuan(100000000 + i * 1000);
        p->set_land_area_mu(10 + i % 200);
        p->set_park_id("park-" + std::to_string(i % 6));
        p->set_stage(static_cast<v1::Stage>(1 + i % 7));
        auto* e = p->add_programme();
        e->set_year(2020);
        e->set_planned_investment_yuan(50000000);
        // A plan for 2020 (lights, the bulletin): 12 months, a planned start.
        v1::ProjectPlan* plan = p->add_plans();
        plan->set_year(2020);
        for (int m = 0; m < 12; ++m) plan->add_monthly_investment_yuan(4000000 + (i % 5) * 100000);
        *plan->mutable_planned_start_date() = MakeDate(2020, 1 + i % 12, 1);
        p->set_responsible_unit("单位 " + std::to_string(i % 40));
        *req.mutable_stage_date() = MakeDate(2020, 1 + i % 12, 1 + i % 28);
        req.set_request_id("bench-" + std::to_string(i));
        Call<v1::CreateProjectRequest, v1::Project>(
            [async](auto... a) { async->CreateProject(a...); }, std::move(req), std::move(done),
            [&ids, i](const v1::Project& out) {
              ids[i] = out.id();
              return true;
            });
      },
      server_pid));

  std::mt19937 rng(1);
  std::mutex rng_mu;
  auto get_call = [&](long, std::function<void(bool)> done) {
    v1::GetProjectRequest req;
    {
      std::lock_guard<std::mutex> lock(rng_mu);
      req.set_id(ids[rng() % n]);
    }
    Call<v1::GetProjectRequest, v1::Project>([async](auto... a) { async->GetProject(a...); },
                                             std::move(req), std::move(done));
  };
  const auto [check, get] =
      AgainstHealthCheck(health.get(), "GetProject", inflight, duration, get_call, server_pid);
  Print(check);
  Print(get);

  Print(Run(
      "ListProjects (50, by leader)", inflight, 0, duration,
      [&](long i, std::function<void(bool)> done) {
        v1::ListProjectsRequest req;
        req.set_page_size(50);
        req.set_leader(kLeaders[i % 5]);
        Call<v1::ListProjectsRequest, v1::ListProjectsResponse>(
            [async](auto... a) { async->ListProjects(a...); }, std::move(req), std::move(done),
            [](const v1::ListProjectsResponse& r) { return r.projects_size() == 50; });
      },
      server_pid));
  Print(Run(
      "ListProjects (50, no filter)", inflight, 0, duration,
      [&](long, std::function<void(bool)> done) {
        v1::ListProjectsRequest req;
        req.set_page_size(50);
        Call<v1::ListProjectsRequest, v1::ListProjectsResponse>(
            [async](auto... a) { async->ListProjects(a...); }, std::move(req), std::move(done));
      },
      server_pid));

  auto stats_call = [&](long, std::function<void(bool)> done) {
    v1::GetProjectStatsRequest req;
    req.set_year(2020);
    *req.mutable_as_of() = MakeDate(2020, 7, 1);  // within the plans' year: lights to judge
    Call<v1::GetProjectStatsRequest, v1::ProjectStats>(
        [async](auto... a) { async->GetProjectStats(a...); }, std::move(req), std::move(done),
        [n](const v1::ProjectStats& s) { return s.project_count() == n; });
  };
  Print(Run("GetProjectStats (1 in flight)", 1, 0, duration, stats_call, server_pid));
  Print(Run("GetProjectStats", inflight, 0, duration, stats_call, server_pid));

  auto bulletin_call = [&](long, std::function<void(bool)> done) {
    v1::GetBulletinRequest req;
    req.mutable_month()->set_year(2020);
    req.mutable_month()->set_month(6);
    Call<v1::GetBulletinRequest, v1::Bulletin>(
        [async](auto... a) { async->GetBulletin(a...); }, std::move(req), std::move(done),
        [](const v1::Bulletin& b) { return b.projects_size() > 0; });
  };
  Print(Run("GetBulletin 2020-06 (1 in flight)", 1, 0, duration, bulletin_call, server_pid));
  auto board_call = [&](long, std::function<void(bool)> done) {
    v1::GetLightBoardRequest req;
    *req.mutable_as_of() = MakeDate(2020, 7, 1);
    Call<v1::GetLightBoardRequest, v1::LightBoard>(
        [async](auto... a) { async->GetLightBoard(a...); }, std::move(req), std::move(done),
        [n](const v1::LightBoard& b) { return b.projects_size() == n; });
  };
  Print(Run("GetLightBoard (1 in flight)", 1, 0, duration, board_call, server_pid));

  std::printf("\nGet/Check QPS ratio: %.2f (goal >= 0.80)\n", get.qps() / check.qps());
  return 0;
}

}  // namespace district::bench

int main(int argc, char** argv) {
  district::bench::ParseFlags(argc, argv);
  return district::bench::Main();
}
