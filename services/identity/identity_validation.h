// Checks on the identity service's input messages: OK or INVALID_ARGUMENT naming the field, with
// the field violation and the zh-CN sentence as details (common/errors.h).
#ifndef DISTRICT_SERVICES_IDENTITY_IDENTITY_VALIDATION_H_
#define DISTRICT_SERVICES_IDENTITY_IDENTITY_VALIDATION_H_

#include "absl/status/status.h"
#include "district/identity/v1/identity_service.pb.h"

namespace district::identity {

// A person as stored: login name of 3 to 64 characters of a-z, 0-9, '.', '_', '-'; a display
// name; lengths; at least one role, each valid and once; at most one scope dimension; a state.
absl::Status ValidatePerson(const v1::Person& person);

}  // namespace district::identity

#endif  // DISTRICT_SERVICES_IDENTITY_IDENTITY_VALIDATION_H_
