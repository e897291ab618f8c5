#include "common/money.h"

#include <cstdlib>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/errors.h"

namespace district {

absl::Status RequireYuan(int64_t yuan, absl::string_view field, absl::string_view label) {
  if (yuan >= 0 && yuan <= kMaxYuan) return absl::OkStatus();
  return FieldError(field, "must be between 0 and 10,000,000,000,000 yuan (10万亿元)",
                    absl::StrCat(label, "须在0至10万亿元之间"));
}

absl::Status SumOutOfRange(absl::string_view what, absl::string_view label) {
  return OutOfRangeError(
      absl::StrCat("the sum of ", what, " is beyond what int64 holds; no real district reaches it"),
      absl::StrCat(label, "合计超出可计算的范围，请检查是否有金额填写错误"));
}

std::string FormatYuan(int64_t yuan) {
  constexpr int64_t kYi = 100000000, kWan = 10000;
  if (yuan != 0 && yuan % kYi == 0) return absl::StrFormat("%d亿元", yuan / kYi);
  if (std::llabs(yuan) >= kYi) return absl::StrFormat("%.2f亿元", static_cast<double>(yuan) / kYi);
  if (yuan != 0 && yuan % kWan == 0) return absl::StrFormat("%d万元", yuan / kWan);
  return absl::StrFormat("%d元", yuan);
}

}  // namespace district
