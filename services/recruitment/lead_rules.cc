#include "services/recruitment/lead_rules.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "common/date.h"
#include "common/errors.h"
#include "common/money.h"
#include "common/registry.h"
#include "common/sectors.h"
#include "common/stage_history.h"
#include "common/validation.h"

namespace district::recruitment {

bool IsOpenStage(v1::LeadStage stage) {
  return stage >= v1::LEAD_STAGE_IDENTIFIED && stage <= v1::LEAD_STAGE_SIGNABLE;
}

std::string LeadStageLabel(v1::LeadStage stage) {
  const google::protobuf::EnumValueDescriptor* value =
      v1::LeadStage_descriptor()->FindValueByNumber(stage);
  return value == nullptr ? "未定" : std::string(ApiRegistry::Label(value));
}

std::string LeadSector(const v1::Lead& lead) {
  return lead.sector().empty() ? FieldSector(lead.field()) : lead.sector();
}

absl::Status CheckLeadChange(const v1::Lead& lead, const v1::AdvanceLeadRequest& request,
                             const common::v1::Date& today) {
  const v1::LeadStage to = request.to_stage();
  if (absl::Status s = RequireEnum(to, v1::LeadStage_IsValid, "to_stage", "目标阶段", false);
      !s.ok()) {
    return s;
  }
  if (to == v1::LEAD_STAGE_LANDED) {
    return FieldError("to_stage", "LANDED is reached by LandLead",
                      "落地须通过“项目落地”办理，不能直接改为已落地");
  }
  const auto& history = lead.stage_history();
  const Date previous = history.empty() ? Date() : history[history.size() - 1].effective_date();
  if (absl::Status s = ValidateEffectiveDate(request.effective_date(), previous, today,
                                             "effective_date", "变更日期");
      !s.ok()) {
    return s;
  }
  if (absl::Status s = RequireMaxLength(request.reason(), "reason", "原因"); !s.ok()) return s;
  const v1::LeadStage from = lead.stage();
  const auto precondition = [&](absl::string_view why, absl::string_view zh) {
    return FailedPreconditionError(absl::StrCat("cannot move lead from ", v1::LeadStage_Name(from),
                                                " to ", v1::LeadStage_Name(to), ": ", why),
                                   zh);
  };
  if (from == v1::LEAD_STAGE_LANDED || from == v1::LEAD_STAGE_LOST) {
    return precondition("the lead is closed",
                        absl::StrCat("该招商项目", LeadStageLabel(from), "，不能再变更阶段"));
  }
  if (to == from) {
    return precondition("the lead is already there",
                        absl::StrCat("该招商项目已处于", LeadStageLabel(to), "阶段"));
  }
  if (to == v1::LEAD_STAGE_LOST) {
    if (!IsOpenStage(from)) {
      return precondition("only an open lead can be lost",
                          absl::StrCat("该招商项目", LeadStageLabel(from), "，不能放弃"));
    }
    return request.reason().empty()
               ? FieldError("reason", "required when a lead is lost", "放弃招商项目须填写原因")
               : absl::OkStatus();
  }
  if (to == v1::LEAD_STAGE_SIGNED) {
    if (request.signed_amount_yuan() <= 0) {
      return FieldError("signed_amount_yuan", "required (> 0) to sign",
                        "签约须填写签约金额（大于0）");
    }
    return RequireYuan(request.signed_amount_yuan(), "signed_amount_yuan", "签约金额");
  }
  // `to` is open from here on.
  if (to < from && request.reason().empty()) {
    return FieldError("reason", "required to go back to an earlier stage",
                      "退回到之前的阶段须填写原因");
  }
  return absl::OkStatus();
}

void ApplyLeadChange(const v1::AdvanceLeadRequest& request, v1::Lead* lead) {
  MoveToStage(lead, request.to_stage(), request.effective_date(), request.reason());
  if (request.to_stage() == v1::LEAD_STAGE_SIGNED) {
    *lead->mutable_signed_date() = request.effective_date();
    lead->set_signed_amount_yuan(request.signed_amount_yuan());
  } else if (IsOpenStage(request.to_stage())) {
    lead->clear_signed_date();  // back from SIGNED: the signing fell through
    lead->clear_signed_amount_yuan();
  } else if (request.to_stage() == v1::LEAD_STAGE_LOST) {
    lead->set_lost_reason(request.reason());
  }
}

}  // namespace district::recruitment
