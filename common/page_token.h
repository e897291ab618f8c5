// Opaque page tokens for List methods (AIP-158). A token carries the last id returned and a
// fingerprint of the query it belongs to, so a token reused with other filters is rejected.
//
// Pure functions: thread-safe. INVALID_ARGUMENT naming page_token for a token that was not made
// for this query or was altered.
#ifndef DISTRICT_COMMON_PAGE_TOKEN_H_
#define DISTRICT_COMMON_PAGE_TOKEN_H_

#include <string>

#include <google/protobuf/message.h>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace district {

// A stable fingerprint of a List request's type and filters: the request with page_size and
// page_token cleared, serialized deterministically, after its type's full name.
uint64_t QueryFingerprint(const google::protobuf::Message& request);

std::string EncodePageToken(uint64_t query_fingerprint, absl::string_view last_id);

// The last id carried by `token` ("" for an empty token). INVALID_ARGUMENT naming page_token when
// the token is malformed, altered (it carries a check of its content), or was issued for a
// different query or List method.
absl::StatusOr<std::string> DecodePageToken(absl::string_view token, uint64_t query_fingerprint);

}  // namespace district

#endif  // DISTRICT_COMMON_PAGE_TOKEN_H_
