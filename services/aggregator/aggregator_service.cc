#include "services/aggregator/aggregator_service.h"

#include <algorithm>
#include <optional>

#include "absl/strings/str_cat.h"
#include "common/caller.h"
#include "common/date.h"
#include "common/errors.h"
#include "common/log.h"
#include "common/metrics.h"
#include "common/money.h"
#include "common/reminders.h"
#include "common/sectors.h"
#include "common/status.h"
#include "common/validation.h"
#include "services/aggregator/fan_out.h"
#include "services/aggregator/scoreboard.h"

namespace district::aggregator {
namespace {

namespace pv1 = project::v1;
namespace rv1 = recruitment::v1;
namespace kv1 = parks::v1;

// Time kept back from the caller's deadline to compose and send the view.
constexpr auto kComposeMargin = std::chrono::milliseconds(20);
constexpr int kDefaultItems = 100;
constexpr int kOverviewLeadsPerTier = 20;

// Why a backend's part is missing, for whoever reads the view: the code and a plain reason. The
// backend's own message can name addresses and hosts (`ipv4:10.0.0.7:50052`), which a viewer has
// no business seeing; it goes to the log instead. A refusal of the caller keeps its message.
std::string PlainReason(const std::string& service, const grpc::Status& s) {
  const absl::Status status = FromGrpcStatus(s);
  // The code and message only: the details are for the person, not the log or the view's text.
  const std::string said = status.ToString(absl::StatusToStringMode::kWithNoExtraData);
  LogWarning(absl::StrCat("the ", service, " service failed: ", said),
             {{"backend", service}, {"request_id", CurrentCaller().x_request_id}});
  const std::string code = absl::StatusCodeToString(status.code());
  switch (status.code()) {
    case absl::StatusCode::kUnavailable:
      return code + ": the service cannot be reached";
    case absl::StatusCode::kDeadlineExceeded:
      return code + ": the service did not answer in time";
    case absl::StatusCode::kUnauthenticated:
    case absl::StatusCode::kPermissionDenied:
      return said;
    default:
      return code + ": the service could not answer";
  }
}

// A figure a service may leave unset (nothing reported), as the scoreboard takes it.
std::optional<double> IfSet(bool set, double value) {
  return set ? std::optional<double>(value) : std::nullopt;
}

// The part of a view that one service provides: available unless one of its calls failed. Also
// what the metrics say of the service: district_backend_available{backend} is 1 or 0 as the last
// view found it, district_backend_parts_total counts the parts by outcome (the calls' latency is
// grpc_client_handling_seconds, common/client.h).
v1::Part MakePart(const std::string& service, std::initializer_list<const grpc::Status*> calls) {
  v1::Part part;
  part.set_service(service);
  part.set_available(true);
  for (const grpc::Status* s : calls) {
    if (s->ok()) continue;
    part.set_available(false);
    part.set_error(PlainReason(service, *s));
    break;
  }
  Metrics()
      .GetGauge("district_backend_available",
                "1 when the last view the aggregator composed had this service's part, else 0.",
                {{"backend", service}})
      ->Set(part.available() ? 1 : 0);
  Metrics()
      .GetCounter("district_backend_parts_total",
                  "Parts of views the aggregator composed, by service and whether it had them.",
                  {{"available", part.available() ? "true" : "false"}, {"backend", service}})
      ->Increment();
  return part;
}

absl::StatusOr<int> ResolveItems(int32_t requested) {
  if (requested < 0 || requested > kMaxPageSize) {
    return FieldError("max_items", absl::StrCat("must be in 0..", kMaxPageSize),
                      absl::StrCat("显示条数须在0至", kMaxPageSize, "之间"));
  }
  return requested == 0 ? kDefaultItems : requested;
}

// The leader view from its two rounds of calls: the leader's projects and leads, then each
// project's overdue milestones and open obstacles.
void ComposeLeaderView(pv1::ListProjectsResponse& projects, const grpc::Status& projects_status,
                       rv1::ListLeadsResponse& leads, const grpc::Status& leads_status,
                       const std::vector<pv1::ListMilestonesResponse>& milestones,
                       const std::vector<grpc::Status>& milestone_status,
                       const std::vector<pv1::ListObstaclesResponse>& obstacles,
                       const std::vector<grpc::Status>& obstacle_status, v1::LeaderView* response) {
  grpc::Status warnings_status;
  for (int i = 0; i < projects.projects_size(); ++i) {
    for (const grpc::Status* st : {&milestone_status[i], &obstacle_status[i]}) {
      if (!st->ok() && warnings_status.ok()) warnings_status = *st;
    }
    const int overdue = milestones[i].milestones_size();
    const int open = obstacles[i].obstacles_size();
    if (overdue == 0 && open == 0) continue;
    v1::ProjectWarnings* w = response->add_project_warnings();
    w->set_project_id(projects.projects(i).id());
    w->set_project_name(projects.projects(i).name());
    w->set_overdue_milestones(overdue);
    w->set_open_obstacles(open);
  }
  *response->add_parts() = MakePart("project", {&projects_status, &warnings_status});
  *response->add_parts() = MakePart("recruitment", {&leads_status});
  for (auto& p : *projects.mutable_projects()) *response->add_projects() = std::move(p);
  for (auto& l : *leads.mutable_leads()) {
    if (l.stalled()) response->add_stalled_lead_ids(l.id());  // as the recruitment service judges
    *response->add_leads() = std::move(l);
  }
}

// A stalled lead as a reminder: due when its 90 quiet days ran out.
pv1::Reminder StalledLeadReminder(const rv1::Lead& lead, int64_t today) {
  pv1::Reminder r;
  r.set_kind(pv1::REMINDER_KIND_STALLED_LEAD);
  r.set_project_name(lead.name());
  r.set_subject_id(lead.id());
  const int64_t due = DaysSinceEpoch(lead.last_activity_date()) + kStalledLeadDays;
  r.set_text(absl::StrCat("招商线索「", lead.name(), "」(", lead.investor(), ") 自 ",
                          DateToString(lead.last_activity_date()), " 无进展, 请跟进"));
  *r.mutable_due_date() = DateFromDays(due);
  r.set_days_overdue(static_cast<int32_t>(std::max<int64_t>(0, today - due)));
  r.set_key(ReminderKey(r.kind(), "", r.subject_id(), r.due_date()));
  return r;
}

}  // namespace

DistrictServiceImpl::DistrictServiceImpl(Backends backends, absl::Duration backend_timeout)
    : backends_(std::move(backends)), backend_timeout_(backend_timeout) {}

std::chrono::system_clock::time_point DistrictServiceImpl::BackendDeadline(
    const Context& context) const {
  const auto capped =
      std::chrono::system_clock::now() + absl::ToChronoMilliseconds(backend_timeout_);
  return std::min(context.deadline() - kComposeMargin, capped);
}

void DistrictServiceImpl::DoGetOverview(Context* context, const v1::GetOverviewRequest* request,
                                        v1::Overview* response, Finish finish) {
  if (absl::Status s = RequireYear(request->year(), "year", "年份"); !s.ok()) {
    return finish(ToGrpcStatus(s));
  }
  response->set_year(request->year());
  struct Calls {
    grpc::Status projects, recruitment, tiers, parks;
  };
  auto calls = std::make_shared<Calls>();
  auto fan = FanOut::Make(BackendDeadline(*context));
  pv1::GetProjectStatsRequest p;
  p.set_year(request->year());
  fan->Add([this](auto... a) { backends_.projects->async()->GetProjectStats(a...); }, p,
           response->mutable_projects(), &calls->projects);
  rv1::GetRecruitmentStatsRequest r;
  r.set_year(request->year());
  fan->Add([this](auto... a) { backends_.recruitment->async()->GetRecruitmentStats(a...); }, r,
           response->mutable_recruitment(), &calls->recruitment);
  rv1::GetTierTableRequest t;
  t.set_max_leads_per_tier(kOverviewLeadsPerTier);
  fan->Add([this](auto... a) { backends_.recruitment->async()->GetTierTable(a...); }, t,
           response->mutable_tiers(), &calls->tiers);
  kv1::GetParkStatsRequest k;
  k.set_year(request->year());
  fan->Add([this](auto... a) { backends_.parks->async()->GetParkStats(a...); }, k,
           response->mutable_parks(), &calls->parks);
  fan->Then([calls, response, finish] {
    *response->add_parts() = MakePart("project", {&calls->projects});
    *response->add_parts() = MakePart("recruitment", {&calls->recruitment, &calls->tiers});
    *response->add_parts() = MakePart("parks", {&calls->parks});
    if (!calls->projects.ok()) response->clear_projects();
    if (!calls->recruitment.ok()) response->clear_recruitment();
    if (!calls->tiers.ok()) response->clear_tiers();
    if (!calls->parks.ok()) response->clear_parks();

    v1::Warnings& w = *response->mutable_warnings();
    w.set_overdue_milestones(response->projects().overdue_milestone_count());
    const auto& overdue = response->projects().overdue_milestones();
    for (int i = 0; i < overdue.size() && i < 20; ++i) *w.add_overdue() = overdue[i];
    w.set_open_obstacles(response->projects().open_obstacle_count());
    w.set_projects_with_open_obstacles(response->projects().projects_with_open_obstacles());
    w.set_stalled_leads(response->recruitment().stalled_leads());
    *w.mutable_stalled() = response->recruitment().stalled();
    finish(grpc::Status::OK);
  });
}

void DistrictServiceImpl::DoGetScoreboard(Context* context, const v1::GetScoreboardRequest* request,
                                          v1::Scoreboard* response, Finish finish) {
  absl::Status s = RequireYear(request->year(), "year", "年份");
  if (s.ok() && !IsEmpty(request->as_of())) s = ValidateDate(request->as_of(), "as_of", "统计日期");
  if (!s.ok()) return finish(ToGrpcStatus(s));
  const Date as_of = IsEmpty(request->as_of()) ? Today() : request->as_of();
  const double elapsed = YearElapsed(request->year(), as_of);
  response->set_year(request->year());
  response->set_year_elapsed(elapsed);

  struct Calls {
    pv1::ProjectStats project_stats;
    rv1::RecruitmentStats recruitment_stats;
    kv1::ParkStats park_stats;
    grpc::Status projects, recruitment, parks;
  };
  auto calls = std::make_shared<Calls>();
  auto fan = FanOut::Make(BackendDeadline(*context));
  pv1::GetProjectStatsRequest p;
  p.set_year(request->year());
  *p.mutable_as_of() = as_of;
  fan->Add([this](auto... a) { backends_.projects->async()->GetProjectStats(a...); }, p,
           &calls->project_stats, &calls->projects);
  rv1::GetRecruitmentStatsRequest r;
  r.set_year(request->year());
  fan->Add([this](auto... a) { backends_.recruitment->async()->GetRecruitmentStats(a...); }, r,
           &calls->recruitment_stats, &calls->recruitment);
  kv1::GetParkStatsRequest k;
  k.set_year(request->year());
  fan->Add([this](auto... a) { backends_.parks->async()->GetParkStats(a...); }, k,
           &calls->park_stats, &calls->parks);
  fan->Then([calls, response, elapsed, finish] {
    const grpc::Status& projects = calls->projects;
    const grpc::Status& recruitment = calls->recruitment;
    const grpc::Status& parks = calls->parks;
    const pv1::ProjectStats& project_stats = calls->project_stats;
    const rv1::RecruitmentStats& recruitment_stats = calls->recruitment_stats;
    const kv1::ParkStats& park_stats = calls->park_stats;
    *response->add_parts() = MakePart("project", {&projects});
    *response->add_parts() = MakePart("recruitment", {&recruitment});
    *response->add_parts() = MakePart("parks", {&parks});

    if (projects.ok() && project_stats.programme().declared()) {
      const auto& prog = project_stats.programme();
      // What the programme means: its projects under construction. How many of them the register
      // holds says how complete the register is, not how the programme goes.
      *response->add_entries() = MakeEntry(
          "project", "年度重点项目开工 (programme projects under construction or beyond)",
          "projects", prog.declared_project_count(), prog.started_project_count(), elapsed);
      *response->add_entries() =
          MakeEntry("project", "年度重点项目入库 (programme projects in the register)", "projects",
                    prog.declared_project_count(), prog.project_count(), elapsed);
      *response->add_entries() =
          MakeEntry("project", "年度计划投资 (programme investment)", "yuan",
                    static_cast<double>(prog.declared_investment_yuan()),
                    IfSet(prog.has_invested_yuan(), prog.invested_yuan()), elapsed);
      const auto& land = project_stats.land_start();
      *response->add_entries() =
          MakeEntry("project", "拿地即开工 (construction on land acquisition)", "share",
                    land.target_share(), IfSet(land.has_rate(), land.rate()), elapsed,
                    /*cumulative=*/false);
    }
    if (recruitment.ok()) {
      for (const auto& t : recruitment_stats.targets()) {
        const bool amount = t.target().metric() == rv1::METRIC_SIGNED_AMOUNT_YUAN;
        *response->add_entries() =
            MakeEntry("recruitment", t.target().name(), amount ? "yuan" : "count",
                      static_cast<double>(t.target().target_value()),
                      IfSet(t.has_actual(), t.actual()), elapsed);
      }
    }
    if (parks.ok()) {
      for (const auto& t : park_stats.targets()) {
        const bool amount = t.target().metric() == kv1::METRIC_TOTAL_TAX_YUAN;
        *response->add_entries() = MakeEntry("parks", t.target().name(), amount ? "yuan" : "count",
                                             static_cast<double>(t.target().target_value()),
                                             IfSet(t.has_actual(), t.actual()), elapsed);
      }
    }
    finish(grpc::Status::OK);
  });
}

void DistrictServiceImpl::DoGetSectorView(Context* context, const v1::GetSectorViewRequest* request,
                                          v1::SectorView* response, Finish finish) {
  absl::StatusOr<int> items = ResolveItems(request->max_items());
  absl::Status s = items.status();
  if (s.ok() && !request->sector().empty()) s = RequireSector(request->sector(), "sector", "领域");
  if (s.ok() && request->sector().empty()) {
    s = RequireEnum(request->field(), rv1::Field_IsValid, "field", "所属领域", true);
    if (s.ok() && request->field() == rv1::FIELD_UNSPECIFIED) {
      s = FieldError("sector", "required (or a field, for its sector)", "请选择领域");
    }
  }
  if (!s.ok()) return finish(ToGrpcStatus(s));
  response->set_sector(request->sector().empty() ? FieldSector(request->field())
                                                 : request->sector());
  for (int f = rv1::Field_MIN; f <= rv1::Field_MAX; ++f) {
    if (f != rv1::FIELD_UNSPECIFIED && FieldSector(f) == response->sector()) {
      response->set_field(static_cast<rv1::Field>(f));
    }
  }

  struct Calls {
    pv1::ListProjectsResponse projects;
    rv1::ListLeadsResponse leads;
    grpc::Status projects_status, leads_status;
  };
  auto calls = std::make_shared<Calls>();
  auto fan = FanOut::Make(BackendDeadline(*context));
  pv1::ListProjectsRequest p;
  p.set_sector(response->sector());
  p.set_page_size(*items);
  fan->Add([this](auto... a) { backends_.projects->async()->ListProjects(a...); }, p,
           &calls->projects, &calls->projects_status);
  rv1::ListLeadsRequest l;
  l.set_sector(response->sector());
  l.set_page_size(*items);
  fan->Add([this](auto... a) { backends_.recruitment->async()->ListLeads(a...); }, l, &calls->leads,
           &calls->leads_status);
  fan->Then([calls, response, finish] {
    *response->add_parts() = MakePart("project", {&calls->projects_status});
    *response->add_parts() = MakePart("recruitment", {&calls->leads_status});
    CheckedSum invested, intended;
    for (auto& p : *calls->projects.mutable_projects()) {
      invested.Add(p.total_investment_yuan());
      *response->add_projects() = std::move(p);
    }
    for (auto& l : *calls->leads.mutable_leads()) {
      intended.Add(l.intended_investment_yuan());
      *response->add_leads() = std::move(l);
    }
    if (invested.overflowed() || intended.overflowed()) {
      return finish(ToGrpcStatus(SumOutOfRange("the sector's investment", "该领域投资")));
    }
    response->set_project_investment_yuan(invested.value());
    response->set_lead_intended_investment_yuan(intended.value());
    finish(grpc::Status::OK);
  });
}

void DistrictServiceImpl::DoGetLeaderView(Context* context, const v1::GetLeaderViewRequest* request,
                                          v1::LeaderView* response, Finish finish) {
  absl::StatusOr<int> items = ResolveItems(request->max_items());
  absl::Status s = items.status();
  if (s.ok()) s = RequireNonEmpty(request->leader(), "leader", "包靠领导");
  if (!s.ok()) return finish(ToGrpcStatus(s));
  response->set_leader(request->leader());
  const auto deadline = BackendDeadline(*context);

  struct Calls {
    pv1::ListProjectsResponse projects;
    rv1::ListLeadsResponse leads;
    pv1::LightBoard lights;
    grpc::Status projects_status, leads_status, lights_status;
    // Second round: each project's overdue milestones and open obstacles.
    std::vector<pv1::ListMilestonesResponse> milestones;
    std::vector<pv1::ListObstaclesResponse> obstacles;
    std::vector<grpc::Status> milestone_status, obstacle_status;
  };
  auto calls = std::make_shared<Calls>();
  auto fan = FanOut::Make(deadline);
  pv1::ListProjectsRequest p;
  p.set_leader(request->leader());
  p.set_page_size(*items);
  fan->Add([this](auto... a) { backends_.projects->async()->ListProjects(a...); }, p,
           &calls->projects, &calls->projects_status);
  rv1::ListLeadsRequest l;
  l.set_leader(request->leader());
  l.set_page_size(*items);
  fan->Add([this](auto... a) { backends_.recruitment->async()->ListLeads(a...); }, l, &calls->leads,
           &calls->leads_status);
  pv1::GetLightBoardRequest lights;  // as of today, the leader's projects only
  lights.set_leader(request->leader());
  fan->Add([this](auto... a) { backends_.projects->async()->GetLightBoard(a...); }, lights,
           &calls->lights, &calls->lights_status);
  fan->Then([this, calls, response, deadline, finish] {
    // Second round, all at once.
    const int n = calls->projects.projects_size();
    calls->milestones.resize(n);
    calls->obstacles.resize(n);
    calls->milestone_status.resize(n);
    calls->obstacle_status.resize(n);
    auto second = FanOut::Make(deadline);
    for (int i = 0; i < n; ++i) {
      pv1::ListMilestonesRequest m;
      m.set_project_id(calls->projects.projects(i).id());
      m.set_overdue_only(true);
      second->Add([this](auto... a) { backends_.projects->async()->ListMilestones(a...); }, m,
                  &calls->milestones[i], &calls->milestone_status[i]);
      pv1::ListObstaclesRequest o;
      o.set_project_id(calls->projects.projects(i).id());
      o.set_status(pv1::OBSTACLE_STATUS_OPEN);
      second->Add([this](auto... a) { backends_.projects->async()->ListObstacles(a...); }, o,
                  &calls->obstacles[i], &calls->obstacle_status[i]);
    }
    second->Then([calls, response, finish] {
      ComposeLeaderView(calls->projects, calls->projects_status, calls->leads, calls->leads_status,
                        calls->milestones, calls->milestone_status, calls->obstacles,
                        calls->obstacle_status, response);
      // The lights are the project part's too: without them the view still stands, unlit.
      if (calls->lights_status.ok()) *response->mutable_lights() = std::move(calls->lights);
      finish(grpc::Status::OK);
    });
  });
}

void DistrictServiceImpl::DoGetReminders(Context* context, const v1::GetRemindersRequest* request,
                                         v1::Reminders* response, Finish finish) {
  if (absl::Status s = ValidateReminderScope(request->leader(), request->responsible_unit(),
                                             request->park_id(), request->within_days());
      !s.ok()) {
    return finish(ToGrpcStatus(s));
  }
  struct Calls {
    pv1::ListRemindersResponse projects;
    rv1::ListLeadsResponse leads;
    grpc::Status projects_status, leads_status;
  };
  auto calls = std::make_shared<Calls>();
  auto fan = FanOut::Make(BackendDeadline(*context));
  pv1::ListRemindersRequest p;
  p.set_leader(request->leader());
  p.set_responsible_unit(request->responsible_unit());
  p.set_park_id(request->park_id());
  p.set_within_days(request->within_days());
  fan->Add([this](auto... a) { backends_.projects->async()->ListReminders(a...); }, p,
           &calls->projects, &calls->projects_status);
  rv1::ListLeadsRequest l;
  l.set_leader(request->leader());
  l.set_responsible_unit(request->responsible_unit());
  l.set_target_park_id(request->park_id());
  l.set_stalled_only(true);
  l.set_page_size(kMaxPageSize);
  fan->Add([this](auto... a) { backends_.recruitment->async()->ListLeads(a...); }, l, &calls->leads,
           &calls->leads_status);
  fan->Then([calls, response, finish] {
    *response->add_parts() = MakePart("project", {&calls->projects_status});
    *response->add_parts() = MakePart("recruitment", {&calls->leads_status});
    for (pv1::Reminder& r : *calls->projects.mutable_reminders()) {
      *response->add_reminders() = std::move(r);
    }
    const int64_t today = DaysSinceEpoch(Today());
    for (const rv1::Lead& lead : calls->leads.leads()) {
      *response->add_reminders() = StalledLeadReminder(lead, today);
    }
    SortByUrgency(response->mutable_reminders());
    finish(grpc::Status::OK);
  });
}

void DistrictServiceImpl::DoGetParkView(Context* context, const v1::GetParkViewRequest* request,
                                        v1::ParkView* response, Finish finish) {
  absl::StatusOr<int> items = ResolveItems(request->max_items());
  absl::Status s = items.status();
  if (s.ok()) s = RequireNonEmpty(request->park_id(), "park_id", "园区");
  if (s.ok() && request->year() != 0) s = RequireYear(request->year(), "year", "年份");
  if (!s.ok()) return finish(ToGrpcStatus(s));
  const int year = request->year() == 0 ? Today().year() : request->year();
  const std::string park_id = request->park_id();

  struct Calls {
    kv1::ListBuildingsResponse buildings;
    kv1::TaxTotals totals;
    kv1::ListEnterprisesResponse enterprises;
    pv1::ListProjectsResponse projects;
    rv1::ListLeadsResponse leads;
    grpc::Status park_status, buildings_status, totals_status, enterprises_status, projects_status,
        leads_status;
  };
  auto calls = std::make_shared<Calls>();
  auto fan = FanOut::Make(BackendDeadline(*context));
  kv1::GetParkRequest g;
  g.set_id(park_id);
  fan->Add([this](auto... a) { backends_.parks->async()->GetPark(a...); }, g,
           response->mutable_park(), &calls->park_status);
  kv1::ListBuildingsRequest b;
  b.set_park_id(park_id);
  b.set_page_size(*items);
  fan->Add([this](auto... a) { backends_.parks->async()->ListBuildings(a...); }, b,
           &calls->buildings, &calls->buildings_status);
  kv1::GetTaxTotalsRequest t;
  t.set_year(year);
  fan->Add([this](auto... a) { backends_.parks->async()->GetTaxTotals(a...); }, t, &calls->totals,
           &calls->totals_status);
  kv1::ListEnterprisesRequest e;
  e.set_park_id(park_id);
  e.set_page_size(*items);
  fan->Add([this](auto... a) { backends_.parks->async()->ListEnterprises(a...); }, e,
           &calls->enterprises, &calls->enterprises_status);
  pv1::ListProjectsRequest p;
  p.set_park_id(park_id);
  p.set_page_size(*items);
  fan->Add([this](auto... a) { backends_.projects->async()->ListProjects(a...); }, p,
           &calls->projects, &calls->projects_status);
  rv1::ListLeadsRequest l;
  l.set_target_park_id(park_id);
  l.set_page_size(*items);
  fan->Add([this](auto... a) { backends_.recruitment->async()->ListLeads(a...); }, l, &calls->leads,
           &calls->leads_status);
  fan->Then([calls, response, park_id, finish] {
    // A park that does not exist is the caller's mistake, not an outage.
    if (calls->park_status.error_code() == grpc::StatusCode::NOT_FOUND) {
      return finish(calls->park_status);  // with its details (the zh-CN sentence)
    }
    *response->add_parts() = MakePart("parks", {&calls->park_status, &calls->buildings_status,
                                                &calls->totals_status, &calls->enterprises_status});
    *response->add_parts() = MakePart("project", {&calls->projects_status});
    *response->add_parts() = MakePart("recruitment", {&calls->leads_status});
    for (auto& b : *calls->buildings.mutable_buildings()) *response->add_buildings() = std::move(b);
    CheckedSum park_tax;
    for (auto& t : *calls->totals.mutable_buildings()) {
      if (t.park_id() != park_id) continue;
      park_tax.Add(t.tax_revenue_yuan());
      *response->add_building_totals() = std::move(t);
    }
    if (park_tax.overflowed()) {
      return finish(ToGrpcStatus(SumOutOfRange("the park's tax", "园区税收")));
    }
    response->set_park_tax_revenue_yuan(park_tax.value());
    for (auto& e : *calls->enterprises.mutable_enterprises()) {
      *response->add_enterprises() = std::move(e);
    }
    for (auto& p : *calls->projects.mutable_projects()) *response->add_projects() = std::move(p);
    for (auto& l : *calls->leads.mutable_leads()) *response->add_leads() = std::move(l);
    finish(grpc::Status::OK);
  });
}

}  // namespace district::aggregator
