// Rollups of the buildings' metrics: tax totals per building and park for a year or its first
// months, and GetParkStats with the year's targets. Read from memory (metrics_cube.h, the store's
// rows), so their cost follows the number of buildings, not the length of the history.
#ifndef DISTRICT_SERVICES_PARKS_PARKS_STATS_H_
#define DISTRICT_SERVICES_PARKS_PARKS_STATS_H_

#include "absl/status/statusor.h"
#include "district/parks/v1/parks_service.pb.h"
#include "services/parks/parks_store.h"

namespace district::parks {

inline constexpr int64_t kTax50MillionYuan = 50000000;    // 5000万元
inline constexpr int64_t kTax100MillionYuan = 100000000;  // 1亿元: 亿元楼宇

// through_month 0 means the full year. OUT_OF_RANGE when the taxes add up beyond int64
// (common/money.h).
absl::StatusOr<v1::TaxTotals> ComputeTaxTotals(const ParksStore& store, int year,
                                               int through_month);

absl::StatusOr<v1::ParkStats> ComputeParkStats(const ParksStore& store, int year);

}  // namespace district::parks

#endif  // DISTRICT_SERVICES_PARKS_PARKS_STATS_H_
