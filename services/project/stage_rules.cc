#include "services/project/stage_rules.h"

#include "absl/strings/str_cat.h"
#include "common/date.h"
#include "common/money.h"
#include "common/status.h"
#include "common/validation.h"

namespace district::project {

using v1::Project;
using v1::Stage;

bool IsActiveStage(Stage stage) {
  return stage >= v1::STAGE_PLANNING && stage <= v1::STAGE_IN_PRODUCTION;
}

absl::Status CheckStageRequirements(const Project& project, Stage to, int64_t signed_amount_yuan) {
  if (to == v1::STAGE_SIGNED) {
    if (absl::Status s = RequireYuan(signed_amount_yuan, "signed_amount_yuan"); !s.ok()) return s;
    if (signed_amount_yuan == 0 && project.total_investment_yuan() == 0) {
      return FieldError("signed_amount_yuan",
                        "required to sign (or the project's total_investment_yuan)");
    }
  }
  if (to == v1::STAGE_LAND_ACQUIRED && !project.has_land_area_mu()) {
    return FieldError("project.land_area_mu", "required to acquire land: set it first");
  }
  return absl::OkStatus();
}

absl::Status CheckInitialStage(Stage stage) {
  if (stage == v1::STAGE_UNSPECIFIED) return absl::OkStatus();  // defaults to PLANNING
  if (!v1::Stage_IsValid(stage))
    return FieldError("project.stage", absl::StrCat("unknown value ", stage));
  if (!IsActiveStage(stage)) {
    return FieldError("project.stage",
                      "a project is created in an active stage, not " + v1::Stage_Name(stage));
  }
  return absl::OkStatus();
}

absl::Status CheckStageChange(const Project& project, Stage to,
                              const common::v1::Date& effective_date, absl::string_view reason,
                              const common::v1::Date& today) {
  if (absl::Status s = RequireEnum(to, v1::Stage_IsValid, "to_stage", false); !s.ok()) return s;
  const auto& history = project.stage_history();
  const Date previous = history.empty() ? Date() : history[history.size() - 1].effective_date();
  if (absl::Status s = ValidateEffectiveDate(effective_date, previous, today, "effective_date");
      !s.ok()) {
    return s;
  }
  if (absl::Status s = RequireMaxLength(reason, "reason"); !s.ok()) return s;

  const Stage from = project.stage();
  const auto precondition = [&](absl::string_view why) {
    return absl::FailedPreconditionError(absl::StrCat("cannot move from ", v1::Stage_Name(from),
                                                      " to ", v1::Stage_Name(to), ": ", why));
  };
  if (from == v1::STAGE_CANCELLED) return precondition("a cancelled project stays cancelled");
  if (to == from) return precondition("the project is already there");

  if (to == v1::STAGE_CANCELLED) {
    return reason.empty() ? FieldError("reason", "required to cancel") : absl::OkStatus();
  }
  if (to == v1::STAGE_SUSPENDED) {
    return reason.empty() ? FieldError("reason", "required to suspend") : absl::OkStatus();
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
    return reason.empty() ? FieldError("reason", "required to go back to an earlier stage")
                          : absl::OkStatus();
  }
  if (from == v1::STAGE_SUSPENDED) {
    return precondition(absl::StrCat("resume to ", v1::Stage_Name(current), " first"));
  }
  // An expansion of an existing enterprise builds on land it holds: it may skip LAND_ACQUIRED.
  const bool skips_land =
      project.expansion() && current == v1::STAGE_APPROVED && to == v1::STAGE_UNDER_CONSTRUCTION;
  if (to != current + 1 && !skips_land) {
    return precondition(absl::StrCat("stages are reached one at a time; next is ",
                                     v1::Stage_Name(static_cast<Stage>(current + 1))));
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
