#include "services/project/project_bulletin.h"

#include <algorithm>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "common/date.h"
#include "common/errors.h"
#include "common/money.h"
#include "services/project/project_lights.h"
#include "services/project/project_stats.h"

namespace district::project {
namespace {

using Date = district::common::v1::Date;

// Highest completion first; unknown (nothing planned or reported) last; then by name.
template <typename T>
bool RankedBefore(const T& a, const T& b, const std::string& a_key, const std::string& b_key) {
  if (a.has_completion() != b.has_completion()) return a.has_completion();
  if (a.has_completion() && a.completion() != b.completion()) {
    return a.completion() > b.completion();
  }
  return a_key < b_key;
}

// Sums of one unit's or leader's projects, added with checks.
struct Group {
  int32_t count = 0;
  CheckedSum planned, invested;
  bool reported = false;  // some project of the group reported a month: invested is known
  int32_t red = 0;
};

void Groups(const std::map<std::string, Group>& groups,
            google::protobuf::RepeatedPtrField<v1::BulletinGroup>* out) {
  for (const auto& [name, g] : groups) {
    v1::BulletinGroup* group = out->Add();
    group->set_name(name);
    group->set_project_count(g.count);
    group->set_planned_yuan(g.planned.value());
    group->set_red_count(g.red);
    if (!g.reported) continue;  // invested and completion unknown
    group->set_invested_yuan(g.invested.value());
    if (g.planned.value() > 0) {
      group->set_completion(static_cast<double>(g.invested.value()) / g.planned.value());
    }
  }
  std::sort(out->begin(), out->end(), [](const v1::BulletinGroup& a, const v1::BulletinGroup& b) {
    return RankedBefore(a, b, a.name(), b.name());
  });
}

}  // namespace

absl::StatusOr<v1::Bulletin> ComputeBulletin(const ProjectStore& store,
                                             const v1::GetBulletinRequest& request,
                                             const LightThresholds& lights) {
  const int year = request.month().year(), month = request.month().month();
  const Date next_month_first =
      month == 12 ? MakeDate(year + 1, 1, 1) : MakeDate(year, month + 1, 1);
  const Date month_end = DateFromDays(DaysSinceEpoch(next_month_first) - 1);
  const int64_t first_day = DaysSinceEpoch(MakeDate(year, month, 1));
  const int64_t last_day = DaysSinceEpoch(month_end);

  v1::Bulletin bulletin;
  *bulletin.mutable_month() = request.month();

  absl::StatusOr<std::vector<JudgedProject>> judged =
      JudgeLights(store, next_month_first, lights, Reasons::kRedOnly);
  if (!judged.ok()) return judged.status();
  absl::flat_hash_map<std::string, const JudgedProject*> judgement_of;
  for (const JudgedProject& j : *judged) judgement_of[j.id] = &j;

  // The month's figures of every project with a plan for the year, and the new starts.
  struct Planned {
    std::string id;
    int64_t planned;
    std::optional<int64_t> invested;
  };
  std::vector<Planned> planned;
  std::vector<std::pair<std::string, int64_t>> starts;
  store.facts().ForEachWithId([&](absl::string_view id, const ProjectFacts::Row& row) {
    if (row.construction_started_day >= first_day && row.construction_started_day <= last_day &&
        row.construction_started_year != 0) {
      starts.emplace_back(std::string(id), row.construction_started_day);
    }
    for (const v1::ProjectPlan& plan : row.plans()) {
      if (plan.year() != year) continue;
      planned.push_back({std::string(id), PlannedToDate(plan, year, month + 1),
                         ProjectFacts::InvestedBefore(row, year, month + 1)});
    }
  });

  std::map<std::string, Group> by_unit, by_leader;
  for (const Planned& p : planned) {
    std::shared_ptr<const v1::Project> project = store.PeekProject(p.id);
    if (project == nullptr) continue;  // deleted since
    v1::BulletinProject* out = bulletin.add_projects();
    out->set_project_id(p.id);
    out->set_name(project->name());
    out->set_leader(project->leader());
    out->set_responsible_unit(project->responsible_unit());
    out->set_planned_yuan(p.planned);
    if (p.invested.has_value()) out->set_invested_yuan(*p.invested);
    if (p.planned > 0 && p.invested.has_value()) {
      out->set_completion(static_cast<double>(*p.invested) / p.planned);
    }
    auto it = judgement_of.find(p.id);
    if (it != judgement_of.end()) out->set_light(it->second->judgement.light);
    for (Group* g : {&by_unit[project->responsible_unit()], &by_leader[project->leader()]}) {
      ++g->count;
      g->planned.Add(p.planned);
      g->reported |= p.invested.has_value();
      g->invested.Add(p.invested.value_or(0));
      if (out->light() == v1::LIGHT_RED) ++g->red;
    }
  }
  std::sort(bulletin.mutable_projects()->begin(), bulletin.mutable_projects()->end(),
            [](const v1::BulletinProject& a, const v1::BulletinProject& b) {
              return RankedBefore(a, b, a.project_id(), b.project_id());
            });
  for (const auto* groups : {&by_unit, &by_leader}) {
    for (const auto& [name, g] : *groups) {
      if (g.planned.overflowed() || g.invested.overflowed()) {
        return OutOfRangeError("the bulletin's sums passed what int64 holds",
                               "通报的投资合计超出可计算的范围，请检查是否有金额填写错误");
      }
    }
  }
  Groups(by_unit, bulletin.mutable_by_unit());
  Groups(by_leader, bulletin.mutable_by_leader());

  std::sort(starts.begin(), starts.end(), [](const auto& a, const auto& b) {
    return a.second < b.second || (a.second == b.second && a.first < b.first);
  });
  for (const auto& [id, day] : starts) {
    std::shared_ptr<const v1::Project> project = store.PeekProject(id);
    if (project == nullptr) continue;
    v1::NewStart* start = bulletin.add_new_starts();
    start->set_project_id(id);
    start->set_name(project->name());
    *start->mutable_start_date() = DateFromDays(day);
  }

  v1::GetProjectStatsRequest stats_request;
  stats_request.set_year(year);
  *stats_request.mutable_as_of() = month_end;
  absl::StatusOr<v1::ProjectStats> stats =
      ComputeProjectStats(store, stats_request, /*lights=*/nullptr);
  if (!stats.ok()) return stats.status();
  *bulletin.mutable_land_start() = stats->land_start();

  for (const JudgedProject& j : *judged) {
    CountLight(j.judgement.light, &bulletin);
    if (j.judgement.light != v1::LIGHT_RED) continue;
    std::shared_ptr<const v1::Project> project = store.PeekProject(j.id);
    if (project != nullptr) ToProjectLight(j, *project, bulletin.add_red());
  }
  return bulletin;
}

}  // namespace district::project
