// Keeps a store writable on a disk that fills up, and lets it recover once space is freed.
//
// RocksDB meets a full disk badly: a failed write stops the database for writes until
// DB::Resume(), its own recovery waits for far more free space than a small disk may ever have,
// and a file writer used again after a failure aborts the process (Debian's build keeps
// assertions). So the committer asks Admit() before each group: a group is refused, not written,
// while the disk has less than `min_free_bytes` free, and after a failure the database is resumed
// here once the floor holds again. RocksDB's automatic recovery is turned off (this is an
// EventListener of the database) so that it never holds the resume.
//
// Thread-safe: Admit runs on the committer, the listener's callbacks on RocksDB's threads.
#ifndef DISTRICT_COMMON_DISK_GUARD_H_
#define DISTRICT_COMMON_DISK_GUARD_H_

#include <atomic>
#include <chrono>
#include <cstdint>
#include <mutex>
#include <string>

#include <rocksdb/db.h>
#include <rocksdb/listener.h>

namespace district {

class DiskGuard : public rocksdb::EventListener {
 public:
  // Guards the database at `path` (a directory on the disk to watch).
  DiskGuard(std::string path, uint64_t min_free_bytes);

  // OK when a group may be written to `db` now; else a NoSpace status that says why ("disk
  // full"). Resumes `db` first when a write or a background job failed since the last resume,
  // at most every kResumeInterval.
  rocksdb::Status Admit(rocksdb::DB* db);

  // Whether a write or background job failed and the database has not been resumed since:
  // the store then skips what would write to a failed file (e.g. the WAL flush at close).
  bool failed() const { return failed_.load(); }

  // Bytes free for an unprivileged writer on the disk holding the path; UINT64_MAX when unknown.
  uint64_t FreeBytes() const;

  // rocksdb::EventListener
  void OnBackgroundError(rocksdb::BackgroundErrorReason reason, rocksdb::Status* error) override;
  void OnErrorRecoveryBegin(rocksdb::BackgroundErrorReason reason, rocksdb::Status error,
                            bool* auto_recovery) override;

 private:
  static constexpr std::chrono::milliseconds kResumeInterval{250};

  const std::string path_;
  const uint64_t min_free_bytes_;
  std::atomic<bool> failed_{false};
  std::mutex mu_;  // guards the two below; taken by Admit only
  std::chrono::steady_clock::time_point last_resume_{};
  bool refusing_ = false;  // for logging once per episode, not once per write
};

}  // namespace district

#endif  // DISTRICT_COMMON_DISK_GUARD_H_
