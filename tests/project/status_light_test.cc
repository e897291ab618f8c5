// The supervision light's rule at its edges: the shares and days where it flips, a date that is
// today, no plan.
#include "services/project/status_light.h"

#include <gtest/gtest.h>

namespace district::project {
namespace {

LightFacts Planned(int64_t planned, std::optional<int64_t> invested) {
  LightFacts f;
  f.has_plan = true;
  f.planned_to_date = planned;
  f.invested = invested;
  return f;
}

TEST(StatusLightTest, TheShareOfThePlanFlipsTheLightExactlyAtTheThresholds) {
  const LightThresholds t;  // yellow below 90%, red below 70%
  EXPECT_EQ(JudgeLight(Planned(1000, 900), t).light, v1::LIGHT_GREEN);   // 90%: not below
  EXPECT_EQ(JudgeLight(Planned(1000, 899), t).light, v1::LIGHT_YELLOW);  // 89.9%
  EXPECT_EQ(JudgeLight(Planned(1000, 700), t).light, v1::LIGHT_YELLOW);  // 70%: not below
  EXPECT_EQ(JudgeLight(Planned(1000, 699), t).light, v1::LIGHT_RED);     // 69.9%
  EXPECT_EQ(JudgeLight(Planned(1000, 5000), t).light, v1::LIGHT_GREEN);  // ahead of plan
  // Nothing reported against a plan is none invested.
  const LightJudgement unreported = JudgeLight(Planned(1000, std::nullopt), t);
  EXPECT_EQ(unreported.light, v1::LIGHT_RED);
  ASSERT_EQ(unreported.reasons.size(), 1u);
  EXPECT_NE(unreported.reasons[0].find("未报投资"), std::string::npos) << unreported.reasons[0];
  // Nothing planned yet (January: no month before it) judges nothing.
  EXPECT_EQ(JudgeLight(Planned(0, std::nullopt), t).light, v1::LIGHT_GREEN);
}

TEST(StatusLightTest, OverdueDaysFlipToRedAfterTheThreshold) {
  const LightThresholds t;  // red beyond 30 days
  for (const auto& [days, light] :
       {std::pair(0, v1::LIGHT_GREEN), std::pair(1, v1::LIGHT_YELLOW),
        std::pair(30, v1::LIGHT_YELLOW), std::pair(31, v1::LIGHT_RED)}) {
    LightFacts f = Planned(1000, 1000);
    f.overdue.push_back({"节点「主体封顶」", days});
    const LightJudgement j = JudgeLight(f, t);
    EXPECT_EQ(j.light, light) << days << " days";
    EXPECT_EQ(j.reasons.size(), days > 0 ? 1u : 0u) << days << " days";
  }
}

TEST(StatusLightTest, NoPlanIsUnknownUnlessSomethingIsOverdue) {
  const LightThresholds t;
  LightFacts none;
  const LightJudgement unknown = JudgeLight(none, t);
  EXPECT_EQ(unknown.light, v1::LIGHT_UNSPECIFIED);
  EXPECT_EQ(unknown.reasons, std::vector<std::string>{"无年度计划"});
  none.overdue.push_back({"问题「用地指标」", 3});
  EXPECT_EQ(JudgeLight(none, t).light, v1::LIGHT_YELLOW);
}

TEST(StatusLightTest, ThresholdsAreConfiguration) {
  LightThresholds strict;
  strict.yellow_below = 1.0;
  strict.red_below = 0.95;
  strict.red_overdue_days = 0;
  EXPECT_EQ(JudgeLight(Planned(1000, 960), strict).light, v1::LIGHT_YELLOW);
  LightFacts f = Planned(1000, 1000);
  f.overdue.push_back({"计划开工 2020-05-01", 1});
  EXPECT_EQ(JudgeLight(f, strict).light, v1::LIGHT_RED);
}

TEST(StatusLightTest, ThePlanToDateCountsTheMonthsBeforeTheDaysMonth) {
  v1::ProjectPlan plan;
  plan.set_year(2020);
  for (int m = 1; m <= 12; ++m) plan.add_monthly_investment_yuan(m * 100);
  EXPECT_EQ(PlannedToDate(plan, 2020, 1), 0);
  EXPECT_EQ(PlannedToDate(plan, 2020, 4), 100 + 200 + 300);
  EXPECT_EQ(PlannedToDate(plan, 2021, 1), 7800);  // the whole year
  EXPECT_EQ(PlannedToDate(plan, 2019, 12), 0);
}

}  // namespace
}  // namespace district::project
