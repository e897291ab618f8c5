#include "services/aggregator/scoreboard.h"

#include <gtest/gtest.h>

#include "common/date.h"

namespace district::aggregator {
namespace {

TEST(Scoreboard, YearElapsed) {
  EXPECT_DOUBLE_EQ(YearElapsed(2020, MakeDate(2020, 1, 1)), 0);
  EXPECT_NEAR(YearElapsed(2020, MakeDate(2020, 7, 2)), 0.5, 0.01);
  EXPECT_DOUBLE_EQ(YearElapsed(2020, MakeDate(2026, 11, 26)), 1);
  EXPECT_DOUBLE_EQ(YearElapsed(2020, MakeDate(2019, 12, 31)), 0);
}

TEST(Scoreboard, CumulativeTargetsAgainstTheYearElapsed) {
  EXPECT_EQ(JudgeTarget(1.0, 0.3, true), v1::TARGET_STATUS_DONE);
  EXPECT_EQ(JudgeTarget(0.5, 0.5, true), v1::TARGET_STATUS_ON_TRACK);
  EXPECT_EQ(JudgeTarget(0.4, 0.5, true), v1::TARGET_STATUS_AT_RISK);
  EXPECT_EQ(JudgeTarget(0.3, 0.5, true), v1::TARGET_STATUS_BEHIND);
  EXPECT_EQ(JudgeTarget(0.0, 0.0, true), v1::TARGET_STATUS_ON_TRACK);  // the year has not begun
}

TEST(Scoreboard, RatesOnTheirOwn) {
  EXPECT_EQ(JudgeTarget(1.2, 0.5, false), v1::TARGET_STATUS_ON_TRACK);
  EXPECT_EQ(JudgeTarget(1.2, 1.0, false), v1::TARGET_STATUS_DONE);
  EXPECT_EQ(JudgeTarget(0.8, 0.1, false), v1::TARGET_STATUS_AT_RISK);
  EXPECT_EQ(JudgeTarget(0.5, 0.1, false), v1::TARGET_STATUS_BEHIND);
}

TEST(Scoreboard, EntryShare) {
  v1::ScoreboardEntry e = MakeEntry("project", "年度重点项目", "projects", 115, 23, 0.5);
  EXPECT_DOUBLE_EQ(e.share_done(), 0.2);
  EXPECT_EQ(e.status(), v1::TARGET_STATUS_BEHIND);
  EXPECT_EQ(MakeEntry("x", "y", "count", 0, 5, 0.5).share_done(), 0);  // no target: no share
}

// Nothing reported is not "behind": the entry has no actual and says so.
TEST(Scoreboard, NothingReportedIsNoData) {
  v1::ScoreboardEntry e = MakeEntry("parks", "首个亿元楼宇", "count", 1, std::nullopt, 1.0);
  EXPECT_EQ(e.status(), v1::TARGET_STATUS_NO_DATA);
  EXPECT_FALSE(e.has_actual());
  EXPECT_FALSE(e.has_share_done());
  EXPECT_EQ(MakeEntry("parks", "首个亿元楼宇", "count", 1, 0, 1.0).status(),
            v1::TARGET_STATUS_BEHIND);  // a reported zero is judged
}

}  // namespace
}  // namespace district::aggregator
