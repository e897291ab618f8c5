#include "common/store.h"

#include <cstdarg>
#include <cstdio>
#include <cstring>
#include <filesystem>
#include <future>

#include <rocksdb/filter_policy.h>
#include <rocksdb/merge_operator.h>
#include <rocksdb/slice_transform.h>
#include <rocksdb/table.h>

#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_format.h"
#include "absl/strings/strip.h"
#include "common/audit_log.h"
#include "common/disk_guard.h"
#include "common/group_commit.h"
#include "common/log.h"
#include "common/metrics.h"
#include "common/zeroed_wal.h"

namespace district {

absl::Status FromRocks(const rocksdb::Status& s) {
  if (s.ok()) return absl::OkStatus();
  if (s.IsNoSpace()) {
    return absl::ResourceExhaustedError(absl::StrCat(
        "disk full: writes are refused until space is freed on the server (", s.ToString(), ")"));
  }
  if (s.IsNotFound()) return absl::NotFoundError(s.ToString());
  if (s.IsCorruption()) return absl::DataLossError(s.ToString());
  if (s.IsBusy() || s.IsTryAgain() || s.IsTimedOut()) return absl::UnavailableError(s.ToString());
  return absl::InternalError(s.ToString());
}

namespace {

std::string EncodeCounter(uint64_t v) {
  std::string out(8, '\0');
  for (int i = 0; i < 8; ++i) out[i] = static_cast<char>(v >> (8 * i));
  return out;
}

uint64_t DecodeCounter(const rocksdb::Slice& s) {
  if (s.size() != 8) return 0;
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i)
    v |= static_cast<uint64_t>(static_cast<unsigned char>(s[i])) << (8 * i);
  return v;
}

// Merges counter operands by taking the maximum, so RaiseCounter commutes.
class MaxCounterOperator : public rocksdb::AssociativeMergeOperator {
 public:
  bool Merge(const rocksdb::Slice& key, const rocksdb::Slice* existing, const rocksdb::Slice& value,
             std::string* new_value, rocksdb::Logger* logger) const override {
    uint64_t v = DecodeCounter(value);
    if (existing != nullptr) v = std::max(v, DecodeCounter(*existing));
    *new_value = EncodeCounter(v);
    return true;
  }
  const char* Name() const override { return "district.MaxCounter"; }
};

// The family of a key, within which keys are mostly written in increasing order: a table
// ("project/"), one value of an index ("~project.leader/9:王书记"), one counter ("!seq/project").
// RocksDB keeps an insert hint per family, so that appending to one skips most of the memtable
// search (a profile of durable creates had a quarter of the server's CPU in that search).
// Request-id records ("!req/...") come in any order and have no family.
class KeyFamily : public rocksdb::SliceTransform {
 public:
  const char* Name() const override { return "district.KeyFamily"; }
  rocksdb::Slice Transform(const rocksdb::Slice& key) const override {
    return rocksdb::Slice(key.data(), FamilyLength(key));
  }
  bool InDomain(const rocksdb::Slice& key) const override { return FamilyLength(key) > 0; }

