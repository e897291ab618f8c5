#include "services/project/project_stats.h"

#include <algorithm>
#include <array>
#include <functional>
#include <map>
#include <memory>
#include <string>
#include <vector>

#include "common/date.h"
#include "common/money.h"
#include "common/tally.h"
#include "services/project/project_lights.h"
#include "services/project/stage_rules.h"

namespace district::project {

using v1::AnnualProgramme;
using v1::Milestone;
using v1::Project;
namespace {

// Emits a tally's buckets ordered by name; name(key) gives a key's name.
void EmitBuckets(const Tally& tally, const std::function<std::string(size_t)>& name,
                 google::protobuf::RepeatedPtrField<v1::Bucket>* out) {
  tally.ForEach([&](size_t key, const Tally::Sum& sum) {
    v1::Bucket* b = out->Add();
    b->set_key(name(key));
    b->set_count(sum.count);
    b->set_total_investment_yuan(sum.total.value());
  });
  std::sort(out->begin(), out->end(),
            [](const v1::Bucket& a, const v1::Bucket& b) { return a.key() < b.key(); });
}

// "GREEN" of LIGHT_GREEN.
std::string LightName(v1::Light light) {
  const std::string& name = v1::Light_Name(light);
  return name.substr(name.find('_') + 1);
}

}  // namespace

absl::StatusOr<v1::ProjectStats> ComputeProjectStats(const ProjectStore& store,
                                                     const v1::GetProjectStatsRequest& request,
                                                     LightCounter* lights) {
  const int year = request.year();
  const int window = request.land_start_window_days() == 0 ? kDefaultLandStartWindowDays
                                                           : request.land_start_window_days();
  const Date as_of = IsEmpty(request.as_of()) ? Today() : request.as_of();
  const int64_t as_of_day = DaysSinceEpoch(as_of);

  v1::ProjectStats stats;
  stats.set_year(year);
  v1::ProgrammeProgress& programme = *stats.mutable_programme();
  programme.set_year(year);
  v1::LandStartRate& land = *stats.mutable_land_start();
  land.set_window_days(window);
  Tally by_stage, by_level, by_sector;
  CheckedSum total, planned, invested_sum;
  bool investment_reported = false;  // by a programme project, for a month of the year

  const std::vector<std::string> sectors = store.facts().ForEach([&](const ProjectFacts::Row& p) {
    stats.set_project_count(stats.project_count() + 1);
    total.Add(p.total_investment_yuan);
    by_stage.Add(p.stage, p.total_investment_yuan);
    by_level.Add(p.level, p.total_investment_yuan);
    by_sector.Add(p.sector, p.total_investment_yuan);

    for (const ProjectFacts::YearAmount& e : p.programme) {
      if (e.year != year) continue;
      programme.set_project_count(programme.project_count() + 1);
      if (p.stage == v1::STAGE_UNDER_CONSTRUCTION || p.stage == v1::STAGE_COMPLETED ||
          p.stage == v1::STAGE_IN_PRODUCTION) {
        programme.set_started_project_count(programme.started_project_count() + 1);
      }
      planned.Add(e.yuan);
      for (const ProjectFacts::YearAmount& invested : p.invested) {
        if (invested.year == year) {
          investment_reported = true;
          invested_sum.Add(invested.yuan);
        }
      }
    }
    // Events up to the day asked about (a bulletin asks as of a month's end).
    if (p.land_acquired_year == year && p.land_acquired_day <= as_of_day) {
      land.set_land_acquired(land.land_acquired() + 1);
      if (p.construction_started_year != 0 && p.construction_started_day <= as_of_day &&
          p.construction_started_day - p.land_acquired_day <= window) {
        land.set_started_within_window(land.started_within_window() + 1);
      }
    }
  });
  if (total.overflowed() || planned.overflowed() || invested_sum.overflowed() ||
      by_stage.overflowed() || by_level.overflowed() || by_sector.overflowed()) {
    return SumOutOfRange("the projects' investment", "项目投资");
  }
  stats.set_total_investment_yuan(total.value());
  programme.set_planned_investment_yuan(planned.value());
  programme.set_invested_yuan(invested_sum.value());
  EmitBuckets(
      by_stage, [](size_t k) { return v1::Stage_Name(static_cast<int>(k)); },
      stats.mutable_by_stage());
  EmitBuckets(
      by_level, [](size_t k) { return v1::Level_Name(static_cast<int>(k)); },
      stats.mutable_by_level());
  EmitBuckets(
      by_sector, [&](size_t k) { return sectors[k]; }, stats.mutable_by_sector());

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
  if (!investment_reported) {
    programme.clear_invested_yuan();
  } else if (basis > 0) {
    programme.set_invested_share(static_cast<double>(programme.invested_yuan()) / basis);
  }

  if (land.land_acquired() > 0) {
    land.set_rate(static_cast<double>(land.started_within_window()) / land.land_acquired());
  }
  land.set_target_share(target_share);
  land.set_meets_target(land.land_acquired() > 0 && land.rate() >= target_share);

  // Open obstacles are few next to projects: walk their index (project id order).
  std::string last_project;
  absl::Status s = store.ScanOpenObstacles([&](absl::string_view project_id) {
    stats.set_open_obstacle_count(stats.open_obstacle_count() + 1);
    if (project_id != last_project) {
      stats.set_projects_with_open_obstacles(stats.projects_with_open_obstacles() + 1);
      last_project = std::string(project_id);
    }
  });
  if (!s.ok()) return s;

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

  // Orders not closed come in deadline order.
  s = store.ScanOpenOrders([&](const Date& deadline, absl::string_view) {
    stats.set_open_order_count(stats.open_order_count() + 1);
    if (CompareDates(deadline, as_of) < 0) {
      stats.set_overdue_order_count(stats.overdue_order_count() + 1);
    }
    return true;
  });
  if (!s.ok()) return s;

  if (lights == nullptr) return stats;
  absl::StatusOr<std::array<int, 4>> by_light = lights->Count(store, as_of);  // by Light's number
  if (!by_light.ok()) return by_light.status();
  for (v1::Light light :
       {v1::LIGHT_GREEN, v1::LIGHT_RED, v1::LIGHT_UNSPECIFIED, v1::LIGHT_YELLOW}) {
    if ((*by_light)[light] == 0) continue;
    v1::Bucket* bucket = stats.add_by_light();
    bucket->set_key(LightName(light));
    bucket->set_count((*by_light)[light]);
  }
  return stats;
}

absl::StatusOr<v1::LightBoard> ComputeLightBoard(const ProjectStore& store,
                                                 const v1::GetLightBoardRequest& request,
                                                 const LightThresholds& lights) {
  const Date as_of = IsEmpty(request.as_of()) ? Today() : request.as_of();
  absl::StatusOr<std::vector<JudgedProject>> judged = JudgeLights(store, as_of, lights);
  if (!judged.ok()) return judged.status();
  v1::LightBoard board;
  *board.mutable_as_of() = as_of;
  for (JudgedProject& j : *judged) {
    std::shared_ptr<const Project> p = store.PeekProject(j.id);
    if (p == nullptr) continue;  // deleted since
    if ((!request.leader().empty() && p->leader() != request.leader()) ||
        (!request.responsible_unit().empty() &&
         p->responsible_unit() != request.responsible_unit()) ||
        (request.light() != v1::LIGHT_UNSPECIFIED && j.judgement.light != request.light())) {
      continue;
    }
    CountLight(j.judgement.light, &board);
    ToProjectLight(j, *p, board.add_projects());
  }
  // Red first, then yellow, unknown, green; ids in order within each (the sort is stable).
  auto rank = [](v1::Light light) {
    switch (light) {
      case v1::LIGHT_RED:
        return 0;
      case v1::LIGHT_YELLOW:
        return 1;
      case v1::LIGHT_UNSPECIFIED:
        return 2;
      default:
        return 3;
    }
  };
  std::stable_sort(board.mutable_projects()->begin(), board.mutable_projects()->end(),
                   [&](const v1::ProjectLight& a, const v1::ProjectLight& b) {
                     return rank(a.light()) < rank(b.light());
                   });
  return board;
}

}  // namespace district::project
