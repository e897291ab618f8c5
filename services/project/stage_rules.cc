#include "services/project/stage_rules.h"

#include <string>

#include "absl/strings/str_cat.h"
#include "common/date.h"
#include "common/errors.h"
#include "common/money.h"
#include "common/registry.h"
#include "common/validation.h"

namespace district::project {

using v1::Project;
using v1::Stage;

namespace {

// The stage as the contract labels it (谋划, 在建), for the errors' zh-CN sentences.
std::string StageLabel(Stage stage) {
  const google::protobuf::EnumValueDescriptor* value =
      v1::Stage_descriptor()->FindValueByNumber(stage);
  return value == nullptr ? "未定" : std::string(ApiRegistry::Label(value));
}

}  // namespace

bool IsActiveStage(Stage stage) {
  return stage >= v1::STAGE_PLANNING && stage <= v1::STAGE_IN_PRODUCTION;
}

absl::Status CheckStageRequirements(const Project& project, Stage to, int64_t signed_amount_yuan) {
  if (to == v1::STAGE_SIGNED) {
    if (absl::Status s = RequireYuan(signed_amount_yuan, "signed_amount_yuan", "签约金额");
        !s.ok()) {
      return s;
    }
    if (signed_amount_yuan == 0 && project.total_investment_yuan() == 0) {
      return FieldError("signed_amount_yuan",
                        "required to sign (or the project's total_investment_yuan)",
                        "签约须填写签约金额（或先填写项目总投资）");
    }
  }
  if (to == v1::STAGE_LAND_ACQUIRED && !project.has_land_area_mu()) {
    return FieldError("project.land_area_mu", "required to acquire land: set it first",
                      "取得土地前须先填写用地面积（亩）");
  }
  return absl::OkStatus();
}

absl::Status CheckInitialStage(Stage stage) {
  if (stage == v1::STAGE_UNSPECIFIED) return absl::OkStatus();  // defaults to PLANNING
  if (!v1::Stage_IsValid(stage)) {
    return FieldError("project.stage", absl::StrCat("unknown value ", stage),
                      "项目阶段不是可选的值");
  }
  if (!IsActiveStage(stage)) {
    return FieldError("project.stage",
                      "a project is created in an active stage, not " + v1::Stage_Name(stage),
                      absl::StrCat("新建项目的阶段须为谋划至投产之一，不能是", StageLabel(stage)));
  }
  return absl::OkStatus();
}

absl::Status CheckStageChange(const Project& project, Stage to,
                              const common::v1::Date& effective_date, absl::string_view reason,
                              const common::v1::Date& today) {
  if (absl::Status s = RequireEnum(to, v1::Stage_IsValid, "to_stage", "目标阶段", false); !s.ok()) {
    return s;
  }
  const auto& history = project.stage_history();
  const Date previous = history.empty() ? Date() : history[history.size() - 1].effective_date();
  if (absl::Status s =
          ValidateEffectiveDate(effective_date, previous, today, "effective_date", "变更日期");
      !s.ok()) {
    return s;
  }
  if (absl::Status s = RequireMaxLength(reason, "reason", "原因"); !s.ok()) return s;

  const Stage from = project.stage();
  const auto precondition = [&](absl::string_view why, absl::string_view zh) {
    return FailedPreconditionError(absl::StrCat("cannot move from ", v1::Stage_Name(from), " to ",
                                                v1::Stage_Name(to), ": ", why),
                                   zh);
  };
  if (from == v1::STAGE_CANCELLED) {
    return precondition("a cancelled project stays cancelled", "项目已取消，不能再变更阶段");
  }
  if (to == from) {
    return precondition("the project is already there",
                        absl::StrCat("项目已处于", StageLabel(to), "阶段"));
  }

  if (to == v1::STAGE_CANCELLED) {
    return reason.empty() ? FieldError("reason", "required to cancel", "取消项目须填写原因")
                          : absl::OkStatus();
  }
  if (to == v1::STAGE_SUSPENDED) {
    return reason.empty() ? FieldError("reason", "required to suspend", "暂停项目须填写原因")
                          : absl::OkStatus();
  }
  // `to` is active from here on. A suspended project resumes from the stage it was suspended in.
  Stage current = from;
  if (from == v1::STAGE_SUSPENDED) {
    current = v1::STAGE_PLANNING;
    for (const auto& change : project.stage_history()) {
      if (change.to_stage() == v1::STAGE_SUSPENDED) current = change.from_stage();
    }
    if (to == current) return absl::OkStatus();
  }
  if (to < current) {
    return reason.empty() ? FieldError("reason", "required to go back to an earlier stage",
                                       "退回到之前的阶段须填写原因")
                          : absl::OkStatus();
  }
  if (from == v1::STAGE_SUSPENDED) {
    return precondition(absl::StrCat("resume to ", v1::Stage_Name(current), " first"),
                        absl::StrCat("项目暂停前处于", StageLabel(current), "阶段，须先恢复到",
                                     StageLabel(current)));
  }
  // An expansion of an existing enterprise builds on land it holds: it may skip LAND_ACQUIRED.
  const bool skips_land =
      project.expansion() && current == v1::STAGE_APPROVED && to == v1::STAGE_UNDER_CONSTRUCTION;
  if (to != current + 1 && !skips_land) {
    const Stage next = static_cast<Stage>(current + 1);
    return precondition(
        absl::StrCat("stages are reached one at a time; next is ", v1::Stage_Name(next)),
        absl::StrCat("阶段须逐级推进：", StageLabel(current), "之后是", StageLabel(next),
                     "，不能直接转为", StageLabel(to)));
  }
  return absl::OkStatus();
}

common::v1::Date DateReached(const Project& project, Stage stage) {
  for (const auto& change : project.stage_history()) {
    if (change.to_stage() == stage) return change.effective_date();
  }
  return common::v1::Date();
}

}  // namespace district::project