 private:
  // 0 when the key has no family.
  static size_t FamilyLength(const rocksdb::Slice& key) {
    const absl::string_view k(key.data(), key.size());
    if (absl::StartsWith(k, "!seq/")) return k.size();
    if (absl::StartsWith(k, "!")) return 0;
    const size_t slash = k.find('/');
    if (slash == absl::string_view::npos) return 0;
    if (k[0] != '~') return slash + 1;
    // "~<index>/<length>:<value><id>" (see Index): the family ends with the value.
    const size_t colon = k.find(':', slash);
    size_t length = 0;
    if (colon == absl::string_view::npos ||
        !absl::SimpleAtoi(k.substr(slash + 1, colon - slash - 1), &length) ||
        length > k.size() - colon - 1) {
      return 0;
    }
    return colon + 1 + length;
  }
};

// The smallest key greater than every key starting with `prefix`: prefix with its last byte below
// 0xff incremented; "" (no bound) when there is none.
std::string PrefixEnd(absl::string_view prefix) {
  std::string end(prefix);
  while (!end.empty() && static_cast<unsigned char>(end.back()) == 0xff) end.pop_back();
  if (!end.empty()) end.back() = static_cast<char>(end.back() + 1);
  return end;
}

// RocksDB's messages at WARN and above, in the server's own log: none in a LOG file on the
// data disk, where a full disk would fail the logger and the next line would abort the process.
class StderrLogger : public rocksdb::Logger {
 public:
  StderrLogger() : Logger(rocksdb::InfoLogLevel::WARN_LEVEL) {}
  using rocksdb::Logger::Logv;
  void Logv(const char* format, va_list ap) override {
    char line[1024];
    vsnprintf(line, sizeof line, format, ap);
    LogWarning(absl::StrCat("rocksdb: ", line));
  }
};

// Counts the times RocksDB began to slow or stop writes (too many memtables or level-0 files,
// too much compaction debt).
class StallCounter : public rocksdb::EventListener {
 public:
  void OnStallConditionsChanged(const rocksdb::WriteStallInfo& info) override {
    static Counter* const stalls = Metrics().GetCounter(
        "district_rocksdb_write_stalls_total",
        "Times RocksDB began to delay or stop writes (memtables, level-0 files, compaction debt).",
        {});
    if (info.condition.prev == rocksdb::WriteStallCondition::kNormal &&
        info.condition.cur != rocksdb::WriteStallCondition::kNormal) {
      stalls->Increment();
    }
  }
};

// The store's sizes and state, read from RocksDB's properties at each scrape.
class StoreMetrics : public prometheus::Collectable {
 public:
  explicit StoreMetrics(rocksdb::DB* db) : db_(db) {}

  std::vector<prometheus::MetricFamily> Collect() const override {
    struct Property {
      const char* rocksdb;
      const char* name;
      const char* help;
    };
    static const Property kProperties[] = {
        {"rocksdb.live-sst-files-size", "district_rocksdb_live_sst_bytes",
         "Bytes of the table files holding the store's current data."},
        {"rocksdb.total-sst-files-size", "district_rocksdb_sst_bytes",
         "Bytes of all table files, with those kept for snapshots, iterators and backups."},
        {"rocksdb.cur-size-all-mem-tables", "district_rocksdb_memtable_bytes",
         "Bytes of the memtables (writes not yet flushed to tables)."},
        {"rocksdb.estimate-pending-compaction-bytes", "district_rocksdb_pending_compaction_bytes",
         "Bytes compaction estimates it must rewrite to bring the levels within their targets."},
        {"rocksdb.estimate-num-keys", "district_rocksdb_estimated_keys",
         "Keys in the store (an estimate): records, index entries and audit entries."},
        {"rocksdb.is-write-stopped", "district_rocksdb_write_stopped",
         "1 while RocksDB stops writes (a stall), else 0."},
        {"rocksdb.actual-delayed-write-rate", "district_rocksdb_delayed_write_rate_bytes",
         "The rate writes are held to while RocksDB delays them; 0 when it does not."},
        {"rocksdb.num-running-compactions", "district_rocksdb_running_compactions",
         "Compactions running now."},
    };
    std::vector<prometheus::MetricFamily> out;
    for (const Property& p : kProperties) {
      uint64_t value = 0;
      if (!db_->GetIntProperty(p.rocksdb, &value)) continue;
      out.push_back(OneSampleFamily(p.name, p.help, prometheus::MetricType::Gauge,
                                    static_cast<double>(value)));
    }
    return out;
  }

 private:
  rocksdb::DB* const db_;
};

}  // namespace

void WriteBatch::Put(absl::string_view key, const google::protobuf::MessageLite& value) {
  PutRaw(key, value.SerializeAsString());
}

void WriteBatch::PutRaw(absl::string_view key, absl::string_view value) {
  batch_.Put(rocksdb::Slice(key.data(), key.size()), rocksdb::Slice(value.data(), value.size()));
}

void WriteBatch::Delete(absl::string_view key) {
  batch_.Delete(rocksdb::Slice(key.data(), key.size()));
}

void WriteBatch::RaiseCounter(absl::string_view key, uint64_t value) {
  batch_.Merge(rocksdb::Slice(key.data(), key.size()), EncodeCounter(value));
}

void WriteBatch::Audit(std::string resource, std::string before, std::string after,
                       std::vector<audit::v1::FieldChange> fields) {
  changes_.push_back({std::move(resource), std::move(before), std::move(after), std::move(fields)});
}

