#include "services/project/status_light.h"

#include <algorithm>
#include <cmath>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"

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
                          bool reasons) {
  LightJudgement judged;
  bool red = false, yellow = false;
  if (facts.has_plan && facts.planned_to_date > 0) {
    const int64_t invested = facts.invested.value_or(0);
    const double share = static_cast<double>(invested) / static_cast<double>(facts.planned_to_date);
    double below = 0;
    if (share < thresholds.red_below) {
      red = true;
      below = thresholds.red_below;
    } else if (share < thresholds.yellow_below) {
      yellow = true;
      below = thresholds.yellow_below;
    }
    if ((red || yellow) && reasons) {
      judged.reasons.push_back(
          facts.invested.has_value()
              ? absl::StrFormat("投资完成 %.0f%% (计划至今 %d 元, 完成 %d 元), 低于 %.0f%%",
                                share * 100, facts.planned_to_date, invested, below * 100)
              : absl::StrFormat("未报投资 (计划至今 %d 元), 低于 %.0f%%", facts.planned_to_date,
                                below * 100));
    }
  }
  for (const Overdue& o : facts.overdue) {
    if (o.days <= 0) continue;
    if (o.days > thresholds.red_overdue_days) {
      red = true;
    } else {
      yellow = true;
    }
    if (reasons) judged.reasons.push_back(absl::StrCat(o.what, " 逾期 ", o.days, " 天"));
  }
  if (red) {
    judged.light = v1::LIGHT_RED;
  } else if (yellow) {
    judged.light = v1::LIGHT_YELLOW;
  } else if (facts.has_plan) {
    judged.light = v1::LIGHT_GREEN;
  } else {
    judged.light = v1::LIGHT_UNSPECIFIED;
    if (reasons) judged.reasons.push_back("无年度计划");
  }
  return judged;
}

}  // namespace district::project
