// The standard methods (AIP-131..135) for one kind of resource, written once for every service.
//
// T is a generated protobuf message with string `id`, string `etag` and Timestamp `create_time` and
// `update_time` fields. Records live in a Table named after the kind; each index named in the
// Config maps a value computed from the resource to its ids, and is kept in the same write batch
// as the resource; a resident kind (Config::resident) keeps a copy of every record in memory
// instead, and reads from it. Creates are safe to retry with a request_id; updates and deletes
// check etags (the request's or the resource's own, AIP-154), and one that changes nothing writes
// nothing; changes to one resource are serialized by a per-id lock. Every change is declared
// to the audit trail ("<kind>/<id>", etags before and after) in its batch, and is refused to a
// scoped editor (common/caller.h) unless the resource is in its scope before and after.
//
// The caller: scope checks and audit entries read the caller of the call this thread serves
// (CurrentCaller(), set by the handler wrappers of common/handlers.h around every handler body);
// a write made on another thread must run inside a CallerScope of that caller.
//
// Thread-safety: safe from any number of threads. Ownership: the Store is not owned and must
// outlive this. Errors: NOT_FOUND naming the kind and id (and, with the Config's label, saying so
// in zh-CN: "找不到项目 P00000099"); ABORTED for a stale etag;
// PERMISSION_DENIED outside the caller's scope; INVALID_ARGUMENT from the Config's validate;
// FAILED_PRECONDITION for a request_id reused with another request; the Store's own errors.
#ifndef DISTRICT_COMMON_RESOURCE_STORE_H_
#define DISTRICT_COMMON_RESOURCE_STORE_H_

#include <algorithm>
#include <functional>
#include <future>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <vector>

#include <google/protobuf/field_mask.pb.h>
#include <google/protobuf/message.h>
#include <google/protobuf/util/message_differencer.h>

#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "common/caller.h"
#include "common/date.h"
#include "common/errors.h"
#include "common/field_changes.h"
#include "common/key_locks.h"
#include "common/list_page.h"
#include "common/metrics.h"
#include "common/request_log.h"
#include "common/resident_table.h"
#include "common/store.h"
#include "common/update_mask.h"

namespace district {

// ABORTED when `given` is set and differs from `current`.
absl::Status CheckEtag(absl::string_view given, absl::string_view current, absl::string_view what);

// The etag an update of a `kind` must match (AIP-154): the request's `etag` or the resource's own
// (`<kind>.etag`), whichever is set; "" when neither is. INVALID_ARGUMENT naming etag when both are
// set and differ.
absl::StatusOr<std::string> UpdateEtag(absl::string_view request_etag,
                                       absl::string_view resource_etag, absl::string_view kind);

// The etag an Update request carries beside its resource's: deprecated in the contracts (AIP-154
// keeps one etag, in the resource), still honoured for v1 clients that send it. The one place the
// suite reads it, so the deprecation warns nowhere else.
template <typename UpdateRequest>
const std::string& DeprecatedRequestEtag(const UpdateRequest& request) {
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"
  return request.etag();
#pragma GCC diagnostic pop
}

// The etag after `etag`: etags are revision numbers, opaque to clients.
std::string NextEtag(absl::string_view etag);

template <typename T>
class ResourceStore {
 public:
  // The values of one index for a resource (none, one, or several such as years).
  using IndexValues = std::function<std::vector<std::string>(const T&)>;

  struct Config {
    std::string kind;                    // "lead": table name, error messages, request-id log
    std::string label;                   // "招商项目": the kind in errors' zh-CN sentences
    std::string id_prefix;               // "L": ids are "L00000001"
    std::vector<std::string> updatable;  // paths accepted in update_mask
    std::function<absl::Status(const T&)> validate;  // the whole resource, after a mask applies
    std::map<std::string, IndexValues> indexes;      // by index name, e.g. "tier"
    // Called after each committed change, under the resource's lock: `after` is null on delete.
    std::function<void(const std::string& id, const T* after)> on_commit;
    // The resource's park and leader, for scoped editors; null when it has neither. May look up
    // a parent (a milestone's project); NOT_FOUND then denies a scoped editor.
    std::function<absl::StatusOr<ScopeTags>(const T&)> scope;
    // Keep every record in memory as well (common/resident_table.h): Get and List read memory.
    // For kinds of at most tens of thousands of records; a resident kind has no indexes, its List
    // filters every record it walks.
    bool resident = false;
  };