absl::StatusOr<std::unique_ptr<Store>> Store::Open(const Options& options) {
  if (options.path.empty()) return absl::InvalidArgumentError("data_dir: must not be empty");
  std::error_code error;
  std::filesystem::create_directories(options.path, error);  // RocksDB makes only the last level
  if (error) {
    return absl::FailedPreconditionError(
        absl::StrCat("creating ", options.path, ": ", error.message()));
  }
  rocksdb::Options db_options;
  db_options.create_if_missing = true;
  db_options.merge_operator = std::make_shared<MaxCounterOperator>();
  db_options.IncreaseParallelism(2);
  db_options.OptimizeLevelStyleCompaction();
  // Memtables far smaller than that preset's (the district's data is small): a flush needs at most
  // one memtable's worth of free disk, well within the free-space floor (common/disk_guard.h).
  db_options.write_buffer_size = 16 << 20;
  db_options.min_write_buffer_number_to_merge = 1;
  db_options.max_write_buffer_number = 4;
  // No fallocate: RocksDB would reserve 1.1 memtables of disk for each WAL file up front, which on
  // a small disk is most of it; the WAL gets its space a megabyte at a time from the zeros laid
  // ahead of it instead (below).
  db_options.allow_fallocate = false;
  // One thread writes (the committer, group_commit.h): no concurrent memtable inserts to allow
  // for, and nobody to spin for.
  db_options.allow_concurrent_memtable_write = false;
  db_options.enable_write_thread_adaptive_yield = false;
  db_options.memtable_insert_with_hint_prefix_extractor = std::make_shared<KeyFamily>();
  // A Bloom filter over the memtable's keys: a key that is not there (a request_id never seen,
  // as every create looks up) is known absent without a search of the memtable.
  db_options.memtable_whole_key_filtering = true;
  db_options.memtable_prefix_bloom_size_ratio = 0.02;
  if (options.sync_writes) {
    // The WAL is written over zeros, so that each group's fdatasync writes its data alone
    // (common/zeroed_wal.h). One environment for every store of the process, never destroyed,
    // like RocksDB's default one.
    static rocksdb::Env* const zeroed_wal_env =
        rocksdb::NewCompositeEnv(NewZeroedWalFileSystem(rocksdb::FileSystem::Default())).release();
    db_options.env = zeroed_wal_env;
  }
  db_options.info_log = std::make_shared<StderrLogger>();
  // Recovery replays the WAL into the memtable instead of writing it to a table first, so that a
  // server comes back on a disk with little space left.
  db_options.avoid_flush_during_recovery = true;
  auto guard = std::make_shared<DiskGuard>(options.path, options.min_free_bytes);
  db_options.listeners.push_back(guard);
  db_options.listeners.push_back(std::make_shared<StallCounter>());
  rocksdb::BlockBasedTableOptions table_options;
  table_options.block_cache = rocksdb::NewLRUCache(options.block_cache_bytes);
  table_options.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  db_options.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table_options));

  rocksdb::DB* raw = nullptr;
  rocksdb::Status s = rocksdb::DB::Open(db_options, options.path, &raw);
  if (!s.ok()) {
    return absl::Status(FromRocks(s).code(),
                        absl::StrCat("opening store at ", options.path, ": ", s.ToString()));
  }
  std::unique_ptr<Store> store(
      new Store(std::unique_ptr<rocksdb::DB>(raw), options.sync_writes, std::move(guard)));
  absl::StatusOr<std::unique_ptr<AuditLog>> audit = AuditLog::Load(*store);
  if (!audit.ok()) return audit.status();
  store->audit_ = *std::move(audit);
  // One store per server process: a second open store would repeat these families.
  store->metrics_ = Metrics().AddCollector(std::make_unique<StoreMetrics>(store->db_.get()));
  return store;
}

Store::Store(std::unique_ptr<rocksdb::DB> db, bool sync_writes, std::shared_ptr<DiskGuard> guard)
    : db_(std::move(db)),
      guard_(std::move(guard)),
      sync_writes_(sync_writes),
      committer_(std::make_unique<GroupCommitter>(db_.get(), sync_writes,
                                                  [this] { return guard_->Admit(db_.get()); })) {}

