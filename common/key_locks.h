// Serializes read-modify-write cycles on the same record without a global lock.
#ifndef DISTRICT_COMMON_KEY_LOCKS_H_
#define DISTRICT_COMMON_KEY_LOCKS_H_

#include <array>
#include <mutex>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"

namespace district {

// A fixed set of mutexes striped by key hash. Two writers of the same key always share a mutex;
// writers of different keys rarely do, so the store's committer can still group their commits
// (common/group_commit.h).
// Thread-safe.
class KeyLocks {
 public:
  // The mutex of `key`'s stripe: the same mutex for the same key, always. Lock it around one
  // read-check-write cycle; never hold two (use LockAll) nor wait for a write's callback under it.
  std::mutex& For(absl::string_view key);

  // Locks the stripes of all `keys`, each once, in stripe order, so that two callers locking
  // overlapping sets never deadlock. The locks are released when the returned vector goes.
  std::vector<std::unique_lock<std::mutex>> LockAll(const std::vector<std::string>& keys);

 private:
  // std::mutex: callers hold a stripe through std::lock_guard or the std::unique_locks of
  // LockAll, and nothing here needs absl::Mutex's conditions or reader locks.
  std::array<std::mutex, 256> stripes_;
};

}  // namespace district

#endif  // DISTRICT_COMMON_KEY_LOCKS_H_
