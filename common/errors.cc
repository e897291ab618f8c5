#include "common/errors.h"

#include "absl/strings/cord.h"
#include "absl/strings/str_cat.h"
#include "common/error_details.h"
#include "google/rpc/error_details.pb.h"

namespace district {
namespace {

absl::Status Localized(absl::StatusCode code, absl::string_view message, absl::string_view zh) {
  absl::Status status(code, message);
  google::rpc::LocalizedMessage localized;
  localized.set_locale(std::string(kLocale));
  localized.set_message(std::string(zh));
  status.SetPayload(kLocalizedMessageType, absl::Cord(localized.SerializeAsString()));
  return status;
}

// Sets `status`'s BadRequest to the one violation {field, description}.
void SetViolation(absl::Status* status, absl::string_view field, absl::string_view description) {
  google::rpc::BadRequest bad_request;
  google::rpc::BadRequest::FieldViolation* violation = bad_request.add_field_violations();
  violation->set_field(std::string(field));
  violation->set_description(std::string(description));
  status->SetPayload(kBadRequestType, absl::Cord(bad_request.SerializeAsString()));
}

}  // namespace

absl::Status FieldError(absl::string_view field, absl::string_view rule, absl::string_view zh) {
  absl::Status status =
      Localized(absl::StatusCode::kInvalidArgument, absl::StrCat(field, ": ", rule), zh);
  SetViolation(&status, field, rule);
  return status;
}

absl::Status AtField(const absl::Status& error, absl::string_view field) {
  if (error.ok()) return error;
  absl::Status status = WithMessage(error, absl::StrCat(field, ": ", error.message()));
  SetViolation(&status, field, error.message());
  return status;
}

absl::Status InvalidArgumentError(absl::string_view message, absl::string_view zh) {
  return Localized(absl::StatusCode::kInvalidArgument, message, zh);
}

absl::Status FailedPreconditionError(absl::string_view message, absl::string_view zh) {
  return Localized(absl::StatusCode::kFailedPrecondition, message, zh);
}

absl::Status NotFoundError(absl::string_view message, absl::string_view zh) {
  return Localized(absl::StatusCode::kNotFound, message, zh);
}

absl::Status PermissionDeniedError(absl::string_view message, absl::string_view zh) {
  return Localized(absl::StatusCode::kPermissionDenied, message, zh);
}

absl::Status OutOfRangeError(absl::string_view message, absl::string_view zh) {
  return Localized(absl::StatusCode::kOutOfRange, message, zh);
}

absl::Status ResourceExhaustedError(absl::string_view message, absl::string_view zh) {
  return Localized(absl::StatusCode::kResourceExhausted, message, zh);
}

absl::Status UnauthenticatedError(absl::string_view message, absl::string_view zh) {
  return Localized(absl::StatusCode::kUnauthenticated, message, zh);
}

absl::Status AlreadyExistsError(absl::string_view message, absl::string_view zh) {
  return Localized(absl::StatusCode::kAlreadyExists, message, zh);
}

}  // namespace district
