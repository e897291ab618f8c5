// The project service's storage: projects with their milestones, monthly investment reports,
// obstacles and annual programmes, in the service's own RocksDB.
//
// Every method that changes something writes one atomic batch: the record, its index entries and
// the figures kept on the project (invested totals, open obstacle count) together. Changes to one
// project, or to anything of it, are serialized by a per-project lock; others run concurrently.
// Input is assumed checked by project_validation; this layer checks what depends on stored state:
// existence (NOT_FOUND), etags (ABORTED) and stage rules (FAILED_PRECONDITION).
#ifndef DISTRICT_SERVICES_PROJECT_PROJECT_STORE_H_
#define DISTRICT_SERVICES_PROJECT_PROJECT_STORE_H_

#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/date.h"
#include "common/key_locks.h"
#include "common/request_log.h"
#include "common/store.h"
#include "district/project/v1/project_service.pb.h"
#include "services/project/project_facts.h"

namespace district::project {

using v1::AdvanceStageRequest;
using v1::AnnualProgramme;
using v1::CreateMilestoneRequest;
using v1::CreateObstacleRequest;
using v1::CreateProjectRequest;
using v1::InvestmentReport;
using v1::ListProjectsRequest;
using v1::ListProjectsResponse;
using v1::Milestone;
using v1::Obstacle;
using v1::Project;
using v1::RecordInvestmentRequest;
using v1::UpdateMilestoneRequest;
using v1::UpdateObstacleRequest;
using v1::UpdateProgrammeRequest;
using v1::UpdateProjectRequest;

class ProjectStore {
 public:
  static absl::StatusOr<std::unique_ptr<ProjectStore>> Open(Store* store);

  absl::StatusOr<Project> CreateProject(const CreateProjectRequest& request);
  absl::StatusOr<Project> GetProject(absl::string_view id) const;
  absl::StatusOr<ListProjectsResponse> ListProjects(const ListProjectsRequest& request,
                                                    int page_size) const;
  absl::StatusOr<Project> UpdateProject(const UpdateProjectRequest& request);
  absl::Status DeleteProject(absl::string_view id, absl::string_view etag);
  absl::StatusOr<Project> AdvanceStage(const AdvanceStageRequest& request);

  absl::StatusOr<Milestone> CreateMilestone(const CreateMilestoneRequest& request);
  absl::StatusOr<std::vector<Milestone>> ListMilestones(absl::string_view project_id) const;
  absl::StatusOr<Milestone> UpdateMilestone(const UpdateMilestoneRequest& request);
  absl::Status DeleteMilestone(absl::string_view id);

  absl::StatusOr<InvestmentReport> RecordInvestment(const RecordInvestmentRequest& request);
  // Oldest month first, with cumulative sums from the project's first report.
  absl::StatusOr<std::vector<InvestmentReport>> ListInvestmentReports(
      absl::string_view project_id) const;

  absl::StatusOr<Obstacle> CreateObstacle(const CreateObstacleRequest& request);
  absl::StatusOr<std::vector<Obstacle>> ListObstacles(absl::string_view project_id) const;
  absl::StatusOr<Obstacle> UpdateObstacle(const UpdateObstacleRequest& request);
  absl::Status DeleteObstacle(absl::string_view id);

  absl::StatusOr<AnnualProgramme> GetProgramme(int year) const;
  absl::StatusOr<AnnualProgramme> UpdateProgramme(const UpdateProgrammeRequest& request);

  // For statistics: the facts of every project (see project_facts.h), in no particular order.
  const ProjectFacts& facts() const { return facts_; }
  // Milestones not yet reached, earliest planned date first, until fn returns false.
  absl::Status ScanOpenMilestones(
      const std::function<bool(const Date& planned, absl::string_view milestone_id)>& fn) const;
  absl::StatusOr<Milestone> GetMilestone(absl::string_view id) const;

 private:
  explicit ProjectStore(Store* store);

  // Adds or removes the project's index entries in `batch`.
  void PutProjectIndexes(WriteBatch* batch, const Project& project) const;
  void DeleteProjectIndexes(WriteBatch* batch, const Project& project) const;
  void PutMilestone(WriteBatch* batch, const Milestone& milestone) const;
  void DeleteMilestoneEntries(WriteBatch* batch, const Milestone& milestone) const;
  // Stamps update_time and a new etag, then puts the project and its indexes (old ones removed).
  void PutProject(WriteBatch* batch, const Project* before, Project* after) const;
  // Writes the batch, then records `project` (as it now stands) in the facts. Callers hold the
  // project's lock.
  absl::Status Commit(WriteBatch* batch, const Project* project);

  Store* const store_;
  ProjectFacts facts_;
  KeyLocks project_locks_;  // by project id, for every change to a project or its children
  RequestLog create_project_log_{"CreateProject"};
  RequestLog create_milestone_log_{"CreateMilestone"};
  RequestLog create_obstacle_log_{"CreateObstacle"};
  std::unique_ptr<IdSequence> project_ids_, milestone_ids_, obstacle_ids_;

  const Table<Project> projects_{"project"};
  const Table<Milestone> milestones_{"milestone"};
  const Table<Obstacle> obstacles_{"obstacle"};
  const Table<InvestmentReport> reports_{"investment"};  // id "<project id>/<yyyymm>"
  const Table<AnnualProgramme> programmes_{"programme"};  // id "<yyyy>"

  const Index by_stage_{"project.stage"}, by_level_{"project.level"},
      by_sector_{"project.sector"}, by_leader_{"project.leader"}, by_park_{"project.park"},
      by_programme_year_{"project.programme_year"};
  const Index milestones_by_project_{"milestone.project"};
  const Index open_milestones_by_date_{"milestone.open_planned"};  // value: "yyyymmdd"
  const Index obstacles_by_project_{"obstacle.project"};
};

// ABORTED when `given` is set and differs from `current`.
absl::Status CheckEtag(absl::string_view given, absl::string_view current, absl::string_view what);

}  // namespace district::project

#endif  // DISTRICT_SERVICES_PROJECT_PROJECT_STORE_H_
