#include "services/project/project_validation.h"

#include <set>

#include "absl/strings/str_cat.h"
#include "common/date.h"
#include "common/money.h"
#include "common/sectors.h"
#include "common/status.h"
#include "common/validation.h"

namespace district::project {
namespace {

constexpr int kMaxTags = 50;

absl::Status ValidateOptionalDate(const common::v1::Date& date, absl::string_view field) {
  return IsEmpty(date) ? absl::OkStatus() : ValidateDate(date, field);
}

}  // namespace

absl::Status ValidateProject(const v1::Project& p) {
  absl::Status s = FirstError({
      RequireNonEmpty(p.name(), "project.name"),
      RequireMaxLength(p.owner(), "project.owner"),
      RequireSector(p.sector(), "project.sector"),
      RequireEnum(p.level(), v1::Level_IsValid, "project.level", /*allow_unspecified=*/true),
      RequireYuan(p.total_investment_yuan(), "project.total_investment_yuan"),
      RequireNonNegative(p.land_area_mu(), "project.land_area_mu"),
      RequireYuan(p.expected_annual_revenue_yuan(), "project.expected_annual_revenue_yuan"),
      RequireMaxLength(p.leader(), "project.leader"),
      RequireMaxLength(p.leader_title(), "project.leader_title"),
      RequireMaxLength(p.responsible_unit(), "project.responsible_unit"),
      RequireMaxLength(p.park_id(), "project.park_id"),
      RequireMaxLength(p.description(), "project.description"),
      RequireMaxLength(p.source(), "project.source"),
  });
  if (!s.ok()) return s;
  if (p.tags_size() > kMaxTags) {
    return FieldError("project.tags", absl::StrCat("at most ", kMaxTags, " tags"));
  }
  for (int i = 0; i < p.tags_size(); ++i) {
    s = RequireNonEmpty(p.tags(i), absl::StrCat("project.tags[", i, "]"));
    if (!s.ok()) return s;
  }
  std::set<int> years;
  for (int i = 0; i < p.programme_size(); ++i) {
    const v1::ProgrammeEntry& e = p.programme(i);
    const std::string field = absl::StrCat("project.programme[", i, "]");
    if (s = RequireYear(e.year(), field + ".year"); !s.ok()) return s;
    if (!years.insert(e.year()).second) return FieldError(field + ".year", "appears twice");
    s = RequireYuan(e.planned_investment_yuan(), field + ".planned_investment_yuan");
    if (!s.ok()) return s;
  }
  std::set<int> plan_years;
  for (int i = 0; i < p.plans_size(); ++i) {
    const v1::ProjectPlan& plan = p.plans(i);
    const std::string field = absl::StrCat("project.plans[", i, "]");
    if (s = RequireYear(plan.year(), field + ".year"); !s.ok()) return s;
    if (!plan_years.insert(plan.year()).second) return FieldError(field + ".year", "appears twice");
    const int months = plan.monthly_investment_yuan_size();
    if (months != 0 && months != 12) {
      return FieldError(field + ".monthly_investment_yuan",
                        absl::StrCat("twelve amounts (January first) or none, not ", months));
    }
    for (int m = 0; m < months; ++m) {
      s = RequireYuan(plan.monthly_investment_yuan(m),
                      absl::StrCat(field, ".monthly_investment_yuan[", m, "]"));
      if (!s.ok()) return s;
    }
    for (const auto& [date, name] :
         {std::pair(&plan.planned_start_date(), "planned_start_date"),
          std::pair(&plan.planned_completion_date(), "planned_completion_date"),
          std::pair(&plan.planned_production_date(), "planned_production_date")}) {
      if (IsEmpty(*date)) continue;
      if (s = ValidateDate(*date, absl::StrCat(field, ".", name)); !s.ok()) return s;
    }
  }
  return absl::OkStatus();
}

absl::Status ValidateMilestone(const v1::Milestone& m) {
  return FirstError({
      RequireNonEmpty(m.project_id(), "milestone.project_id"),
      RequireNonEmpty(m.title(), "milestone.title"),
      ValidateDate(m.planned_date(), "milestone.planned_date"),
      ValidateOptionalDate(m.actual_date(), "milestone.actual_date"),
  });
}

absl::Status ValidateOrder(const v1::SupervisionOrder& o) {
  absl::Status s = FirstError({
      RequireNonEmpty(o.project_id(), "order.project_id"),
      RequireMaxLength(o.obstacle_id(), "order.obstacle_id"),
      RequireNonEmpty(o.responsible_unit(), "order.responsible_unit"),
      RequireNonEmpty(o.subject(), "order.subject"),
      RequireMaxLength(o.response(), "order.response"),
      RequireMaxLength(o.closing_note(), "order.closing_note"),
  });
  if (!s.ok()) return s;
  if (IsEmpty(o.deadline())) return FieldError("order.deadline", "required");
  return ValidateDate(o.deadline(), "order.deadline");
}

absl::Status ValidateObstacle(const v1::Obstacle& o) {
  absl::Status s = FirstError({
      RequireNonEmpty(o.project_id(), "obstacle.project_id"),
      RequireEnum(o.kind(), v1::ObstacleKind_IsValid, "obstacle.kind", false),
      RequireNonEmpty(o.description(), "obstacle.description"),
      RequireMaxLength(o.owner(), "obstacle.owner"),
      ValidateOptionalDate(o.deadline(), "obstacle.deadline"),
      RequireEnum(o.status(), v1::ObstacleStatus_IsValid, "obstacle.status", false),
      ValidateOptionalDate(o.resolved_date(), "obstacle.resolved_date"),
      RequireMaxLength(o.resolution(), "obstacle.resolution"),
  });
  if (!s.ok()) return s;
  const bool resolved = o.status() == v1::OBSTACLE_STATUS_RESOLVED;
  if (resolved && IsEmpty(o.resolved_date())) {
    return FieldError("obstacle.resolved_date", "required when the status is RESOLVED");
  }
  if (!resolved && !IsEmpty(o.resolved_date())) {
    return FieldError("obstacle.resolved_date", "must be empty while the obstacle is OPEN");
  }
  return absl::OkStatus();
}

absl::Status ValidateProgramme(const v1::AnnualProgramme& p) {
  if (absl::Status s = RequireYear(p.year(), "programme.year"); !s.ok()) return s;
  return FirstError({
      RequireNonNegative(int64_t{p.planned_project_count()}, "programme.planned_project_count"),
      RequireYuan(p.planned_investment_yuan(), "programme.planned_investment_yuan"),
      RequireInRange(p.land_start_target_share(), 0, 1, "programme.land_start_target_share"),
      RequireMaxLength(p.source(), "programme.source"),
  });
}

}  // namespace district::project

