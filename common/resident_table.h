// An in-memory copy of every record of one table, in id order, for a kind of resource whose
// records all fit in memory (a district's project register: thousands). Reads of such a kind parse
// nothing and touch no disk, and the kind needs no secondary indexes on disk: a List filters the
// records as it walks them, which at 10,000 records costs less than an index costs every write.
//
// The store stays the truth: ResourceStore loads the copy at open and replaces a record in it after
// each commit that changes the record, under the record's lock, so the copy follows the commits.
// Records are shared immutable snapshots: a reader keeps the version it found.
#ifndef DISTRICT_COMMON_RESIDENT_TABLE_H_
#define DISTRICT_COMMON_RESIDENT_TABLE_H_

#include <memory>
#include <mutex>
#include <shared_mutex>
#include <string>

#include "absl/container/btree_map.h"
#include "absl/strings/string_view.h"
#include "common/shared_mutex.h"

namespace district {

// Thread-safe: Find and walks share a SharedMutex; Put and Erase take it alone. A record found
// stays valid while its shared_ptr is held, whatever is written after.
template <typename T>
class ResidentTable {
 public:
  // The record `id`, or null.
  std::shared_ptr<const T> Find(absl::string_view id) const {
    std::shared_lock<SharedMutex> lock(mu_);
    auto it = records_.find(id);
    return it == records_.end() ? nullptr : it->second;
  }

  // How many records it holds.
  size_t size() const {
    std::shared_lock<SharedMutex> lock(mu_);
    return records_.size();
  }

  // Adds `record`, or replaces the one with its id.
  void Put(T record) {
    auto shared = std::make_shared<const T>(std::move(record));
    std::unique_lock<SharedMutex> lock(mu_);
    records_.insert_or_assign(shared->id(), std::move(shared));
  }

  void Erase(absl::string_view id) {
    std::unique_lock<SharedMutex> lock(mu_);
    records_.erase(std::string(id));
  }

  // Calls fn(const T&) for the records after `start_after_id` (from the first when empty), in id
  // order, until fn returns false. Writers wait until it returns.
  template <typename Fn>
  void Scan(absl::string_view start_after_id, Fn fn) const {
    std::shared_lock<SharedMutex> lock(mu_);
    for (auto it = records_.upper_bound(start_after_id); it != records_.end(); ++it) {
      if (!fn(*it->second)) return;
    }
  }

 private:
  mutable SharedMutex mu_;
  absl::btree_map<std::string, std::shared_ptr<const T>> records_;
};

}  // namespace district

#endif  // DISTRICT_COMMON_RESIDENT_TABLE_H_
