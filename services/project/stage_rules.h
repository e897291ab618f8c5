// Which stage changes a project may make (重点项目 stages), and what each requires.
//
//   PLANNING → SIGNED → APPROVED → LAND_ACQUIRED → UNDER_CONSTRUCTION → COMPLETED → IN_PRODUCTION
//
// Forward moves go one stage at a time; an expansion project (`expansion`) may go from APPROVED to
// UNDER_CONSTRUCTION, on land it holds. Some stages need facts: SIGNED an amount (the request's
// signed_amount_yuan, or else the project's total investment), LAND_ACQUIRED the land's area; each
// stage's date is the change's effective date (the signing date, the start of construction).
// Going back to an earlier active stage needs a reason.
// SUSPENDED is entered from any active stage with a reason and left to the stage it was suspended
// from (or, with a reason, an earlier one). CANCELLED needs a reason and is final. Each change has
// an effective date, not before the previous change's and not after today.
#ifndef DISTRICT_SERVICES_PROJECT_STAGE_RULES_H_
#define DISTRICT_SERVICES_PROJECT_STAGE_RULES_H_

#include <cstdint>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "district/project/v1/project.pb.h"

namespace district::project {

// Whether `stage` is one of PLANNING..IN_PRODUCTION.
bool IsActiveStage(v1::Stage stage);

// OK if `project` may move to `to` on `effective_date` with `reason`, given `today`.
// INVALID_ARGUMENT for bad input (unknown stage, missing reason, bad date), FAILED_PRECONDITION
// when the project's current stage does not allow the move.
absl::Status CheckStageChange(const v1::Project& project, v1::Stage to,
                              const common::v1::Date& effective_date, absl::string_view reason,
                              const common::v1::Date& today);

// OK when `project` has what `to` requires (see above), `signed_amount_yuan` being the request's;
// INVALID_ARGUMENT naming the missing field otherwise.
absl::Status CheckStageRequirements(const v1::Project& project, v1::Stage to,
                                    int64_t signed_amount_yuan);

// The stage a project may be created in: any active stage.
absl::Status CheckInitialStage(v1::Stage stage);

// The first date the project reached `stage`, from its history; an empty Date if never.
common::v1::Date DateReached(const v1::Project& project, v1::Stage stage);

}  // namespace district::project

#endif  // DISTRICT_SERVICES_PROJECT_STAGE_RULES_H_
