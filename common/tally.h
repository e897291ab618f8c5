// Counts and sums per value of a small dimension (a stage, a tier, a sector number), indexed by
// the value's number so that a pass over 10,000 rows does no lookups. An amount may be unknown:
// it is counted, not summed, and `known` says how many were summed.
//
// Not thread-safe: one per computation.
#ifndef DISTRICT_COMMON_TALLY_H_
#define DISTRICT_COMMON_TALLY_H_

#include <cstddef>
#include <cstdint>
#include <optional>
#include <vector>

#include "common/money.h"

namespace district {

class Tally {
 public:
  struct Sum {
    int32_t count = 0;
    int32_t known = 0;  // how many of the count had an amount
    CheckedSum total;   // the sum of the known amounts
  };

  void Add(size_t key, std::optional<int64_t> amount) {
    if (key >= sums_.size()) sums_.resize(key + 1);
    Sum& sum = sums_[key];
    ++sum.count;
    if (!amount.has_value()) return;
    ++sum.known;
    sum.total.Add(*amount);
  }

  // Whether a total went beyond int64 (see common/money.h).
  bool overflowed() const {
    for (const Sum& sum : sums_) {
      if (sum.total.overflowed()) return true;
    }
    return false;
  }

  // Calls emit(key, sum) for every key with a count, in key order.
  template <typename Emit>
  void ForEach(Emit emit) const {
    for (size_t key = 0; key < sums_.size(); ++key) {
      if (sums_[key].count > 0) emit(key, sums_[key]);
    }
  }

 private:
  std::vector<Sum> sums_;
};

}  // namespace district

#endif  // DISTRICT_COMMON_TALLY_H_
