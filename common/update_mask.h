// Partial updates with google.protobuf.FieldMask (AIP-134).
//
// Pure functions: thread-safe. INVALID_ARGUMENT naming update_mask for a path that may not be
// updated.
#ifndef DISTRICT_COMMON_UPDATE_MASK_H_
#define DISTRICT_COMMON_UPDATE_MASK_H_

#include <string>
#include <vector>

#include <google/protobuf/field_mask.pb.h>
#include <google/protobuf/message.h>

#include "absl/status/status.h"

namespace district {

// Replaces in `dst` the top-level fields named by `mask` with their values in `src`. An empty mask
// means the fields of `updatable` that `src` populates (AIP-134): a scalar not at its default, a
// set message or optional field, a non-empty list; so clearing a field takes naming it in the
// mask. A path not in `updatable` (unknown, output-only or immutable) is INVALID_ARGUMENT naming
// update_mask; `dst` is then unchanged.
absl::Status ApplyUpdateMask(const google::protobuf::Message& src,
                             const google::protobuf::FieldMask& mask,
                             const std::vector<std::string>& updatable,
                             google::protobuf::Message* dst);

}  // namespace district

#endif  // DISTRICT_COMMON_UPDATE_MASK_H_
