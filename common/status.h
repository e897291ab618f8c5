// Errors are absl::Status values inside the suite; this is the one place they become gRPC statuses
// and back.
//
// Both directions keep the canonical code, the message and the details (AIP-193): every payload of
// an absl::Status (common/error_details.h: the BadRequest, the zh-CN LocalizedMessage) travels as
// a google.protobuf.Any in a google.rpc.Status, serialized into the gRPC status's details (the
// grpc-status-details-bin trailer), and comes back as the same payload, so an error forwarded from
// one service through another reaches the person with its details.
//
// Pure functions: thread-safe.
#ifndef DISTRICT_COMMON_STATUS_H_
#define DISTRICT_COMMON_STATUS_H_

#include <grpcpp/support/status.h>

#include "absl/status/status.h"
#include "absl/status/statusor.h"

namespace district {

// Maps an absl::Status to the gRPC status with the same canonical code, message and details.
grpc::Status ToGrpcStatus(const absl::Status& status);

// Maps a gRPC status (e.g. from a call to another service) back to an absl::Status, its details
// (when they parse as a google.rpc.Status) as payloads.
absl::Status FromGrpcStatus(const grpc::Status& status);

// Completes a unary handler: on success moves the value into *response; otherwise maps the error.
template <typename T>
grpc::Status Reply(absl::StatusOr<T> result, T* response) {
  if (!result.ok()) return ToGrpcStatus(result.status());
  *response = *std::move(result);
  return grpc::Status::OK;
}

}  // namespace district

#endif  // DISTRICT_COMMON_STATUS_H_
