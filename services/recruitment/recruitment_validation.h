// Checks on the recruitment service's input messages: OK or INVALID_ARGUMENT naming the field.
#ifndef DISTRICT_SERVICES_RECRUITMENT_RECRUITMENT_VALIDATION_H_
#define DISTRICT_SERVICES_RECRUITMENT_RECRUITMENT_VALIDATION_H_

#include "absl/status/status.h"
#include "district/recruitment/v1/recruitment.pb.h"

namespace district::recruitment {

absl::Status ValidateLead(const v1::Lead& lead);
absl::Status ValidateFollowUp(const v1::FollowUp& follow_up);
absl::Status ValidateTalent(const v1::Talent& talent);
absl::Status ValidateTarget(const v1::Target& target);

}  // namespace district::recruitment

#endif  // DISTRICT_SERVICES_RECRUITMENT_RECRUITMENT_VALIDATION_H_
