#include "common/validation.h"

#include <cmath>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "common/errors.h"

namespace district {

namespace {

// Whether `value` shows nothing: only spaces (ASCII, no-break, ideographic) and zero-width
// characters (U+200B..U+200D, U+2060, U+FEFF).
bool Blank(absl::string_view value) {
  static constexpr absl::string_view kInvisible[] = {"\xC2\xA0",     "\xE3\x80\x80", "\xE2\x80\x8B",
                                                     "\xE2\x80\x8C", "\xE2\x80\x8D", "\xE2\x81\xA0",
                                                     "\xEF\xBB\xBF"};
  while (!value.empty()) {
    if (absl::ascii_isspace(static_cast<unsigned char>(value[0]))) {
      value.remove_prefix(1);
      continue;
    }
    bool skipped = false;
    for (absl::string_view c : kInvisible) {
      if (absl::ConsumePrefix(&value, c)) {
        skipped = true;
        break;
      }
    }
    if (!skipped) return false;
  }
  return true;
}

}  // namespace

absl::Status RequireNonEmpty(absl::string_view value, absl::string_view field,
                             absl::string_view label) {
  if (value.empty()) return FieldError(field, "must not be empty", absl::StrCat(label, "不能为空"));
  if (Blank(value)) {
    return FieldError(field, "must show something: only spaces or invisible characters",
                      absl::StrCat(label, "不能只有空格或看不见的字符"));
  }
  return RequireMaxLength(value, field, label);
}

absl::Status RequireMaxLength(absl::string_view value, absl::string_view field,
                              absl::string_view label, size_t max_bytes) {
  if (value.size() > max_bytes) {
    return FieldError(
        field, absl::StrCat("must be at most ", max_bytes, " bytes"),
        absl::StrCat(label, "太长：最多", max_bytes, "字节（约", max_bytes / 3, "个汉字）"));
  }
  return absl::OkStatus();
}

absl::Status RequireNonNegative(int64_t value, absl::string_view field, absl::string_view label) {
  if (value < 0) {
    return FieldError(field, "must not be negative", absl::StrCat(label, "不能为负数"));
  }
  return absl::OkStatus();
}

absl::Status RequireNonNegative(double value, absl::string_view field, absl::string_view label) {
  if (!std::isfinite(value)) {
    return FieldError(field, "must be a finite number", absl::StrCat(label, "须为有效数字"));
  }
  if (value < 0) {
    return FieldError(field, "must not be negative", absl::StrCat(label, "不能为负数"));
  }
  return absl::OkStatus();
}

absl::Status RequireInRange(double value, double lo, double hi, absl::string_view field,
                            absl::string_view label) {
  if (!std::isfinite(value) || value < lo || value > hi) {
    return FieldError(field, absl::StrCat("must be between ", lo, " and ", hi),
                      absl::StrCat(label, "须在", lo, "至", hi, "之间"));
  }
  return absl::OkStatus();
}

absl::Status RequireYear(int year, absl::string_view field, absl::string_view label) {
  if (year < 1 || year > 9999) {
    return FieldError(field, "must be in 1..9999", absl::StrCat(label, "须为1至9999之间的年份"));
  }
  return absl::OkStatus();
}

absl::Status RequireEnum(int value, bool (*is_valid)(int), absl::string_view field,
                         absl::string_view label, bool allow_unspecified) {
  if (value == 0) {
    return allow_unspecified
               ? absl::OkStatus()
               : FieldError(field, "must be specified", absl::StrCat("请选择", label));
  }
  if (!is_valid(value)) {
    return FieldError(field, absl::StrCat("unknown value ", value),
                      absl::StrCat(label, "不是可选的值"));
  }
  return absl::OkStatus();
}

absl::Status FirstError(std::initializer_list<absl::Status> checks) {
  for (const absl::Status& s : checks) {
    if (!s.ok()) return s;
  }
  return absl::OkStatus();
}

absl::StatusOr<int> ResolvePageSize(int32_t requested) {
  if (requested < 0) return FieldError("page_size", "must not be negative", "每页条数不能为负数");
  if (requested > kMaxPageSize) {
    return FieldError("page_size", absl::StrCat("must be at most ", kMaxPageSize),
                      absl::StrCat("每页最多", kMaxPageSize, "条"));
  }
  return requested == 0 ? kDefaultPageSize : requested;
}

}  // namespace district