  // A write to make in the same batch as a change: before is null on create, after on delete.
  using ExtraWrites =
      std::function<absl::Status(WriteBatch* batch, const T* before, const T* after)>;

  using Page = ListPage<T>;

  static absl::StatusOr<std::unique_ptr<ResourceStore>> Open(Store* store, Config config) {
    if (config.label.empty()) {
      return absl::InternalError(absl::StrCat("kind ", config.kind, " has no label"));
    }
    if (config.resident && !config.indexes.empty()) {
      return absl::InternalError(absl::StrCat("resident kind ", config.kind, " declares indexes"));
    }
    absl::StatusOr<std::unique_ptr<IdSequence>> ids =
        IdSequence::Load(*store, config.kind, config.id_prefix);
    if (!ids.ok()) return ids.status();
    std::unique_ptr<ResourceStore> s(new ResourceStore(store, std::move(config), *std::move(ids)));
    if (s->config_.resident) {
      absl::Status loaded = s->table_.Scan(*store, "", "", [&](absl::string_view, const T& r) {
        s->resident_.Put(r);
        return true;
      });
      if (!loaded.ok()) return loaded;
      s->resident_rows_ = Metrics().GetGauge("district_resident_rows",
                                             "Records of a kind held in memory (resident).",
                                             {{"kind", s->config_.kind}});
      s->resident_rows_->Set(static_cast<double>(s->resident_.size()));
      if (absl::Status dropped = s->DropIndexKeys(); !dropped.ok()) return dropped;
    }
    return s;
  }

  const std::string& kind() const { return config_.kind; }
  Store& store() const { return *store_; }

  using CreateDone = std::function<void(absl::StatusOr<T>)>;

  // Creates `resource` with a new id. With a request_id, a retry of the same `request` returns the
  // first result. `extra` adds writes to the batch (after is the resource as it will be stored).
  // Returns without waiting for the write: `done` gets the result on the store's committer thread
  // once the resource is durable, or on this thread when the call fails before writing or the
  // request_id was seen. `request` must live until `done` runs.
  void CreateQueued(T resource, absl::string_view request_id,
                    const google::protobuf::Message& request, CreateDone done,
                    ExtraWrites extra = nullptr) {
    if (absl::Status s = CheckScope(resource); !s.ok()) return done(s);
    // Request ids are the caller's own: the same id from another principal is another request,
    // so nobody can take an id that someone else (or the suite itself, for LandLead) will use.
    const std::string rid = RequestLog::OfCaller(request_id);
    std::string fingerprint;
    if (!rid.empty()) {
      // A call with this request_id is being written: this one runs again once it is, as the
      // same caller, and then finds the first call's result.
      const bool claimed = request_log_.Claim(rid, [&]() -> std::function<void()> {
        return [this, resource, client_rid = std::string(request_id), &request, done, extra,
                caller = CurrentCaller()]() mutable {
          CallerScope scope(caller);
          CreateQueued(std::move(resource), client_rid, request, std::move(done), std::move(extra));
        };
      });
      if (!claimed) return;
      fingerprint = RequestLog::Fingerprint(request);
      T first;
      absl::StatusOr<bool> seen = request_log_.Lookup(*store_, rid, fingerprint, &first);
      if (!seen.ok() || *seen) {
        request_log_.Release(rid);
        return seen.ok() ? done(std::move(first)) : done(seen.status());
      }
    }
    WriteBatch batch;
    resource.set_id(ids_->Next());
    *resource.mutable_create_time() = Now();
    *resource.mutable_update_time() = resource.create_time();
    resource.set_etag(NextEtag(""));
    if (extra != nullptr) {
      if (absl::Status s = extra(&batch, nullptr, &resource); !s.ok()) {
        if (!rid.empty()) request_log_.Release(rid);
        return done(s);
      }
    }
    PutIndexes(&batch, resource);
    const std::string bytes = resource.SerializeAsString();  // once, for the table and the log
    table_.PutSerialized(&batch, resource.id(), bytes);
    batch.Audit(Name(resource.id()), "", resource.etag());
    if (!rid.empty()) request_log_.Record(&batch, rid, fingerprint, bytes);
    // No lock on the new id is needed: nobody can change the resource before it is visible, and a
    // change written after it is written after this on_commit too (the committer runs callbacks
    // before it writes the next group).
    store_->WriteAsync(std::move(batch), [this, rid, resource = std::move(resource),
                                          done = std::move(done)](absl::Status s) mutable {
      if (s.ok()) {
        Committed(resource.id(), &resource);
        done(std::move(resource));
      } else {
        done(s);
      }
      if (!rid.empty()) request_log_.Release(rid);
    });
  }

