#include "services/aggregator/scoreboard.h"

#include <algorithm>

#include "common/date.h"

namespace district::aggregator {

double YearElapsed(int year, const common::v1::Date& as_of) {
  const int64_t start = DaysSinceEpoch(MakeDate(year, 1, 1));
  const int64_t end = DaysSinceEpoch(MakeDate(year + 1, 1, 1));
  const int64_t today = DaysSinceEpoch(as_of);
  return std::clamp(static_cast<double>(today - start) / static_cast<double>(end - start), 0.0,
                    1.0);
}

v1::TargetStatus JudgeTarget(double share, double year_elapsed, bool cumulative) {
  if (!cumulative) {
    if (share >= 1) return year_elapsed >= 1 ? v1::TARGET_STATUS_DONE : v1::TARGET_STATUS_ON_TRACK;
    return share >= 0.75 ? v1::TARGET_STATUS_AT_RISK : v1::TARGET_STATUS_BEHIND;
  }
  if (share >= 1) return v1::TARGET_STATUS_DONE;
  if (share >= year_elapsed) return v1::TARGET_STATUS_ON_TRACK;
  if (share >= 0.75 * year_elapsed) return v1::TARGET_STATUS_AT_RISK;
  return v1::TARGET_STATUS_BEHIND;
}

v1::ScoreboardEntry MakeEntry(const std::string& service, const std::string& name,
                              const std::string& unit, double target, std::optional<double> actual,
                              double year_elapsed, bool cumulative) {
  v1::ScoreboardEntry e;
  e.set_service(service);
  e.set_name(name);
  e.set_unit(unit);
  e.set_target(target);
  if (!actual.has_value()) {
    e.set_status(v1::TARGET_STATUS_NO_DATA);
    return e;
  }
  e.set_actual(*actual);
  e.set_share_done(target > 0 ? *actual / target : 0);
  e.set_status(JudgeTarget(e.share_done(), year_elapsed, cumulative));
  return e;
}

}  // namespace district::aggregator
