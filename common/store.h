// The durable store every domain service keeps its records in: one RocksDB per service.
//
// Records are protobuf messages under string keys. A Table names a family of records keyed by id
// ("project/P00000001"); an Index maps a field value to the ids that have it, as empty-valued keys
// whose order gives List its stable order. Every mutation goes through one WriteBatch, so a record,
// its index entries and counters change together or not at all. Writes are fsynced by default;
// one committer thread writes all the batches waiting at once as one write and one fsync (group
// commit, common/group_commit.h).
//
// Thread-safety: a Store is safe to use from any number of threads; a WriteBatch belongs to one
// thread until it is written; Table and Index are immutable descriptions, safe to share;
// IdSequence::Next is safe from any thread. Ownership: a Store owns its RocksDB and its committer
// thread; everything that reads or writes through a Store* must be gone before the Store is.
// Errors: NOT_FOUND for an absent key, DATA_LOSS for bytes that do not parse, RESOURCE_EXHAUSTED
// ("disk full") when a write finds too little disk (common/disk_guard.h), UNAVAILABLE when
// RocksDB is busy, INTERNAL for any other RocksDB error.
#ifndef DISTRICT_COMMON_STORE_H_
#define DISTRICT_COMMON_STORE_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include <google/protobuf/message_lite.h>
#include <rocksdb/db.h>
#include <rocksdb/utilities/backup_engine.h>
#include <rocksdb/write_batch.h>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/string_view.h"
#include "common/errors.h"
#include "common/metrics.h"
#include "district/audit/v1/audit.pb.h"

namespace district {

// Mutations to apply atomically with Store::Write. Not thread-safe; moved into the store by a
// write.
class WriteBatch {
 public:
  void Put(absl::string_view key, const google::protobuf::MessageLite& value);
  void PutRaw(absl::string_view key, absl::string_view value);
  void Delete(absl::string_view key);
  // Raises the unsigned counter at `key` to at least `value`. Order-independent, so concurrent
  // batches may commit in any order and the stored counter is still their maximum.
  void RaiseCounter(absl::string_view key, uint64_t value);

  // Declares a change this batch makes to `resource` ("project/P00000001"), from etag `before`
  // ("" when created) to `after` ("" when deleted). Store::Write records it in the audit trail,
  // by the current caller, in this same atomic write. Every write a caller asks for declares the
  // resources it changes.
  // `fields` are what an update changed (common/field_changes.h), for the readable history.
  void Audit(std::string resource, std::string before, std::string after,
             std::vector<audit::v1::FieldChange> fields = {});

 private:
  friend class Store;
  friend class AuditLog;
  struct Change {
    std::string resource, before, after;
    std::vector<audit::v1::FieldChange> fields;
  };
  rocksdb::WriteBatch batch_;
  std::vector<Change> changes_;
};

// A RocksDB status as the suite's: NOT_FOUND, DATA_LOSS (corruption), RESOURCE_EXHAUSTED (no
// space: "disk full"), UNAVAILABLE (busy), INTERNAL (any other).
absl::Status FromRocks(const rocksdb::Status& s);

class AuditLog;
class DiskGuard;
class GroupCommitter;

// The database of one service. Thread-safe.
class Store {
 public:
  struct Options {
    std::string path;
    // Fsync the write-ahead log before acknowledging each write. Off trades durability on power
    // loss for speed; a crash of the process alone still loses nothing acknowledged.
    bool sync_writes = true;
    size_t block_cache_bytes = 64 << 20;
    // Writes are refused (RESOURCE_EXHAUSTED, "disk full") while the disk holding `path` has
    // fewer bytes free, and resume once it has more. 0: only a full disk refuses them.
    uint64_t min_free_bytes = 0;
  };

  // Opens (creating if missing) the database at options.path.
  static absl::StatusOr<std::unique_ptr<Store>> Open(const Options& options);

  Store(const Store&) = delete;
  Store& operator=(const Store&) = delete;
  ~Store();  // flushes and closes the database

  // Reads the message at `key`: NOT_FOUND when absent, DATA_LOSS when the bytes do not parse.
  absl::Status Get(absl::string_view key, google::protobuf::MessageLite* value) const;
  // Reads raw bytes at `key`; NOT_FOUND when absent.
  absl::StatusOr<std::string> GetRaw(absl::string_view key) const;
  // The counter at `key` (see WriteBatch::RaiseCounter), 0 when never set.
  absl::StatusOr<uint64_t> GetCounter(absl::string_view key) const;

  // Applies the batch, with the audit entries of the changes it declares, atomically and durably
  // (see Options::sync_writes), and returns when it has.
  absl::Status Write(WriteBatch* batch);

  // The same without waiting: `done` gets the result once the batch is durable, on the store's
  // committer thread; it must not block, nor wait for locks that writers hold while they wait
  // for their own writes. Batches become visible when durable, in the order they were given.
  void WriteAsync(WriteBatch batch, std::function<void(absl::Status)> done);

  // Takes a backup of the database into `engine` (common/backups.h) while writes go on: an image of
  // one instant, holding every write acknowledged before the call. Returns its id.
  absl::StatusOr<uint32_t> BackUp(rocksdb::BackupEngine* engine, const std::string& metadata);

  // This store's audit trail (common/audit_log.h).
  const AuditLog& audit() const { return *audit_; }

