#include "services/project/project_lights.h"

#include <algorithm>
#include <map>
#include <tuple>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/date.h"

namespace district::project {

using Date = district::common::v1::Date;

absl::Status ForEachLight(const ProjectStore& store, const Date& as_of,
                          const LightThresholds& thresholds, Reasons reasons,
                          const std::function<void(absl::string_view id, JudgedProject&)>& fn) {
  const int64_t today = DaysSinceEpoch(as_of);
  // What is overdue besides the plan's own dates: milestones (their index is in planned-date
  // order, so the overdue ones come first) and open obstacles past their deadlines.
  absl::flat_hash_map<std::string, std::vector<Overdue>> overdue;
  absl::StatusOr<std::vector<v1::Milestone>> late = store.OpenMilestonesBefore(as_of);
  if (!late.ok()) return late.status();
  for (const v1::Milestone& m : *late) {
    overdue[m.project_id()].push_back(
        {reasons != Reasons::kNone
             ? absl::StrCat("节点「", m.title(), "」(计划 ", DateToString(m.planned_date()), ")")
             : "",
         today - DaysSinceEpoch(m.planned_date())});
  }
  absl::StatusOr<std::vector<v1::Obstacle>> past = store.ObstaclesPastDeadline(as_of);
  if (!past.ok()) return past.status();
  for (const v1::Obstacle& o : *past) {
    overdue[o.project_id()].push_back(
        {reasons != Reasons::kNone
             ? absl::StrCat("问题「", o.description(), "」(期限 ", DateToString(o.deadline()), ")")
             : "",
         today - DaysSinceEpoch(o.deadline())});
  }

  store.facts().ForEachWithId([&](absl::string_view id, const ProjectFacts::Row& row) {
    if (row.stage == v1::STAGE_CANCELLED) return;
    LightFacts facts;
    for (const v1::ProjectPlan& plan : row.plans()) {
      if (plan.year() != as_of.year()) continue;
      facts.has_plan = true;
      facts.planned_to_date = PlannedToDate(plan, as_of.year(), as_of.month());
      const bool started = row.construction_started_year != 0;
      const bool completed =
          row.stage == v1::STAGE_COMPLETED || row.stage == v1::STAGE_IN_PRODUCTION;
      const bool producing = row.stage == v1::STAGE_IN_PRODUCTION;
      for (const auto& [date, reached, what] :
           {std::tuple(&plan.planned_start_date(), started, "计划开工"),
            std::tuple(&plan.planned_completion_date(), completed, "计划竣工"),
            std::tuple(&plan.planned_production_date(), producing, "计划投产")}) {
        if (reached || IsEmpty(*date) || CompareDates(*date, as_of) >= 0) continue;
        facts.overdue.push_back(
            {reasons != Reasons::kNone ? absl::StrCat(what, " ", DateToString(*date)) : "",
             today - DaysSinceEpoch(*date)});
      }
    }
    facts.invested = ProjectFacts::InvestedBefore(row, as_of.year(), as_of.month());
    if (auto it = overdue.find(id); it != overdue.end()) {
      facts.overdue.insert(facts.overdue.end(), it->second.begin(), it->second.end());
    }
    JudgedProject project;
    project.judgement = JudgeLight(facts, thresholds, reasons);
    project.planned_to_date = facts.planned_to_date;
    project.invested = facts.invested;
    fn(id, project);
  });
  return absl::OkStatus();
}

absl::StatusOr<std::vector<JudgedProject>> JudgeLights(const ProjectStore& store, const Date& as_of,
                                                       const LightThresholds& thresholds,
                                                       Reasons reasons) {
  std::vector<JudgedProject> judged;
  absl::Status s = ForEachLight(store, as_of, thresholds, reasons,
                                [&](absl::string_view id, JudgedProject& project) {
                                  project.id = std::string(id);
                                  judged.push_back(std::move(project));
                                });
  if (!s.ok()) return s;
  std::sort(judged.begin(), judged.end(),
            [](const JudgedProject& a, const JudgedProject& b) { return a.id < b.id; });
  return judged;
}

void ToProjectLight(const JudgedProject& judged, const v1::Project& project,
                    v1::ProjectLight* out) {
  out->set_project_id(judged.id);
  out->set_name(project.name());
  out->set_leader(project.leader());
  out->set_responsible_unit(project.responsible_unit());
  out->set_light(judged.judgement.light);
  for (const std::string& reason : judged.judgement.reasons) out->add_reasons(reason);
  out->set_planned_to_date_yuan(judged.planned_to_date);
  if (judged.invested.has_value()) out->set_invested_yuan(*judged.invested);
}

absl::StatusOr<std::array<int, 4>> LightCounter::Count(const ProjectStore& store,
                                                       const Date& as_of) {
  const int64_t day = DaysSinceEpoch(as_of);
  std::lock_guard<std::mutex> lock(mu_);     // one count at a time: the others wait for it
  const uint64_t changes = store.changes();  // before counting: a change during it recounts
  if (valid_ && changes == changes_ && day == day_) return counts_;
  std::array<int, 4> counts{};
  absl::Status s = ForEachLight(
      store, as_of, thresholds_, Reasons::kNone,
      [&](absl::string_view, JudgedProject& p) { ++counts[static_cast<int>(p.judgement.light)]; });
  if (!s.ok()) return s;
  valid_ = true;
  changes_ = changes;
  day_ = day;
  counts_ = counts;
  return counts;
}

}  // namespace district::project