  // CreateQueued, waiting for the result.
  absl::StatusOr<T> Create(T resource, absl::string_view request_id,
                           const google::protobuf::Message& request, ExtraWrites extra = nullptr) {
    std::promise<absl::StatusOr<T>> result;
    CreateQueued(
        std::move(resource), request_id, request,
        [&result](absl::StatusOr<T> r) { result.set_value(std::move(r)); }, std::move(extra));
    return result.get_future().get();
  }

  // NOT_FOUND names the kind and id.
  // A resident kind's record as held in memory, shared, not copied; null when absent or when the
  // kind is not resident.
  std::shared_ptr<const T> Peek(absl::string_view id) const {
    return config_.resident ? resident_.Find(id) : nullptr;
  }

  absl::StatusOr<T> Get(absl::string_view id) const {
    if (!config_.resident) return table_.Get(*store_, id);
    std::shared_ptr<const T> r = resident_.Find(id);
    if (r == nullptr) {
      return NotFoundError(absl::StrCat(config_.kind, " ", id, " not found"),
                           absl::StrCat("找不到", config_.label, " ", id));
    }
    return *r;
  }

  // Applies `change` to the stored resource and writes it, under the resource's lock: the one
  // read-check-write cycle behind Update and every custom mutation (stage changes and the like).
  // `etag`, when set, must match the stored one.
  absl::StatusOr<T> Mutate(absl::string_view id, absl::string_view etag,
                           const std::function<absl::Status(T&)>& change,
                           const ExtraWrites& extra = nullptr) {
    return Change(id, etag, change, extra, /*unchanged_is_noop=*/false);
  }

  // Mutate for several resources in one atomic write: their locks are taken together (in stripe
  // order), `change(index, resource)` is applied to each of `ids` (distinct), `extra` adds its
  // writes once (and says whether it added any), and the batch carries an audit entry per
  // resource changed. A resource the change leaves as stored is not written (it keeps its etag,
  // and has no audit entry); when none changed and extra added nothing, nothing is written. The
  // first error (NOT_FOUND for an id, PERMISSION_DENIED out of scope, or change's own) comes back
  // with nothing written.
  absl::StatusOr<std::vector<T>> MutateMany(
      const std::vector<std::string>& ids, const std::function<absl::Status(size_t, T&)>& change,
      const std::function<absl::StatusOr<bool>(WriteBatch*)>& extra) {
    auto locks = locks_.LockAll(ids);
    WriteBatch batch;
    std::vector<T> afters;
    std::vector<bool> changed(ids.size(), false);
    for (size_t i = 0; i < ids.size(); ++i) {
      absl::StatusOr<T> before = Get(ids[i]);
      if (absl::Status s = CheckScope(before); !s.ok()) return s;
      if (!before.ok()) return before.status();
      T after = *before;
      if (absl::Status s = change(i, after); !s.ok()) return s;
      if (absl::Status s = CheckScope(after); !s.ok()) return s;
      if (!google::protobuf::util::MessageDifferencer::Equals(*before, after)) {
        Stamp(*before, &after);
        PutChange(&batch, *before, after);
        changed[i] = true;
      }
      afters.push_back(std::move(after));
    }
    absl::StatusOr<bool> extra_wrote = extra(&batch);
    if (!extra_wrote.ok()) return extra_wrote.status();
    const bool any = std::find(changed.begin(), changed.end(), true) != changed.end();
    if (!any && !*extra_wrote) return afters;
    if (absl::Status s = store_->Write(&batch); !s.ok()) return s;
    for (size_t i = 0; i < afters.size(); ++i) {
      if (changed[i]) Committed(afters[i].id(), &afters[i]);
    }
    return afters;
  }

