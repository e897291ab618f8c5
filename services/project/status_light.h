// The supervision light (红黄绿灯) of a project, judged in one place: the rule of Light in
// project.proto, over what a judgement needs to know.
//
// Pure functions: thread-safe.
#ifndef DISTRICT_SERVICES_PROJECT_STATUS_LIGHT_H_
#define DISTRICT_SERVICES_PROJECT_STATUS_LIGHT_H_

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "district/project/v1/project.pb.h"

namespace district::project {

// The rule's thresholds (the project server's --light_* flags).
struct LightThresholds {
  double yellow_below = 0.9;  // investment to date under this share of the plan: yellow
  double red_below = 0.7;     // under this share: red
  int red_overdue_days = 30;  // anything overdue by more days than this: red
};

// Something due and not done, by how many days (1 or more: a date that is today is not overdue).
struct Overdue {
  std::string what;  // 计划开工 2020-05-01, 节点「主体封顶」, 问题「用地指标」
  int64_t days;
};

// What the rule reads of one project as of one day.
struct LightFacts {
  bool has_plan = false;            // a plan for the day's year
  int64_t planned_to_date = 0;      // the plan's months before the day's month
  std::optional<int64_t> invested;  // reported for that year; nullopt when nothing was reported
  std::vector<Overdue> overdue;
};

struct LightJudgement {
  v1::Light light = v1::LIGHT_UNSPECIFIED;
  std::vector<std::string> reasons;  // why it is not green (or why unknown)
};

// Which judgements carry reasons: text is made only for them (counts need none, the bulletin
// only the red ones').
enum class Reasons { kNone, kRedOnly, kAll };

LightJudgement JudgeLight(const LightFacts& facts, const LightThresholds& thresholds,
                          Reasons reasons = Reasons::kAll);

// The plan's investment for the months of `year` before `month` (1..12) of the day judged; all
// twelve when the day is in a later year, none when in an earlier one.
int64_t PlannedToDate(const v1::ProjectPlan& plan, int day_year, int day_month);

}  // namespace district::project

#endif  // DISTRICT_SERVICES_PROJECT_STATUS_LIGHT_H_
