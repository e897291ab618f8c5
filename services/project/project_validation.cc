#include "services/project/project_validation.h"

#include <set>
#include <string>
#include <tuple>

#include "absl/strings/str_cat.h"
#include "common/date.h"
#include "common/errors.h"
#include "common/money.h"
#include "common/sectors.h"
#include "common/validation.h"

namespace district::project {
namespace {

constexpr int kMaxTags = 50;

absl::Status ValidateOptionalDate(const common::v1::Date& date, absl::string_view field,
                                  absl::string_view label) {
  return IsEmpty(date) ? absl::OkStatus() : ValidateDate(date, field, label);
}

}  // namespace

absl::Status ValidateProject(const v1::Project& p) {
  absl::Status s = FirstError({
      RequireNonEmpty(p.name(), "project.name", "项目名称"),
      RequireMaxLength(p.owner(), "project.owner", "建设单位"),
      RequireSector(p.sector(), "project.sector", "领域"),
      RequireEnum(p.level(), v1::Level_IsValid, "project.level", "级别",
                  /*allow_unspecified=*/true),
      RequireYuan(p.total_investment_yuan(), "project.total_investment_yuan", "总投资"),
      RequireNonNegative(p.land_area_mu(), "project.land_area_mu", "用地面积（亩）"),
      RequireYuan(p.expected_annual_revenue_yuan(), "project.expected_annual_revenue_yuan",
                  "预计年营业收入"),
      RequireMaxLength(p.leader(), "project.leader", "包靠领导"),
      RequireMaxLength(p.leader_title(), "project.leader_title", "领导职务"),
      RequireMaxLength(p.responsible_unit(), "project.responsible_unit", "责任单位"),
      RequireMaxLength(p.park_id(), "project.park_id", "园区"),
      RequireMaxLength(p.description(), "project.description", "项目简介"),
      RequireMaxLength(p.source(), "project.source", "来源"),
  });
  if (!s.ok()) return s;
  if (p.tags_size() > kMaxTags) {
    return FieldError("project.tags", absl::StrCat("at most ", kMaxTags, " tags"),
                      absl::StrCat("标签最多", kMaxTags, "个"));
  }
  for (int i = 0; i < p.tags_size(); ++i) {
    s = RequireNonEmpty(p.tags(i), absl::StrCat("project.tags[", i, "]"),
                        absl::StrCat("第", i + 1, "个标签"));
    if (!s.ok()) return s;
  }
  std::set<int> years;
  for (int i = 0; i < p.programme_size(); ++i) {
    const v1::ProgrammeEntry& e = p.programme(i);
    const std::string field = absl::StrCat("project.programme[", i, "]");
    const std::string label = absl::StrCat("第", i + 1, "个年度计划批次");
    if (s = RequireYear(e.year(), field + ".year", label + "的年份"); !s.ok()) return s;
    if (!years.insert(e.year()).second) {
      return FieldError(field + ".year", "appears twice",
                        absl::StrCat("年度计划批次中", e.year(), "年重复出现"));
    }
    s = RequireYuan(e.planned_investment_yuan(), field + ".planned_investment_yuan",
                    label + "的计划投资");
    if (!s.ok()) return s;
  }
  std::set<int> plan_years;
  for (int i = 0; i < p.plans_size(); ++i) {
    const v1::ProjectPlan& plan = p.plans(i);
    const std::string field = absl::StrCat("project.plans[", i, "]");
    const std::string label = absl::StrCat("第", i + 1, "个年度计划");
    if (s = RequireYear(plan.year(), field + ".year", label + "的年份"); !s.ok()) return s;
    if (!plan_years.insert(plan.year()).second) {
      return FieldError(field + ".year", "appears twice",
                        absl::StrCat("年度计划中", plan.year(), "年重复出现"));
    }
    const int months = plan.monthly_investment_yuan_size();
    if (months != 0 && months != 12) {
      return FieldError(
          field + ".monthly_investment_yuan",
          absl::StrCat("twelve amounts (January first) or none, not ", months),
          absl::StrCat(plan.year(), "年的月度计划投资须填满12个月（从1月起）或都不填，现为", months,
                       "个月"));
    }
    for (int m = 0; m < months; ++m) {
      s = RequireYuan(plan.monthly_investment_yuan(m),
                      absl::StrCat(field, ".monthly_investment_yuan[", m, "]"),
                      absl::StrCat(plan.year(), "年", m + 1, "月的计划投资"));
      if (!s.ok()) return s;
    }
    for (const auto& [date, name, date_label] :
         {std::tuple(&plan.planned_start_date(), "planned_start_date", "计划开工日期"),
          std::tuple(&plan.planned_completion_date(), "planned_completion_date", "计划竣工日期"),
          std::tuple(&plan.planned_production_date(), "planned_production_date", "计划投产日期")}) {
      if (IsEmpty(*date)) continue;
      s = ValidateDate(*date, absl::StrCat(field, ".", name), label + "的" + date_label);
      if (!s.ok()) return s;
    }
  }
  return absl::OkStatus();
}

absl::Status ValidateMilestone(const v1::Milestone& m) {
  return FirstError({
      RequireNonEmpty(m.project_id(), "milestone.project_id", "项目编号"),
      RequireNonEmpty(m.title(), "milestone.title", "节点名称"),
      ValidateDate(m.planned_date(), "milestone.planned_date", "计划完成日期"),
      ValidateOptionalDate(m.actual_date(), "milestone.actual_date", "实际完成日期"),
  });
}

absl::Status ValidateOrder(const v1::SupervisionOrder& o) {
  absl::Status s = FirstError({
      RequireNonEmpty(o.project_id(), "order.project_id", "项目编号"),
      RequireMaxLength(o.obstacle_id(), "order.obstacle_id", "问题编号"),
      RequireNonEmpty(o.responsible_unit(), "order.responsible_unit", "责任单位"),
      RequireNonEmpty(o.subject(), "order.subject", "督办事项"),
      RequireMaxLength(o.response(), "order.response", "办理情况"),
      RequireMaxLength(o.closing_note(), "order.closing_note", "办结说明"),
  });
  if (!s.ok()) return s;
  if (IsEmpty(o.deadline())) return FieldError("order.deadline", "required", "请填写办理时限");
  return ValidateDate(o.deadline(), "order.deadline", "办理时限");
}

absl::Status ValidateObstacle(const v1::Obstacle& o) {
  absl::Status s = FirstError({
      RequireNonEmpty(o.project_id(), "obstacle.project_id", "项目编号"),
      RequireEnum(o.kind(), v1::ObstacleKind_IsValid, "obstacle.kind", "问题类型", false),
      RequireNonEmpty(o.description(), "obstacle.description", "问题描述"),
      RequireMaxLength(o.owner(), "obstacle.owner", "责任人"),
      ValidateOptionalDate(o.deadline(), "obstacle.deadline", "解决时限"),
      RequireEnum(o.status(), v1::ObstacleStatus_IsValid, "obstacle.status", "问题状态", false),
      ValidateOptionalDate(o.resolved_date(), "obstacle.resolved_date", "解决日期"),
      RequireMaxLength(o.resolution(), "obstacle.resolution", "解决情况"),
  });
  if (!s.ok()) return s;
  const bool resolved = o.status() == v1::OBSTACLE_STATUS_RESOLVED;
  if (resolved && IsEmpty(o.resolved_date())) {
    return FieldError("obstacle.resolved_date", "required when the status is RESOLVED",
                      "问题已解决，请填写解决日期");
  }
  if (!resolved && !IsEmpty(o.resolved_date())) {
    return FieldError("obstacle.resolved_date", "must be empty while the obstacle is OPEN",
                      "问题尚未解决，不能填写解决日期");
  }
  return absl::OkStatus();
}

absl::Status ValidateProgramme(const v1::AnnualProgramme& p) {
  if (absl::Status s = RequireYear(p.year(), "programme.year", "年份"); !s.ok()) return s;
  return FirstError({
      RequireNonNegative(int64_t{p.planned_project_count()}, "programme.planned_project_count",
                         "计划项目数"),
      RequireYuan(p.planned_investment_yuan(), "programme.planned_investment_yuan", "计划投资"),
      RequireInRange(p.land_start_target_share(), 0, 1, "programme.land_start_target_share",
                     "拿地即开工目标比例"),
      RequireMaxLength(p.source(), "programme.source", "来源"),
  });
}

}  // namespace district::project

