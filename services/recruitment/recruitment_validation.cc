#include "services/recruitment/recruitment_validation.h"

#include "absl/strings/str_cat.h"
#include "common/date.h"
#include "common/money.h"
#include "common/sectors.h"
#include "common/status.h"
#include "common/validation.h"

namespace district::recruitment {
namespace {

constexpr int kMaxPolicies = 20;

}  // namespace

absl::Status ValidateLead(const v1::Lead& l) {
  return FirstError({
      RequireNonEmpty(l.name(), "lead.name"),
      RequireNonEmpty(l.investor(), "lead.investor"),
      RequireEnum(l.field(), v1::Field_IsValid, "lead.field", false),
      RequireSector(l.sector(), "lead.sector"),
      RequireYuan(l.intended_investment_yuan(), "lead.intended_investment_yuan"),
      RequireEnum(l.tier(), v1::Tier_IsValid, "lead.tier", true),
      RequireMaxLength(l.leader(), "lead.leader"),
      RequireMaxLength(l.responsible_unit(), "lead.responsible_unit"),
      RequireMaxLength(l.target_park_id(), "lead.target_park_id"),
      RequireMaxLength(l.description(), "lead.description"),
      RequireMaxLength(l.source(), "lead.source"),
  });
}

absl::Status ValidateFollowUp(const v1::FollowUp& f) {
  return FirstError({
      RequireNonEmpty(f.lead_id(), "follow_up.lead_id"),
      ValidateDate(f.date(), "follow_up.date"),
      RequireEnum(f.kind(), v1::FollowUpKind_IsValid, "follow_up.kind", false),
      RequireNonEmpty(f.summary(), "follow_up.summary"),
      RequireMaxLength(f.who(), "follow_up.who"),
  });
}

absl::Status ValidateTalent(const v1::Talent& t) {
  absl::Status s = FirstError({
      RequireNonEmpty(t.name(), "talent.name"),
      RequireEnum(t.kind(), v1::TalentKind_IsValid, "talent.kind", false),
      RequireEnum(t.field(), v1::Field_IsValid, "talent.field", true),
      RequireEnum(t.origin(), v1::Origin_IsValid, "talent.origin", true),
      RequireEnum(t.stage(), v1::TalentStage_IsValid, "talent.stage", false),
      RequireNonNegative(int64_t{t.team_size()}, "talent.team_size"),
      RequireMaxLength(t.employer(), "talent.employer"),
      RequireMaxLength(t.description(), "talent.description"),
      RequireMaxLength(t.source(), "talent.source"),
  });
  if (!s.ok()) return s;
  if (t.policies_size() > kMaxPolicies) {
    return FieldError("talent.policies", absl::StrCat("at most ", kMaxPolicies));
  }
  for (int i = 0; i < t.policies_size(); ++i) {
    if (s = RequireNonEmpty(t.policies(i), absl::StrCat("talent.policies[", i, "]")); !s.ok()) {
      return s;
    }
  }
  const bool agreed = t.stage() >= v1::TALENT_STAGE_AGREED;
  const bool arrived = t.stage() == v1::TALENT_STAGE_ARRIVED;
  if (agreed && !(s = ValidateDate(t.agreed_date(), "talent.agreed_date")).ok()) return s;
  if (!agreed && !IsEmpty(t.agreed_date())) {
    return FieldError("talent.agreed_date", "set only from stage AGREED on");
  }
  if (arrived && !(s = ValidateDate(t.arrived_date(), "talent.arrived_date")).ok()) return s;
  if (!arrived && !IsEmpty(t.arrived_date())) {
    return FieldError("talent.arrived_date", "set only at stage ARRIVED");
  }
  if (arrived && CompareDates(t.arrived_date(), t.agreed_date()) < 0) {
    return FieldError("talent.arrived_date", "must not be before agreed_date");
  }
  return absl::OkStatus();
}

absl::Status ValidateTarget(const v1::Target& t) {
  if (t.year() < 1 || t.year() > 9999) return FieldError("target.year", "must be in 1..9999");
  absl::Status s = FirstError({
      RequireNonEmpty(t.name(), "target.name"),
      RequireEnum(t.metric(), v1::Metric_IsValid, "target.metric", false),
      RequireYuan(t.min_amount_yuan(), "target.min_amount_yuan"),
      RequireEnum(t.talent_kind(), v1::TalentKind_IsValid, "target.talent_kind", true),
      RequireMaxLength(t.source(), "target.source"),
  });
  if (!s.ok()) return s;
  if (t.target_value() <= 0 || t.target_value() > kMaxYuan) {
    return FieldError("target.target_value", "must be positive, at most 10,000,000,000,000");
  }
  return absl::OkStatus();
}

}  // namespace district::recruitment
