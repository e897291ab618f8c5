// The details an error carries for people (AIP-193), read back and kept along the way.
//
// Details are absl::Status payloads keyed by the type URL of the message they hold, serialized:
// kBadRequestType holds a google.rpc.BadRequest (the fields at fault), kLocalizedMessageType a
// google.rpc.LocalizedMessage (the zh-CN sentence). common/errors.h attaches them; common/status.h
// carries every payload across gRPC as the status details, each packed in a google.protobuf.Any
// with its type URL, so what is read here is the same on either side of a call.
//
// Pure functions: thread-safe.
#ifndef DISTRICT_COMMON_ERROR_DETAILS_H_
#define DISTRICT_COMMON_ERROR_DETAILS_H_

#include <optional>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "google/rpc/error_details.pb.h"

namespace district {

inline constexpr absl::string_view kBadRequestType = "type.googleapis.com/google.rpc.BadRequest";
inline constexpr absl::string_view kLocalizedMessageType =
    "type.googleapis.com/google.rpc.LocalizedMessage";
// The locale of every LocalizedMessage the suite writes.
inline constexpr absl::string_view kLocale = "zh-CN";

// The status's BadRequest, if it carries one that parses.
std::optional<google::rpc::BadRequest> BadRequestOf(const absl::Status& status);

// The status's LocalizedMessage, if it carries one that parses.
std::optional<google::rpc::LocalizedMessage> LocalizedMessageOf(const absl::Status& status);

// The field of the status's first field violation; "" when it names none.
std::string FirstViolatedField(const absl::Status& status);

// `status` with `message` in place of its own, keeping its code and every detail: for a service
// that says where a forwarded error came from ("project service: ...").
absl::Status WithMessage(const absl::Status& status, absl::string_view message);

}  // namespace district

#endif  // DISTRICT_COMMON_ERROR_DETAILS_H_
