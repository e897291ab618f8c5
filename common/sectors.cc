#include "common/sectors.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/errors.h"

namespace district {

bool IsSector(absl::string_view name) {
  for (absl::string_view sector : kSectors) {
    if (sector == name) return true;
  }
  return false;
}

absl::Status RequireSector(absl::string_view value, absl::string_view field,
                           absl::string_view label) {
  if (value.empty() || IsSector(value)) return absl::OkStatus();
  return FieldError(
      field, absl::StrCat("must be one of the district's sectors: ", absl::StrJoin(kSectors, ", ")),
      absl::StrCat(label, "须为本区的产业领域之一：", absl::StrJoin(kSectors, "、")));
}

std::string FieldSector(int field) {
  constexpr int kFields = 6;  // the six fields lead kSectors, in the enum's order from 1
  if (field >= 1 && field <= kFields) return std::string(kSectors[field - 1]);
  if (field == kFields + 1) return "其他";
  return "";
}

}  // namespace district
