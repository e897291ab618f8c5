#include "services/project/project_reminders.h"

#include <algorithm>
#include <memory>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/date.h"
#include "common/reminders.h"
#include "common/status.h"

namespace district::project {

using Date = district::common::v1::Date;

std::string ReminderKey(const v1::Reminder& r) {
  return district::ReminderKey(r.kind(), r.project_id(), r.subject_id(), r.due_date());
}

absl::StatusOr<v1::ListRemindersResponse> ComputeReminders(
    const ProjectStore& store, const v1::ListRemindersRequest& request) {
  const Date as_of = IsEmpty(request.as_of()) ? Today() : request.as_of();
  const int within = request.within_days() == 0 ? kDefaultReminderDays : request.within_days();
  const int64_t today = DaysSinceEpoch(as_of);
  const int64_t horizon = today + within;

  // Whose projects: their names, by id.
  absl::flat_hash_map<std::string, std::shared_ptr<const v1::Project>> whose;
  store.facts().ForEachWithId([&](absl::string_view id, const ProjectFacts::Row&) {
    std::shared_ptr<const v1::Project> p = store.PeekProject(id);
    if (p == nullptr || p->stage() == v1::STAGE_CANCELLED) return;
    if ((!request.leader().empty() && p->leader() != request.leader()) ||
        (!request.responsible_unit().empty() &&
         p->responsible_unit() != request.responsible_unit()) ||
        (!request.park_id().empty() && p->park_id() != request.park_id())) {
      return;
    }
    whose.emplace(std::string(id), std::move(p));
  });

  v1::ListRemindersResponse response;
  auto add = [&](v1::ReminderKind kind, const std::string& project_id, const std::string& subject,
                 std::string text, const Date& due) {
    v1::Reminder* r = response.add_reminders();
    r->set_kind(kind);
    r->set_project_id(project_id);
    r->set_project_name(whose.at(project_id)->name());
    r->set_subject_id(subject);
    r->set_text(std::move(text));
    *r->mutable_due_date() = due;
    r->set_days_overdue(static_cast<int32_t>(std::max<int64_t>(0, today - DaysSinceEpoch(due))));
    r->set_key(ReminderKey(*r));
  };

  // Milestones not reached, earliest first, up to the horizon.
  absl::StatusOr<std::vector<v1::Milestone>> milestones =
      store.OpenMilestonesBefore(DateFromDays(horizon + 1));
  if (!milestones.ok()) return milestones.status();
  for (const v1::Milestone& m : *milestones) {
    if (!whose.contains(m.project_id())) continue;
    add(v1::REMINDER_KIND_MILESTONE, m.project_id(), m.id(),
        absl::StrCat("节点「", m.title(), "」计划 ", DateToString(m.planned_date())),
        m.planned_date());
  }

  // Open obstacles past their deadlines.
  absl::StatusOr<std::vector<v1::Obstacle>> obstacles = store.ObstaclesPastDeadline(as_of);
  if (!obstacles.ok()) return obstacles.status();
  for (const v1::Obstacle& o : *obstacles) {
    if (!whose.contains(o.project_id())) continue;
    add(v1::REMINDER_KIND_OBSTACLE, o.project_id(), o.id(),
        absl::StrCat("问题「", o.description(), "」期限 ", DateToString(o.deadline())),
        o.deadline());
  }

  // Last month's investment, due by the first of this month, for a project building or planned
  // to invest that month.
  const int last_year = as_of.month() == 1 ? as_of.year() - 1 : as_of.year();
  const int last_month = as_of.month() == 1 ? 12 : as_of.month() - 1;
  const Date first_of_month = MakeDate(as_of.year(), as_of.month(), 1);
  for (const auto& [id, p] : whose) {
    bool expected = p->stage() == v1::STAGE_UNDER_CONSTRUCTION;
    for (const v1::ProjectPlan& plan : p->plans()) {
      if (plan.year() == last_year && plan.monthly_investment_yuan_size() == 12 &&
          plan.monthly_investment_yuan(last_month - 1) > 0) {
        expected = true;
      }
    }
    if (expected && !p->invested_by_month_yuan().contains(last_year * 100 + last_month)) {
      add(v1::REMINDER_KIND_INVESTMENT_UNREPORTED, id, "",
          absl::StrFormat("%04d-%02d 月完成投资未报", last_year, last_month), first_of_month);
    }
  }

  // Open supervision orders due within the window or overdue.
  std::vector<std::string> orders;
  absl::Status s = store.ScanOpenOrders([&](const Date& deadline, absl::string_view id) {
    if (DaysSinceEpoch(deadline) > horizon) return false;
    orders.emplace_back(id);
    return true;
  });
  if (!s.ok()) return s;
  for (const std::string& id : orders) {
    absl::StatusOr<v1::SupervisionOrder> o = store.GetOrder(id);
    if (!o.ok() || !whose.contains(o->project_id())) continue;
    add(v1::REMINDER_KIND_ORDER, o->project_id(), id,
        absl::StrCat("督办「", o->subject(), "」(", o->responsible_unit(), ")",
                     o->state() == v1::ORDER_STATE_RESPONDED ? " 已回复, 待办结" : ""),
        o->deadline());
  }

  SortByUrgency(response.mutable_reminders());
  return response;
}

}  // namespace district::project
