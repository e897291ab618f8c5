#include "services/parks/metrics_cube.h"

#include <limits>

#include <mutex>

namespace district::parks {

void MetricsCube::Put(const v1::BuildingMonth& m) {
  std::unique_lock<SharedMutex> lock(mu_);
  Month& month = buildings_[m.building_id()][m.month().year()][m.month().month() - 1];
  month.reported = true;
  month.tax_yuan = m.tax_revenue_yuan();
  month.occupancy = m.occupancy();
}

void MetricsCube::EraseBuilding(absl::string_view building_id) {
  std::unique_lock<SharedMutex> lock(mu_);
  buildings_.erase(building_id);
}

void MetricsCube::ForEachBuilding(
    int year, int through_month,
    const std::function<void(const std::string&, const YearFigures&)>& fn) const {
  std::shared_lock<SharedMutex> lock(mu_);
  for (const auto& [building_id, years] : buildings_) {
    auto it = years.find(year);
    if (it == years.end()) continue;
    YearFigures figures;
    for (int m = 0; m < through_month && m < 12; ++m) {
      const Month& month = it->second[m];
      if (!month.reported) continue;
      // Months are bounded (common/money.h); a sum beyond int64 from data written before the
      // bound stays at its largest value, which the district total then reports as out of range.
      if (__builtin_add_overflow(figures.tax_yuan, month.tax_yuan, &figures.tax_yuan)) {
        figures.tax_yuan = std::numeric_limits<int64_t>::max();
      }
      ++figures.months_reported;
      figures.latest_occupancy = month.occupancy;
    }
    if (figures.months_reported > 0) fn(building_id, figures);
  }
}

}  // namespace district::parks
