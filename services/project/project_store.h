// The project service's storage: projects with their milestones, monthly investment reports,
// obstacles and annual programmes, in the service's own RocksDB.
//
// Projects, milestones and obstacles are standard resources (common/resource_store.h). What is
// the project's own is here: a project's creation stage, stage changes, the invested totals kept
// on the project in the same batch as each monthly report, and deleting a project with everything
// that belongs to it. A child (milestone, obstacle, report) is written under its project's lock,
// so it never outlives a project deleted at the same moment.
// Input is assumed checked by project_validation; this layer checks what depends on stored state:
// existence (NOT_FOUND), etags (ABORTED) and stage rules (FAILED_PRECONDITION).
#ifndef DISTRICT_SERVICES_PROJECT_PROJECT_STORE_H_
#define DISTRICT_SERVICES_PROJECT_PROJECT_STORE_H_

#include <atomic>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "common/change_signal.h"
#include "common/date.h"
#include "common/resource_store.h"
#include "common/store.h"
#include "district/project/v1/project_service.pb.h"
#include "services/project/project_facts.h"
#include "services/project/return_calendar.h"

namespace district::project {

// Thread-safe, from any number of handler threads. The Store is not owned and must outlive this.
// Scope checks and audit entries use the caller of the call being served (common/caller.h).
// Errors: those of ResourceStore (common/resource_store.h) and of the Store.
class ProjectStore {
 public:
  static absl::StatusOr<std::unique_ptr<ProjectStore>> Open(Store* store);

  // Creates the project; `done` gets it once durable (see ResourceStore::CreateQueued).
  void CreateProject(const v1::CreateProjectRequest& request,
                     std::function<void(absl::StatusOr<v1::Project>)> done);
  absl::StatusOr<v1::Project> GetProject(absl::string_view id) const;
  // The project as held in memory, without a copy (for views over thousands); null when absent.
  std::shared_ptr<const v1::Project> PeekProject(absl::string_view id) const;
  absl::StatusOr<v1::ListProjectsResponse> ListProjects(const v1::ListProjectsRequest& request,
                                                        int page_size) const;
  absl::StatusOr<v1::Project> UpdateProject(const v1::UpdateProjectRequest& request);
  absl::Status DeleteProject(absl::string_view id, absl::string_view etag);
  absl::StatusOr<v1::Project> AdvanceStage(const v1::AdvanceStageRequest& request);

  absl::StatusOr<v1::Milestone> CreateMilestone(const v1::CreateMilestoneRequest& request);
  absl::StatusOr<v1::Milestone> GetMilestone(absl::string_view id) const;
  absl::StatusOr<std::vector<v1::Milestone>> ListMilestones(absl::string_view project_id) const;
  absl::StatusOr<v1::Milestone> UpdateMilestone(const v1::UpdateMilestoneRequest& request);
  absl::Status DeleteMilestone(absl::string_view id);

  absl::StatusOr<v1::InvestmentReport> RecordInvestment(const v1::RecordInvestmentRequest& request);
  // Every report of a validated batch (ValidateInvestmentBatch) in one atomic write, with each
  // project's totals moved as RecordInvestment moves them. A report the same as the stored one
  // (amount and note) is not written again, nor its project changed; a batch of only those writes
  // nothing. NOT_FOUND names the report whose project does not exist ("reports[3].project_id:
  // ..."); nothing is written on any error.
  absl::Status BatchRecordInvestment(const v1::BatchRecordInvestmentRequest& batch);
  // Oldest month first, with cumulative sums from the project's first report.
  absl::StatusOr<std::vector<v1::InvestmentReport>> ListInvestmentReports(
      absl::string_view project_id) const;
  // Deletes the month's report and moves the project's totals back by it, in one atomic write
  // with the project's audit entry. NOT_FOUND when the project or the month's report is absent;
  // ABORTED when `etag` is set and not the project's.
  absl::Status DeleteInvestmentReport(const v1::DeleteInvestmentReportRequest& request);

