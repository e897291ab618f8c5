// Money in whole yuan, bounded, and summed without wrapping.
//
// Every amount a client sends is at most kMaxYuan (10万亿元, ten trillion yuan: more than any one
// project, lead, building or target of a district, and than a province's yearly investment), and
// a stored running total (a project's investment to date) is held to the same bound. Sums over
// many records (statistics, views) use CheckedSum, which reports an overflow instead of wrapping
// (signed overflow is undefined behaviour in C++): with bounded amounts it would take about a
// million records at the bound to reach int64's limit, and the caller then answers OUT_OF_RANGE.
//
// Stateless functions and a value type; safe from any thread.
//
// Pure functions and a value type (CheckedSum, one per sum): thread-compatible.
#ifndef DISTRICT_COMMON_MONEY_H_
#define DISTRICT_COMMON_MONEY_H_

#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace district {

inline constexpr int64_t kMaxYuan = 10'000'000'000'000;  // 10^13 yuan = 10万亿元

// OK for 0..kMaxYuan; INVALID_ARGUMENT naming `field` otherwise, with `label` (the amount as the
// district names it, "总投资") in its zh-CN sentence (common/validation.h).
absl::Status RequireYuan(int64_t yuan, absl::string_view field, absl::string_view label);

// A sum of int64 values that notes, rather than commits, an overflow.
class CheckedSum {
 public:
  CheckedSum() = default;
  explicit CheckedSum(int64_t start) : value_(start) {}

  void Add(int64_t amount) {
    int64_t next;
    if (__builtin_add_overflow(value_, amount, &next)) {
      overflowed_ = true;
    } else {
      value_ = next;
    }
  }

  int64_t value() const { return value_; }
  bool overflowed() const { return overflowed_; }

 private:
  int64_t value_ = 0;
  bool overflowed_ = false;
};

// OUT_OF_RANGE naming `what` (a sum no real district reaches; `label` is it in Chinese,
// "各园区税收"), for callers whose sum overflowed.
absl::Status SumOutOfRange(absl::string_view what, absl::string_view label);

// Yuan in the units the district reports in, for text read by people (districtctl's tables, the
// lights' reasons): "691亿元", "1.30亿元", "5000万元", "12000元".
std::string FormatYuan(int64_t yuan);

}  // namespace district

#endif  // DISTRICT_COMMON_MONEY_H_