  // Calls fn(key, value) for each key starting with `prefix`, in key order, beginning after the key
  // `start_after` when it is not empty, until fn returns false.
  using ScanFn = std::function<bool(absl::string_view key, absl::string_view value)>;
  absl::Status Scan(absl::string_view prefix, absl::string_view start_after,
                    const ScanFn& fn) const;
  // The last key starting with `prefix`, in key order; "" when there is none.
  absl::StatusOr<std::string> LastKey(absl::string_view prefix) const;

 private:
  Store(std::unique_ptr<rocksdb::DB> db, bool sync_writes, std::shared_ptr<DiskGuard> guard);

  std::unique_ptr<rocksdb::DB> db_;
  std::shared_ptr<DiskGuard> guard_;  // also one of db_'s listeners
  const bool sync_writes_;
  std::unique_ptr<GroupCommitter> committer_;
  std::unique_ptr<AuditLog> audit_;
  std::unique_ptr<Registry::Collector> metrics_;  // the store's sizes, while open
};

// Hands out increasing ids ("P00000001") for the records of one kind, which live in the Table
// named after the kind ("project/P00000001"). Ids are never reused, even after deletes and
// crashes, yet a create writes nothing for its id: the highest id handed out and committed is the
// table's last key, unless that record was deleted, and a delete raises a counter to its id
// (Retire) in the same batch. Load takes the larger of the two. An id handed out whose record was
// never committed may be handed out again after a restart: nobody was told of it.
class IdSequence {
 public:
  // `kind` names the table and the counter; `prefix` starts every id ("P"), followed by `digits`
  // digits.
  static absl::StatusOr<std::unique_ptr<IdSequence>> Load(const Store& store,
                                                          absl::string_view kind,
                                                          absl::string_view prefix, int digits = 8);
  // Allocates the next id.
  std::string Next();
  // Records in `batch`, which deletes the record `id`, that `id` was handed out.
  void Retire(WriteBatch* batch, absl::string_view id) const;

 private:
  IdSequence(std::string counter_key, std::string prefix, int digits, uint64_t last);

  // The number in `id` ("P00000042" -> 42), if it is one of this sequence's.
  std::optional<uint64_t> Number(absl::string_view id) const;

  const std::string counter_key_;
  const std::string prefix_;
  const int digits_;
  std::atomic<uint64_t> last_;
};

// A family of records of message type T keyed by id: key "<name>/<id>". `label` is the record as
// the district names it ("投资月报"), for the zh-CN sentence of NOT_FOUND (common/errors.h).
template <typename T>
class Table {
 public:
  Table(std::string name, std::string label)
      : prefix_(absl::StrCat(name, "/")), name_(std::move(name)), label_(std::move(label)) {}

  std::string Key(absl::string_view id) const { return absl::StrCat(prefix_, id); }

  // NOT_FOUND names the table and id.
  absl::StatusOr<T> Get(const Store& store, absl::string_view id) const {
    T value;
    absl::Status s = store.Get(Key(id), &value);
    if (absl::IsNotFound(s)) {
      return NotFoundError(absl::StrCat(name_, " ", id, " not found"),
                           absl::StrCat("找不到", label_, " ", id));
    }
    if (!s.ok()) return s;
    return value;
  }
  void Put(WriteBatch* batch, absl::string_view id, const T& value) const {
    batch->Put(Key(id), value);
  }
  // Put, with the value already serialized.
  void PutSerialized(WriteBatch* batch, absl::string_view id, absl::string_view bytes) const {
    batch->PutRaw(Key(id), bytes);
  }
  void Delete(WriteBatch* batch, absl::string_view id) const { batch->Delete(Key(id)); }

  // Calls fn(id, record) for the records whose id starts with `id_prefix`, in id order, beginning
  // after `start_after_id` when it is not empty, until fn returns false.
  absl::Status Scan(const Store& store, absl::string_view id_prefix,
                    absl::string_view start_after_id,
                    const std::function<bool(absl::string_view id, const T&)>& fn) const {
    absl::Status parse_error;
    absl::Status s =
        store.Scan(Key(id_prefix), start_after_id.empty() ? "" : Key(start_after_id),
                   [&](absl::string_view key, absl::string_view bytes) {
                     T value;
                     if (!value.ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
                       parse_error = absl::DataLossError(absl::StrCat("unparsable record ", key));
                       return false;
                     }
                     return fn(key.substr(prefix_.size()), value);
                   });
    return s.ok() ? parse_error : s;
  }

 private:
  const std::string prefix_;
  const std::string name_;
  const std::string label_;
};

// A secondary index from a value (a stage, a leader's name, a year) to record ids, ordered by id.
// Key: "~<name>/" + <length of value> + ":" + value + id, so that no value is a prefix of another.
class Index {
 public:
  explicit Index(absl::string_view name) : prefix_(absl::StrCat("~", name, "/")) {}

  void Put(WriteBatch* batch, absl::string_view value, absl::string_view id) const;
  void Delete(WriteBatch* batch, absl::string_view value, absl::string_view id) const;

  // Calls fn(id) for the ids indexed under `value`, in id order, after `start_after_id`, until fn
  // returns false.
  absl::Status Scan(const Store& store, absl::string_view value, absl::string_view start_after_id,
                    const std::function<bool(absl::string_view id)>& fn) const;

  // Calls fn(value, id) for every entry until fn returns false. Entries come in value order, then
  // id order, when all values have one width (dates as "20200330").
  absl::Status ScanAll(
      const Store& store,
      const std::function<bool(absl::string_view value, absl::string_view id)>& fn) const;

 private:
  std::string ValuePrefix(absl::string_view value) const;

  const std::string prefix_;
};

}  // namespace district

#endif  // DISTRICT_COMMON_STORE_H_
