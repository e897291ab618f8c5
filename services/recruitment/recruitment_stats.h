// GetRecruitmentStats and the tier table's counts: one pass over the in-memory lead and talent
// rows (recruitment_store.h), whatever the number of leads.
#ifndef DISTRICT_SERVICES_RECRUITMENT_RECRUITMENT_STATS_H_
#define DISTRICT_SERVICES_RECRUITMENT_RECRUITMENT_STATS_H_

#include <optional>

#include "absl/status/statusor.h"
#include "common/reminders.h"
#include "district/recruitment/v1/recruitment_service.pb.h"
#include "services/recruitment/recruitment_store.h"

namespace district::recruitment {

// A lead with no stage change or follow-up for this many days is stalled (common/reminders.h).
inline constexpr int kStalledAfterDays = kStalledLeadDays;

// Whether the lead of `row` is stalled on day `today` (days since 1970-01-01).
bool IsStalled(const LeadRow& row, int64_t today);

absl::StatusOr<v1::RecruitmentStats> ComputeRecruitmentStats(const RecruitmentStore& store,
                                                             int year, const Date& today);

// The value a target's metric has reached in its year; nullopt when nothing was reported for it
// (see TargetProgress in recruitment_service.proto).
// OUT_OF_RANGE when the amounts add up beyond int64 (common/money.h).
absl::StatusOr<std::optional<int64_t>> TargetActual(const RecruitmentStore& store,
                                                    const v1::Target& target);

// Whether a lead belongs in the tier table: open, or signed and not yet landed.
bool InTierTable(v1::LeadStage stage);

}  // namespace district::recruitment

#endif  // DISTRICT_SERVICES_RECRUITMENT_RECRUITMENT_STATS_H_
