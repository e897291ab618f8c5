// Benchmark of the recruitment service: starts the real recruitment_server (durable writes) on
// loopback with a fresh data directory, loads 10,000 leads with 64 concurrent callers, then
// measures GetLead, ListLeads, GetTierTable and GetRecruitmentStats against the health Check.
//
//   build/bench/recruitment_bench [--leads=10000] [--seconds=5] [--inflight=16]
#include <cstdio>
#include <random>

#include <grpcpp/grpcpp.h>

#include "absl/flags/flag.h"
#include "bench/bench_util.h"
#include "common/date.h"
#include "district/recruitment/v1/recruitment_service.grpc.pb.h"
#include "grpc/health/v1/health.grpc.pb.h"
#include "tests/support/spawned_server.h"
#include "tests/support/temp_dir.h"

ABSL_FLAG(int, leads, 10000, "leads to load");
ABSL_FLAG(int, seconds, 5, "seconds per read phase");
ABSL_FLAG(int, inflight, 16, "calls kept in flight in the read phases");
ABSL_FLAG(int, create_callers, 64, "concurrent callers in the load phase");

namespace district::bench {
namespace v1 = recruitment::v1;
using grpc::health::v1::Health;

int Main() {
  district::testing::TempDir dir;
  absl::StatusOr<district::testing::SpawnedServer> server = district::testing::SpawnedServer::Start(
      RECRUITMENT_SERVER_PATH, {"--data_dir=" + dir.Sub("data"), "--project_addr=127.0.0.1:1"},
      dir.Sub("server.log"));
  if (!server.ok()) {
    std::fprintf(stderr, "%s\n", server.status().ToString().c_str());
    return 1;
  }
  auto channel = BenchChannel(server->address());
  auto stub = v1::RecruitmentService::NewStub(channel);
  auto health = Health::NewStub(channel);
  auto* async = stub->async();
  const int n = absl::GetFlag(FLAGS_leads);
  const auto duration = std::chrono::seconds(absl::GetFlag(FLAGS_seconds));
  const int inflight = absl::GetFlag(FLAGS_inflight);
  const char* kLeaders[] = {"王书记", "李区长", "张副区长", "刘主任", "陈局长"};

  std::printf("recruitment_bench: %d leads, sync_writes=true, server on %s\n", n,
              server->address().c_str());
  PrintHeader();
  std::vector<std::string> ids(n);
  Print(Run(
      "CreateLead (durable)", absl::GetFlag(FLAGS_create_callers), n, std::chrono::hours(1),
      [&](long i, std::function<void(bool)> done) {
        v1::CreateLeadRequest req;
        v1::Lead* l = req.mutable_lead();
        l->set_name("招商线索 " + std::to_string(i));
        l->set_investor("投资方 " + std::to_string(i % 900));
        l->set_field(static_cast<v1::Field>(1 + i % 7));
        l->set_tier(static_cast<v1::Tier>(1 + i % 3));
        l->set_leader(kLeaders[i % 5]);
        l->set_intended_investment_yuan(50000000 + (i % 40) * 50000000);
        l->set_stage(static_cast<v1::LeadStage>(1 + i % 4));
        *req.mutable_stage_date() = MakeDate(2020, 1 + i % 12, 1 + i % 28);
        req.set_request_id("bench-" + std::to_string(i));
        Call<v1::CreateLeadRequest, v1::Lead>([async](auto... a) { async->CreateLead(a...); },
                                              std::move(req), std::move(done),
                                              [&ids, i](const v1::Lead& out) {
                                                ids[i] = out.id();
                                                return true;
                                              });
      },
      server->pid()));

  std::mt19937 rng(1);
  std::mutex rng_mu;
  auto get_call = [&](long, std::function<void(bool)> done) {
    v1::GetLeadRequest req;
    {
      std::lock_guard<std::mutex> lock(rng_mu);
      req.set_id(ids[rng() % n]);
    }
    Call<v1::GetLeadRequest, v1::Lead>([async](auto... a) { async->GetLead(a...); }, std::move(req),
                                       std::move(done));
  };
  const auto [check, get] =
      AgainstHealthCheck(health.get(), "GetLead", inflight, duration, get_call, server->pid());
  Print(check);
  Print(get);
  Print(Run(
      "ListLeads (50, by tier)", inflight, 0, duration,
      [&](long i, std::function<void(bool)> done) {
        v1::ListLeadsRequest req;
        req.set_page_size(50);
        req.set_tier(static_cast<v1::Tier>(1 + i % 3));
        Call<v1::ListLeadsRequest, v1::ListLeadsResponse>(
            [async](auto... a) { async->ListLeads(a...); }, std::move(req), std::move(done),
            [](const v1::ListLeadsResponse& r) { return r.leads_size() == 50; });
      },
      server->pid()));
  Print(Run(
      "GetTierTable (100 per tier)", inflight, 0, duration,
      [&](long, std::function<void(bool)> done) {
        Call<v1::GetTierTableRequest, v1::TierTable>(
            [async](auto... a) { async->GetTierTable(a...); }, v1::GetTierTableRequest(),
            std::move(done));
      },
      server->pid()));
  auto stats_call = [&](long, std::function<void(bool)> done) {
    v1::GetRecruitmentStatsRequest req;
    req.set_year(2020);
    Call<v1::GetRecruitmentStatsRequest, v1::RecruitmentStats>(
        [async](auto... a) { async->GetRecruitmentStats(a...); }, std::move(req), std::move(done),
        [n](const v1::RecruitmentStats& s) { return s.lead_count() == n; });
  };
  Print(Run("GetRecruitmentStats (1 in flight)", 1, 0, duration, stats_call, server->pid()));
  Print(Run("GetRecruitmentStats", inflight, 0, duration, stats_call, server->pid()));
  std::printf("\nGet/Check QPS ratio: %.2f\n", get.qps() / check.qps());
  return 0;
}

}  // namespace district::bench

int main(int argc, char** argv) {
  district::bench::ParseFlags(argc, argv);
  return district::bench::Main();
}
