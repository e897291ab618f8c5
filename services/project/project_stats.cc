#include "services/project/project_stats.h"

#include <map>

#include "common/date.h"
#include "services/project/stage_rules.h"

namespace district::project {
namespace {

// Accumulates count and investment per key, emitted in key order.
class Buckets {
 public:
  void Add(const std::string& key, int64_t investment) {
    auto& [count, total] = sums_[key];
    ++count;
    total += investment;
  }
  void EmitTo(google::protobuf::RepeatedPtrField<v1::Bucket>* out) const {
    for (const auto& [key, sum] : sums_) {
      v1::Bucket* b = out->Add();
      b->set_key(key);
      b->set_count(sum.first);
      b->set_total_investment_yuan(sum.second);
    }
  }

 private:
  std::map<std::string, std::pair<int32_t, int64_t>> sums_;
};

}  // namespace

absl::StatusOr<v1::ProjectStats> ComputeProjectStats(const ProjectStore& store,
                                                     const v1::GetProjectStatsRequest& request) {
  const int year = request.year();
  const int window = request.land_start_window_days() == 0 ? kDefaultLandStartWindowDays
                                                           : request.land_start_window_days();
  const Date as_of = IsEmpty(request.as_of()) ? Today() : request.as_of();

  v1::ProjectStats stats;
  stats.set_year(year);
  v1::ProgrammeProgress& programme = *stats.mutable_programme();
  programme.set_year(year);
  v1::LandStartRate& land = *stats.mutable_land_start();
  land.set_window_days(window);
  Buckets by_stage, by_level, by_sector;

  absl::Status s = store.ScanProjects([&](const Project& p) {
    stats.set_project_count(stats.project_count() + 1);
    stats.set_total_investment_yuan(stats.total_investment_yuan() + p.total_investment_yuan());
    by_stage.Add(v1::Stage_Name(p.stage()), p.total_investment_yuan());
    by_level.Add(v1::Level_Name(p.level()), p.total_investment_yuan());
    by_sector.Add(p.sector(), p.total_investment_yuan());

    for (const v1::ProgrammeEntry& e : p.programme()) {
      if (e.year() != year) continue;
      programme.set_project_count(programme.project_count() + 1);
      programme.set_planned_investment_yuan(programme.planned_investment_yuan() +
                                            e.planned_investment_yuan());
      auto invested = p.invested_by_year_yuan().find(year);
      if (invested != p.invested_by_year_yuan().end()) {
        programme.set_invested_yuan(programme.invested_yuan() + invested->second);
      }
    }

    const Date land_date = DateReached(p, v1::STAGE_LAND_ACQUIRED);
    if (land_date.year() == year) {
      land.set_land_acquired(land.land_acquired() + 1);
      const Date start = DateReached(p, v1::STAGE_UNDER_CONSTRUCTION);
      if (!IsEmpty(start) && DaysSinceEpoch(start) - DaysSinceEpoch(land_date) <= window) {
        land.set_started_within_window(land.started_within_window() + 1);
      }
    }
    if (p.open_obstacle_count() > 0) {
      stats.set_projects_with_open_obstacles(stats.projects_with_open_obstacles() + 1);
      stats.set_open_obstacle_count(stats.open_obstacle_count() + p.open_obstacle_count());
    }
    return true;
  });
  if (!s.ok()) return s;
  by_stage.EmitTo(stats.mutable_by_stage());
  by_level.EmitTo(stats.mutable_by_level());
  by_sector.EmitTo(stats.mutable_by_sector());

  double target_share = kDefaultLandStartTargetShare;
  absl::StatusOr<AnnualProgramme> declared = store.GetProgramme(year);
  if (declared.ok()) {
    programme.set_declared(true);
    programme.set_declared_project_count(declared->planned_project_count());
    programme.set_declared_investment_yuan(declared->planned_investment_yuan());
    if (declared->land_start_target_share() > 0) target_share = declared->land_start_target_share();
  } else if (!absl::IsNotFound(declared.status())) {
    return declared.status();
  }
  const int64_t basis = programme.declared_investment_yuan() > 0
                            ? programme.declared_investment_yuan()
                            : programme.planned_investment_yuan();
  if (basis > 0) programme.set_invested_share(static_cast<double>(programme.invested_yuan()) / basis);

  if (land.land_acquired() > 0) {
    land.set_rate(static_cast<double>(land.started_within_window()) / land.land_acquired());
  }
  land.set_target_share(target_share);
  land.set_meets_target(land.land_acquired() > 0 && land.rate() >= target_share);

  // Open milestones come in planned-date order: stop at the first not yet due.
  std::vector<std::pair<Date, std::string>> listed;
  s = store.ScanOpenMilestones([&](const Date& planned, absl::string_view id) {
    if (CompareDates(planned, as_of) >= 0) return false;
    stats.set_overdue_milestone_count(stats.overdue_milestone_count() + 1);
    if (listed.size() < kMaxOverdueListed) listed.emplace_back(planned, std::string(id));
    return true;
  });
  if (!s.ok()) return s;
  for (const auto& [planned, id] : listed) {
    absl::StatusOr<Milestone> m = store.GetMilestone(id);
    if (!m.ok()) continue;  // deleted since the scan
    v1::OverdueMilestone* out = stats.add_overdue_milestones();
    out->set_project_id(m->project_id());
    out->set_milestone_id(m->id());
    out->set_title(m->title());
    *out->mutable_planned_date() = planned;
    if (absl::StatusOr<Project> p = store.GetProject(m->project_id()); p.ok()) {
      out->set_project_name(p->name());
    }
  }
  return stats;
}

}  // namespace district::project
