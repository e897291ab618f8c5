// Counts and sums per value of a small dimension (a stage, a tier, a sector number), indexed by
// the value's number so that a pass over 10,000 rows does no lookups.
#ifndef DISTRICT_COMMON_TALLY_H_
#define DISTRICT_COMMON_TALLY_H_

#include <cstddef>
#include <cstdint>
#include <vector>

namespace district {

class Tally {
 public:
  struct Sum {
    int32_t count = 0;
    int64_t total = 0;
  };

  void Add(size_t key, int64_t amount) {
    if (key >= sums_.size()) sums_.resize(key + 1);
    ++sums_[key].count;
    sums_[key].total += amount;
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
