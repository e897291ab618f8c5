// The gRPC handlers of district.parks.v1.ParkMetricsService: check the request, call the store,
// map the result.
#ifndef DISTRICT_SERVICES_PARKS_PARKS_SERVICE_H_
#define DISTRICT_SERVICES_PARKS_PARKS_SERVICE_H_

#include <memory>

#include "district/parks/v1/parks_service.grpc.pb.h"
#include "services/parks/parks_store.h"

namespace district::parks {

// The most building-months BatchRecordMetrics takes at once (100 buildings × 10 years).
inline constexpr int kMaxBatchMonths = 12000;

class ParkMetricsServiceImpl final : public v1::ParkMetricsService::Service {
 public:
  explicit ParkMetricsServiceImpl(std::unique_ptr<ParksStore> store);

  using Context = grpc::ServerContext;
  using Empty = google::protobuf::Empty;
  grpc::Status CreatePark(Context*, const v1::CreateParkRequest*, v1::Park*) override;
  grpc::Status GetPark(Context*, const v1::GetParkRequest*, v1::Park*) override;
  grpc::Status ListParks(Context*, const v1::ListParksRequest*, v1::ListParksResponse*) override;
  grpc::Status UpdatePark(Context*, const v1::UpdateParkRequest*, v1::Park*) override;
  grpc::Status DeletePark(Context*, const v1::DeleteParkRequest*, Empty*) override;

  grpc::Status CreateBuilding(Context*, const v1::CreateBuildingRequest*, v1::Building*) override;
  grpc::Status GetBuilding(Context*, const v1::GetBuildingRequest*, v1::Building*) override;
  grpc::Status ListBuildings(Context*, const v1::ListBuildingsRequest*,
                             v1::ListBuildingsResponse*) override;
  grpc::Status UpdateBuilding(Context*, const v1::UpdateBuildingRequest*, v1::Building*) override;
  grpc::Status DeleteBuilding(Context*, const v1::DeleteBuildingRequest*, Empty*) override;

  grpc::Status CreateEnterprise(Context*, const v1::CreateEnterpriseRequest*,
                                v1::Enterprise*) override;
  grpc::Status GetEnterprise(Context*, const v1::GetEnterpriseRequest*, v1::Enterprise*) override;
  grpc::Status ListEnterprises(Context*, const v1::ListEnterprisesRequest*,
                               v1::ListEnterprisesResponse*) override;
  grpc::Status UpdateEnterprise(Context*, const v1::UpdateEnterpriseRequest*,
                                v1::Enterprise*) override;
  grpc::Status DeleteEnterprise(Context*, const v1::DeleteEnterpriseRequest*, Empty*) override;

  grpc::Status RecordMetrics(Context*, const v1::RecordMetricsRequest*,
                             v1::BuildingMonth*) override;
  grpc::Status BatchRecordMetrics(Context*, const v1::BatchRecordMetricsRequest*,
                                  v1::BatchRecordMetricsResponse*) override;
  grpc::Status GetBuildingSeries(Context*, const v1::GetBuildingSeriesRequest*,
                                 v1::GetBuildingSeriesResponse*) override;
  grpc::Status GetTaxTotals(Context*, const v1::GetTaxTotalsRequest*, v1::TaxTotals*) override;

  grpc::Status CreateTarget(Context*, const v1::CreateTargetRequest*, v1::Target*) override;
  grpc::Status ListTargets(Context*, const v1::ListTargetsRequest*,
                           v1::ListTargetsResponse*) override;
  grpc::Status UpdateTarget(Context*, const v1::UpdateTargetRequest*, v1::Target*) override;
  grpc::Status DeleteTarget(Context*, const v1::DeleteTargetRequest*, Empty*) override;

  grpc::Status GetParkStats(Context*, const v1::GetParkStatsRequest*, v1::ParkStats*) override;

 private:
  const std::unique_ptr<ParksStore> store_;
};

}  // namespace district::parks

#endif  // DISTRICT_SERVICES_PARKS_PARKS_SERVICE_H_
