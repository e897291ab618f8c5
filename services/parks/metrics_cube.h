// Every building's monthly figures in memory, by building and year, so that year and
// year-to-date rollups never read the history from disk (100 buildings × 120 months: a rollup
// touches 1,200 numbers). Filled from the store at start-up and after each commit, like a
// FactTable (common/fact_table.h); the store stays the truth.
#ifndef DISTRICT_SERVICES_PARKS_METRICS_CUBE_H_
#define DISTRICT_SERVICES_PARKS_METRICS_CUBE_H_

#include <array>
#include <cstdint>
#include <functional>
#include <shared_mutex>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "common/shared_mutex.h"
#include "district/parks/v1/parks.pb.h"

namespace district::parks {

class MetricsCube {
 public:
  // A building's figures over the months of one year asked about.
  struct YearFigures {
    int64_t tax_yuan = 0;
    int32_t months_reported = 0;
    double latest_occupancy = 0;  // of the last month reported
  };

  void Put(const v1::BuildingMonth& month);
  void EraseBuilding(absl::string_view building_id);

  // Calls fn(building_id, figures) for every building with a month reported in `year` up to and
  // including `through_month` (1..12).
  void ForEachBuilding(int year, int through_month,
                       const std::function<void(const std::string& building_id,
                                                const YearFigures& figures)>& fn) const;

 private:
  struct Month {
    bool reported = false;
    int64_t tax_yuan = 0;
    double occupancy = 0;
  };
  using Year = std::array<Month, 12>;

  mutable SharedMutex mu_;
  absl::flat_hash_map<std::string, absl::flat_hash_map<int32_t, Year>> buildings_;
};

}  // namespace district::parks

#endif  // DISTRICT_SERVICES_PARKS_METRICS_CUBE_H_
