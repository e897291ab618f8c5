#include "services/parks/parks_validation.h"

#include <set>
#include <string>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "common/date.h"
#include "common/errors.h"
#include "common/money.h"
#include "common/validation.h"

namespace district::parks {
namespace {

constexpr int kMaxCategories = 20;

absl::Status ValidateOptionalDate(const Date& date, absl::string_view field,
                                  absl::string_view label) {
  return IsEmpty(date) ? absl::OkStatus() : ValidateDate(date, field, label);
}

}  // namespace

absl::Status ValidatePark(const v1::Park& p) {
  return FirstError({
      RequireNonEmpty(p.name(), "park.name", "园区名称"),
      RequireMaxLength(p.theme(), "park.theme", "主题"),
      RequireEnum(p.kind(), v1::ParkKind_IsValid, "park.kind", "园区类型", true),
      RequireNonNegative(p.area_mu(), "park.area_mu", "面积（亩）"),
      RequireMaxLength(p.description(), "park.description", "园区简介"),
      RequireMaxLength(p.source(), "park.source", "来源"),
  });
}

absl::Status ValidateBuilding(const v1::Building& b) {
  absl::Status s = FirstError({
      RequireNonEmpty(b.name(), "building.name", "楼宇名称"),
      RequireMaxLength(b.park_id(), "building.park_id", "园区"),
      RequireNonNegative(b.floor_area_m2(), "building.floor_area_m2", "建筑面积（平方米）"),
      RequireEnum(b.status(), v1::BuildingStatus_IsValid, "building.status", "楼宇状态", false),
      ValidateOptionalDate(b.construction_start_date(), "building.construction_start_date",
                           "开工日期"),
      ValidateOptionalDate(b.completion_date(), "building.completion_date", "竣工日期"),
      RequireMaxLength(b.description(), "building.description", "楼宇简介"),
      RequireMaxLength(b.source(), "building.source", "来源"),
  });
  if (!s.ok()) return s;
  if (b.status() == v1::BUILDING_STATUS_COMPLETED && IsEmpty(b.completion_date())) {
    return FieldError("building.completion_date", "required when completed",
                      "楼宇已建成，请填写竣工日期");
  }
  return absl::OkStatus();
}

absl::Status ValidateEnterprise(const v1::Enterprise& e) {
  absl::Status s = FirstError({
      RequireNonEmpty(e.name(), "enterprise.name", "企业名称"),
      RequireMaxLength(e.building_id(), "enterprise.building_id", "楼宇"),
      RequireMaxLength(e.park_id(), "enterprise.park_id", "园区"),
      RequireEnum(e.kind(), v1::EnterpriseKind_IsValid, "enterprise.kind", "企业类型", false),
      ValidateOptionalDate(e.settled_date(), "enterprise.settled_date", "落户日期"),
      RequireMaxLength(e.description(), "enterprise.description", "企业简介"),
      RequireMaxLength(e.source(), "enterprise.source", "来源"),
  });
  if (!s.ok()) return s;
  if (e.categories_size() > kMaxCategories) {
    return FieldError("enterprise.categories", absl::StrCat("at most ", kMaxCategories),
                      absl::StrCat("企业类别最多", kMaxCategories, "个"));
  }
  for (int i = 0; i < e.categories_size(); ++i) {
    s = RequireNonEmpty(e.categories(i), absl::StrCat("enterprise.categories[", i, "]"),
                        absl::StrCat("第", i + 1, "个企业类别"));
    if (!s.ok()) return s;
  }
  return absl::OkStatus();
}

absl::Status ValidateTarget(const v1::Target& t) {
  absl::Status s = FirstError({
      RequireYear(t.year(), "target.year", "年份"),
      RequireNonEmpty(t.name(), "target.name", "目标名称"),
      RequireEnum(t.metric(), v1::Metric_IsValid, "target.metric", "考核指标", false),
      RequireYuan(t.threshold_yuan(), "target.threshold_yuan", "税收门槛"),
      RequireMaxLength(t.source(), "target.source", "来源"),
  });
  if (!s.ok()) return s;
  if (t.target_value() <= 0 || t.target_value() > kMaxYuan) {
    return FieldError("target.target_value", "must be positive, at most 10,000,000,000,000",
                      "目标值须大于0，且不超过10万亿");
  }
  return absl::OkStatus();
}

absl::Status ValidateBuildingMonth(const v1::BuildingMonth& m, const std::string& field) {
  // The sentences name no position: a batch's field path does, and its sender (a return's import)
  // shows it as the sheet's row.
  return FirstError({
      RequireNonEmpty(m.building_id(), field + ".building_id", "楼宇编号"),
      ValidateYearMonth(m.month(), field + ".month", "月份"),
      RequireYuan(m.tax_revenue_yuan(), field + ".tax_revenue_yuan", "税收"),
      RequireInRange(m.occupancy(), 0, 1, field + ".occupancy", "出租率"),
      RequireNonNegative(int64_t{m.enterprise_count()}, field + ".enterprise_count", "入驻企业数"),
      RequireNonNegative(int64_t{m.employee_count()}, field + ".employee_count", "从业人数"),
      RequireMaxLength(m.source(), field + ".source", "来源"),
  });
}

absl::Status ValidateMetricsBatch(const v1::BatchRecordMetricsRequest& batch) {
  if (batch.metrics_size() > kMaxBatchMonths) {
    return FieldError("metrics", absl::StrCat("at most ", kMaxBatchMonths),
                      absl::StrCat("一次最多报送", kMaxBatchMonths, "条楼宇月度数据"));
  }
  std::set<std::tuple<std::string, int, int>> seen;  // one figure per building and month
  for (int i = 0; i < batch.metrics_size(); ++i) {
    const v1::BuildingMonth& m = batch.metrics(i);
    const std::string field = absl::StrCat("metrics[", i, "]");
    if (absl::Status s = ValidateBuildingMonth(m, field); !s.ok()) return s;
    if (!seen.emplace(m.building_id(), m.month().year(), m.month().month()).second) {
      return FieldError(field + ".month",
                        "the same building and month as an earlier one of the batch",
                        "与前面一条是同一楼宇、同一月份");
    }
  }
  return absl::OkStatus();
}

}  // namespace district::parks