namespace district::project {

absl::Status ValidateInvestment(const v1::RecordInvestmentRequest& report,
                                absl::string_view prefix) {
  // The sentences name no position: a batch's field path does, and its sender (a return's import)
  // shows it as the sheet's row.
  return FirstError({
      RequireNonEmpty(report.project_id(), absl::StrCat(prefix, "project_id"), "项目编号"),
      ValidateYearMonth(report.month(), absl::StrCat(prefix, "month"), "月份"),
      RequireYuan(report.invested_yuan(), absl::StrCat(prefix, "invested_yuan"), "本月完成投资"),
      RequireMaxLength(report.note(), absl::StrCat(prefix, "note"), "说明"),
  });
}

absl::Status ValidateMonthlyReturn(const v1::MonthlyReturn& r, absl::string_view prefix) {
  absl::Status s = FirstError({
      ValidateYearMonth(r.month(), absl::StrCat(prefix, "month"), "月份"),
      RequireNonEmpty(r.responsible_unit(), absl::StrCat(prefix, "responsible_unit"), "责任单位"),
      RequireMaxLength(r.responsible_unit(), absl::StrCat(prefix, "responsible_unit"), "责任单位"),
  });
  if (!s.ok()) return s;
  if (r.entries_size() > kMaxReturnEntries) {
    return FieldError(absl::StrCat(prefix, "entries"),
                      absl::StrCat("at most ", kMaxReturnEntries, " entries"),
                      absl::StrCat("一份月报最多填报", kMaxReturnEntries, "个项目"));
  }
  std::set<std::string> seen;
  for (int i = 0; i < r.entries_size(); ++i) {
    const v1::MonthlyReturnEntry& e = r.entries(i);
    const std::string at = absl::StrCat(prefix, "entries[", i, "].");
    s = FirstError({
        RequireNonEmpty(e.project_id(), absl::StrCat(at, "project_id"), "项目编号"),
        e.has_invested_yuan()
            ? RequireYuan(e.invested_yuan(), absl::StrCat(at, "invested_yuan"), "本月完成投资")
            : absl::OkStatus(),
        RequireMaxLength(e.progress(), absl::StrCat(at, "progress"), "形象进度"),
        RequireMaxLength(e.problems(), absl::StrCat(at, "problems"), "存在问题"),
    });
    if (!s.ok()) return s;
    if (!seen.insert(e.project_id()).second) {
      return FieldError(absl::StrCat(at, "project_id"), "a project may appear once in a return",
                        absl::StrCat("项目 ", e.project_id(), " 在月报中重复填报"));
    }
  }
  return absl::OkStatus();
}

absl::Status ValidateInvestmentBatch(const v1::BatchRecordInvestmentRequest& batch) {
  if (batch.reports_size() > kMaxInvestmentBatch) {
    return FieldError("reports", absl::StrCat("at most ", kMaxInvestmentBatch),
                      absl::StrCat("一次最多报送", kMaxInvestmentBatch, "条投资月报"));
  }
  std::set<std::tuple<std::string, int, int>> seen;
  for (int i = 0; i < batch.reports_size(); ++i) {
    const v1::RecordInvestmentRequest& r = batch.reports(i);
    const std::string prefix = absl::StrCat("reports[", i, "].");
    if (absl::Status s = ValidateInvestment(r, prefix); !s.ok()) return s;
    if (!seen.emplace(r.project_id(), r.month().year(), r.month().month()).second) {
      return FieldError(absl::StrCat(prefix, "month"),
                        "the same project and month as an earlier report of the batch",
                        "与前面一条是同一项目、同一月份");
    }
  }
  return absl::OkStatus();
}

}  // namespace district::project
