// Which stage changes a lead may make, and what each requires.
//
//   IDENTIFIED → CONTACTED → NEGOTIATING → SIGNABLE → SIGNED → LANDED
//
// Among the open stages (IDENTIFIED..SIGNABLE) a lead may move forward any distance (work on a lead
// does not always pass every stage) and back with a reason. SIGNED, from any open stage, needs the
// signed amount. LANDED is reached only through LandLead, from SIGNED. LOST, from any open stage,
// needs a reason. LANDED and LOST are final. A SIGNED lead may go back to an open stage with a
// reason (the signing fell through). Dates: not before the previous change, not after today.
#ifndef DISTRICT_SERVICES_RECRUITMENT_LEAD_RULES_H_
#define DISTRICT_SERVICES_RECRUITMENT_LEAD_RULES_H_

#include <string>

#include "absl/status/status.h"
#include "district/recruitment/v1/recruitment_service.pb.h"

namespace district::recruitment {

bool IsOpenStage(v1::LeadStage stage);

// The stage as the contract labels it ("已签约", common/registry.h), for the errors' zh-CN
// sentences.
std::string LeadStageLabel(v1::LeadStage stage);

// A lead's sector (common/sectors.h): its own, or its field's when it has none, as leads written
// before leads had a sector do.
std::string LeadSector(const v1::Lead& lead);

// INVALID_ARGUMENT for bad input (unknown stage, missing reason or amount, bad date);
// FAILED_PRECONDITION when the lead's stage does not allow the move.
absl::Status CheckLeadChange(const v1::Lead& lead, const v1::AdvanceLeadRequest& request,
                             const common::v1::Date& today);

// Applies a checked change: stage, history, and the signing or loss fields.
void ApplyLeadChange(const v1::AdvanceLeadRequest& request, v1::Lead* lead);

}  // namespace district::recruitment

#endif  // DISTRICT_SERVICES_RECRUITMENT_LEAD_RULES_H_
