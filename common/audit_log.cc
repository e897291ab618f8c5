#include "common/audit_log.h"

#include "common/caller.h"
#include "common/date.h"
#include "common/page_token.h"
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
    entry.set_id(ids_->Next(batch));
    entry.set_resource(std::move(change.resource));
    entry.set_etag_before(std::move(change.before));
    entry.set_etag_after(std::move(change.after));
    entries_.Put(batch, entry.id(), entry);
    by_resource_.Put(batch, entry.resource(), entry.id());
    by_principal_.Put(batch, entry.principal(), entry.id());
  }
  batch->changes_.clear();
}

absl::StatusOr<audit::v1::ListAuditEntriesResponse> AuditLog::List(
    const Store& store, const audit::v1::ListAuditEntriesRequest& request) const {
  if (!request.resource().empty() && !request.principal().empty()) {
    return absl::InvalidArgumentError("resource, principal: give at most one of the two");
  }
  absl::StatusOr<int> page_size = ResolvePageSize(request.page_size());
  if (!page_size.ok()) return page_size.status();
  const uint64_t query = QueryFingerprint(request);
  absl::StatusOr<std::string> after = DecodePageToken(request.page_token(), query);
  if (!after.ok()) return after.status();

  audit::v1::ListAuditEntriesResponse response;
  absl::Status read_error;
  // Takes one entry; false once the page is full and one more shows there is a next page.
  auto take = [&](const audit::v1::AuditEntry& entry) {
    if (response.entries_size() == *page_size) {
      response.set_next_page_token(EncodePageToken(query, response.entries().rbegin()->id()));
      return false;
    }
    *response.add_entries() = entry;
    return true;
  };
  auto take_id = [&](absl::string_view id) {
    absl::StatusOr<audit::v1::AuditEntry> entry = entries_.Get(store, id);
    if (!entry.ok()) {
      read_error = entry.status();
      return false;
    }
    return take(*entry);
  };
  absl::Status s;
  if (!request.resource().empty()) {
    s = by_resource_.Scan(store, request.resource(), *after, take_id);
  } else if (!request.principal().empty()) {
    s = by_principal_.Scan(store, request.principal(), *after, take_id);
  } else {
    s = entries_.Scan(store, "", *after,
                      [&](absl::string_view, const audit::v1::AuditEntry& e) { return take(e); });
  }
  if (!s.ok()) return s;
  if (!read_error.ok()) return read_error;
  return response;
}

}  // namespace district
