#include "services/parks/parks_validation.h"

#include <set>
#include <string>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "common/date.h"
#include "common/money.h"
#include "common/status.h"
#include "common/validation.h"

namespace district::parks {
namespace {

constexpr int kMaxCategories = 20;

absl::Status ValidateOptionalDate(const Date& date, absl::string_view field) {
  return IsEmpty(date) ? absl::OkStatus() : ValidateDate(date, field);
}

}  // namespace

absl::Status ValidatePark(const v1::Park& p) {
  return FirstError({
      RequireNonEmpty(p.name(), "park.name"),
      RequireMaxLength(p.theme(), "park.theme"),
      RequireEnum(p.kind(), v1::ParkKind_IsValid, "park.kind", true),
      RequireNonNegative(p.area_mu(), "park.area_mu"),
      RequireMaxLength(p.description(), "park.description"),
      RequireMaxLength(p.source(), "park.source"),
  });
}

absl::Status ValidateBuilding(const v1::Building& b) {
  absl::Status s = FirstError({
      RequireNonEmpty(b.name(), "building.name"),
      RequireMaxLength(b.park_id(), "building.park_id"),
      RequireNonNegative(b.floor_area_m2(), "building.floor_area_m2"),
      RequireEnum(b.status(), v1::BuildingStatus_IsValid, "building.status", false),
      ValidateOptionalDate(b.construction_start_date(), "building.construction_start_date"),
      ValidateOptionalDate(b.completion_date(), "building.completion_date"),
      RequireMaxLength(b.description(), "building.description"),
      RequireMaxLength(b.source(), "building.source"),
  });
  if (!s.ok()) return s;
  if (b.status() == v1::BUILDING_STATUS_COMPLETED && IsEmpty(b.completion_date())) {
    return FieldError("building.completion_date", "required when completed");
  }
  return absl::OkStatus();
}

absl::Status ValidateEnterprise(const v1::Enterprise& e) {
  absl::Status s = FirstError({
      RequireNonEmpty(e.name(), "enterprise.name"),
      RequireMaxLength(e.building_id(), "enterprise.building_id"),
      RequireMaxLength(e.park_id(), "enterprise.park_id"),
      RequireEnum(e.kind(), v1::EnterpriseKind_IsValid, "enterprise.kind", false),
      ValidateOptionalDate(e.settled_date(), "enterprise.settled_date"),
      RequireMaxLength(e.description(), "enterprise.description"),
      RequireMaxLength(e.source(), "enterprise.source"),
  });
  if (!s.ok()) return s;
  if (e.categories_size() > kMaxCategories) {
    return FieldError("enterprise.categories", absl::StrCat("at most ", kMaxCategories));
  }
  for (int i = 0; i < e.categories_size(); ++i) {
    s = RequireNonEmpty(e.categories(i), absl::StrCat("enterprise.categories[", i, "]"));
    if (!s.ok()) return s;
  }
  return absl::OkStatus();
}

absl::Status ValidateTarget(const v1::Target& t) {
  absl::Status s = FirstError({
      RequireYear(t.year(), "target.year"),
      RequireNonEmpty(t.name(), "target.name"),
      RequireEnum(t.metric(), v1::Metric_IsValid, "target.metric", false),
      RequireYuan(t.threshold_yuan(), "target.threshold_yuan"),
      RequireMaxLength(t.source(), "target.source"),
  });
  if (!s.ok()) return s;
  if (t.target_value() <= 0 || t.target_value() > kMaxYuan) {
    return FieldError("target.target_value", "must be positive, at most 10,000,000,000,000");
  }
  return absl::OkStatus();
}

absl::Status ValidateBuildingMonth(const v1::BuildingMonth& m, const std::string& field) {
  return FirstError({
      RequireNonEmpty(m.building_id(), field + ".building_id"),
      ValidateYearMonth(m.month(), field + ".month"),
      RequireYuan(m.tax_revenue_yuan(), field + ".tax_revenue_yuan"),
      RequireInRange(m.occupancy(), 0, 1, field + ".occupancy"),
      RequireNonNegative(int64_t{m.enterprise_count()}, field + ".enterprise_count"),
      RequireNonNegative(int64_t{m.employee_count()}, field + ".employee_count"),
      RequireMaxLength(m.source(), field + ".source"),
  });
}

absl::Status ValidateMetricsBatch(const v1::BatchRecordMetricsRequest& batch) {
  if (batch.metrics_size() > kMaxBatchMonths) {
    return FieldError("metrics", absl::StrCat("at most ", kMaxBatchMonths));
  }
  std::set<std::tuple<std::string, int, int>> seen;  // one figure per building and month
  for (int i = 0; i < batch.metrics_size(); ++i) {
    const v1::BuildingMonth& m = batch.metrics(i);
    const std::string field = absl::StrCat("metrics[", i, "]");
    if (absl::Status s = ValidateBuildingMonth(m, field); !s.ok()) return s;
    if (!seen.emplace(m.building_id(), m.month().year(), m.month().month()).second) {
      return FieldError(field + ".month",
                        "the same building and month as an earlier one of the batch");
    }
  }
  return absl::OkStatus();
}

}  // namespace district::parks
