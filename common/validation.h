// Checks on client input. Each returns OK or INVALID_ARGUMENT naming the field and the rule, with
// the field violation and the zh-CN sentence as details (common/errors.h).
//
// Pure functions: thread-safe.
#ifndef DISTRICT_COMMON_VALIDATION_H_
#define DISTRICT_COMMON_VALIDATION_H_

#include <cstdint>
#include <initializer_list>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace district {

// Longest accepted text field, in bytes (names, descriptions, notes).
inline constexpr size_t kMaxTextBytes = 4096;
inline constexpr int kDefaultPageSize = 50;
inline constexpr int kMaxPageSize = 1000;

// Each takes the field's path in the request (`field`, "project.name") and its name as the district
// writes it (`label`, "项目名称"), for the error's zh-CN sentence ("项目名称不能为空").

// Not empty, not only spaces or zero-width characters, and at most the default length.
absl::Status RequireNonEmpty(absl::string_view value, absl::string_view field,
                             absl::string_view label);
absl::Status RequireMaxLength(absl::string_view value, absl::string_view field,
                              absl::string_view label, size_t max_bytes = kMaxTextBytes);
absl::Status RequireNonNegative(int64_t value, absl::string_view field, absl::string_view label);
// Finite and >= 0.
absl::Status RequireNonNegative(double value, absl::string_view field, absl::string_view label);
// Finite and within [lo, hi].
absl::Status RequireInRange(double value, double lo, double hi, absl::string_view field,
                            absl::string_view label);

// A calendar year in 1..9999.
absl::Status RequireYear(int year, absl::string_view field, absl::string_view label);

// For a proto enum field: `is_valid` is the generated <Enum>_IsValid. UNSPECIFIED (0) is accepted
// only when `allow_unspecified`.
absl::Status RequireEnum(int value, bool (*is_valid)(int), absl::string_view field,
                         absl::string_view label, bool allow_unspecified);

// The first failure among checks evaluated in order, or OK: lets a validator read as a list,
//   return FirstError({RequireNonEmpty(p.name(), "project.name", "项目名称"), ...});
absl::Status FirstError(std::initializer_list<absl::Status> checks);

// The page size to use for a requested one: 0 means the default; negative or above kMaxPageSize
// is INVALID_ARGUMENT.
absl::StatusOr<int> ResolvePageSize(int32_t requested);

}  // namespace district

#endif  // DISTRICT_COMMON_VALIDATION_H_
