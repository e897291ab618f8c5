// In-memory rows derived from stored records, for statistics that must not parse a whole table
// from disk on every call. The store stays the truth: a service fills the table from it at
// start-up and replaces a record's row after each commit that changes the record (ResourceStore's
// on_commit runs under the record's lock, so rows follow the commit order).
#ifndef DISTRICT_COMMON_FACT_TABLE_H_
#define DISTRICT_COMMON_FACT_TABLE_H_

#include <mutex>
#include <shared_mutex>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"

namespace district {

template <typename Row>
class FactTable {
 public:
  void Put(absl::string_view id, Row row) {
    std::unique_lock<std::shared_mutex> lock(mu_);
    rows_[id] = std::move(row);
  }
  void Erase(absl::string_view id) {
    std::unique_lock<std::shared_mutex> lock(mu_);
    rows_.erase(id);
  }
  // Calls fn(Row&) on the row of `id`, if there is one.
  template <typename Fn>
  void Modify(absl::string_view id, Fn fn) {
    std::unique_lock<std::shared_mutex> lock(mu_);
    auto it = rows_.find(id);
    if (it != rows_.end()) fn(it->second);
  }
  // A copy of every row by id; for small tables (parks, buildings), where a rollup needs ids.
  absl::flat_hash_map<std::string, Row> Snapshot() const {
    std::shared_lock<std::shared_mutex> lock(mu_);
    return rows_;
  }
  // Calls fn(const Row&) for every row, in no particular order. Writers wait until it returns.
  template <typename Fn>
  void ForEach(Fn fn) const {
    std::shared_lock<std::shared_mutex> lock(mu_);
    for (const auto& [id, row] : rows_) fn(row);
  }

 private:
  mutable std::shared_mutex mu_;
  absl::flat_hash_map<std::string, Row> rows_;
};

}  // namespace district

#endif  // DISTRICT_COMMON_FACT_TABLE_H_
