#include "services/project/project_store.h"

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/date.h"
#include "common/page_token.h"
#include "common/update_mask.h"
#include "services/project/project_validation.h"
#include "services/project/stage_rules.h"

namespace district::project {
namespace {

const std::vector<std::string>& UpdatableProjectFields() {
  static const auto* fields = new std::vector<std::string>{
      "name", "owner", "sector", "level", "total_investment_yuan", "land_area_mu",
      "expected_annual_revenue_yuan", "leader", "park_id", "tags", "description", "source",
      "programme"};
  return *fields;
}

const std::vector<std::string>& UpdatableMilestoneFields() {
  static const auto* fields =
      new std::vector<std::string>{"title", "planned_date", "actual_date"};
  return *fields;
}

const std::vector<std::string>& UpdatableObstacleFields() {
  static const auto* fields = new std::vector<std::string>{
      "kind", "description", "owner", "deadline", "status", "resolved_date", "resolution"};
  return *fields;
}

// Etags are revision numbers: opaque to clients, changed by every write of the record.
std::string NextEtag(absl::string_view etag) {
  int64_t revision = 0;
  (void)absl::SimpleAtoi(etag, &revision);
  return absl::StrCat(revision + 1);
}

bool IsOpen(const Obstacle& o) { return o.status() == v1::OBSTACLE_STATUS_OPEN; }

std::string ReportId(absl::string_view project_id, const YearMonth& month) {
  return absl::StrCat(project_id, "/", YearMonthKey(month));
}

// Whether the project passes every filter set in the request.
bool Matches(const Project& p, const ListProjectsRequest& r) {
  if (r.stage() != v1::STAGE_UNSPECIFIED && p.stage() != r.stage()) return false;
  if (r.level() != v1::LEVEL_UNSPECIFIED && p.level() != r.level()) return false;
  if (!r.sector().empty() && p.sector() != r.sector()) return false;
  if (!r.leader().empty() && p.leader() != r.leader()) return false;
  if (!r.park_id().empty() && p.park_id() != r.park_id()) return false;
  if (r.programme_year() != 0) {
    bool in_programme = false;
    for (const auto& e : p.programme()) in_programme |= e.year() == r.programme_year();
    if (!in_programme) return false;
  }
  return true;
}

}  // namespace

absl::Status CheckEtag(absl::string_view given, absl::string_view current, absl::string_view what) {
  if (!given.empty() && given != current) {
    return absl::AbortedError(absl::StrCat(what, " changed since it was read (etag ", given,
                                           ", now ", current, "); read it again and retry"));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::unique_ptr<ProjectStore>> ProjectStore::Open(Store* store) {
  std::unique_ptr<ProjectStore> s(new ProjectStore(store));
  auto projects = IdSequence::Load(*store, "project", "P");
  auto milestones = IdSequence::Load(*store, "milestone", "M");
  auto obstacles = IdSequence::Load(*store, "obstacle", "O");
  for (const auto* loaded : {&projects, &milestones, &obstacles}) {
    if (!loaded->ok()) return loaded->status();
  }
  s->project_ids_ = *std::move(projects);
  s->milestone_ids_ = *std::move(milestones);
  s->obstacle_ids_ = *std::move(obstacles);
  absl::Status loaded = s->projects_.Scan(*store, "", "", [&](absl::string_view, const Project& p) {
    s->facts_.Put(p);
    return true;
  });
  if (!loaded.ok()) return loaded;
  return s;
}

ProjectStore::ProjectStore(Store* store) : store_(store) {}

void ProjectStore::PutProjectIndexes(WriteBatch* batch, const Project& p) const {
  by_stage_.Put(batch, v1::Stage_Name(p.stage()), p.id());
  by_level_.Put(batch, v1::Level_Name(p.level()), p.id());
  if (!p.sector().empty()) by_sector_.Put(batch, p.sector(), p.id());
  if (!p.leader().empty()) by_leader_.Put(batch, p.leader(), p.id());
  if (!p.park_id().empty()) by_park_.Put(batch, p.park_id(), p.id());
  for (const auto& e : p.programme()) by_programme_year_.Put(batch, absl::StrCat(e.year()), p.id());
}

void ProjectStore::DeleteProjectIndexes(WriteBatch* batch, const Project& p) const {
  by_stage_.Delete(batch, v1::Stage_Name(p.stage()), p.id());
  by_level_.Delete(batch, v1::Level_Name(p.level()), p.id());
  if (!p.sector().empty()) by_sector_.Delete(batch, p.sector(), p.id());
  if (!p.leader().empty()) by_leader_.Delete(batch, p.leader(), p.id());
  if (!p.park_id().empty()) by_park_.Delete(batch, p.park_id(), p.id());
  for (const auto& e : p.programme()) {
    by_programme_year_.Delete(batch, absl::StrCat(e.year()), p.id());
  }
}

void ProjectStore::PutProject(WriteBatch* batch, const Project* before, Project* after) const {
  *after->mutable_update_time() = Now();
  after->set_etag(NextEtag(before == nullptr ? "" : before->etag()));
  // Deletes come first in the batch, so an entry both old and new survives.
  if (before != nullptr) DeleteProjectIndexes(batch, *before);
  PutProjectIndexes(batch, *after);
  projects_.Put(batch, after->id(), *after);
}

absl::StatusOr<Project> ProjectStore::CreateProject(const CreateProjectRequest& request) {
  const std::string& request_id = request.request_id();
  std::lock_guard<std::mutex> lock(create_project_log_.LockFor(request_id));
  Project project;
  if (!request_id.empty()) {
    absl::StatusOr<bool> seen = create_project_log_.Lookup(*store_, request_id, request, &project);
    if (!seen.ok()) return seen.status();
    if (*seen) return project;
  }
  project = request.project();
  // Output-only fields are the server's to set (AIP-203): whatever the client sent is dropped.
  project.clear_stage_history();
  project.clear_invested_to_date_yuan();
  project.clear_invested_by_year_yuan();
  project.clear_open_obstacle_count();
  if (project.stage() == v1::STAGE_UNSPECIFIED) project.set_stage(v1::STAGE_PLANNING);
  v1::StageChange* first = project.add_stage_history();
  first->set_to_stage(project.stage());
  *first->mutable_effective_date() = IsEmpty(request.stage_date()) ? Today() : request.stage_date();
  *first->mutable_record_time() = Now();

  WriteBatch batch;
  project.set_id(project_ids_->Next(&batch));
  *project.mutable_create_time() = first->record_time();
  PutProject(&batch, nullptr, &project);
  if (!request_id.empty()) create_project_log_.Record(&batch, request_id, request, project);
  std::lock_guard<std::mutex> project_lock(project_locks_.For(project.id()));
  if (absl::Status s = Commit(&batch, &project); !s.ok()) return s;
  return project;
}

absl::StatusOr<Project> ProjectStore::GetProject(absl::string_view id) const {
  return projects_.Get(*store_, id);
}

absl::StatusOr<ListProjectsResponse> ProjectStore::ListProjects(const ListProjectsRequest& request,
                                                                int page_size) const {
  const uint64_t query = QueryFingerprint(request);
  absl::StatusOr<std::string> after = DecodePageToken(request.page_token(), query);
  if (!after.ok()) return after.status();

  ListProjectsResponse response;
  absl::Status error;
  // Takes each candidate; false once the page is full and one more match shows there is more.
  auto take = [&](const Project& p) {
    if (!Matches(p, request)) return true;
    if (response.projects_size() == page_size) {
      response.set_next_page_token(
          EncodePageToken(query, response.projects(page_size - 1).id()));
      return false;
    }
    *response.add_projects() = p;
    return true;
  };
  // Walk the most selective index the filters allow; the rest are checked by Matches.
  const Index* index = nullptr;
  std::string value;
  if (!request.park_id().empty()) {
    index = &by_park_, value = request.park_id();
  } else if (!request.leader().empty()) {
    index = &by_leader_, value = request.leader();
  } else if (!request.sector().empty()) {
    index = &by_sector_, value = request.sector();
  } else if (request.programme_year() != 0) {
    index = &by_programme_year_, value = absl::StrCat(request.programme_year());
  } else if (request.stage() != v1::STAGE_UNSPECIFIED) {
    index = &by_stage_, value = v1::Stage_Name(request.stage());
  } else if (request.level() != v1::LEVEL_UNSPECIFIED) {
    index = &by_level_, value = v1::Level_Name(request.level());
  }
  absl::Status s;
  if (index == nullptr) {
    s = projects_.Scan(*store_, "", *after,
                       [&](absl::string_view, const Project& p) { return take(p); });
  } else {
    s = index->Scan(*store_, value, *after, [&](absl::string_view id) {
      absl::StatusOr<Project> p = projects_.Get(*store_, id);
      if (!p.ok()) {
        error = p.status();
        return false;
      }
      return take(*p);
    });
  }
  if (!s.ok()) return s;
  if (!error.ok()) return error;
  return response;
}

absl::StatusOr<Project> ProjectStore::UpdateProject(const UpdateProjectRequest& request) {
  const std::string& id = request.project().id();
  std::lock_guard<std::mutex> lock(project_locks_.For(id));
  absl::StatusOr<Project> before = projects_.Get(*store_, id);
  if (!before.ok()) return before.status();
  if (absl::Status s = CheckEtag(request.etag(), before->etag(), "project"); !s.ok()) return s;
  Project after = *before;
  absl::Status s = ApplyUpdateMask(request.project(), request.update_mask(),
                                   UpdatableProjectFields(), &after);
  if (!s.ok()) return s;
  // Checked whole, after the mask is applied: the result must be a valid project.
  if (s = ValidateProject(after); !s.ok()) return s;
  WriteBatch batch;
  PutProject(&batch, &*before, &after);
  if (s = Commit(&batch, &after); !s.ok()) return s;
  return after;
}

absl::Status ProjectStore::DeleteProject(absl::string_view id, absl::string_view etag) {
  std::lock_guard<std::mutex> lock(project_locks_.For(id));
  absl::StatusOr<Project> project = projects_.Get(*store_, id);
  if (!project.ok()) return project.status();
  if (absl::Status s = CheckEtag(etag, project->etag(), "project"); !s.ok()) return s;

  // The project goes with everything that belongs to it, in one batch.
  WriteBatch batch;
  DeleteProjectIndexes(&batch, *project);
  projects_.Delete(&batch, id);
  absl::StatusOr<std::vector<Milestone>> milestones = ListMilestones(id);
  if (!milestones.ok()) return milestones.status();
  for (const Milestone& m : *milestones) DeleteMilestoneEntries(&batch, m);
  absl::StatusOr<std::vector<Obstacle>> obstacles = ListObstacles(id);
  if (!obstacles.ok()) return obstacles.status();
  for (const Obstacle& o : *obstacles) {
    obstacles_by_project_.Delete(&batch, id, o.id());
    obstacles_.Delete(&batch, o.id());
  }
  absl::Status s = reports_.Scan(*store_, absl::StrCat(id, "/"), "",
                                 [&](absl::string_view report_id, const InvestmentReport&) {
                                   reports_.Delete(&batch, report_id);
                                   return true;
                                 });
  if (!s.ok()) return s;
  if (s = store_->Write(&batch); !s.ok()) return s;
  facts_.Erase(id);
  return absl::OkStatus();
}

absl::StatusOr<Project> ProjectStore::AdvanceStage(const AdvanceStageRequest& request) {
  std::lock_guard<std::mutex> lock(project_locks_.For(request.id()));
  absl::StatusOr<Project> before = projects_.Get(*store_, request.id());
  if (!before.ok()) return before.status();
  if (absl::Status s = CheckEtag(request.etag(), before->etag(), "project"); !s.ok()) return s;
  absl::Status s = CheckStageChange(*before, request.to_stage(), request.effective_date(),
                                    request.reason(), Today());
  if (!s.ok()) return s;
  Project after = *before;
  v1::StageChange* change = after.add_stage_history();
  change->set_from_stage(before->stage());
  change->set_to_stage(request.to_stage());
  *change->mutable_effective_date() = request.effective_date();
  change->set_reason(request.reason());
  *change->mutable_record_time() = Now();
  after.set_stage(request.to_stage());
  WriteBatch batch;
  PutProject(&batch, &*before, &after);
  if (s = Commit(&batch, &after); !s.ok()) return s;
  return after;
}

void ProjectStore::PutMilestone(WriteBatch* batch, const Milestone& m) const {
  milestones_.Put(batch, m.id(), m);
  milestones_by_project_.Put(batch, m.project_id(), m.id());
  if (IsEmpty(m.actual_date())) open_milestones_by_date_.Put(batch, DateKey(m.planned_date()), m.id());
}

void ProjectStore::DeleteMilestoneEntries(WriteBatch* batch, const Milestone& m) const {
  milestones_.Delete(batch, m.id());
  milestones_by_project_.Delete(batch, m.project_id(), m.id());
  open_milestones_by_date_.Delete(batch, DateKey(m.planned_date()), m.id());
}

absl::StatusOr<Milestone> ProjectStore::CreateMilestone(const CreateMilestoneRequest& request) {
  const std::string& request_id = request.request_id();
  std::lock_guard<std::mutex> request_lock(create_milestone_log_.LockFor(request_id));
  Milestone milestone;
  if (!request_id.empty()) {
    absl::StatusOr<bool> seen =
        create_milestone_log_.Lookup(*store_, request_id, request, &milestone);
    if (!seen.ok()) return seen.status();
    if (*seen) return milestone;
  }
  milestone = request.milestone();
  std::lock_guard<std::mutex> lock(project_locks_.For(milestone.project_id()));
  if (absl::StatusOr<Project> p = projects_.Get(*store_, milestone.project_id()); !p.ok()) {
    return p.status();
  }
  WriteBatch batch;
  milestone.set_id(milestone_ids_->Next(&batch));
  milestone.clear_overdue();
  *milestone.mutable_create_time() = Now();
  *milestone.mutable_update_time() = milestone.create_time();
  milestone.set_etag(NextEtag(""));
  PutMilestone(&batch, milestone);
  if (!request_id.empty()) create_milestone_log_.Record(&batch, request_id, request, milestone);
  if (absl::Status s = store_->Write(&batch); !s.ok()) return s;
  return milestone;
}

absl::StatusOr<Milestone> ProjectStore::GetMilestone(absl::string_view id) const {
  return milestones_.Get(*store_, id);
}

absl::StatusOr<std::vector<Milestone>> ProjectStore::ListMilestones(
    absl::string_view project_id) const {
  std::vector<Milestone> out;
  absl::Status error;
  absl::Status s = milestones_by_project_.Scan(*store_, project_id, "", [&](absl::string_view id) {
    absl::StatusOr<Milestone> m = milestones_.Get(*store_, id);
    if (!m.ok()) {
      error = m.status();
      return false;
    }
    out.push_back(*std::move(m));
    return true;
  });
  if (!s.ok()) return s;
  if (!error.ok()) return error;
  return out;
}

absl::StatusOr<Milestone> ProjectStore::UpdateMilestone(const UpdateMilestoneRequest& request) {
  const std::string& id = request.milestone().id();
  absl::StatusOr<Milestone> unlocked = milestones_.Get(*store_, id);
  if (!unlocked.ok()) return unlocked.status();
  std::lock_guard<std::mutex> lock(project_locks_.For(unlocked->project_id()));
  absl::StatusOr<Milestone> before = milestones_.Get(*store_, id);  // again, under the lock
  if (!before.ok()) return before.status();
  if (absl::Status s = CheckEtag(request.etag(), before->etag(), "milestone"); !s.ok()) return s;
  Milestone after = *before;
  absl::Status s = ApplyUpdateMask(request.milestone(), request.update_mask(),
                                   UpdatableMilestoneFields(), &after);
  if (!s.ok()) return s;
  // Checked whole, after the mask is applied: the result must be a valid milestone.
  if (s = ValidateMilestone(after); !s.ok()) return s;
  *after.mutable_update_time() = Now();
  after.set_etag(NextEtag(before->etag()));
  WriteBatch batch;
  DeleteMilestoneEntries(&batch, *before);
  PutMilestone(&batch, after);
  if (s = store_->Write(&batch); !s.ok()) return s;
  return after;
}

absl::Status ProjectStore::DeleteMilestone(absl::string_view id) {
  absl::StatusOr<Milestone> unlocked = milestones_.Get(*store_, id);
  if (!unlocked.ok()) return unlocked.status();
  std::lock_guard<std::mutex> lock(project_locks_.For(unlocked->project_id()));
  absl::StatusOr<Milestone> milestone = milestones_.Get(*store_, id);
  if (!milestone.ok()) return milestone.status();
  WriteBatch batch;
  DeleteMilestoneEntries(&batch, *milestone);
  return store_->Write(&batch);
}

absl::Status ProjectStore::ScanOpenMilestones(
    const std::function<bool(const Date& planned, absl::string_view milestone_id)>& fn) const {
  return open_milestones_by_date_.ScanAll(
      *store_, [&](absl::string_view date_key, absl::string_view id) {
        int y = 0, m = 0, d = 0;
        if (date_key.size() != 8 || !absl::SimpleAtoi(date_key.substr(0, 4), &y) ||
            !absl::SimpleAtoi(date_key.substr(4, 2), &m) ||
            !absl::SimpleAtoi(date_key.substr(6, 2), &d)) {
          return true;  // not a date key; cannot come from PutMilestone
        }
        return fn(MakeDate(y, m, d), id);
      });
}

absl::StatusOr<InvestmentReport> ProjectStore::RecordInvestment(
    const RecordInvestmentRequest& request) {
  std::lock_guard<std::mutex> lock(project_locks_.For(request.project_id()));
  absl::StatusOr<Project> before = projects_.Get(*store_, request.project_id());
  if (!before.ok()) return before.status();
  const std::string report_id = ReportId(request.project_id(), request.month());
  int64_t previous = 0;
  if (absl::StatusOr<InvestmentReport> old = reports_.Get(*store_, report_id); old.ok()) {
    previous = old->invested_yuan();
  } else if (!absl::IsNotFound(old.status())) {
    return old.status();
  }
  InvestmentReport report;
  report.set_project_id(request.project_id());
  *report.mutable_month() = request.month();
  report.set_invested_yuan(request.invested_yuan());
  report.set_note(request.note());
  *report.mutable_update_time() = Now();

  // The project's totals move by the difference, in the same batch as the report.
  const int64_t delta = request.invested_yuan() - previous;
  Project after = *before;
  after.set_invested_to_date_yuan(after.invested_to_date_yuan() + delta);
  int64_t& year_total = (*after.mutable_invested_by_year_yuan())[request.month().year()];
  year_total += delta;
  WriteBatch batch;
  reports_.Put(&batch, report_id, report);
  PutProject(&batch, &*before, &after);
  if (absl::Status s = Commit(&batch, &after); !s.ok()) return s;

  // Cumulative up to this month: the total now, less the months after it.
  int64_t later = 0;
  absl::Status s = reports_.Scan(*store_, absl::StrCat(request.project_id(), "/"), report_id,
                                 [&](absl::string_view, const InvestmentReport& r) {
                                   later += r.invested_yuan();
                                   return true;
                                 });
  if (!s.ok()) return s;
  report.set_cumulative_yuan(after.invested_to_date_yuan() - later);
  return report;
}

absl::StatusOr<std::vector<InvestmentReport>> ProjectStore::ListInvestmentReports(
    absl::string_view project_id) const {
  if (absl::StatusOr<Project> p = projects_.Get(*store_, project_id); !p.ok()) return p.status();
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
  const std::string& request_id = request.request_id();
  std::lock_guard<std::mutex> request_lock(create_obstacle_log_.LockFor(request_id));
  Obstacle obstacle;
  if (!request_id.empty()) {
    absl::StatusOr<bool> seen = create_obstacle_log_.Lookup(*store_, request_id, request, &obstacle);
    if (!seen.ok()) return seen.status();
    if (*seen) return obstacle;
  }
  obstacle = request.obstacle();
  std::lock_guard<std::mutex> lock(project_locks_.For(obstacle.project_id()));
  absl::StatusOr<Project> before = projects_.Get(*store_, obstacle.project_id());
  if (!before.ok()) return before.status();
  WriteBatch batch;
  obstacle.set_id(obstacle_ids_->Next(&batch));
  *obstacle.mutable_create_time() = Now();
  *obstacle.mutable_update_time() = obstacle.create_time();
  obstacle.set_etag(NextEtag(""));
  obstacles_.Put(&batch, obstacle.id(), obstacle);
  obstacles_by_project_.Put(&batch, obstacle.project_id(), obstacle.id());
  Project after = *before;
  if (IsOpen(obstacle)) {
    after.set_open_obstacle_count(after.open_obstacle_count() + 1);
    PutProject(&batch, &*before, &after);
  }
  if (!request_id.empty()) create_obstacle_log_.Record(&batch, request_id, request, obstacle);
  if (absl::Status s = Commit(&batch, &after); !s.ok()) return s;
  return obstacle;
}

absl::StatusOr<std::vector<Obstacle>> ProjectStore::ListObstacles(
    absl::string_view project_id) const {
  std::vector<Obstacle> out;
  absl::Status error;
  absl::Status s = obstacles_by_project_.Scan(*store_, project_id, "", [&](absl::string_view id) {
    absl::StatusOr<Obstacle> o = obstacles_.Get(*store_, id);
    if (!o.ok()) {
      error = o.status();
      return false;
    }
    out.push_back(*std::move(o));
    return true;
  });
  if (!s.ok()) return s;
  if (!error.ok()) return error;
  return out;
}

absl::StatusOr<Obstacle> ProjectStore::UpdateObstacle(const UpdateObstacleRequest& request) {
  const std::string& id = request.obstacle().id();
  absl::StatusOr<Obstacle> unlocked = obstacles_.Get(*store_, id);
  if (!unlocked.ok()) return unlocked.status();
  std::lock_guard<std::mutex> lock(project_locks_.For(unlocked->project_id()));
  absl::StatusOr<Obstacle> before = obstacles_.Get(*store_, id);
  if (!before.ok()) return before.status();
  if (absl::Status s = CheckEtag(request.etag(), before->etag(), "obstacle"); !s.ok()) return s;
  Obstacle after = *before;
  absl::Status s = ApplyUpdateMask(request.obstacle(), request.update_mask(),
                                   UpdatableObstacleFields(), &after);
  if (!s.ok()) return s;
  if (s = ValidateObstacle(after); !s.ok()) return s;
  *after.mutable_update_time() = Now();
  after.set_etag(NextEtag(before->etag()));
  WriteBatch batch;
  obstacles_.Put(&batch, id, after);
  absl::StatusOr<Project> project = projects_.Get(*store_, after.project_id());
  if (!project.ok()) return project.status();
  Project updated = *project;
  if (IsOpen(*before) != IsOpen(after)) {
    updated.set_open_obstacle_count(project->open_obstacle_count() + (IsOpen(after) ? 1 : -1));
    PutProject(&batch, &*project, &updated);
  }
  if (s = Commit(&batch, &updated); !s.ok()) return s;
  return after;
}

absl::Status ProjectStore::DeleteObstacle(absl::string_view id) {
  absl::StatusOr<Obstacle> unlocked = obstacles_.Get(*store_, id);
  if (!unlocked.ok()) return unlocked.status();
  std::lock_guard<std::mutex> lock(project_locks_.For(unlocked->project_id()));
  absl::StatusOr<Obstacle> obstacle = obstacles_.Get(*store_, id);
  if (!obstacle.ok()) return obstacle.status();
  WriteBatch batch;
  obstacles_.Delete(&batch, id);
  obstacles_by_project_.Delete(&batch, obstacle->project_id(), id);
  absl::StatusOr<Project> project = projects_.Get(*store_, obstacle->project_id());
  if (!project.ok()) return project.status();
  Project updated = *project;
  if (IsOpen(*obstacle)) {
    updated.set_open_obstacle_count(project->open_obstacle_count() - 1);
    PutProject(&batch, &*project, &updated);
  }
  return Commit(&batch, &updated);
}

absl::StatusOr<AnnualProgramme> ProjectStore::GetProgramme(int year) const {
  return programmes_.Get(*store_, absl::StrFormat("%04d", year));
}

absl::StatusOr<AnnualProgramme> ProjectStore::UpdateProgramme(
    const UpdateProgrammeRequest& request) {
  const std::string id = absl::StrFormat("%04d", request.programme().year());
  std::lock_guard<std::mutex> lock(project_locks_.For(absl::StrCat("programme/", id)));
  std::string current_etag;
  absl::StatusOr<AnnualProgramme> before = programmes_.Get(*store_, id);
  if (before.ok()) {
    current_etag = before->etag();
  } else if (!absl::IsNotFound(before.status())) {
    return before.status();
  }
  if (absl::Status s = CheckEtag(request.etag(), current_etag, "programme"); !s.ok()) return s;
  AnnualProgramme after = request.programme();
  *after.mutable_update_time() = Now();
  after.set_etag(NextEtag(current_etag));
  WriteBatch batch;
  programmes_.Put(&batch, id, after);
  if (absl::Status s = store_->Write(&batch); !s.ok()) return s;
  return after;
}

absl::Status ProjectStore::Commit(WriteBatch* batch, const Project* project) {
  if (absl::Status s = store_->Write(batch); !s.ok()) return s;
  facts_.Put(*project);
  return absl::OkStatus();
}

}  // namespace district::project
