// In-memory rows derived from stored records, for statistics that must not parse a whole table
// from disk on every call. The store stays the truth: a service fills the table from it at
// start-up and replaces a record's row after each commit that changes the record (ResourceStore
// calls on_commit in the order of the commits, so rows follow them).
//
// Rows live in one contiguous vector, so that a statistics pass over 10,000 of them is a linear
// walk through memory rather than a hash-table walk.
#ifndef DISTRICT_COMMON_FACT_TABLE_H_
#define DISTRICT_COMMON_FACT_TABLE_H_

#include <mutex>
#include <optional>
#include <shared_mutex>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "common/shared_mutex.h"

namespace district {

// Thread-safe: readers share a SharedMutex, Put/Erase/Modify take it alone (they run on the
// store's committer after each commit).
template <typename Row>
class FactTable {
 public:
  void Put(absl::string_view id, Row row) {
    std::unique_lock<SharedMutex> lock(mu_);
    auto [it, inserted] = index_.try_emplace(id, rows_.size());
    if (inserted) {
      rows_.push_back(std::move(row));
      ids_.emplace_back(id);
    } else {
      rows_[it->second] = std::move(row);
    }
  }
  void Erase(absl::string_view id) {
    std::unique_lock<SharedMutex> lock(mu_);
    auto it = index_.find(id);
    if (it == index_.end()) return;
    const size_t at = it->second;
    index_.erase(it);
    if (at + 1 != rows_.size()) {  // move the last row into the hole
      rows_[at] = std::move(rows_.back());
      ids_[at] = std::move(ids_.back());
      index_[ids_[at]] = at;
    }
    rows_.pop_back();
    ids_.pop_back();
  }
  // Calls fn(Row&) on the row of `id`, if there is one.
  template <typename Fn>
  void Modify(absl::string_view id, Fn fn) {
    std::unique_lock<SharedMutex> lock(mu_);
    auto it = index_.find(id);
    if (it != index_.end()) fn(rows_[it->second]);
  }
  // A copy of the row of `id`, if there is one.
  std::optional<Row> Find(absl::string_view id) const {
    std::shared_lock<SharedMutex> lock(mu_);
    auto it = index_.find(id);
    if (it == index_.end()) return std::nullopt;
    return rows_[it->second];
  }
  // A copy of every row by id; for small tables (parks, buildings), where a rollup needs ids.
  absl::flat_hash_map<std::string, Row> Snapshot() const {
    std::shared_lock<SharedMutex> lock(mu_);
    absl::flat_hash_map<std::string, Row> copy;
    for (size_t i = 0; i < rows_.size(); ++i) copy.emplace(ids_[i], rows_[i]);
    return copy;
  }
  size_t size() const {
    std::shared_lock<SharedMutex> lock(mu_);
    return rows_.size();
  }
  // Calls fn(const Row&) for every row, in no particular order. Writers wait until it returns.
  template <typename Fn>
  void ForEach(Fn fn) const {
    std::shared_lock<SharedMutex> lock(mu_);
    for (const Row& row : rows_) fn(row);
  }
  // Calls fn(const std::string& id, const Row&) for every row, in no particular order.
  template <typename Fn>
  void ForEachWithId(Fn fn) const {
    std::shared_lock<SharedMutex> lock(mu_);
    for (size_t i = 0; i < rows_.size(); ++i) fn(ids_[i], rows_[i]);
  }

 private:
  mutable SharedMutex mu_;
  std::vector<Row> rows_;
  std::vector<std::string> ids_;                    // ids_[i] is the id of rows_[i]
  absl::flat_hash_map<std::string, size_t> index_;  // id -> position in rows_
};

}  // namespace district

#endif  // DISTRICT_COMMON_FACT_TABLE_H_
