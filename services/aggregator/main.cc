// aggregator_server: district-wide views (district.aggregator.v1.DistrictService). Keeps no data.
#include "absl/flags/flag.h"
#include "common/client.h"
#include "common/service_main.h"
#include "services/aggregator/aggregator_service.h"

ABSL_FLAG(std::string, project_addr, "127.0.0.1:50051", "the project service, HOST:PORT");
ABSL_FLAG(std::string, recruitment_addr, "127.0.0.1:50052", "the recruitment service, HOST:PORT");
ABSL_FLAG(std::string, parks_addr, "127.0.0.1:50053", "the park-metrics service, HOST:PORT");
ABSL_FLAG(absl::Duration, backend_timeout, absl::Seconds(2),
          "the longest a view waits for a backend, whatever the caller's deadline");

int main(int argc, char** argv) {
  namespace agg = district::aggregator;
  return district::RunStatelessService(
      argc, argv, agg::v1::DistrictService::service_full_name(),
      []() -> absl::StatusOr<std::unique_ptr<grpc::Service>> {
        agg::Backends backends;
        backends.projects = district::project::v1::ProjectService::NewStub(
            district::CreateServiceChannel(absl::GetFlag(FLAGS_project_addr)));
        backends.recruitment = district::recruitment::v1::RecruitmentService::NewStub(
            district::CreateServiceChannel(absl::GetFlag(FLAGS_recruitment_addr)));
        backends.parks = district::parks::v1::ParkMetricsService::NewStub(
            district::CreateServiceChannel(absl::GetFlag(FLAGS_parks_addr)));
        return std::make_unique<agg::DistrictServiceImpl>(std::move(backends),
                                                          absl::GetFlag(FLAGS_backend_timeout));
      });
}
