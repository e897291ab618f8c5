// The fields one version of a record changed from another, for the audit trail's readable history
// (common/audit_log.h): each top-level field whose value differs, with both values as JSON.
//
// A pure function: thread-safe.
#ifndef DISTRICT_COMMON_FIELD_CHANGES_H_
#define DISTRICT_COMMON_FIELD_CHANGES_H_

#include <vector>

#include <google/protobuf/message.h>

#include "district/audit/v1/audit.pb.h"

namespace district {

// The top-level fields of `before` and `after` (the same message type) whose values differ, in
// field-number order, skipping the bookkeeping every change alters (etag, update_time,
// create_time, and histories such as stage_history, which repeat their own field). Values are the
// field's JSON as the API prints it (proto names), "" when unset.
std::vector<audit::v1::FieldChange> FieldChanges(const google::protobuf::Message& before,
                                                 const google::protobuf::Message& after);

}  // namespace district

#endif  // DISTRICT_COMMON_FIELD_CHANGES_H_
