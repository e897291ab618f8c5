// The scoreboard's judgement of a target: done, on track, at risk or behind, against the share of
// the year elapsed.
#ifndef DISTRICT_SERVICES_AGGREGATOR_SCOREBOARD_H_
#define DISTRICT_SERVICES_AGGREGATOR_SCOREBOARD_H_

#include <optional>
#include <string>

#include "district/aggregator/v1/aggregator_service.pb.h"

namespace district::aggregator {

// The share (0..1) of `year` that has passed on `as_of`: 0 before it starts, 1 after it ends.
double YearElapsed(int year, const common::v1::Date& as_of);

// A cumulative target (counts, amounts) is judged against the year elapsed: DONE at share >= 1,
// ON_TRACK at share >= elapsed, AT_RISK at share >= 3/4 of elapsed, else BEHIND. A rate (e.g. the
// 拿地即开工 rate) is judged on its own: ON_TRACK at share >= 1 (DONE once the year is over),
// AT_RISK at >= 3/4.
v1::TargetStatus JudgeTarget(double share, double year_elapsed, bool cumulative);

// Fills an entry's share and status from target and actual; an actual of nullopt (nothing
// reported) is left absent, with status NO_DATA.
v1::ScoreboardEntry MakeEntry(const std::string& service, const std::string& name,
                              const std::string& unit, double target, std::optional<double> actual,
                              double year_elapsed, bool cumulative = true);

}  // namespace district::aggregator

#endif  // DISTRICT_SERVICES_AGGREGATOR_SCOREBOARD_H_
