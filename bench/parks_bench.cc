// Benchmark of the park-metrics service: starts the real parkmetrics_server (durable writes) on
// loopback, stores 100 buildings × 120 months, then measures the district's year totals
// (GetTaxTotals, GetParkStats) and a building's series. Goal (issue #4): year totals p50 <= 5 ms.
//
//   build/bench/parks_bench [--buildings=100] [--months=120] [--seconds=5]
#include <cstdio>

#include <grpcpp/grpcpp.h>

#include "absl/flags/flag.h"
#include "bench/bench_util.h"
#include "district/parks/v1/parks_service.grpc.pb.h"
#include "tests/support/spawned_server.h"
#include "tests/support/temp_dir.h"

ABSL_FLAG(int, buildings, 100, "buildings to store");
ABSL_FLAG(int, months, 120, "months of metrics per building, ending December 2020");
ABSL_FLAG(int, seconds, 5, "seconds per read phase");
ABSL_FLAG(int, inflight, 16, "calls kept in flight in the concurrent phases");

namespace district::bench {
namespace v1 = parks::v1;

int Main() {
  district::testing::TempDir dir;
  absl::StatusOr<district::testing::SpawnedServer> server = district::testing::SpawnedServer::Start(
      PARKMETRICS_SERVER_PATH, {"--data_dir=" + dir.Sub("data")}, dir.Sub("server.log"));
  if (!server.ok()) {
    std::fprintf(stderr, "%s\n", server.status().ToString().c_str());
    return 1;
  }
  auto channel = BenchChannel(server->address());
  auto stub = v1::ParkMetricsService::NewStub(channel);
  auto* async = stub->async();
  const int buildings = absl::GetFlag(FLAGS_buildings);
  const int months = absl::GetFlag(FLAGS_months);
  const auto duration = std::chrono::seconds(absl::GetFlag(FLAGS_seconds));

  std::vector<std::string> park_ids;
  for (int p = 0; p < 6; ++p) {
    grpc::ClientContext ctx;
    v1::CreateParkRequest req;
    req.mutable_park()->set_name("园区 " + std::to_string(p));
    v1::Park out;
    if (!stub->CreatePark(&ctx, req, &out).ok()) return 1;
    park_ids.push_back(out.id());
  }
  std::vector<std::string> ids;
  for (int b = 0; b < buildings; ++b) {
    grpc::ClientContext ctx;
    v1::CreateBuildingRequest req;
    req.mutable_building()->set_name("楼宇 " + std::to_string(b));
    req.mutable_building()->set_park_id(park_ids[b % park_ids.size()]);
    req.mutable_building()->set_floor_area_m2(10000 + b * 500);
    req.mutable_building()->set_status(v1::BUILDING_STATUS_PLANNED);
    v1::Building out;
    if (!stub->CreateBuilding(&ctx, req, &out).ok()) return 1;
    ids.push_back(out.id());
  }
  // One batch per building: its whole history.
  const auto load_start = std::chrono::steady_clock::now();
  for (int b = 0; b < buildings; ++b) {
    grpc::ClientContext ctx;
    v1::BatchRecordMetricsRequest req;
    for (int i = 0; i < months; ++i) {
      const int index = 2020 * 12 + 11 - (months - 1) + i;  // ends in December 2020
      v1::BuildingMonth* m = req.add_metrics();
      m->set_building_id(ids[b]);
      m->mutable_month()->set_year(index / 12);
      m->mutable_month()->set_month(index % 12 + 1);
      m->set_tax_revenue_yuan(1000000 + b * 50000 + i * 1000);
      m->set_occupancy(0.5 + (i % 50) / 100.0);
    }
    v1::BatchRecordMetricsResponse out;
    grpc::Status s = stub->BatchRecordMetrics(&ctx, req, &out);
    if (!s.ok()) {
      std::fprintf(stderr, "%s\n", s.error_message().c_str());
      return 1;
    }
  }
  const double load_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - load_start).count();
  std::printf(
      "parks_bench: %d buildings x %d months (%d building-months) loaded in %.2f s, "
      "server on %s\n",
      buildings, months, buildings * months, load_s, server->address().c_str());
  PrintHeader();

  auto totals_call = [&](long, std::function<void(bool)> done) {
    v1::GetTaxTotalsRequest req;
    req.set_year(2020);
    Call<v1::GetTaxTotalsRequest, v1::TaxTotals>(
        [async](auto... a) { async->GetTaxTotals(a...); }, std::move(req), std::move(done),
        [buildings](const v1::TaxTotals& t) { return t.buildings_size() == buildings; });
  };
  auto stats_call = [&](long, std::function<void(bool)> done) {
    v1::GetParkStatsRequest req;
    req.set_year(2020);
    Call<v1::GetParkStatsRequest, v1::ParkStats>([async](auto... a) { async->GetParkStats(a...); },
                                                 std::move(req), std::move(done));
  };
  Print(Run("GetTaxTotals 2020 (1 in flight)", 1, 0, duration, totals_call));
  Print(Run("GetParkStats 2020 (1 in flight)", 1, 0, duration, stats_call));
  Print(Run("GetTaxTotals 2020", absl::GetFlag(FLAGS_inflight), 0, duration, totals_call));
  Print(Run("GetBuildingSeries (2020)", absl::GetFlag(FLAGS_inflight), 0, duration,
            [&](long i, std::function<void(bool)> done) {
              v1::GetBuildingSeriesRequest req;
              req.set_building_id(ids[i % buildings]);
              req.mutable_from()->set_year(2020);
              req.mutable_from()->set_month(1);
              req.mutable_to()->set_year(2020);
              req.mutable_to()->set_month(12);
              Call<v1::GetBuildingSeriesRequest, v1::GetBuildingSeriesResponse>(
                  [async](auto... a) { async->GetBuildingSeries(a...); }, std::move(req),
                  std::move(done),
                  [](const v1::GetBuildingSeriesResponse& r) { return r.months_size() == 12; });
            }));
  return 0;
}

}  // namespace district::bench

int main(int argc, char** argv) {
  district::bench::ParseFlags(argc, argv);
  return district::bench::Main();
}