Store::~Store() {
  metrics_.reset();    // no scrape reads the database from here on
  committer_.reset();  // writes what is queued first
  if (db_ != nullptr) {
    // Synced writes are durable already; and a WAL whose write failed must not be written again.
    if (!sync_writes_ && !guard_->failed()) db_->FlushWAL(/*sync=*/true).PermitUncheckedError();
    db_->Close().PermitUncheckedError();
  }
}

absl::Status Store::Get(absl::string_view key, google::protobuf::MessageLite* value) const {
  rocksdb::PinnableSlice bytes;
  rocksdb::Status s = db_->Get(rocksdb::ReadOptions(), db_->DefaultColumnFamily(),
                               rocksdb::Slice(key.data(), key.size()), &bytes);
  if (!s.ok()) return FromRocks(s);
  if (!value->ParseFromArray(bytes.data(), static_cast<int>(bytes.size()))) {
    return absl::DataLossError(absl::StrCat("unparsable record ", key));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> Store::GetRaw(absl::string_view key) const {
  std::string bytes;
  rocksdb::Status s =
      db_->Get(rocksdb::ReadOptions(), rocksdb::Slice(key.data(), key.size()), &bytes);
  if (!s.ok()) return FromRocks(s);
  return bytes;
}

absl::StatusOr<uint64_t> Store::GetCounter(absl::string_view key) const {
  absl::StatusOr<std::string> bytes = GetRaw(key);
  if (absl::IsNotFound(bytes.status())) return 0;
  if (!bytes.ok()) return bytes.status();
  return DecodeCounter(*bytes);
}

absl::Status Store::Write(WriteBatch* batch) {
  if (committer_->OnCommitterThread()) {  // it would wait for itself
    return absl::InternalError("Store::Write called from a write's callback; use WriteAsync");
  }
  std::promise<absl::Status> written;
  WriteAsync(std::move(*batch), [&written](absl::Status s) { written.set_value(std::move(s)); });
  return written.get_future().get();
}

void Store::WriteAsync(WriteBatch batch, std::function<void(absl::Status)> done) {
  static Counter* const audited = Metrics().GetCounter(
      "district_audit_entries_written_total", "Audit entries written with their changes.", {});
  const size_t entries = batch.changes_.size();
  audit_->Seal(&batch);  // here, on the caller's thread, which knows who the caller is
  committer_->Submit(std::move(batch.batch_),
                     [done = std::move(done), entries](const rocksdb::Status& s) {
                       if (s.ok()) audited->Increment(entries);
                       done(FromRocks(s));
                     });
}

absl::StatusOr<uint32_t> Store::BackUp(rocksdb::BackupEngine* engine, const std::string& metadata) {
  rocksdb::CreateBackupOptions options;
  options.flush_before_backup = true;  // the backup holds tables, and the WAL written since
  rocksdb::BackupID id = 0;
  const rocksdb::Status s = engine->CreateNewBackupWithMetadata(options, db_.get(), metadata, &id);
  if (!s.ok()) return FromRocks(s);
  return id;
}

absl::StatusOr<std::string> Store::LastKey(absl::string_view prefix) const {
  const std::string upper = PrefixEnd(prefix);
  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(rocksdb::ReadOptions()));
  if (upper.empty()) {
    it->SeekToLast();
  } else {
    it->SeekForPrev(upper);  // the last key <= upper
    if (it->Valid() && it->key() == rocksdb::Slice(upper)) it->Prev();
  }
  if (!it->status().ok()) return FromRocks(it->status());
  if (!it->Valid() || !it->key().starts_with(rocksdb::Slice(prefix.data(), prefix.size()))) {
    return std::string();
  }
  return it->key().ToString();
}

absl::Status Store::Scan(absl::string_view prefix, absl::string_view start_after,
                         const ScanFn& fn) const {
  rocksdb::ReadOptions read_options;
  const std::string upper = PrefixEnd(prefix);
  rocksdb::Slice upper_slice(upper);
  if (!upper.empty()) read_options.iterate_upper_bound = &upper_slice;

  std::unique_ptr<rocksdb::Iterator> it(db_->NewIterator(read_options));
  if (start_after.empty()) {
    it->Seek(rocksdb::Slice(prefix.data(), prefix.size()));
  } else {
    it->Seek(rocksdb::Slice(start_after.data(), start_after.size()));
    if (it->Valid() && it->key() == rocksdb::Slice(start_after.data(), start_after.size())) {
      it->Next();
    }
  }
  for (; it->Valid(); it->Next()) {
    const rocksdb::Slice k = it->key();
    if (!k.starts_with(rocksdb::Slice(prefix.data(), prefix.size()))) break;
    const rocksdb::Slice v = it->value();
    if (!fn(absl::string_view(k.data(), k.size()), absl::string_view(v.data(), v.size()))) break;
  }
  return FromRocks(it->status());
}

absl::StatusOr<std::unique_ptr<IdSequence>> IdSequence::Load(const Store& store,
                                                             absl::string_view kind,
                                                             absl::string_view prefix, int digits) {
  std::string counter_key = absl::StrCat("!seq/", kind);
  absl::StatusOr<uint64_t> retired = store.GetCounter(counter_key);
  if (!retired.ok()) return retired.status();
  const std::string table = absl::StrCat(kind, "/");
  absl::StatusOr<std::string> last_key = store.LastKey(table);
  if (!last_key.ok()) return last_key.status();
  std::unique_ptr<IdSequence> ids(
      new IdSequence(std::move(counter_key), std::string(prefix), digits, *retired));
  if (!last_key->empty()) {
    const std::optional<uint64_t> n =
        ids->Number(absl::string_view(*last_key).substr(table.size()));
    if (!n.has_value()) {
      return absl::DataLossError(absl::StrCat("id sequence ", kind, ": last record key \"",
                                              *last_key, "\" holds no id of the form ", prefix,
                                              std::string(digits, '0')));
    }
    if (*n > ids->last_) ids->last_ = *n;
  }
  return ids;
}

IdSequence::IdSequence(std::string counter_key, std::string prefix, int digits, uint64_t last)
    : counter_key_(std::move(counter_key)),
      prefix_(std::move(prefix)),
      digits_(digits),
      last_(last) {}

std::optional<uint64_t> IdSequence::Number(absl::string_view id) const {
  uint64_t n = 0;
  if (!absl::ConsumePrefix(&id, prefix_) || !absl::SimpleAtoi(id, &n)) return std::nullopt;
  return n;
}

std::string IdSequence::Next() {
  const uint64_t n = last_.fetch_add(1) + 1;
  // Fixed width keeps key order equal to creation order.
  return absl::StrFormat("%s%0*d", prefix_, digits_, n);
}

void IdSequence::Retire(WriteBatch* batch, absl::string_view id) const {
  if (const std::optional<uint64_t> n = Number(id)) batch->RaiseCounter(counter_key_, *n);
}

std::string Index::ValuePrefix(absl::string_view value) const {
  return absl::StrCat(prefix_, value.size(), ":", value);
}

void Index::Put(WriteBatch* batch, absl::string_view value, absl::string_view id) const {
  batch->PutRaw(absl::StrCat(ValuePrefix(value), id), "");
}

void Index::Delete(WriteBatch* batch, absl::string_view value, absl::string_view id) const {
  batch->Delete(absl::StrCat(ValuePrefix(value), id));
}

absl::Status Index::Scan(const Store& store, absl::string_view value,
                         absl::string_view start_after_id,
                         const std::function<bool(absl::string_view id)>& fn) const {
  const std::string prefix = ValuePrefix(value);
  const std::string start = start_after_id.empty() ? "" : absl::StrCat(prefix, start_after_id);
  return store.Scan(prefix, start, [&](absl::string_view key, absl::string_view) {
    return fn(key.substr(prefix.size()));
  });
}

absl::Status Index::ScanAll(
    const Store& store,
    const std::function<bool(absl::string_view value, absl::string_view id)>& fn) const {
  absl::Status malformed;
  absl::Status s = store.Scan(prefix_, "", [&](absl::string_view key, absl::string_view) {
    absl::string_view rest = key.substr(prefix_.size());
    const size_t colon = rest.find(':');
    size_t length = 0;
    if (colon == absl::string_view::npos || !absl::SimpleAtoi(rest.substr(0, colon), &length) ||
        rest.size() < colon + 1 + length) {
      malformed = absl::DataLossError(absl::StrCat("malformed index key ", key));
      return false;
    }
    return fn(rest.substr(colon + 1, length), rest.substr(colon + 1 + length));
  });
  return s.ok() ? malformed : s;
}

}  // namespace district