  // For a change written in one batch with a change of another kind (approving a monthly return
  // moves its projects' totals): applies `change` to resource `id` and adds its writes (indexes,
  // record, audit entry) to `batch`. The caller holds the resource's lock (LockFor, LockAll) from
  // before this call until after Publish, has checked that its caller may make the change (no
  // scope check here), and calls Publish(after) once `batch` is committed. A change that leaves
  // the resource as stored adds nothing and returns nullopt (nothing to publish).
  absl::StatusOr<std::optional<T>> ChangeInBatch(absl::string_view id,
                                                 const std::function<absl::Status(T&)>& change,
                                                 WriteBatch* batch) {
    absl::StatusOr<T> before = Get(id);
    if (!before.ok()) return before.status();
    T after = *before;
    if (absl::Status s = change(after); !s.ok()) return s;
    if (google::protobuf::util::MessageDifferencer::Equals(*before, after)) return std::nullopt;
    Stamp(*before, &after);
    PutChange(batch, *before, after);
    return after;
  }

  // After a batch holding ChangeInBatch's change committed, under the resource's lock: the
  // resident copy and on_commit learn of it.
  void Publish(const T& after) { Committed(after.id(), &after); }

  // Update with a field mask (AIP-134): the masked fields of `patch` replace the stored ones, and
  // the result must pass the Config's validate. The etag to match is `etag` (the request's) or
  // patch.etag() (AIP-154), see UpdateEtag. An update that changes nothing is no change: the
  // resource comes back as stored, with its etag, and nothing is written. `check`, when set, is
  // asked first whether the stored resource may be updated at all (its error comes back).
  absl::StatusOr<T> Update(const T& patch, const google::protobuf::FieldMask& mask,
                           absl::string_view etag, const ExtraWrites& extra = nullptr,
                           const std::function<absl::Status(const T& stored)>& check = nullptr) {
    absl::StatusOr<std::string> expected = UpdateEtag(etag, patch.etag(), config_.kind);
    if (!expected.ok()) return expected.status();
    return Change(
        patch.id(), *expected,
        [&](T& resource) {
          if (check != nullptr) {
            if (absl::Status s = check(resource); !s.ok()) return s;
          }
          if (absl::Status s = ApplyUpdateMask(patch, mask, config_.updatable, &resource);
              !s.ok()) {
            return s;
          }
          return config_.validate ? config_.validate(resource) : absl::OkStatus();
        },
        extra, /*unchanged_is_noop=*/true);
  }

  absl::Status Delete(absl::string_view id, absl::string_view etag,
                      const ExtraWrites& extra = nullptr) {
    std::lock_guard<std::mutex> lock(locks_.For(id));
    absl::StatusOr<T> before = Get(id);
    if (absl::Status s = CheckScope(before); !s.ok()) return s;
    if (!before.ok()) return before.status();
    if (absl::Status s = CheckEtag(etag, before->etag(), config_.kind); !s.ok()) return s;
    WriteBatch batch;
    if (extra != nullptr) {
      if (absl::Status s = extra(&batch, &*before, nullptr); !s.ok()) return s;
    }
    DeleteInBatch(&batch, *before);
    if (absl::Status s = store_->Write(&batch); !s.ok()) return s;
    Committed(std::string(id), nullptr);
    return absl::OkStatus();
  }

  // One page of the resources for which `matches` holds, in id order (see ReadPage). With `index`
  // set, walks only the ids under `value` in that index; a resident kind walks memory.
  absl::StatusOr<Page> List(const google::protobuf::Message& request, int page_size,
                            absl::string_view page_token, absl::string_view index,
                            absl::string_view value,
                            const std::function<bool(const T&)>& matches) const {
    const Index* walked = nullptr;
    if (!index.empty()) {  // a resident kind has none
      auto it = indexes_.find(std::string(index));
      if (it == indexes_.end()) return absl::InternalError(absl::StrCat("no index ", index));
      walked = &it->second;
    }
    if (config_.resident) {
      const WalkFn<T> walk = [this](absl::string_view after,
                                    const std::function<bool(const T&)>& take) {
        resident_.Scan(after, take);
        return absl::OkStatus();
      };
      return ReadPage(walk, request, page_size, page_token, matches);
    }
    return ReadPage(*store_, table_, walked, value, request, page_size, page_token, matches);
  }

