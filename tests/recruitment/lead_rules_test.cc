// The lead stage rules (services/recruitment/lead_rules.h) as plain functions: which moves are
// allowed, which need a reason or an amount, and what applying one records.
#include "services/recruitment/lead_rules.h"

#include <gtest/gtest.h>

#include "common/date.h"

namespace district::recruitment {
namespace {

const Date kToday = MakeDate(2020, 12, 31);

v1::Lead At(v1::LeadStage stage, const Date& since = MakeDate(2020, 1, 1)) {
  v1::Lead l;
  l.set_stage(stage);
  auto* change = l.add_stage_history();
  change->set_to_stage(stage);
  *change->mutable_effective_date() = since;
  return l;
}

v1::AdvanceLeadRequest Move(v1::LeadStage to, const std::string& reason = "", int64_t amount = 0,
                            const Date& date = MakeDate(2020, 6, 1)) {
  v1::AdvanceLeadRequest r;
  r.set_to_stage(to);
  r.set_reason(reason);
  r.set_signed_amount_yuan(amount);
  *r.mutable_effective_date() = date;
  return r;
}

absl::Status Check(const v1::Lead& lead, const v1::AdvanceLeadRequest& move) {
  return CheckLeadChange(lead, move, kToday);
}

TEST(LeadRules, OpenStagesMoveForwardAnyDistanceAndBackWithAReason) {
  EXPECT_TRUE(Check(At(v1::LEAD_STAGE_IDENTIFIED), Move(v1::LEAD_STAGE_SIGNABLE)).ok());
  EXPECT_TRUE(Check(At(v1::LEAD_STAGE_CONTACTED), Move(v1::LEAD_STAGE_NEGOTIATING)).ok());
  const absl::Status back = Check(At(v1::LEAD_STAGE_SIGNABLE), Move(v1::LEAD_STAGE_CONTACTED));
  EXPECT_EQ(back.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(back.message().rfind("reason:", 0), 0u) << back.message();
  EXPECT_TRUE(
      Check(At(v1::LEAD_STAGE_SIGNABLE), Move(v1::LEAD_STAGE_CONTACTED, "投资方重新评估")).ok());
  EXPECT_EQ(Check(At(v1::LEAD_STAGE_CONTACTED), Move(v1::LEAD_STAGE_CONTACTED)).code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST(LeadRules, SigningNeedsAnAmountWithinTheBound) {
  const absl::Status none = Check(At(v1::LEAD_STAGE_NEGOTIATING), Move(v1::LEAD_STAGE_SIGNED));
  EXPECT_EQ(none.code(), absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(none.message().rfind("signed_amount_yuan:", 0), 0u) << none.message();
  EXPECT_EQ(Check(At(v1::LEAD_STAGE_NEGOTIATING),
                  Move(v1::LEAD_STAGE_SIGNED, "", std::numeric_limits<int64_t>::max()))
                .code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(
      Check(At(v1::LEAD_STAGE_NEGOTIATING), Move(v1::LEAD_STAGE_SIGNED, "", 1500000000)).ok());
}

TEST(LeadRules, LandedIsOnlyByLandLeadAndClosedStagesAreFinal) {
  EXPECT_EQ(Check(At(v1::LEAD_STAGE_SIGNED), Move(v1::LEAD_STAGE_LANDED)).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Check(At(v1::LEAD_STAGE_LANDED), Move(v1::LEAD_STAGE_CONTACTED, "why")).code(),
            absl::StatusCode::kFailedPrecondition);
  EXPECT_EQ(Check(At(v1::LEAD_STAGE_LOST), Move(v1::LEAD_STAGE_CONTACTED, "why")).code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST(LeadRules, LosingNeedsAReasonAndAnOpenLead) {
  EXPECT_EQ(Check(At(v1::LEAD_STAGE_CONTACTED), Move(v1::LEAD_STAGE_LOST)).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(Check(At(v1::LEAD_STAGE_CONTACTED), Move(v1::LEAD_STAGE_LOST, "投资方放弃")).ok());
  EXPECT_EQ(Check(At(v1::LEAD_STAGE_SIGNED), Move(v1::LEAD_STAGE_LOST, "why")).code(),
            absl::StatusCode::kFailedPrecondition);
}

TEST(LeadRules, DatesNotBeforeThePreviousChangeNorAfterToday) {
  const v1::Lead lead = At(v1::LEAD_STAGE_IDENTIFIED, MakeDate(2020, 5, 1));
  EXPECT_EQ(Check(lead, Move(v1::LEAD_STAGE_CONTACTED, "", 0, MakeDate(2020, 4, 30))).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(Check(lead, Move(v1::LEAD_STAGE_CONTACTED, "", 0, MakeDate(2021, 1, 1))).code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_TRUE(Check(lead, Move(v1::LEAD_STAGE_CONTACTED, "", 0, MakeDate(2020, 5, 1))).ok());
}

TEST(LeadRules, ApplyingRecordsHistoryAndSigningOrLoss) {
  v1::Lead lead = At(v1::LEAD_STAGE_NEGOTIATING);
  ApplyLeadChange(Move(v1::LEAD_STAGE_SIGNED, "", 1500000000), &lead);
  EXPECT_EQ(lead.stage(), v1::LEAD_STAGE_SIGNED);
  EXPECT_EQ(lead.signed_amount_yuan(), 1500000000);
  EXPECT_EQ(lead.signed_date().month(), 6);
  ASSERT_EQ(lead.stage_history_size(), 2);
  EXPECT_EQ(lead.stage_history(1).from_stage(), v1::LEAD_STAGE_NEGOTIATING);
  EXPECT_EQ(lead.stage_history(1).to_stage(), v1::LEAD_STAGE_SIGNED);
  EXPECT_TRUE(lead.stage_history(1).has_record_time());

  ApplyLeadChange(Move(v1::LEAD_STAGE_NEGOTIATING, "签约未生效"), &lead);  // fell through
  EXPECT_EQ(lead.signed_amount_yuan(), 0);
  EXPECT_EQ(lead.signed_date().year(), 0);

  ApplyLeadChange(Move(v1::LEAD_STAGE_LOST, "投资方放弃"), &lead);
  EXPECT_EQ(lead.lost_reason(), "投资方放弃");
}

TEST(LeadRules, ASectorIsTheLeadsOwnOrItsFields) {
  v1::Lead lead;
  lead.set_field(v1::FIELD_PLATFORM_ECONOMY);
  EXPECT_EQ(LeadSector(lead), "平台经济");
  lead.set_sector("高端装备");
  EXPECT_EQ(LeadSector(lead), "高端装备");
}

}  // namespace
}  // namespace district::recruitment
