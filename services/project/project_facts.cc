#include "services/project/project_facts.h"

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
  row.sector = InternSector(project.sector());
  rows_.Put(project.id(), std::move(row));
}

void ProjectFacts::Erase(absl::string_view id) { rows_.Erase(id); }

}  // namespace district::project
