#include "services/recruitment/recruitment_validation.h"

#include "absl/strings/str_cat.h"
#include "common/date.h"
#include "common/errors.h"
#include "common/money.h"
#include "common/sectors.h"
#include "common/validation.h"

namespace district::recruitment {
namespace {

constexpr int kMaxPolicies = 20;

}  // namespace

absl::Status ValidateLead(const v1::Lead& l) {
  return FirstError({
      RequireNonEmpty(l.name(), "lead.name", "项目名称"),
      RequireNonEmpty(l.investor(), "lead.investor", "投资方"),
      RequireEnum(l.field(), v1::Field_IsValid, "lead.field", "所属领域", false),
      RequireSector(l.sector(), "lead.sector", "领域"),
      RequireYuan(l.intended_investment_yuan(), "lead.intended_investment_yuan", "意向投资"),
      RequireEnum(l.tier(), v1::Tier_IsValid, "lead.tier", "梯次", true),
      RequireMaxLength(l.leader(), "lead.leader", "包靠领导"),
      RequireMaxLength(l.responsible_unit(), "lead.responsible_unit", "责任单位"),
      RequireMaxLength(l.target_park_id(), "lead.target_park_id", "目标园区"),
      RequireMaxLength(l.description(), "lead.description", "项目简介"),
      RequireMaxLength(l.source(), "lead.source", "来源"),
  });
}

absl::Status ValidateFollowUp(const v1::FollowUp& f) {
  return FirstError({
      RequireNonEmpty(f.lead_id(), "follow_up.lead_id", "招商项目编号"),
      ValidateDate(f.date(), "follow_up.date", "跟进日期"),
      RequireEnum(f.kind(), v1::FollowUpKind_IsValid, "follow_up.kind", "跟进方式", false),
      RequireNonEmpty(f.summary(), "follow_up.summary", "跟进情况"),
      RequireMaxLength(f.who(), "follow_up.who", "人员"),
  });
}

absl::Status ValidateTalent(const v1::Talent& t) {
  absl::Status s = FirstError({
      RequireNonEmpty(t.name(), "talent.name", "姓名"),
      RequireEnum(t.kind(), v1::TalentKind_IsValid, "talent.kind", "人才类别", false),
      RequireEnum(t.field(), v1::Field_IsValid, "talent.field", "所属领域", true),
      RequireEnum(t.origin(), v1::Origin_IsValid, "talent.origin", "来源地", true),
      RequireEnum(t.stage(), v1::TalentStage_IsValid, "talent.stage", "引进阶段", false),
      RequireNonNegative(int64_t{t.team_size()}, "talent.team_size", "团队人数"),
      RequireMaxLength(t.employer(), "talent.employer", "工作单位"),
      RequireMaxLength(t.description(), "talent.description", "简介"),
      RequireMaxLength(t.source(), "talent.source", "来源"),
  });
  if (!s.ok()) return s;
  if (t.policies_size() > kMaxPolicies) {
    return FieldError("talent.policies", absl::StrCat("at most ", kMaxPolicies),
                      absl::StrCat("享受政策最多", kMaxPolicies, "项"));
  }
  for (int i = 0; i < t.policies_size(); ++i) {
    if (s = RequireNonEmpty(t.policies(i), absl::StrCat("talent.policies[", i, "]"),
                            absl::StrCat("第", i + 1, "项享受政策"));
        !s.ok()) {
      return s;
    }
  }
  const bool agreed = t.stage() >= v1::TALENT_STAGE_AGREED;
  const bool arrived = t.stage() == v1::TALENT_STAGE_ARRIVED;
  if (agreed && !(s = ValidateDate(t.agreed_date(), "talent.agreed_date", "确定引进日期")).ok()) {
    return s;
  }
  if (!agreed && !IsEmpty(t.agreed_date())) {
    return FieldError("talent.agreed_date", "set only from stage AGREED on",
                      "确定引进后才能填写确定引进日期");
  }
  if (arrived && !(s = ValidateDate(t.arrived_date(), "talent.arrived_date", "到岗日期")).ok()) {
    return s;
  }
  if (!arrived && !IsEmpty(t.arrived_date())) {
    return FieldError("talent.arrived_date", "set only at stage ARRIVED", "到岗后才能填写到岗日期");
  }
  if (arrived && CompareDates(t.arrived_date(), t.agreed_date()) < 0) {
    return FieldError("talent.arrived_date", "must not be before agreed_date",
                      "到岗日期不能早于确定引进日期");
  }
  return absl::OkStatus();
}

absl::Status ValidateTarget(const v1::Target& t) {
  absl::Status s = FirstError({
      RequireYear(t.year(), "target.year", "年份"),
      RequireNonEmpty(t.name(), "target.name", "目标名称"),
      RequireEnum(t.metric(), v1::Metric_IsValid, "target.metric", "考核指标", false),
      RequireYuan(t.min_amount_yuan(), "target.min_amount_yuan", "签约金额下限"),
      RequireEnum(t.talent_kind(), v1::TalentKind_IsValid, "target.talent_kind", "人才类别", true),
      RequireMaxLength(t.source(), "target.source", "来源"),
  });
  if (!s.ok()) return s;
  if (t.target_value() <= 0 || t.target_value() > kMaxYuan) {
    return FieldError("target.target_value", "must be positive, at most 10,000,000,000,000",
                      "目标值须大于0，且不超过10万亿");
  }
  return absl::OkStatus();
}

}  // namespace district::recruitment
