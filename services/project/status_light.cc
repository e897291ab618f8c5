#include "services/project/status_light.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/money.h"

namespace district::project {

int64_t PlannedToDate(const v1::ProjectPlan& plan, int day_year, int day_month) {
  int months = 0;
  if (day_year > plan.year()) {
    months = 12;
  } else if (day_year == plan.year()) {
    months = day_month - 1;
  }
  int64_t sum = 0;  // each month at most kMaxYuan (validated): twelve cannot overflow
  for (int i = 0; i < std::min(months, plan.monthly_investment_yuan_size()); ++i) {
    sum += plan.monthly_investment_yuan(i);
  }
  return sum;
}

LightJudgement JudgeLight(const LightFacts& facts, const LightThresholds& thresholds,
                          Reasons reasons) {
  // The light first; the reasons' text only where it is wanted.
  bool red = false, yellow = false;
  double share = 0, below = 0;
  const bool judged_share = facts.has_plan && facts.planned_to_date > 0;
  if (judged_share) {
    share = static_cast<double>(facts.invested.value_or(0)) /
            static_cast<double>(facts.planned_to_date);
    if (share < thresholds.red_below) {
      red = true;
      below = thresholds.red_below;
    } else if (share < thresholds.yellow_below) {
      yellow = true;
      below = thresholds.yellow_below;
    }
  }
  for (const Overdue& o : facts.overdue) {
    if (o.days <= 0) continue;
    (o.days > thresholds.red_overdue_days ? red : yellow) = true;
  }
  LightJudgement judged;
  if (red) {
    judged.light = v1::LIGHT_RED;
  } else if (yellow) {
    judged.light = v1::LIGHT_YELLOW;
  } else {
    judged.light = facts.has_plan ? v1::LIGHT_GREEN : v1::LIGHT_UNSPECIFIED;
  }
  if (reasons == Reasons::kNone || (reasons == Reasons::kRedOnly && !red)) return judged;
  if (judged_share && below > 0) {
    judged.reasons.push_back(
        facts.invested.has_value()
            ? absl::StrFormat("投资完成 %.0f%% (计划至今 %s, 完成 %s), 低于 %.0f%%", share * 100,
                              FormatYuan(facts.planned_to_date), FormatYuan(*facts.invested),
                              below * 100)
            : absl::StrFormat("未报投资 (计划至今 %s), 低于 %.0f%%",
                              FormatYuan(facts.planned_to_date), below * 100));
  }
  for (const Overdue& o : facts.overdue) {
    if (o.days > 0) judged.reasons.push_back(absl::StrCat(o.what, " 逾期 ", o.days, " 天"));
  }
  if (judged.light == v1::LIGHT_UNSPECIFIED) judged.reasons.push_back("无年度计划");
  return judged;
}

}  // namespace district::project
