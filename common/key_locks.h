// Serializes read-modify-write cycles on the same record without a global lock.
#ifndef DISTRICT_COMMON_KEY_LOCKS_H_
#define DISTRICT_COMMON_KEY_LOCKS_H_

#include <array>

#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"

namespace district {

// A fixed set of mutexes striped by key hash. Two writers of the same key always share a mutex;
// writers of different keys rarely do, so RocksDB can still group their commits.
class KeyLocks {
 public:
  absl::Mutex& For(absl::string_view key);

 private:
  std::array<absl::Mutex, 256> stripes_;
};

}  // namespace district

#endif  // DISTRICT_COMMON_KEY_LOCKS_H_