  absl::StatusOr<v1::Obstacle> CreateObstacle(const v1::CreateObstacleRequest& request);
  absl::StatusOr<std::vector<v1::Obstacle>> ListObstacles(absl::string_view project_id) const;
  absl::StatusOr<v1::Obstacle> UpdateObstacle(const v1::UpdateObstacleRequest& request);
  absl::Status DeleteObstacle(absl::string_view id);

  // Supervision orders (督办): the rules of OrderState in project.proto. The caller's principal
  // issues; closing and escalating are for the issuer or an admin (PERMISSION_DENIED otherwise).
  absl::StatusOr<v1::SupervisionOrder> CreateOrder(const v1::CreateOrderRequest& request);
  absl::StatusOr<v1::SupervisionOrder> GetOrder(absl::string_view id) const;
  absl::StatusOr<v1::ListOrdersResponse> ListOrders(const v1::ListOrdersRequest& request,
                                                    int page_size) const;
  absl::StatusOr<v1::SupervisionOrder> RespondOrder(const v1::RespondOrderRequest& request);
  absl::StatusOr<v1::SupervisionOrder> CloseOrder(const v1::CloseOrderRequest& request);
  absl::StatusOr<v1::SupervisionOrder> EscalateOrder(const v1::EscalateOrderRequest& request);
  // Orders not closed, earliest deadline first, until fn returns false.
  absl::Status ScanOpenOrders(
      const std::function<bool(const Date& deadline, absl::string_view order_id)>& fn) const;

  absl::StatusOr<v1::AnnualProgramme> GetProgramme(int year) const;
  // Replaces the year's programme, or with an update_mask only the fields it names (AIP-134), and
  // checks the result (ValidateProgramme). A year with none yet is created unless allow_missing is
  // set to false (NOT_FOUND). The etag to match is the request's or programme.etag (UpdateEtag,
  // common/resource_store.h); the same programme again is no change (nothing written, the etag
  // kept).
  absl::StatusOr<v1::AnnualProgramme> UpdateProgramme(const v1::UpdateProgrammeRequest& request);

  // Monthly returns (月报, monthly_return_store.cc): the rules of MonthlyReturn in project.proto.
  // A unit-scoped caller may change only its own unit's returns (PERMISSION_DENIED); the entries'
  // projects must exist (NOT_FOUND naming the entry) and be the return's unit's
  // (INVALID_ARGUMENT); a change the state or `calendar` does not allow is FAILED_PRECONDITION.
  // ALREADY_EXISTS when the unit has a return for the month already.
  absl::StatusOr<v1::MonthlyReturn> CreateMonthlyReturn(
      const v1::CreateMonthlyReturnRequest& request);
  absl::StatusOr<v1::MonthlyReturn> GetMonthlyReturn(absl::string_view id) const;
  absl::StatusOr<v1::ListMonthlyReturnsResponse> ListMonthlyReturns(
      const v1::ListMonthlyReturnsRequest& request, int page_size) const;
  absl::StatusOr<v1::MonthlyReturn> UpdateMonthlyReturn(
      const v1::UpdateMonthlyReturnRequest& request, const ReturnCalendar& calendar);
  absl::StatusOr<v1::MonthlyReturn> SubmitMonthlyReturn(
      const v1::SubmitMonthlyReturnRequest& request, const ReturnCalendar& calendar);
  // Approving writes each entry's known investment as its project's report for the month, moving
  // the project's totals as RecordInvestment does, in the same batch as the return's change; not
  // by the principal that submitted it (PERMISSION_DENIED).
  absl::StatusOr<v1::MonthlyReturn> ApproveMonthlyReturn(
      const v1::ApproveMonthlyReturnRequest& request);
  absl::StatusOr<v1::MonthlyReturn> RejectMonthlyReturn(
      const v1::RejectMonthlyReturnRequest& request);
  absl::StatusOr<v1::MonthlyReturn> ReopenMonthlyReturn(
      const v1::ReopenMonthlyReturnRequest& request);
  // The month's reporting by unit: the units of the projects not cancelled, and of the month's
  // returns, by name.
  absl::StatusOr<v1::ReportingStatus> GetReportingStatus(const YearMonth& month) const;

