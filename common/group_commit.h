// Group commit by one thread: batches queued from any thread are written by a committer thread,
// all those waiting at once as one RocksDB write and one fsync, and each submitter hears of its
// batch's result through a callback, run on the committer after the group is durable.
//
// Every write of a Store goes through it: Store::Write waits for the callback, Store::WriteAsync
// does not, so that a create can queue its batch, give its thread back to gRPC and be finished by
// the committer. Against RocksDB's own group commit (a thread per waiting writer, each woken
// when its group is durable) this costs a server far less CPU per durable write (bench/RESULTS.md,
// "Design measurements"). Batches in one group become
// visible together, after their fsync. The callbacks run in order, before the next group is
// written, so a change made after seeing a batch's result is written after that callback.
#ifndef DISTRICT_COMMON_GROUP_COMMIT_H_
#define DISTRICT_COMMON_GROUP_COMMIT_H_

#include <condition_variable>
#include <functional>
#include <mutex>
#include <thread>
#include <vector>

#include <rocksdb/db.h>
#include <rocksdb/write_batch.h>

namespace district {

// Thread-safe: Submit from any thread. Owns its thread; the DB is not owned.
class GroupCommitter {
 public:
  using Done = std::function<void(const rocksdb::Status&)>;
  // Asked before each group is written: a status other than OK fails the group's batches with it,
  // unwritten (see common/disk_guard.h).
  using Admit = std::function<rocksdb::Status()>;

  // Writes to `db` (not owned; it must outlive this), fsyncing each group when `sync`.
  GroupCommitter(rocksdb::DB* db, bool sync, Admit admit = nullptr);
  // Writes what is queued, calls back, and stops the thread.
  ~GroupCommitter();

  // Queues `batch`; `done` runs on the committer thread once the group holding it is written
  // (and durable, with sync), in the order of submission. `done` must not block.
  void Submit(rocksdb::WriteBatch batch, Done done);

  // Whether the caller is the committer thread, i.e. inside a callback.
  bool OnCommitterThread() const { return std::this_thread::get_id() == thread_.get_id(); }

 private:
  struct Pending {
    rocksdb::WriteBatch batch;
    Done done;
  };

  void Loop();
  rocksdb::Status WriteGroup(std::vector<Pending>& group);
  rocksdb::Status WriteGroupNow(std::vector<Pending>& group);  // WriteGroup, unmeasured

  rocksdb::DB* const db_;
  const Admit admit_;
  rocksdb::WriteOptions options_;
  std::mutex mu_;
  std::condition_variable ready_;
  std::vector<Pending> queue_;
  bool stopping_ = false;
  std::thread thread_;
};

}  // namespace district

#endif  // DISTRICT_COMMON_GROUP_COMMIT_H_
