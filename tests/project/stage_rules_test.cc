#include "services/project/stage_rules.h"

#include <gtest/gtest.h>

#include "common/date.h"

namespace district::project {

using v1::Project;
using v1::Stage;
namespace {

const Date kToday = MakeDate(2020, 12, 31);

Project At(Stage stage, const Date& since = MakeDate(2020, 1, 1)) {
  Project p;
  p.set_stage(stage);
  auto* change = p.add_stage_history();
  change->set_to_stage(stage);
  *change->mutable_effective_date() = since;
  return p;
}

absl::StatusCode Code(const Project& p, Stage to, const std::string& reason = "",
                      const Date& date = MakeDate(2020, 6, 1)) {
  return CheckStageChange(p, to, date, reason, kToday).code();
}

TEST(StageRules, ForwardOneStageAtATime) {
  EXPECT_EQ(Code(At(v1::STAGE_PLANNING), v1::STAGE_SIGNED), absl::StatusCode::kOk);
  EXPECT_EQ(Code(At(v1::STAGE_LAND_ACQUIRED), v1::STAGE_UNDER_CONSTRUCTION), absl::StatusCode::kOk);
  EXPECT_EQ(Code(At(v1::STAGE_COMPLETED), v1::STAGE_IN_PRODUCTION), absl::StatusCode::kOk);
  EXPECT_EQ(Code(At(v1::STAGE_PLANNING), v1::STAGE_APPROVED),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Code(At(v1::STAGE_SIGNED), v1::STAGE_SIGNED), absl::StatusCode::kFailedPrecondition);
}

TEST(StageRules, BackNeedsAReason) {
  EXPECT_EQ(Code(At(v1::STAGE_APPROVED), v1::STAGE_SIGNED), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Code(At(v1::STAGE_APPROVED), v1::STAGE_SIGNED, "approval withdrawn"),
            absl::StatusCode::kOk);
}

TEST(StageRules, CancelledIsFinalAndNeedsAReason) {
  EXPECT_EQ(Code(At(v1::STAGE_SIGNED), v1::STAGE_CANCELLED), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Code(At(v1::STAGE_SIGNED), v1::STAGE_CANCELLED, "investor withdrew"),
            absl::StatusCode::kOk);
  EXPECT_EQ(Code(At(v1::STAGE_CANCELLED), v1::STAGE_PLANNING, "revived"),
            absl::StatusCode::kFailedPrecondition);
}

TEST(StageRules, SuspendAndResumeToTheSameStage) {
  Project p = At(v1::STAGE_APPROVED);
  EXPECT_EQ(Code(p, v1::STAGE_SUSPENDED), absl::StatusCode::kInvalidArgument);
  ASSERT_EQ(Code(p, v1::STAGE_SUSPENDED, "funds"), absl::StatusCode::kOk);
  auto* change = p.add_stage_history();
  change->set_from_stage(v1::STAGE_APPROVED);
  change->set_to_stage(v1::STAGE_SUSPENDED);
  *change->mutable_effective_date() = MakeDate(2020, 5, 1);
  p.set_stage(v1::STAGE_SUSPENDED);
  EXPECT_EQ(Code(p, v1::STAGE_APPROVED), absl::StatusCode::kOk);
  EXPECT_EQ(Code(p, v1::STAGE_LAND_ACQUIRED), absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Code(p, v1::STAGE_PLANNING), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Code(p, v1::STAGE_PLANNING, "restart"), absl::StatusCode::kOk);
}

TEST(StageRules, EffectiveDates) {
  Project p = At(v1::STAGE_PLANNING, MakeDate(2020, 6, 1));
  EXPECT_EQ(Code(p, v1::STAGE_SIGNED, "", MakeDate(2020, 5, 31)),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Code(p, v1::STAGE_SIGNED, "", MakeDate(2020, 6, 1)), absl::StatusCode::kOk);
  EXPECT_EQ(Code(p, v1::STAGE_SIGNED, "", MakeDate(2021, 1, 1)),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Code(p, v1::STAGE_SIGNED, "", Date()), absl::StatusCode::kInvalidArgument);
}

TEST(StageRules, UnknownStagesAreRejected) {
  EXPECT_EQ(Code(At(v1::STAGE_PLANNING), static_cast<Stage>(42)),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Code(At(v1::STAGE_PLANNING), v1::STAGE_UNSPECIFIED),
            absl::StatusCode::kInvalidArgument);
  EXPECT_FALSE(CheckInitialStage(v1::STAGE_CANCELLED).ok());
  EXPECT_FALSE(CheckInitialStage(static_cast<Stage>(42)).ok());
  EXPECT_TRUE(CheckInitialStage(v1::STAGE_UNDER_CONSTRUCTION).ok());
}

TEST(StageRules, DateReached) {
  Project p = At(v1::STAGE_LAND_ACQUIRED, MakeDate(2020, 3, 1));
  EXPECT_EQ(DateReached(p, v1::STAGE_LAND_ACQUIRED).month(), 3);
  EXPECT_TRUE(IsEmpty(DateReached(p, v1::STAGE_COMPLETED)));
}

TEST(StageRequirementsTest, AStageLackingWhatItNeedsIsRefusedNamingTheField) {
  v1::Project p;
  absl::Status s = CheckStageRequirements(p, v1::STAGE_SIGNED, 0);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("signed_amount_yuan"), std::string::npos) << s.message();
  EXPECT_TRUE(CheckStageRequirements(p, v1::STAGE_SIGNED, 1500000000).ok());
  p.set_total_investment_yuan(1000000000);
  EXPECT_TRUE(CheckStageRequirements(p, v1::STAGE_SIGNED, 0).ok());  // the total stands for it
  EXPECT_EQ(CheckStageRequirements(p, v1::STAGE_SIGNED, -1).code(),
            absl::StatusCode::kInvalidArgument);
  s = CheckStageRequirements(p, v1::STAGE_LAND_ACQUIRED, 0);
  EXPECT_EQ(s.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("project.land_area_mu"), std::string::npos) << s.message();
  p.set_land_area_mu(0.5);
  EXPECT_TRUE(CheckStageRequirements(p, v1::STAGE_LAND_ACQUIRED, 0).ok());
}

TEST(StageRequirementsTest, OnlyAnExpansionMaySkipLandAcquisition) {
  v1::Project p;
  p.set_stage(v1::STAGE_APPROVED);
  const Date day = MakeDate(2020, 5, 1), today = MakeDate(2020, 6, 1);
  EXPECT_EQ(CheckStageChange(p, v1::STAGE_UNDER_CONSTRUCTION, day, "", today).code(),
            absl::StatusCode::kFailedPrecondition);
  p.set_expansion(true);
  EXPECT_TRUE(CheckStageChange(p, v1::STAGE_UNDER_CONSTRUCTION, day, "", today).ok());
  EXPECT_EQ(CheckStageChange(p, v1::STAGE_COMPLETED, day, "", today).code(),
            absl::StatusCode::kFailedPrecondition);  // the skip is of land alone
}

}  // namespace
}  // namespace district::project