  // Raised by every committed change of a project, milestone, obstacle or order: a view computed
  // from them (the lights' counts) is current while it has not moved; a watch waits on it.
  uint64_t changes() const { return changes_.count(); }
  const ChangeSignal& change_signal() const { return changes_; }

  // For statistics: the facts of every project (see project_facts.h).
  const ProjectFacts& facts() const { return facts_; }
  // Milestones not yet reached, earliest planned date first, until fn returns false.
  absl::Status ScanOpenMilestones(
      const std::function<bool(const Date& planned, absl::string_view milestone_id)>& fn) const;
  // Milestones not reached whose planned date is before `end`, earliest first.
  absl::StatusOr<std::vector<v1::Milestone>> OpenMilestonesBefore(const Date& end) const;
  // Open obstacles whose deadline is before `day`, by project.
  absl::StatusOr<std::vector<v1::Obstacle>> ObstaclesPastDeadline(const Date& day) const;
  // The project id of every open obstacle, in project id order.
  absl::Status ScanOpenObstacles(const std::function<void(absl::string_view project_id)>& fn) const;

  // The key that signs WatchReminders' resume tokens (reminder_watches.h): 32 random bytes made
  // when the database is first opened, in one write, and kept in it. Kept rather than made per
  // process, so that a token stays valid across a restart (a client whose token is refused gives
  // up: tools/rpc/reminder_feed.h) and across a restore, while nothing outside the database can
  // make one.
  const std::string& resume_token_key() const { return resume_token_key_; }

 private:
  explicit ProjectStore(Store* store) : store_(store) {}

  // Runs `fn` holding the lock of project `project_id`, once the project is known to exist.
  template <typename R>
  absl::StatusOr<R> WithProject(absl::string_view project_id,
                                const std::function<absl::StatusOr<R>()>& fn);

  // ApplyReport, and the report itself (stamped `now`) added to `batch`.
  absl::Status ApplyReportInBatch(const v1::RecordInvestmentRequest& r, absl::string_view field,
                                  v1::Project* p, WriteBatch* batch,
                                  const google::protobuf::Timestamp& now) const;
  // The config of the monthly returns' store (monthly_return_store.cc).
  static ResourceStore<v1::MonthlyReturn>::Config MonthlyReturnConfig();
  // OK when every entry of `r` names a project of r's unit; the error names the entry under
  // `prefix`.
  absl::Status CheckReturnEntries(const v1::MonthlyReturn& r, absl::string_view prefix) const;

  // Moves project `p`'s totals by report `r` less the month's stored report, under the project's
  // lock. INVALID_ARGUMENT naming `field` when the totals would pass kMaxYuan.
  absl::Status ApplyReport(const v1::RecordInvestmentRequest& r, absl::string_view field,
                           v1::Project* p) const;

  Store* const store_;
  ProjectFacts facts_;
  ChangeSignal changes_;
  std::unique_ptr<ResourceStore<v1::Project>> projects_;
  std::unique_ptr<ResourceStore<v1::Milestone>> milestones_;
  std::unique_ptr<ResourceStore<v1::Obstacle>> obstacles_;
  std::unique_ptr<ResourceStore<v1::SupervisionOrder>> orders_;
  std::unique_ptr<ResourceStore<v1::MonthlyReturn>> returns_;
  std::mutex return_create_lock_;  // one return per month and unit: check and create together
  const Table<v1::InvestmentReport> reports_{"investment", "投资月报"};  // "<project id>/<yyyymm>"
  const Table<v1::AnnualProgramme> programmes_{"programme", "年度重点项目计划"};  // id "<yyyy>"
  std::mutex programme_lock_;
  std::string resume_token_key_;
};

}  // namespace district::project

#endif  // DISTRICT_SERVICES_PROJECT_PROJECT_STORE_H_
