// Errors are absl::Status values inside the suite; this is the one place they become gRPC statuses.
//
// Pure functions: thread-safe.
#ifndef DISTRICT_COMMON_STATUS_H_
#define DISTRICT_COMMON_STATUS_H_

#include <grpcpp/support/status.h>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace district {

// Maps an absl::Status to the gRPC status with the same canonical code and message.
grpc::Status ToGrpcStatus(const absl::Status& status);

// Maps a gRPC status (e.g. from a call to another service) back to an absl::Status.
absl::Status FromGrpcStatus(const grpc::Status& status);

// INVALID_ARGUMENT naming the offending field and the rule it broke: "<field>: <rule>".
absl::Status FieldError(absl::string_view field, absl::string_view rule);

// Completes a unary handler: on success moves the value into *response; otherwise maps the error.
template <typename T>
grpc::Status Reply(absl::StatusOr<T> result, T* response) {
  if (!result.ok()) return ToGrpcStatus(result.status());
  *response = *std::move(result);
  return grpc::Status::OK;
}

}  // namespace district

#endif  // DISTRICT_COMMON_STATUS_H_