namespace district::project {

absl::Status ValidateInvestment(const v1::RecordInvestmentRequest& report,
                                absl::string_view prefix) {
  return FirstError({
      RequireNonEmpty(report.project_id(), absl::StrCat(prefix, "project_id")),
      ValidateYearMonth(report.month(), absl::StrCat(prefix, "month")),
      RequireYuan(report.invested_yuan(), absl::StrCat(prefix, "invested_yuan")),
      RequireMaxLength(report.note(), absl::StrCat(prefix, "note")),
  });
}

absl::Status ValidateInvestmentBatch(const v1::BatchRecordInvestmentRequest& batch) {
  if (batch.reports_size() > kMaxInvestmentBatch) {
    return FieldError("reports", absl::StrCat("at most ", kMaxInvestmentBatch));
  }
  std::set<std::tuple<std::string, int, int>> seen;
  for (int i = 0; i < batch.reports_size(); ++i) {
    const v1::RecordInvestmentRequest& r = batch.reports(i);
    const std::string prefix = absl::StrCat("reports[", i, "].");
    if (absl::Status s = ValidateInvestment(r, prefix); !s.ok()) return s;
    if (!seen.emplace(r.project_id(), r.month().year(), r.month().month()).second) {
      return FieldError(absl::StrCat(prefix, "month"),
                        "the same project and month as an earlier report of the batch");
    }
  }
  return absl::OkStatus();
}

}  // namespace district::project