  // The lock that serializes changes to resource `id`. Hold it to keep the resource as it is while
  // changing something that depends on it (a child record), and not while calling this store's
  // own methods for the same id.
  std::mutex& LockFor(absl::string_view id) { return locks_.For(id); }

  // Locks several resources at once (see KeyLocks::LockAll).
  std::vector<std::unique_lock<std::mutex>> LockAll(const std::vector<std::string>& ids) {
    return locks_.LockAll(ids);
  }

  // Adds the deletion of `resource` and its index entries to `batch`, for a caller that deletes
  // it together with something else (a parent and its children) and holds the locks needed.
  // Neither on_commit nor the resident copy hears of it: kinds with either are deleted by Delete.
  void DeleteInBatch(WriteBatch* batch, const T& resource) const {
    DeleteIndexes(batch, resource);
    table_.Delete(batch, resource.id());
    ids_->Retire(batch, resource.id());
    batch->Audit(Name(resource.id()), resource.etag(), "");
  }

  // OK when the current caller may change `resource` (see Config::scope): always for an unscoped
  // caller; a scoped editor gets PERMISSION_DENIED outside its scope and for a missing resource.
  absl::Status CheckScope(const absl::StatusOr<T>& resource) const {
    if (!CallerIsScoped()) return absl::OkStatus();
    if (!resource.ok()) return CheckInScope(resource.status());
    if (config_.scope == nullptr) return CheckInScope(ScopeTags{});
    return CheckInScope(config_.scope(*resource));
  }

  // The resource's name in the audit trail: "project/P00000001".
  std::string Name(absl::string_view id) const { return absl::StrCat(config_.kind, "/", id); }

  // Calls fn(value, id) for every entry of `index` until fn returns false; see Index::ScanAll.
  absl::Status ScanIndex(
      absl::string_view index,
      const std::function<bool(absl::string_view value, absl::string_view id)>& fn) const {
    auto it = indexes_.find(std::string(index));
    if (it == indexes_.end()) return absl::InternalError(absl::StrCat("no index ", index));
    return it->second.ScanAll(*store_, fn);
  }

  // Every resource under `value` in `index` (or every resource when index is empty), in id order.
  absl::StatusOr<std::vector<T>> All(absl::string_view index = "",
                                     absl::string_view value = "") const {
    std::vector<T> out;
    absl::Status read_error;
    absl::Status s;
    if (index.empty() && config_.resident) {
      resident_.Scan("", [&](const T& r) {
        out.push_back(r);
        return true;
      });
    } else if (index.empty()) {
      s = table_.Scan(*store_, "", "", [&](absl::string_view, const T& r) {
        out.push_back(r);
        return true;
      });
    } else {
      auto it = indexes_.find(std::string(index));
      if (it == indexes_.end()) return absl::InternalError(absl::StrCat("no index ", index));
      s = it->second.Scan(*store_, value, "", [&](absl::string_view id) {
        absl::StatusOr<T> r = table_.Get(*store_, id);
        if (!r.ok()) {
          read_error = r.status();
          return false;
        }
        out.push_back(*std::move(r));
        return true;
      });
    }
    if (!s.ok()) return s;
    if (!read_error.ok()) return read_error;
    return out;
  }

