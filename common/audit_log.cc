#include "common/audit_log.h"

#include "common/caller.h"
#include "common/date.h"
#include "common/errors.h"
#include "common/list_page.h"
#include "common/validation.h"

namespace district {

absl::StatusOr<std::unique_ptr<AuditLog>> AuditLog::Load(const Store& store) {
  // Twelve digits: a trillion entries before the key order stops being the order of writing.
  absl::StatusOr<std::unique_ptr<IdSequence>> ids = IdSequence::Load(store, "audit", "A", 12);
  if (!ids.ok()) return ids.status();
  return std::unique_ptr<AuditLog>(new AuditLog(*std::move(ids)));
}

AuditLog::AuditLog(std::unique_ptr<IdSequence> ids) : ids_(std::move(ids)) {}

void AuditLog::Seal(WriteBatch* batch) const {
  if (batch->changes_.empty()) return;
  const Caller& caller = CurrentCaller();
  audit::v1::AuditEntry entry;
  entry.set_principal(caller.principal->name);
  entry.set_method(caller.method);
  *entry.mutable_time() = Now();
  for (WriteBatch::Change& change : batch->changes_) {
    entry.set_id(ids_->Next());
    entry.set_resource(std::move(change.resource));
    entry.set_etag_before(std::move(change.before));
    entry.set_etag_after(std::move(change.after));
    entry.clear_changes();
    for (audit::v1::FieldChange& field : change.fields) *entry.add_changes() = std::move(field);
    entries_.Put(batch, entry.id(), entry);
    by_resource_.Put(batch, entry.resource(), entry.id());
    by_principal_.Put(batch, entry.principal(), entry.id());
  }
  batch->changes_.clear();
}

absl::StatusOr<audit::v1::ListAuditEntriesResponse> AuditLog::List(
    const Store& store, const audit::v1::ListAuditEntriesRequest& request) const {
  if (!request.resource().empty() && !request.principal().empty()) {
    return InvalidArgumentError("resource, principal: give at most one of the two",
                                "按记录或按操作人查询，只能选一项");
  }
  absl::StatusOr<int> page_size = ResolvePageSize(request.page_size());
  if (!page_size.ok()) return page_size.status();
  const Index* index = nullptr;  // all entries
  absl::string_view value;
  if (!request.resource().empty()) {
    index = &by_resource_, value = request.resource();
  } else if (!request.principal().empty()) {
    index = &by_principal_, value = request.principal();
  }
  absl::StatusOr<ListPage<audit::v1::AuditEntry>> page =
      ReadPage(store, entries_, index, value, request, *page_size, request.page_token());
  if (!page.ok()) return page.status();
  audit::v1::ListAuditEntriesResponse response;
  for (audit::v1::AuditEntry& entry : page->items) *response.add_entries() = std::move(entry);
  response.set_next_page_token(std::move(page->next_page_token));
  return response;
}

}  // namespace district
