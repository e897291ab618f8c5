#include "services/project/project_store.h"

#include <map>
#include <optional>

#include <google/protobuf/util/message_differencer.h>
#include <openssl/rand.h>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/errors.h"
#include "common/log.h"
#include "common/money.h"
#include "common/stage_history.h"
#include "common/status.h"
#include "common/update_mask.h"
#include "services/project/project_validation.h"
#include "services/project/stage_rules.h"

namespace district::project {

using v1::AdvanceStageRequest;
using v1::AnnualProgramme;
using v1::CloseOrderRequest;
using v1::CreateMilestoneRequest;
using v1::CreateObstacleRequest;
using v1::CreateOrderRequest;
using v1::CreateProjectRequest;
using v1::EscalateOrderRequest;
using v1::InvestmentReport;
using v1::ListOrdersRequest;
using v1::ListOrdersResponse;
using v1::ListProjectsRequest;
using v1::ListProjectsResponse;
using v1::Milestone;
using v1::Obstacle;
using v1::Project;
using v1::RecordInvestmentRequest;
using v1::RespondOrderRequest;
using v1::SupervisionOrder;
using v1::UpdateMilestoneRequest;
using v1::UpdateObstacleRequest;
using v1::UpdateProgrammeRequest;
using v1::UpdateProjectRequest;
namespace {

using Values = std::vector<std::string>;

bool IsOpen(const Obstacle& o) { return o.status() == v1::OBSTACLE_STATUS_OPEN; }

std::string ReportId(absl::string_view project_id, const YearMonth& month) {
  return absl::StrCat(project_id, "/", YearMonthKey(month));
}

ScopeTags ScopeOf(const Project& p) {
  return ScopeTags{p.park_id(), p.leader(), p.responsible_unit()};
}

constexpr absl::string_view kResumeTokenKey = "secret/resume_token_key";

// The 32 random bytes at `key`, made and written (alone, in one batch) when absent. Opening is
// single-threaded, so nothing races the first write. When it cannot be written (a full disk), the
// bytes serve this process only, and tokens made by it are refused after a restart.
absl::StatusOr<std::string> LoadOrMakeSecret(Store* store, absl::string_view key) {
  absl::StatusOr<std::string> stored = store->GetRaw(key);
  if (stored.ok() || !absl::IsNotFound(stored.status())) return stored;
  std::string secret(32, '\0');
  if (RAND_bytes(reinterpret_cast<unsigned char*>(secret.data()), 32) != 1) {
    return absl::InternalError("no random bytes for the resume token key");
  }
  WriteBatch batch;
  batch.PutRaw(key, secret);
  if (absl::Status s = store->Write(&batch); !s.ok()) {
    LogWarning(absl::StrCat("cannot keep ", key, " (", s.message(),
                            "): resume tokens will not survive a restart"));
  }
  return secret;
}

// The scope of a project's milestones and obstacles: their project's, looked up by id.
using ProjectScope = std::function<absl::StatusOr<ScopeTags>(absl::string_view project_id)>;

ResourceStore<Project>::Config ProjectConfig(ProjectFacts* facts, ChangeSignal* changes) {
  ResourceStore<Project>::Config c;
  c.kind = "project";
  c.label = "项目";
  c.id_prefix = "P";
  c.updatable = {"name",
                 "owner",
                 "sector",
                 "level",
                 "total_investment_yuan",
                 "land_area_mu",
                 "expected_annual_revenue_yuan",
                 "leader",
                 "park_id",
                 "tags",
                 "description",
                 "source",
                 "programme",
                 "responsible_unit",
                 "leader_title",
                 "plans",
                 "expansion"};
  c.validate = ValidateProject;
  c.scope = ScopeOf;
  // The register is read far more than written and fits in memory: Get and List read the copy
  // there, and a create writes no index entries (six fewer keys per create; the gain is in
  // bench/RESULTS.md, "Design measurements").
  c.resident = true;
  c.on_commit = [facts, changes](const std::string& id, const Project* after) {
    if (after != nullptr) {
      facts->Put(*after);
    } else {
      facts->Erase(id);
    }
    changes->Raise();
  };
  return c;
}

ResourceStore<Milestone>::Config MilestoneConfig(const ProjectScope& project_scope,
                                                 ChangeSignal* changes) {
  ResourceStore<Milestone>::Config c;
  c.scope = [project_scope](const Milestone& m) { return project_scope(m.project_id()); };
  c.kind = "milestone";
  c.label = "节点";
  c.id_prefix = "M";
  c.updatable = {"title", "planned_date", "actual_date"};
  c.validate = ValidateMilestone;
  c.indexes["project"] = [](const Milestone& m) { return Values{m.project_id()}; };
  // Not yet reached, by planned date: what is overdue is a prefix of this index.
  c.indexes["open_by_planned_date"] = [](const Milestone& m) {
    return IsEmpty(m.actual_date()) ? Values{DateKey(m.planned_date())} : Values{};
  };
  c.on_commit = [changes](const std::string&, const Milestone*) { changes->Raise(); };
  return c;
}

ResourceStore<Obstacle>::Config ObstacleConfig(const ProjectScope& project_scope,
                                               ChangeSignal* changes) {
  ResourceStore<Obstacle>::Config c;
  c.scope = [project_scope](const Obstacle& o) { return project_scope(o.project_id()); };
  c.kind = "obstacle";
  c.label = "问题";
  c.id_prefix = "O";
  c.updatable = {"kind",   "description",   "owner",     "deadline",
                 "status", "resolved_date", "resolution"};
  c.validate = ValidateObstacle;
  c.indexes["project"] = [](const Obstacle& o) { return Values{o.project_id()}; };
  c.indexes["open_by_project"] = [](const Obstacle& o) {
    return IsOpen(o) ? Values{o.project_id()} : Values{};
  };
  c.on_commit = [changes](const std::string&, const Obstacle*) { changes->Raise(); };
  return c;
}

// Whether the project passes every filter set in the request.
bool Matches(const Project& p, const ListProjectsRequest& r) {
  if (r.stage() != v1::STAGE_UNSPECIFIED && p.stage() != r.stage()) return false;
  if (r.level() != v1::LEVEL_UNSPECIFIED && p.level() != r.level()) return false;
  if (!r.sector().empty() && p.sector() != r.sector()) return false;
  if (!r.leader().empty() && p.leader() != r.leader()) return false;
  if (!r.responsible_unit().empty() && p.responsible_unit() != r.responsible_unit()) return false;
  if (!r.park_id().empty() && p.park_id() != r.park_id()) return false;
  if (r.programme_year() != 0) {
    bool in_programme = false;
    for (const auto& e : p.programme()) in_programme |= e.year() == r.programme_year();
    if (!in_programme) return false;
  }
  return true;
}

}  // namespace

namespace {

ResourceStore<SupervisionOrder>::Config OrderConfig(const ProjectScope& project_scope,
                                                    ChangeSignal* changes) {
  ResourceStore<SupervisionOrder>::Config c;
  // An order is its project's, except in the unit dimension: it is the unit it is addressed to
  // that answers it, whichever unit answers for the project.
  c.scope = [project_scope](const SupervisionOrder& o) -> absl::StatusOr<ScopeTags> {
    absl::StatusOr<ScopeTags> tags = project_scope(o.project_id());
    if (tags.ok()) tags->unit = o.responsible_unit();
    return tags;
  };
  c.kind = "order";
  c.label = "督办";
  c.id_prefix = "D";  // 督办
  c.updatable = {};   // changed only by Respond, Close and Escalate
  c.validate = ValidateOrder;
  c.indexes["project"] = [](const SupervisionOrder& o) { return Values{o.project_id()}; };
  // Not closed, by deadline: what is overdue is a prefix of this index.
  c.indexes["open_by_deadline"] = [](const SupervisionOrder& o) {
    return o.state() != v1::ORDER_STATE_CLOSED ? Values{DateKey(o.deadline())} : Values{};
  };
  c.on_commit = [changes](const std::string&, const SupervisionOrder*) { changes->Raise(); };
  return c;
}

// The date of a DateKey ("20200501"), or nothing for another key.
std::optional<Date> ParseDateKey(absl::string_view key) {
  int y = 0, m = 0, d = 0;
  if (key.size() != 8 || !absl::SimpleAtoi(key.substr(0, 4), &y) ||
      !absl::SimpleAtoi(key.substr(4, 2), &m) || !absl::SimpleAtoi(key.substr(6, 2), &d)) {
    return std::nullopt;
  }
  return MakeDate(y, m, d);
}

// FAILED_PRECONDITION saying why `order` cannot be `verb`ed in its state; `zh` says it to people.
absl::Status NotInState(const SupervisionOrder& order, absl::string_view verb,
                        absl::string_view why, absl::string_view zh) {
  return FailedPreconditionError(absl::StrCat("cannot ", verb, " order ", order.id(), " (",
                                              v1::OrderState_Name(order.state()), "): ", why),
                                 zh);
}

// Closing and escalating are for the one who issued the order, or an admin. `verb_zh` is the
// verb as the district says it ("办结").
absl::Status CheckIssuerOrAdmin(const SupervisionOrder& order, absl::string_view verb,
                                absl::string_view verb_zh) {
  const Principal& who = *CurrentCaller().principal;
  if (who.role == Role::kAdmin || who.name == order.issued_by()) return absl::OkStatus();
  return PermissionDeniedError(
      absl::StrCat("only ", order.issued_by(), ", who issued it, or an admin may ", verb, " order ",
                   order.id()),
      absl::StrCat("只有交办人（", order.issued_by(), "）或管理员才能", verb_zh, "此督办"));
}

}  // namespace

absl::StatusOr<std::unique_ptr<ProjectStore>> ProjectStore::Open(Store* store) {
  std::unique_ptr<ProjectStore> s(new ProjectStore(store));
  auto projects = ResourceStore<Project>::Open(store, ProjectConfig(&s->facts_, &s->changes_));
  if (!projects.ok()) return projects.status();
  const ProjectScope project_scope = [p = s.get()](absl::string_view id) {
    absl::StatusOr<Project> project = p->projects_->Get(id);
    return project.ok() ? absl::StatusOr<ScopeTags>(ScopeOf(*project)) : project.status();
  };
  auto milestones =
      ResourceStore<Milestone>::Open(store, MilestoneConfig(project_scope, &s->changes_));
  if (!milestones.ok()) return milestones.status();
  auto obstacles =
      ResourceStore<Obstacle>::Open(store, ObstacleConfig(project_scope, &s->changes_));
  if (!obstacles.ok()) return obstacles.status();
  auto orders =
      ResourceStore<SupervisionOrder>::Open(store, OrderConfig(project_scope, &s->changes_));
  if (!orders.ok()) return orders.status();
  s->projects_ = *std::move(projects);
  s->milestones_ = *std::move(milestones);
  s->obstacles_ = *std::move(obstacles);
  s->orders_ = *std::move(orders);
  auto returns = ResourceStore<v1::MonthlyReturn>::Open(store, MonthlyReturnConfig());
  if (!returns.ok()) return returns.status();
  s->returns_ = *std::move(returns);

  absl::StatusOr<std::vector<Project>> all = s->projects_->All();
  if (!all.ok()) return all.status();
  for (const Project& p : *all) s->facts_.Put(p);
  absl::StatusOr<std::string> key = LoadOrMakeSecret(store, kResumeTokenKey);
  if (!key.ok()) return key.status();
  s->resume_token_key_ = *std::move(key);
  return s;
}

template <typename R>
absl::StatusOr<R> ProjectStore::WithProject(absl::string_view project_id,
                                            const std::function<absl::StatusOr<R>()>& fn) {
  std::lock_guard<std::mutex> lock(projects_->LockFor(project_id));
  absl::StatusOr<Project> p = projects_->Get(project_id);
  if (absl::Status s = projects_->CheckScope(p); !s.ok()) return s;  // a child is its project's
  if (!p.ok()) return p.status();
  return fn();
}

void ProjectStore::CreateProject(const CreateProjectRequest& request,
                                 std::function<void(absl::StatusOr<Project>)> done) {
  Project project = request.project();
  // Output-only fields are the server's to set (AIP-203): whatever the client sent is dropped.
  project.clear_stage_history();
  project.clear_invested_to_date_yuan();
  project.clear_invested_by_year_yuan();
  project.clear_invested_by_month_yuan();
  project.clear_signed_amount_yuan();
  if (project.stage() == v1::STAGE_UNSPECIFIED) project.set_stage(v1::STAGE_PLANNING);
  // Entered at SIGNED or beyond (after the fact, or landed from a lead): signed for its total.
  if (IsActiveStage(project.stage()) && project.stage() >= v1::STAGE_SIGNED) {
    project.set_signed_amount_yuan(project.total_investment_yuan());
  }
  StartStageHistory(&project, IsEmpty(request.stage_date()) ? Today() : request.stage_date());
  projects_->CreateQueued(std::move(project), request.request_id(), request, std::move(done));
}

std::shared_ptr<const Project> ProjectStore::PeekProject(absl::string_view id) const {
  return projects_->Peek(id);
}

absl::StatusOr<Project> ProjectStore::GetProject(absl::string_view id) const {
  return projects_->Get(id);
}

absl::StatusOr<ListProjectsResponse> ProjectStore::ListProjects(const ListProjectsRequest& request,
                                                                int page_size) const {
  // The register is resident: List walks it in memory, and Matches checks the filters.
  auto page = projects_->List(request, page_size, request.page_token(), "", "",
                              [&](const Project& p) { return Matches(p, request); });
  if (!page.ok()) return page.status();
  ListProjectsResponse response;
  MovePage(*page, response.mutable_projects(), response.mutable_next_page_token());
  return response;
}

absl::StatusOr<Project> ProjectStore::UpdateProject(const UpdateProjectRequest& request) {
  return projects_->Update(request.project(), request.update_mask(),
                           DeprecatedRequestEtag(request));
}

absl::Status ProjectStore::DeleteProject(absl::string_view id, absl::string_view etag) {
  // The project goes with everything that belongs to it, in one batch.
  return projects_->Delete(id, etag, [&](WriteBatch* batch, const Project*, const Project*) {
    auto milestones = milestones_->All("project", id);
    if (!milestones.ok()) return milestones.status();
    for (const Milestone& m : *milestones) milestones_->DeleteInBatch(batch, m);
    auto obstacles = obstacles_->All("project", id);
    if (!obstacles.ok()) return obstacles.status();
    for (const Obstacle& o : *obstacles) obstacles_->DeleteInBatch(batch, o);
    auto orders = orders_->All("project", id);
    if (!orders.ok()) return orders.status();
    for (const SupervisionOrder& o : *orders) orders_->DeleteInBatch(batch, o);
    return reports_.Scan(*store_, absl::StrCat(id, "/"), "",
                         [&](absl::string_view report_id, const InvestmentReport&) {
                           reports_.Delete(batch, report_id);
                           return true;
                         });
  });
}

absl::StatusOr<Project> ProjectStore::AdvanceStage(const AdvanceStageRequest& request) {
  return projects_->Mutate(request.id(), request.etag(), [&](Project& p) {
    absl::Status s = CheckStageChange(p, request.to_stage(), request.effective_date(),
                                      request.reason(), Today());
    if (s.ok()) s = CheckStageRequirements(p, request.to_stage(), request.signed_amount_yuan());
    if (!s.ok()) return s;
    MoveToStage(&p, request.to_stage(), request.effective_date(), request.reason());
    if (request.to_stage() == v1::STAGE_SIGNED) {
      p.set_signed_amount_yuan(request.signed_amount_yuan() != 0 ? request.signed_amount_yuan()
                                                                 : p.total_investment_yuan());
    }
    return absl::OkStatus();
  });
}

absl::StatusOr<Milestone> ProjectStore::CreateMilestone(const CreateMilestoneRequest& request) {
  return WithProject<Milestone>(request.milestone().project_id(), [&] {
    Milestone m = request.milestone();
    m.clear_overdue();
    return milestones_->Create(std::move(m), request.request_id(), request);
  });
}

absl::StatusOr<Milestone> ProjectStore::GetMilestone(absl::string_view id) const {
  return milestones_->Get(id);
}

absl::StatusOr<std::vector<Milestone>> ProjectStore::ListMilestones(
    absl::string_view project_id) const {
  return milestones_->All("project", project_id);
}

absl::StatusOr<Milestone> ProjectStore::UpdateMilestone(const UpdateMilestoneRequest& request) {
  // project_id is not updatable, so the patch cannot move a milestone to another project.
  return milestones_->Update(request.milestone(), request.update_mask(),
                             DeprecatedRequestEtag(request));
}

absl::Status ProjectStore::DeleteMilestone(absl::string_view id) {
  return milestones_->Delete(id, "");
}

absl::StatusOr<std::vector<Milestone>> ProjectStore::OpenMilestonesBefore(const Date& end) const {
  std::vector<std::string> ids;
  absl::Status s = ScanOpenMilestones([&](const Date& planned, absl::string_view id) {
    if (CompareDates(planned, end) >= 0) return false;
    ids.emplace_back(id);
    return true;
  });
  if (!s.ok()) return s;
  std::vector<Milestone> milestones;
  for (const std::string& id : ids) {
    absl::StatusOr<Milestone> m = GetMilestone(id);
    if (m.ok()) milestones.push_back(*std::move(m));  // else deleted since the scan
  }
  return milestones;
}

absl::StatusOr<std::vector<Obstacle>> ProjectStore::ObstaclesPastDeadline(const Date& day) const {
  std::vector<std::string> projects;
  absl::Status s = ScanOpenObstacles([&](absl::string_view project_id) {
    if (projects.empty() || projects.back() != project_id) projects.emplace_back(project_id);
  });
  if (!s.ok()) return s;
  std::vector<Obstacle> past;
  for (const std::string& project_id : projects) {
    absl::StatusOr<std::vector<Obstacle>> obstacles = ListObstacles(project_id);
    if (!obstacles.ok()) continue;  // the project was deleted since the scan
    for (Obstacle& o : *obstacles) {
      if (o.status() == v1::OBSTACLE_STATUS_OPEN && !IsEmpty(o.deadline()) &&
          CompareDates(o.deadline(), day) < 0) {
        past.push_back(std::move(o));
      }
    }
  }
  return past;
}

absl::Status ProjectStore::ScanOpenMilestones(
    const std::function<bool(const Date& planned, absl::string_view milestone_id)>& fn) const {
  return milestones_->ScanIndex(
      "open_by_planned_date", [&](absl::string_view date_key, absl::string_view id) {
        std::optional<Date> planned = ParseDateKey(date_key);
        return !planned.has_value() || fn(*planned, id);  // the index holds only DateKey values
      });
}

namespace {

// The report as stored for a month: the request's figures, stamped `now`.
InvestmentReport ReportOf(const RecordInvestmentRequest& r,
                          const google::protobuf::Timestamp& now) {
  InvestmentReport report;
  report.set_project_id(r.project_id());
  *report.mutable_month() = r.month();
  report.set_invested_yuan(r.invested_yuan());
  report.set_note(r.note());
  *report.mutable_update_time() = now;
  return report;
}

}  // namespace

absl::Status ProjectStore::ApplyReport(const RecordInvestmentRequest& r, absl::string_view field,
                                       Project* p) const {
  int64_t previous = 0;
  if (absl::StatusOr<InvestmentReport> old =
          reports_.Get(*store_, ReportId(r.project_id(), r.month()));
      old.ok()) {
    previous = old->invested_yuan();
  } else if (!absl::IsNotFound(old.status())) {
    return old.status();
  }
  // The reports are bounded, and so is what they add up to.
  int64_t& of_year = (*p->mutable_invested_by_year_yuan())[r.month().year()];
  CheckedSum to_date(p->invested_to_date_yuan()), year_total(of_year);
  to_date.Add(r.invested_yuan() - previous);
  year_total.Add(r.invested_yuan() - previous);
  if (to_date.overflowed() || year_total.overflowed() || to_date.value() > kMaxYuan ||
      year_total.value() > kMaxYuan) {
    return FieldError(field, "would take the project's investment to date beyond 10万亿元",
                      "填报后项目累计完成投资将超过10万亿元，请核对金额");
  }
  p->set_invested_to_date_yuan(to_date.value());
  of_year = year_total.value();
  (*p->mutable_invested_by_month_yuan())[r.month().year() * 100 + r.month().month()] =
      r.invested_yuan();
  return absl::OkStatus();
}

absl::Status ProjectStore::ApplyReportInBatch(const RecordInvestmentRequest& r,
                                              absl::string_view field, Project* p,
                                              WriteBatch* batch,
                                              const google::protobuf::Timestamp& now) const {
  if (absl::Status s = ApplyReport(r, field, p); !s.ok()) return s;
  reports_.Put(batch, ReportId(r.project_id(), r.month()), ReportOf(r, now));
  return absl::OkStatus();
}

absl::StatusOr<InvestmentReport> ProjectStore::RecordInvestment(
    const RecordInvestmentRequest& request) {
  const std::string report_id = ReportId(request.project_id(), request.month());
  InvestmentReport report = ReportOf(request, Now());

  // The project's totals move by the difference to the month's previous report, in one batch.
  absl::StatusOr<Project> project = projects_->Mutate(
      request.project_id(), "",
      [&](Project& p) { return ApplyReport(request, "invested_yuan", &p); },
      [&](WriteBatch* batch, const Project*, const Project*) {
        reports_.Put(batch, report_id, report);
        return absl::OkStatus();
      });
  if (!project.ok()) return project.status();

  // Cumulative up to this month: the total now, less the months after it.
  int64_t later = 0;
  absl::Status s = reports_.Scan(*store_, absl::StrCat(request.project_id(), "/"), report_id,
                                 [&](absl::string_view, const InvestmentReport& r) {
                                   later += r.invested_yuan();
                                   return true;
                                 });
  if (!s.ok()) return s;
  report.set_cumulative_yuan(project->invested_to_date_yuan() - later);
  return report;
}

absl::Status ProjectStore::BatchRecordInvestment(const v1::BatchRecordInvestmentRequest& batch) {
  // The projects in first-seen order, each with the indexes of its reports.
  std::vector<std::string> ids;
  std::map<std::string, std::vector<int>> reports_of;
  for (int i = 0; i < batch.reports_size(); ++i) {
    auto [it, inserted] = reports_of.try_emplace(batch.reports(i).project_id());
    if (inserted) ids.push_back(it->first);
    it->second.push_back(i);
  }
  for (const std::string& id : ids) {  // name the report of a project that does not exist
    if (absl::StatusOr<Project> p = projects_->Get(id); !p.ok()) {
      return AtField(p.status(), absl::StrCat("reports[", reports_of[id][0], "].project_id"));
    }
  }
  const google::protobuf::Timestamp now = Now();
  std::vector<int> changed;  // the reports that differ from the stored ones, read under the locks
  absl::StatusOr<std::vector<Project>> done = projects_->MutateMany(
      ids,
      [&](size_t k, Project& p) -> absl::Status {
        for (int i : reports_of[ids[k]]) {
          const RecordInvestmentRequest& r = batch.reports(i);
          absl::StatusOr<InvestmentReport> stored =
              reports_.Get(*store_, ReportId(r.project_id(), r.month()));
          if (!stored.ok() && !absl::IsNotFound(stored.status())) return stored.status();
          if (stored.ok() && stored->invested_yuan() == r.invested_yuan() &&
              stored->note() == r.note()) {
            continue;  // the same again: neither the report nor the project's totals move
          }
          absl::Status s = ApplyReport(r, absl::StrCat("reports[", i, "].invested_yuan"), &p);
          if (!s.ok()) return s;
          changed.push_back(i);
        }
        return absl::OkStatus();
      },
      [&](WriteBatch* write) -> absl::StatusOr<bool> {
        for (int i : changed) {
          const RecordInvestmentRequest& r = batch.reports(i);
          reports_.Put(write, ReportId(r.project_id(), r.month()), ReportOf(r, now));
        }
        return !changed.empty();
      });
  return done.status();
}

absl::Status ProjectStore::DeleteInvestmentReport(
    const v1::DeleteInvestmentReportRequest& request) {
  const std::string report_id = ReportId(request.project_id(), request.month());
  absl::StatusOr<Project> project = projects_->Mutate(
      request.project_id(), request.etag(),
      [&](Project& p) -> absl::Status {
        absl::StatusOr<InvestmentReport> old = reports_.Get(*store_, report_id);
        if (!old.ok()) {
          if (!absl::IsNotFound(old.status())) return old.status();
          return AtField(
              NotFoundError(absl::StrCat("project ", request.project_id(), " has no report for ",
                                         request.month().year(), "-", request.month().month()),
                            absl::StrCat("该项目", request.month().year(), "年",
                                         request.month().month(), "月没有投资月报")),
              "month");
        }
        // The totals move back by the month: they were checked sums of it, so no overflow.
        const int year = request.month().year();
        p.set_invested_to_date_yuan(p.invested_to_date_yuan() - old->invested_yuan());
        auto& by_year = *p.mutable_invested_by_year_yuan();
        by_year[year] -= old->invested_yuan();
        bool other_month_of_year = false;
        for (const auto& [month, yuan] : p.invested_by_month_yuan()) {
          if (month / 100 == year && month != year * 100 + request.month().month()) {
            other_month_of_year = true;
          }
        }
        if (!other_month_of_year) by_year.erase(year);  // no report that year: unknown, not 0
        p.mutable_invested_by_month_yuan()->erase(year * 100 + request.month().month());
        return absl::OkStatus();
      },
      [&](WriteBatch* batch, const Project*, const Project*) {
        reports_.Delete(batch, report_id);
        return absl::OkStatus();
      });
  return project.status();
}

absl::StatusOr<std::vector<InvestmentReport>> ProjectStore::ListInvestmentReports(
    absl::string_view project_id) const {
  if (absl::StatusOr<Project> p = projects_->Get(project_id); !p.ok()) return p.status();
  std::vector<InvestmentReport> out;
  int64_t cumulative = 0;
  absl::Status s = reports_.Scan(*store_, absl::StrCat(project_id, "/"), "",
                                 [&](absl::string_view, const InvestmentReport& r) {
                                   cumulative += r.invested_yuan();
                                   out.push_back(r);
                                   out.back().set_cumulative_yuan(cumulative);
                                   return true;
                                 });
  if (!s.ok()) return s;
  return out;
}

absl::StatusOr<Obstacle> ProjectStore::CreateObstacle(const CreateObstacleRequest& request) {
  return WithProject<Obstacle>(request.obstacle().project_id(), [&] {
    return obstacles_->Create(request.obstacle(), request.request_id(), request);
  });
}

absl::StatusOr<std::vector<Obstacle>> ProjectStore::ListObstacles(
    absl::string_view project_id) const {
  return obstacles_->All("project", project_id);
}

absl::StatusOr<Obstacle> ProjectStore::UpdateObstacle(const UpdateObstacleRequest& request) {
  return obstacles_->Update(request.obstacle(), request.update_mask(),
                            DeprecatedRequestEtag(request));
}

absl::Status ProjectStore::DeleteObstacle(absl::string_view id) {
  return obstacles_->Delete(id, "");
}

absl::Status ProjectStore::ScanOpenObstacles(
    const std::function<void(absl::string_view project_id)>& fn) const {
  return obstacles_->ScanIndex("open_by_project",
                               [&](absl::string_view project_id, absl::string_view) {
                                 fn(project_id);
                                 return true;
                               });
}

absl::StatusOr<SupervisionOrder> ProjectStore::CreateOrder(const CreateOrderRequest& request) {
  return WithProject<SupervisionOrder>(request.order().project_id(), [&] {
    SupervisionOrder order = request.order();
    if (!order.obstacle_id().empty()) {  // about one of this project's obstacles
      absl::StatusOr<Obstacle> o = obstacles_->Get(order.obstacle_id());
      if (!o.ok() || o->project_id() != order.project_id()) {
        return absl::StatusOr<SupervisionOrder>(FieldError(
            "order.obstacle_id",
            absl::StrCat("no obstacle ", order.obstacle_id(), " of project ", order.project_id()),
            absl::StrCat("项目 ", order.project_id(), " 没有问题 ", order.obstacle_id())));
      }
    }
    // Output-only fields are the server's (AIP-203).
    for (int field :
         {SupervisionOrder::kResponseFieldNumber, SupervisionOrder::kRespondedDateFieldNumber,
          SupervisionOrder::kClosingNoteFieldNumber, SupervisionOrder::kClosedDateFieldNumber,
          SupervisionOrder::kOverdueFieldNumber, SupervisionOrder::kEscalationLevelFieldNumber,
          SupervisionOrder::kEscalationReasonFieldNumber}) {
      order.GetReflection()->ClearField(&order,
                                        SupervisionOrder::descriptor()->FindFieldByNumber(field));
    }
    order.set_state(v1::ORDER_STATE_ISSUED);
    order.set_issued_by(CurrentCaller().principal->name);
    return orders_->Create(std::move(order), request.request_id(), request);
  });
}

absl::StatusOr<SupervisionOrder> ProjectStore::GetOrder(absl::string_view id) const {
  return orders_->Get(id);
}

absl::StatusOr<ListOrdersResponse> ProjectStore::ListOrders(const ListOrdersRequest& request,
                                                            int page_size) const {
  const Date today = Today();
  auto page = orders_->List(
      request, page_size, request.page_token(), request.project_id().empty() ? "" : "project",
      request.project_id(), [&](const SupervisionOrder& o) {
        if (!request.responsible_unit().empty() &&
            o.responsible_unit() != request.responsible_unit())
          return false;
        if (request.state() != v1::ORDER_STATE_UNSPECIFIED && o.state() != request.state()) {
          return false;
        }
        return !request.overdue_only() ||
               (o.state() != v1::ORDER_STATE_CLOSED && CompareDates(o.deadline(), today) < 0);
      });
  if (!page.ok()) return page.status();
  ListOrdersResponse response;
  MovePage(*page, response.mutable_orders(), response.mutable_next_page_token());
  return response;
}

absl::StatusOr<SupervisionOrder> ProjectStore::RespondOrder(const RespondOrderRequest& request) {
  return orders_->Mutate(request.id(), request.etag(), [&](SupervisionOrder& o) {
    if (o.state() != v1::ORDER_STATE_ISSUED) {
      return NotInState(o, "respond to", "only an ISSUED order awaits a response",
                        "只有已交办、尚未回复的督办才能回复");
    }
    o.set_state(v1::ORDER_STATE_RESPONDED);
    o.set_response(request.response());
    *o.mutable_responded_date() =
        IsEmpty(request.responded_date()) ? Today() : request.responded_date();
    return absl::OkStatus();
  });
}

absl::StatusOr<SupervisionOrder> ProjectStore::CloseOrder(const CloseOrderRequest& request) {
  return orders_->Mutate(request.id(), request.etag(), [&](SupervisionOrder& o) {
    if (absl::Status s = CheckIssuerOrAdmin(o, "close", "办结"); !s.ok()) return s;
    if (o.state() == v1::ORDER_STATE_CLOSED) {
      return NotInState(o, "close", "it is closed already", "此督办已办结");
    }
    if (o.state() != v1::ORDER_STATE_RESPONDED) {
      return NotInState(o, "close", "the unit has not responded yet", "责任单位尚未回复，不能办结");
    }
    o.set_state(v1::ORDER_STATE_CLOSED);
    o.set_closing_note(request.closing_note());
    *o.mutable_closed_date() = IsEmpty(request.closed_date()) ? Today() : request.closed_date();
    return absl::OkStatus();
  });
}

absl::StatusOr<SupervisionOrder> ProjectStore::EscalateOrder(const EscalateOrderRequest& request) {
  return orders_->Mutate(request.id(), request.etag(), [&](SupervisionOrder& o) {
    if (absl::Status s = CheckIssuerOrAdmin(o, "escalate", "升级"); !s.ok()) return s;
    if (o.state() == v1::ORDER_STATE_CLOSED) {
      return NotInState(o, "escalate", "it is closed", "此督办已办结，不能升级");
    }
    o.set_state(v1::ORDER_STATE_ISSUED);
    o.set_escalation_level(o.escalation_level() + 1);
    o.set_escalation_reason(request.reason());
    *o.mutable_deadline() = request.new_deadline();
    o.clear_response();
    o.clear_responded_date();
    return absl::OkStatus();
  });
}

absl::Status ProjectStore::ScanOpenOrders(
    const std::function<bool(const Date& deadline, absl::string_view order_id)>& fn) const {
  return orders_->ScanIndex("open_by_deadline", [&](absl::string_view key, absl::string_view id) {
    std::optional<Date> deadline = ParseDateKey(key);
    return !deadline.has_value() || fn(*deadline, id);
  });
}

absl::StatusOr<AnnualProgramme> ProjectStore::GetProgramme(int year) const {
  return programmes_.Get(*store_, absl::StrFormat("%04d", year));
}

absl::StatusOr<AnnualProgramme> ProjectStore::UpdateProgramme(
    const UpdateProgrammeRequest& request) {
  const std::string id = absl::StrFormat("%04d", request.programme().year());
  std::lock_guard<std::mutex> lock(programme_lock_);
  absl::StatusOr<std::string> expected =
      UpdateEtag(DeprecatedRequestEtag(request), request.programme().etag(), "programme");
  if (!expected.ok()) return expected.status();
  absl::StatusOr<AnnualProgramme> before = programmes_.Get(*store_, id);
  if (!before.ok() && !absl::IsNotFound(before.status())) return before.status();
  const std::string current_etag = before.ok() ? before->etag() : "";
  if (absl::Status s = CheckEtag(*expected, current_etag, "programme"); !s.ok()) return s;
  if (!before.ok() && request.has_allow_missing() && !request.allow_missing()) {
    return NotFoundError(
        absl::StrCat("programme of ", id, " not found"),
        absl::StrCat("还没有", request.programme().year(), "年的年度重点项目计划"));
  }
  AnnualProgramme after = request.programme();
  if (request.has_update_mask() && request.update_mask().paths_size() > 0) {
    // Only the named fields of the stored programme (or of an empty one for a new year) change.
    static const std::vector<std::string> kUpdatable = {
        "planned_project_count", "planned_investment_yuan", "land_start_target_share", "source"};
    AnnualProgramme merged;
    if (before.ok()) merged = *before;
    merged.set_year(request.programme().year());
    if (absl::Status s =
            ApplyUpdateMask(request.programme(), request.update_mask(), kUpdatable, &merged);
        !s.ok()) {
      return s;
    }
    after = std::move(merged);
  }
  if (absl::Status s = ValidateProgramme(after); !s.ok()) return s;
  if (before.ok()) {  // the same again is no change: nothing written, the etag kept
    after.set_etag(before->etag());
    *after.mutable_update_time() = before->update_time();
    if (google::protobuf::util::MessageDifferencer::Equals(*before, after)) return after;
  }
  *after.mutable_update_time() = Now();
  after.set_etag(NextEtag(current_etag));
  WriteBatch batch;
  programmes_.Put(&batch, id, after);
  batch.Audit(absl::StrCat("programme/", id), current_etag, after.etag());
  if (absl::Status s = store_->Write(&batch); !s.ok()) return s;
  return after;
}

}  // namespace district::project
