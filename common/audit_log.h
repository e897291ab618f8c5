// The audit trail of one store: who changed which resource, when, by which method, from which
// etag to which, and for an update which fields changed from what to what. Entries are written by
// Store::Write in the same atomic batch as the change they describe (declared with
// WriteBatch::Audit), so there is never a change without its entry nor an entry without its change.
// They are never changed or deleted.
//
// Keys: "audit/<id>" holds a district.audit.v1.AuditEntry; indexes "~audit.resource/" and
// "~audit.principal/" list them by resource and by principal, in id order (the order of writing).
#ifndef DISTRICT_COMMON_AUDIT_LOG_H_
#define DISTRICT_COMMON_AUDIT_LOG_H_

#include <memory>

#include "absl/status/statusor.h"
#include "common/store.h"
#include "district/audit/v1/audit.pb.h"

namespace district {

// Thread-safe: Seal runs on the writer's thread, List on any; the ids it hands out are unique
// across threads. The Store is not owned.
class AuditLog {
 public:
  static absl::StatusOr<std::unique_ptr<AuditLog>> Load(const Store& store);

  // Adds an entry for each change declared in `batch`, by the current caller (common/caller.h),
  // to the batch itself.
  void Seal(WriteBatch* batch) const;

  // A page of entries, oldest first: those of `request.resource()`, or of `request.principal()`,
  // or all.
  absl::StatusOr<audit::v1::ListAuditEntriesResponse> List(
      const Store& store, const audit::v1::ListAuditEntriesRequest& request) const;

 private:
  explicit AuditLog(std::unique_ptr<IdSequence> ids);

  std::unique_ptr<IdSequence> ids_;
  const Table<audit::v1::AuditEntry> entries_{"audit", "修改记录"};
  const Index by_resource_{"audit.resource"};
  const Index by_principal_{"audit.principal"};
};

}  // namespace district

#endif  // DISTRICT_COMMON_AUDIT_LOG_H_
