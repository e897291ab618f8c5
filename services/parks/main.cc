// parkmetrics_server: parks, buildings, enterprises and metrics
// (district.parks.v1.ParkMetricsService).
#include "common/service_main.h"
#include "services/parks/parks_service.h"

int main(int argc, char** argv) {
  return district::RunService(
      argc, argv, district::parks::v1::ParkMetricsService::service_full_name(),
      [](district::Store* store) -> absl::StatusOr<std::unique_ptr<grpc::Service>> {
        return district::parks::ParkMetricsServiceImpl::Open(store);
      });
}
