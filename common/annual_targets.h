// The annual targets (年度目标) that the recruitment and park-metrics services each keep, stored
// the same way in both: kind "target", ids "G…", an index "year" to list a year's targets by.
// What may be updated and how a target is checked are each service's own, as its Target message
// is.
//
// Pure functions of their arguments: thread-safe.
#ifndef DISTRICT_COMMON_ANNUAL_TARGETS_H_
#define DISTRICT_COMMON_ANNUAL_TARGETS_H_

#include <functional>
#include <string>
#include <vector>

#include "absl/status/status.h"
#include "absl/strings/str_cat.h"
#include "common/resource_store.h"

namespace district {

template <typename T>
typename ResourceStore<T>::Config AnnualTargetConfig(
    std::vector<std::string> updatable, std::function<absl::Status(const T&)> validate) {
  typename ResourceStore<T>::Config c;
  c.kind = "target";
  c.id_prefix = "G";
  c.updatable = std::move(updatable);
  c.validate = std::move(validate);
  c.indexes["year"] = [](const T& t) { return std::vector<std::string>{absl::StrCat(t.year())}; };
  return c;
}

// The targets of `year`, in id order.
template <typename T>
absl::StatusOr<std::vector<T>> TargetsOfYear(const ResourceStore<T>& targets, int year) {
  return targets.All("year", absl::StrCat(year));
}

}  // namespace district

#endif  // DISTRICT_COMMON_ANNUAL_TARGETS_H_
