// The gRPC handlers of district.parks.v1.ParkMetricsService: check the request, call the store,
// map the result.
#ifndef DISTRICT_SERVICES_PARKS_PARKS_SERVICE_H_
#define DISTRICT_SERVICES_PARKS_PARKS_SERVICE_H_

#include <memory>

#include "common/handlers.h"
#include "district/parks/v1/parks_service.grpc.pb.h"
#include "services/parks/parks_store.h"

namespace district::parks {

// The most building-months BatchRecordMetrics takes at once (100 buildings × 10 years).

class ParkMetricsServiceImpl final : public v1::ParkMetricsService::CallbackService {
 public:
  // The service over `store` (not owned; it must outlive the service), with its records loaded:
  // how main() and the tests make it. The store's error when its records cannot be read.
  static absl::StatusOr<std::unique_ptr<ParkMetricsServiceImpl>> Open(Store* store);

  explicit ParkMetricsServiceImpl(std::unique_ptr<ParksStore> store);

  using Empty = google::protobuf::Empty;
  DISTRICT_WRITE(CreatePark, v1::CreateParkRequest, v1::Park)
  DISTRICT_READ(GetPark, v1::GetParkRequest, v1::Park)
  DISTRICT_READ(ListParks, v1::ListParksRequest, v1::ListParksResponse)
  DISTRICT_WRITE(UpdatePark, v1::UpdateParkRequest, v1::Park)
  DISTRICT_ADMIN(DeletePark, v1::DeleteParkRequest, Empty)

  DISTRICT_WRITE(CreateBuilding, v1::CreateBuildingRequest, v1::Building)
  DISTRICT_READ(GetBuilding, v1::GetBuildingRequest, v1::Building)
  DISTRICT_READ(ListBuildings, v1::ListBuildingsRequest, v1::ListBuildingsResponse)
  DISTRICT_WRITE(UpdateBuilding, v1::UpdateBuildingRequest, v1::Building)
  DISTRICT_ADMIN(DeleteBuilding, v1::DeleteBuildingRequest, Empty)

  DISTRICT_WRITE(CreateEnterprise, v1::CreateEnterpriseRequest, v1::Enterprise)
  DISTRICT_READ(GetEnterprise, v1::GetEnterpriseRequest, v1::Enterprise)
  DISTRICT_READ(ListEnterprises, v1::ListEnterprisesRequest, v1::ListEnterprisesResponse)
  DISTRICT_WRITE(UpdateEnterprise, v1::UpdateEnterpriseRequest, v1::Enterprise)
  DISTRICT_ADMIN(DeleteEnterprise, v1::DeleteEnterpriseRequest, Empty)

  DISTRICT_WRITE(RecordMetrics, v1::RecordMetricsRequest, v1::BuildingMonth)
  DISTRICT_WRITE(BatchRecordMetrics, v1::BatchRecordMetricsRequest, v1::BatchRecordMetricsResponse)
  DISTRICT_READ(GetBuildingSeries, v1::GetBuildingSeriesRequest, v1::GetBuildingSeriesResponse)
  DISTRICT_READ(GetTaxTotals, v1::GetTaxTotalsRequest, v1::TaxTotals)

  DISTRICT_ADMIN(CreateTarget, v1::CreateTargetRequest, v1::Target)
  DISTRICT_READ(ListTargets, v1::ListTargetsRequest, v1::ListTargetsResponse)
  DISTRICT_ADMIN(UpdateTarget, v1::UpdateTargetRequest, v1::Target)
  DISTRICT_ADMIN(DeleteTarget, v1::DeleteTargetRequest, Empty)

  DISTRICT_READ(GetParkStats, v1::GetParkStatsRequest, v1::ParkStats)

 private:
  const std::unique_ptr<ParksStore> store_;
};

}  // namespace district::parks

#endif  // DISTRICT_SERVICES_PARKS_PARKS_SERVICE_H_
