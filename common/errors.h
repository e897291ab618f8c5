// The errors a person can cause, as data (AIP-193).
//
// Every INVALID_ARGUMENT, FAILED_PRECONDITION, NOT_FOUND, PERMISSION_DENIED and OUT_OF_RANGE that
// a request can reach is made by one of these functions, and each takes two texts: `message`, in
// English, for developers and logs (the status's message, as before), and `zh`, the sentence a
// district clerk reads, in Chinese (zh-CN), short, in the district's words and with no enum names:
// "项目名称不能为空", "取得土地前须先填写用地面积（亩）". There is no way to make one of these
// errors without its sentence.
//
// The error carries, as absl::Status payloads keyed by their type URLs (common/error_details.h):
//   - a google.rpc.LocalizedMessage {locale "zh-CN", message: zh}, always;
//   - a google.rpc.BadRequest with one field violation {field, description: rule}, for FieldError
//     (and AtField, below).
// common/status.h sends them as the gRPC status details (the grpc-status-details-bin trailer) and
// reads them back, so a service that forwards another's error keeps them.
//
// Errors no person causes (a bad flag at start-up, a failing disk) stay plain absl::Status values.
//
// Pure functions: thread-safe.
#ifndef DISTRICT_COMMON_ERRORS_H_
#define DISTRICT_COMMON_ERRORS_H_

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace district {

// INVALID_ARGUMENT naming the offending field (its path in the request, "project.land_area_mu")
// and the rule it broke: the message is "<field>: <rule>", the BadRequest's one violation is
// {field, rule}.
absl::Status FieldError(absl::string_view field, absl::string_view rule, absl::string_view zh);

// Errors with no single field at fault, by canonical code.
absl::Status InvalidArgumentError(absl::string_view message, absl::string_view zh);
absl::Status FailedPreconditionError(absl::string_view message, absl::string_view zh);
absl::Status NotFoundError(absl::string_view message, absl::string_view zh);
absl::Status PermissionDeniedError(absl::string_view message, absl::string_view zh);
absl::Status OutOfRangeError(absl::string_view message, absl::string_view zh);
// RESOURCE_EXHAUSTED: a request asked for more than one answer may carry.
absl::Status ResourceExhaustedError(absl::string_view message, absl::string_view zh);
absl::Status UnauthenticatedError(absl::string_view message, absl::string_view zh);
absl::Status AlreadyExistsError(absl::string_view message, absl::string_view zh);

// `error` as caused by the request's `field` (a report of a batch naming a project that does not
// exist: NOT_FOUND at reports[3].project_id): its code and sentence kept, its message prefixed
// "<field>: ", and a BadRequest whose one violation is {field, error's message}.
absl::Status AtField(const absl::Status& error, absl::string_view field);

}  // namespace district

#endif  // DISTRICT_COMMON_ERRORS_H_
