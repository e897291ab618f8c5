#include "common/money.h"

#include "absl/strings/str_cat.h"
#include "common/status.h"

namespace district {

absl::Status RequireYuan(int64_t yuan, absl::string_view field) {
  if (yuan >= 0 && yuan <= kMaxYuan) return absl::OkStatus();
  return FieldError(field, "must be between 0 and 10,000,000,000,000 yuan (10万亿元)");
}

absl::Status SumOutOfRange(absl::string_view what) {
  return absl::OutOfRangeError(absl::StrCat(
      "the sum of ", what, " is beyond what int64 holds; no real district reaches it"));
}

}  // namespace district
