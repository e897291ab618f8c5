#include "services/project/project_facts.h"

#include <algorithm>

#include "common/date.h"
#include "services/project/stage_rules.h"

namespace district::project {

int32_t ProjectFacts::InternSector(const std::string& sector) {
  std::lock_guard<std::mutex> lock(sectors_mu_);
  auto [it, inserted] = sector_index_.emplace(sector, static_cast<int32_t>(sectors_.size()));
  if (inserted) sectors_.push_back(sector);
  return it->second;
}

void ProjectFacts::Put(const v1::Project& project) {
  Row row;
  row.stage = project.stage();
  row.level = project.level();
  row.total_investment_yuan = project.total_investment_yuan();
  const Date land = DateReached(project, v1::STAGE_LAND_ACQUIRED);
  row.land_acquired_year = land.year();
  row.land_acquired_day = IsEmpty(land) ? 0 : DaysSinceEpoch(land);
  const Date start = DateReached(project, v1::STAGE_UNDER_CONSTRUCTION);
  row.construction_started_year = start.year();
  row.construction_started_day = IsEmpty(start) ? 0 : DaysSinceEpoch(start);
  for (const v1::ProgrammeEntry& e : project.programme()) {
    row.programme.push_back({e.year(), e.planned_investment_yuan()});
  }
  for (const auto& [year, yuan] : project.invested_by_year_yuan()) {
    row.invested.push_back({year, yuan});
  }
  if (!project.plans().empty() || !project.invested_by_month_yuan().empty()) {
    auto plan_facts = std::make_shared<PlanFacts>();
    plan_facts->plans.assign(project.plans().begin(), project.plans().end());
    for (const auto& [yyyymm, yuan] : project.invested_by_month_yuan()) {
      plan_facts->invested_months.push_back({yyyymm, yuan});
    }
    std::sort(plan_facts->invested_months.begin(), plan_facts->invested_months.end(),
              [](const YearAmount& a, const YearAmount& b) { return a.year < b.year; });
    row.plan_facts = std::move(plan_facts);
  }
  row.sector = InternSector(project.sector());
  rows_.Put(project.id(), std::move(row));
}

const ProjectFacts::PlanFacts ProjectFacts::kNoPlanFacts;

void ProjectFacts::Erase(absl::string_view id) { rows_.Erase(id); }

std::optional<int64_t> ProjectFacts::InvestedBefore(const Row& row, int year, int month) {
  std::optional<int64_t> total;
  bool any_month_of_year = false;
  for (const YearAmount& m : row.invested_months()) {
    if (m.year / 100 != year) continue;
    any_month_of_year = true;
    if (m.year % 100 < month) total = total.value_or(0) + m.yuan;  // bounded: see ApplyReport
  }
  if (any_month_of_year) return total;
  for (const YearAmount& y : row.invested) {
    if (y.year == year) return y.yuan;
  }
  return std::nullopt;
}

}  // namespace district::project
