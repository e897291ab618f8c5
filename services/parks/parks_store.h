// The park-metrics service's storage: parks, buildings, enterprises and targets as standard
// resources (common/resource_store.h), the buildings' monthly metrics under
// "metric/<building id>/<yyyymm>", and in memory what rollups read: the metrics cube and rows of
// the buildings, parks and enterprises.
//
// References are kept whole: a building's park and an enterprise's building and park must exist
// when it is written (INVALID_ARGUMENT otherwise), and a park with buildings or enterprises, or a
// building with enterprises, cannot be deleted (FAILED_PRECONDITION). Metrics are written under
// their buildings' locks, so a building and its metrics go together.
#ifndef DISTRICT_SERVICES_PARKS_PARKS_STORE_H_
#define DISTRICT_SERVICES_PARKS_PARKS_STORE_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/annual_targets.h"
#include "common/fact_table.h"
#include "common/list_page.h"
#include "common/resource_store.h"
#include "district/parks/v1/parks_service.pb.h"
#include "services/parks/metrics_cube.h"

namespace district::parks {

struct BuildingRow {
  std::string name;
  std::string park_id;
  double floor_area_m2;
};

struct EnterpriseRow {
  v1::EnterpriseKind kind;
  int32_t settled_year;
};

// Thread-safe, from any number of handler threads. The Store is not owned and must outlive this.
// Scope checks and audit entries use the caller of the call being served (common/caller.h).
// Errors: those of ResourceStore (common/resource_store.h) and of the Store.
class ParksStore {
 public:
  static absl::StatusOr<std::unique_ptr<ParksStore>> Open(Store* store);

  // Reads for the statistics (parks_stats.h); handlers use the methods below.
  // The year's targets (common/annual_targets.h): for the handlers and the statistics.
  AnnualTargets<v1::Target>& targets() { return *targets_; }
  const AnnualTargets<v1::Target>& targets() const { return *targets_; }

  absl::StatusOr<v1::Park> CreatePark(const v1::CreateParkRequest& request);
  absl::StatusOr<v1::Park> GetPark(absl::string_view id) const;
  absl::StatusOr<ListPage<v1::Park>> ListParks(const v1::ListParksRequest& request,
                                               int page_size) const;
  absl::StatusOr<v1::Park> UpdatePark(const v1::UpdateParkRequest& request);

  absl::StatusOr<v1::Building> GetBuilding(absl::string_view id) const;
  absl::StatusOr<ListPage<v1::Building>> ListBuildings(const v1::ListBuildingsRequest& request,
                                                       int page_size) const;
  absl::StatusOr<v1::Enterprise> GetEnterprise(absl::string_view id) const;
  // A page of the enterprises the request's filters select, walked by its most selective index.
  absl::StatusOr<ListPage<v1::Enterprise>> ListEnterprises(
      const v1::ListEnterprisesRequest& request, int page_size) const;
  absl::Status DeleteEnterprise(absl::string_view id, absl::string_view etag);

  absl::StatusOr<v1::Building> CreateBuilding(const v1::CreateBuildingRequest& request);
  absl::StatusOr<v1::Building> UpdateBuilding(const v1::UpdateBuildingRequest& request);
  absl::Status DeleteBuilding(absl::string_view id, absl::string_view etag);
  absl::StatusOr<v1::Enterprise> CreateEnterprise(const v1::CreateEnterpriseRequest& request);
  absl::StatusOr<v1::Enterprise> UpdateEnterprise(const v1::UpdateEnterpriseRequest& request);
  absl::Status DeletePark(absl::string_view id, absl::string_view etag);

  // Records building-months (checked by ValidateBuildingMonth) in one batch: all or none. A month
  // whose figures are those stored already is not written again (no new update_time, no audit
  // entry); a batch of only those writes nothing. INVALID_ARGUMENT naming metrics[i].building_id
  // for a building that does not exist.
  absl::Status RecordMetrics(std::vector<v1::BuildingMonth> months);
  absl::StatusOr<std::vector<v1::BuildingMonth>> BuildingSeries(absl::string_view building_id,
                                                                const YearMonth& from,
                                                                const YearMonth& to) const;

  const MetricsCube& cube() const { return cube_; }
  const FactTable<BuildingRow>& building_rows() const { return building_rows_; }
  const FactTable<std::string>& park_names() const { return park_names_; }
  const FactTable<EnterpriseRow>& enterprise_rows() const { return enterprise_rows_; }

 private:
  explicit ParksStore(Store* store) : store_(store) {}
  // OK if `park_id` is empty or names a park; INVALID_ARGUMENT naming `field` otherwise.
  absl::Status CheckPark(absl::string_view park_id, absl::string_view field) const;
  // OK when `building_id` is empty, or names a building in park `park_id`; INVALID_ARGUMENT
  // naming `field` otherwise.
  absl::Status CheckBuilding(absl::string_view building_id, absl::string_view park_id,
                             absl::string_view field) const;

  Store* const store_;
  MetricsCube cube_;
  FactTable<BuildingRow> building_rows_;
  FactTable<std::string> park_names_;
  FactTable<EnterpriseRow> enterprise_rows_;
  std::unique_ptr<ResourceStore<v1::Park>> parks_;
  std::unique_ptr<ResourceStore<v1::Building>> buildings_;
  std::unique_ptr<ResourceStore<v1::Enterprise>> enterprises_;
  std::unique_ptr<AnnualTargets<v1::Target>> targets_;
  const Table<v1::BuildingMonth> metrics_{"metric", "楼宇月度数据"};  // id "<building id>/<yyyymm>"
};

}  // namespace district::parks

#endif  // DISTRICT_SERVICES_PARKS_PARKS_STORE_H_