 private:
  // Mutate; when `unchanged_is_noop`, a change that leaves the resource as stored writes nothing
  // (no new etag, no audit entry, no extra writes) and returns it as stored.
  absl::StatusOr<T> Change(absl::string_view id, absl::string_view etag,
                           const std::function<absl::Status(T&)>& change, const ExtraWrites& extra,
                           bool unchanged_is_noop) {
    std::lock_guard<std::mutex> lock(locks_.For(id));
    absl::StatusOr<T> before = Get(id);
    if (absl::Status s = CheckScope(before); !s.ok()) return s;
    if (!before.ok()) return before.status();
    if (absl::Status s = CheckEtag(etag, before->etag(), config_.kind); !s.ok()) return s;
    T after = *before;
    if (absl::Status s = change(after); !s.ok()) return s;
    if (absl::Status s = CheckScope(after); !s.ok()) return s;  // nor move it out of scope
    if (unchanged_is_noop && google::protobuf::util::MessageDifferencer::Equals(*before, after)) {
      return before;
    }
    Stamp(*before, &after);
    WriteBatch batch;
    if (extra != nullptr) {
      if (absl::Status s = extra(&batch, &*before, &after); !s.ok()) return s;
    }
    PutChange(&batch, *before, after);
    if (absl::Status s = store_->Write(&batch); !s.ok()) return s;
    Committed(after.id(), &after);
    return after;
  }

  ResourceStore(Store* store, Config config, std::unique_ptr<IdSequence> ids)
      : store_(store),
        config_(std::move(config)),
        table_(config_.kind, config_.label),
        request_log_(absl::StrCat("Create.", config_.kind)),
        ids_(std::move(ids)) {
    for (const auto& [name, values] : config_.indexes) {
      indexes_.emplace(name, Index(absl::StrCat(config_.kind, ".", name)));
    }
  }

  // Deletes the index entries of this kind left on disk by a version that kept indexes for it
  // (all keys "~<kind>.*"): a resident kind has none, and nothing would ever read or remove them.
  absl::Status DropIndexKeys() {
    WriteBatch batch;
    int keys = 0;
    absl::Status scanned = store_->Scan(absl::StrCat("~", config_.kind, "."), "",
                                        [&](absl::string_view key, absl::string_view) {
                                          batch.Delete(key);
                                          ++keys;
                                          return true;
                                        });
    if (!scanned.ok() || keys == 0) return scanned;
    return store_->Write(&batch);
  }

  // After a commit that changed resource `id` (`after` is null on delete), under its lock.
  void Committed(const std::string& id, const T* after) {
    if (config_.resident) {
      if (after != nullptr) {
        resident_.Put(*after);
      } else {
        resident_.Erase(id);
      }
      resident_rows_->Set(static_cast<double>(resident_.size()));
    }
    if (config_.on_commit) config_.on_commit(id, after);
  }

  void PutIndexes(WriteBatch* batch, const T& resource) const {
    for (const auto& [name, values] : config_.indexes) {
      const Index& index = indexes_.at(name);
      for (const std::string& v : values(resource)) index.Put(batch, v, resource.id());
    }
  }
  void DeleteIndexes(WriteBatch* batch, const T& resource) const {
    for (const auto& [name, values] : config_.indexes) {
      const Index& index = indexes_.at(name);
      for (const std::string& v : values(resource)) index.Delete(batch, v, resource.id());
    }
  }

  // What every change of a stored resource sets: its id and creation time kept, its update time
  // now, the next etag.
  static void Stamp(const T& before, T* after) {
    after->set_id(before.id());
    *after->mutable_create_time() = before.create_time();
    *after->mutable_update_time() = Now();
    after->set_etag(NextEtag(before.etag()));
  }

  // The writes of one change: its indexes moved, the record, and its audit entry.
  void PutChange(WriteBatch* batch, const T& before, const T& after) const {
    DeleteIndexes(batch, before);  // deletes first: an entry both old and new survives
    PutIndexes(batch, after);
    table_.Put(batch, after.id(), after);
    batch->Audit(Name(after.id()), before.etag(), after.etag(), FieldChanges(before, after));
  }

  Store* const store_;
  const Config config_;
  const Table<T> table_;
  std::map<std::string, Index> indexes_;
  RequestLog request_log_;
  std::unique_ptr<IdSequence> ids_;
  KeyLocks locks_;
  ResidentTable<T> resident_;       // every record, when config_.resident
  Gauge* resident_rows_ = nullptr;  // its size, when resident
};

}  // namespace district

#endif  // DISTRICT_COMMON_RESOURCE_STORE_H_
