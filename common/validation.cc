#include "common/validation.h"

#include <cmath>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "common/status.h"

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

absl::Status RequireNonEmpty(absl::string_view value, absl::string_view field) {
  if (value.empty()) return FieldError(field, "must not be empty");
  if (Blank(value))
    return FieldError(field, "must show something: only spaces or invisible characters");
  return RequireMaxLength(value, field);
}

absl::Status RequireMaxLength(absl::string_view value, absl::string_view field, size_t max_bytes) {
  if (value.size() > max_bytes) {
    return FieldError(field, absl::StrCat("must be at most ", max_bytes, " bytes"));
  }
  return absl::OkStatus();
}

absl::Status RequireNonNegative(int64_t value, absl::string_view field) {
  if (value < 0) return FieldError(field, "must not be negative");
  return absl::OkStatus();
}

absl::Status RequireNonNegative(double value, absl::string_view field) {
  if (!std::isfinite(value)) return FieldError(field, "must be a finite number");
  if (value < 0) return FieldError(field, "must not be negative");
  return absl::OkStatus();
}

absl::Status RequireInRange(double value, double lo, double hi, absl::string_view field) {
  if (!std::isfinite(value) || value < lo || value > hi) {
    return FieldError(field, absl::StrCat("must be between ", lo, " and ", hi));
  }
  return absl::OkStatus();
}

absl::Status RequireYear(int year, absl::string_view field) {
  if (year < 1 || year > 9999) return FieldError(field, "must be in 1..9999");
  return absl::OkStatus();
}

absl::Status RequireEnum(int value, bool (*is_valid)(int), absl::string_view field,
                         bool allow_unspecified) {
  if (value == 0) {
    return allow_unspecified ? absl::OkStatus() : FieldError(field, "must be specified");
  }
  if (!is_valid(value)) return FieldError(field, absl::StrCat("unknown value ", value));
  return absl::OkStatus();
}

absl::Status FirstError(std::initializer_list<absl::Status> checks) {
  for (const absl::Status& s : checks) {
    if (!s.ok()) return s;
  }
  return absl::OkStatus();
}

absl::StatusOr<int> ResolvePageSize(int32_t requested) {
  if (requested < 0) return FieldError("page_size", "must not be negative");
  if (requested > kMaxPageSize) {
    return FieldError("page_size", absl::StrCat("must be at most ", kMaxPageSize));
  }
  return requested == 0 ? kDefaultPageSize : requested;
}

}  // namespace district
