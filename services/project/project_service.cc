#include "services/project/project_service.h"

#include "absl/container/flat_hash_map.h"
#include "absl/strings/str_format.h"
#include "common/date.h"
#include "common/errors.h"
#include "common/list_page.h"
#include "common/request_log.h"
#include "common/status.h"
#include "common/tsan.h"
#include "common/validation.h"
#include "services/project/project_bulletin.h"
#include "services/project/project_reminders.h"
#include "services/project/project_stats.h"
#include "services/project/project_validation.h"
#include "services/project/stage_rules.h"

namespace district::project {

using v1::InvestmentReport;
using v1::Milestone;
using v1::Obstacle;
using v1::Project;
namespace {

absl::Status RequireId(absl::string_view id, absl::string_view field, absl::string_view label) {
  return RequireNonEmpty(id, field, label);
}
absl::Status RequireId(absl::string_view id) { return RequireId(id, "id", "编号"); }

// The overdue flag is as of the day the milestone is read.
Milestone WithOverdue(Milestone m, const Date& today) {
  m.set_overdue(IsEmpty(m.actual_date()) && CompareDates(m.planned_date(), today) < 0);
  return m;
}

}  // namespace

absl::StatusOr<std::unique_ptr<ProjectServiceImpl>> ProjectServiceImpl::Open(
    Store* store, LightThresholds lights, ReturnCalendar calendar) {
  absl::StatusOr<std::unique_ptr<ProjectStore>> projects = ProjectStore::Open(store);
  if (!projects.ok()) return projects.status();
  return std::make_unique<ProjectServiceImpl>(*std::move(projects), lights, std::move(calendar));
}

ProjectServiceImpl::ProjectServiceImpl(std::unique_ptr<ProjectStore> store, LightThresholds lights,
                                       ReturnCalendar calendar)
    : store_(std::move(store)),
      lights_(lights),
      calendar_(std::move(calendar)),
      light_counter_(lights) {}

void ProjectServiceImpl::DoCreateProject(Context*, const v1::CreateProjectRequest* request,
                                         v1::Project* response, Finish finish) {
  absl::Status s = ValidateProject(request->project());
  if (s.ok()) s = CheckInitialStage(request->project().stage());
  if (s.ok() && !IsEmpty(request->stage_date())) {
    s = ValidatePastDate(request->stage_date(), Today(), "stage_date", "阶段日期");
  }
  if (s.ok()) s = ValidateRequestId(request->request_id());
  if (!s.ok()) return finish(ToGrpcStatus(s));
  store_->CreateProject(*request, [response, finish](absl::StatusOr<v1::Project> project) {
    finish(Reply(std::move(project), response));
  });
}

grpc::Status ProjectServiceImpl::DoGetProject(Context*, const v1::GetProjectRequest* request,
                                              v1::Project* response) {
  if (absl::Status s = RequireId(request->id()); !s.ok()) return ToGrpcStatus(s);
  return Reply(store_->GetProject(request->id()), response);
}

grpc::Status ProjectServiceImpl::DoListProjects(Context*, const v1::ListProjectsRequest* request,
                                                v1::ListProjectsResponse* response) {
  absl::StatusOr<int> page_size = ResolvePageSize(request->page_size());
  absl::Status s = page_size.status();
  if (s.ok()) s = RequireEnum(request->stage(), v1::Stage_IsValid, "stage", "阶段", true);
  if (s.ok()) s = RequireEnum(request->level(), v1::Level_IsValid, "level", "级别", true);
  if (s.ok() && request->programme_year() != 0) {
    s = RequireYear(request->programme_year(), "programme_year", "年度计划批次");
  }
  if (!s.ok()) return ToGrpcStatus(s);
  return Reply(store_->ListProjects(*request, *page_size), response);
}

grpc::Status ProjectServiceImpl::DoUpdateProject(Context*, const v1::UpdateProjectRequest* request,
                                                 v1::Project* response) {
  if (absl::Status s = RequireId(request->project().id(), "project.id", "项目编号"); !s.ok()) {
    return ToGrpcStatus(s);
  }
  return Reply(store_->UpdateProject(*request), response);
}

grpc::Status ProjectServiceImpl::DoDeleteProject(Context*, const v1::DeleteProjectRequest* request,
                                                 google::protobuf::Empty*) {
  if (absl::Status s = RequireId(request->id()); !s.ok()) return ToGrpcStatus(s);
  return ToGrpcStatus(store_->DeleteProject(request->id(), request->etag()));
}

grpc::Status ProjectServiceImpl::DoAdvanceStage(Context*, const v1::AdvanceStageRequest* request,
                                                v1::Project* response) {
  if (absl::Status s = RequireId(request->id()); !s.ok()) return ToGrpcStatus(s);
  return Reply(store_->AdvanceStage(*request), response);
}

grpc::Status ProjectServiceImpl::DoCreateMilestone(Context*,
                                                   const v1::CreateMilestoneRequest* request,
                                                   v1::Milestone* response) {
  absl::Status s = ValidateMilestone(request->milestone());
  if (s.ok()) s = ValidateRequestId(request->request_id());
  if (!s.ok()) return ToGrpcStatus(s);
  absl::StatusOr<Milestone> m = store_->CreateMilestone(*request);
  if (m.ok()) m = WithOverdue(*std::move(m), Today());
  return Reply(std::move(m), response);
}

grpc::Status ProjectServiceImpl::DoListMilestones(Context*,
                                                  const v1::ListMilestonesRequest* request,
                                                  v1::ListMilestonesResponse* response) {
  if (absl::Status s = RequireId(request->project_id(), "project_id", "项目编号"); !s.ok()) {
    return ToGrpcStatus(s);
  }
  if (absl::StatusOr<Project> p = store_->GetProject(request->project_id()); !p.ok()) {
    return ToGrpcStatus(p.status());
  }
  absl::StatusOr<std::vector<Milestone>> milestones = store_->ListMilestones(request->project_id());
  if (!milestones.ok()) return ToGrpcStatus(milestones.status());
  const Date today = Today();
  std::vector<Milestone> wanted;
  for (Milestone& m : *milestones) {
    m = WithOverdue(std::move(m), today);
    if (!request->overdue_only() || m.overdue()) wanted.push_back(std::move(m));
  }
  // In id order, as the store lists them.
  absl::StatusOr<ListPage<Milestone>> page =
      PageOf<Milestone>(std::move(wanted), *request, request->page_size(), request->page_token(),
                        [](const Milestone& m) { return m.id(); });
  if (!page.ok()) return ToGrpcStatus(page.status());
  MovePage(*page, response->mutable_milestones(), response->mutable_next_page_token());
  return grpc::Status::OK;
}

grpc::Status ProjectServiceImpl::DoUpdateMilestone(Context*,
                                                   const v1::UpdateMilestoneRequest* request,
                                                   v1::Milestone* response) {
  if (absl::Status s = RequireId(request->milestone().id(), "milestone.id", "节点编号"); !s.ok()) {
    return ToGrpcStatus(s);
  }
  absl::StatusOr<Milestone> m = store_->UpdateMilestone(*request);
  if (m.ok()) m = WithOverdue(*std::move(m), Today());
  return Reply(std::move(m), response);
}

grpc::Status ProjectServiceImpl::DoDeleteMilestone(Context*,
                                                   const v1::DeleteMilestoneRequest* request,
                                                   google::protobuf::Empty*) {
  if (absl::Status s = RequireId(request->id()); !s.ok()) return ToGrpcStatus(s);
  return ToGrpcStatus(store_->DeleteMilestone(request->id()));
}

grpc::Status ProjectServiceImpl::DoRecordInvestment(Context*,
                                                    const v1::RecordInvestmentRequest* request,
                                                    v1::InvestmentReport* response) {
  if (absl::Status s = ValidateInvestment(*request, ""); !s.ok()) return ToGrpcStatus(s);
  return Reply(store_->RecordInvestment(*request), response);
}

grpc::Status ProjectServiceImpl::DoBatchRecordInvestment(
    Context*, const v1::BatchRecordInvestmentRequest* request,
    v1::BatchRecordInvestmentResponse* response) {
  absl::Status s = ValidateInvestmentBatch(*request);
  if (s.ok()) s = store_->BatchRecordInvestment(*request);
  if (!s.ok()) return ToGrpcStatus(s);
  response->set_recorded(request->reports_size());
  return grpc::Status::OK;
}

grpc::Status ProjectServiceImpl::DoListInvestmentReports(
    Context*, const v1::ListInvestmentReportsRequest* request,
    v1::ListInvestmentReportsResponse* response) {
  absl::Status s = RequireId(request->project_id(), "project_id", "项目编号");
  if (s.ok() && request->year() != 0) s = RequireYear(request->year(), "year", "年份");
  if (!s.ok()) return ToGrpcStatus(s);
  absl::StatusOr<std::vector<InvestmentReport>> reports =
      store_->ListInvestmentReports(request->project_id());
  if (!reports.ok()) return ToGrpcStatus(reports.status());
  std::vector<InvestmentReport> wanted;
  for (InvestmentReport& r : *reports) {
    if (request->year() == 0 || r.month().year() == request->year()) wanted.push_back(std::move(r));
  }
  // Oldest month first: one report per month, so the month is the position.
  absl::StatusOr<ListPage<InvestmentReport>> page = PageOf<InvestmentReport>(
      std::move(wanted), *request, request->page_size(), request->page_token(),
      [](const InvestmentReport& r) {
        return absl::StrFormat("%04d%02d", r.month().year(), r.month().month());
      });
  if (!page.ok()) return ToGrpcStatus(page.status());
  MovePage(*page, response->mutable_reports(), response->mutable_next_page_token());
  return grpc::Status::OK;
}

grpc::Status ProjectServiceImpl::DoDeleteInvestmentReport(
    Context*, const v1::DeleteInvestmentReportRequest* request, google::protobuf::Empty*) {
  absl::Status s = FirstError({
      RequireId(request->project_id(), "project_id", "项目编号"),
      ValidateYearMonth(request->month(), "month", "月份"),
  });
  if (!s.ok()) return ToGrpcStatus(s);
  return ToGrpcStatus(store_->DeleteInvestmentReport(*request));
}

grpc::Status ProjectServiceImpl::DoCreateObstacle(Context*,
                                                  const v1::CreateObstacleRequest* request,
                                                  v1::Obstacle* response) {
  v1::CreateObstacleRequest opened = *request;
  // A new obstacle is open unless the caller records one already resolved.
  if (opened.obstacle().status() == v1::OBSTACLE_STATUS_UNSPECIFIED) {
    opened.mutable_obstacle()->set_status(v1::OBSTACLE_STATUS_OPEN);
  }
  absl::Status s = ValidateObstacle(opened.obstacle());
  if (s.ok()) s = ValidateRequestId(request->request_id());
  if (!s.ok()) return ToGrpcStatus(s);
  return Reply(store_->CreateObstacle(opened), response);
}

grpc::Status ProjectServiceImpl::DoListObstacles(Context*, const v1::ListObstaclesRequest* request,
                                                 v1::ListObstaclesResponse* response) {
  absl::Status s = RequireId(request->project_id(), "project_id", "项目编号");
  if (s.ok()) {
    s = RequireEnum(request->status(), v1::ObstacleStatus_IsValid, "status", "问题状态", true);
  }
  if (!s.ok()) return ToGrpcStatus(s);
  if (absl::StatusOr<Project> p = store_->GetProject(request->project_id()); !p.ok()) {
    return ToGrpcStatus(p.status());
  }
  absl::StatusOr<std::vector<Obstacle>> obstacles = store_->ListObstacles(request->project_id());
  if (!obstacles.ok()) return ToGrpcStatus(obstacles.status());
  std::vector<Obstacle> wanted;
  for (Obstacle& o : *obstacles) {
    if (request->status() == v1::OBSTACLE_STATUS_UNSPECIFIED || o.status() == request->status()) {
      wanted.push_back(std::move(o));
    }
  }
  // In id order, as the store lists them.
  absl::StatusOr<ListPage<Obstacle>> page =
      PageOf<Obstacle>(std::move(wanted), *request, request->page_size(), request->page_token(),
                       [](const Obstacle& o) { return o.id(); });
  if (!page.ok()) return ToGrpcStatus(page.status());
  MovePage(*page, response->mutable_obstacles(), response->mutable_next_page_token());
  return grpc::Status::OK;
}

grpc::Status ProjectServiceImpl::DoUpdateObstacle(Context*,
                                                  const v1::UpdateObstacleRequest* request,
                                                  v1::Obstacle* response) {
  if (absl::Status s = RequireId(request->obstacle().id(), "obstacle.id", "问题编号"); !s.ok()) {
    return ToGrpcStatus(s);
  }
  return Reply(store_->UpdateObstacle(*request), response);
}

grpc::Status ProjectServiceImpl::DoDeleteObstacle(Context*,
                                                  const v1::DeleteObstacleRequest* request,
                                                  google::protobuf::Empty*) {
  if (absl::Status s = RequireId(request->id()); !s.ok()) return ToGrpcStatus(s);
  return ToGrpcStatus(store_->DeleteObstacle(request->id()));
}

grpc::Status ProjectServiceImpl::DoGetProgramme(Context*, const v1::GetProgrammeRequest* request,
                                                v1::AnnualProgramme* response) {
  if (absl::Status s = RequireYear(request->year(), "year", "年份"); !s.ok()) {
    return ToGrpcStatus(s);
  }
  return Reply(store_->GetProgramme(request->year()), response);
}

grpc::Status ProjectServiceImpl::DoUpdateProgramme(Context*,
                                                   const v1::UpdateProgrammeRequest* request,
                                                   v1::AnnualProgramme* response) {
  // The whole programme is checked after an update_mask applies, by the store.
  if (absl::Status s = RequireYear(request->programme().year(), "programme.year", "年份");
      !s.ok()) {
    return ToGrpcStatus(s);
  }
  return Reply(store_->UpdateProgramme(*request), response);
}

grpc::Status ProjectServiceImpl::DoGetProjectStats(Context*,
                                                   const v1::GetProjectStatsRequest* request,
                                                   v1::ProjectStats* response) {
  absl::Status s = RequireYear(request->year(), "year", "年份");
  if (s.ok()) {
    s = RequireNonNegative(int64_t{request->land_start_window_days()}, "land_start_window_days",
                           "拿地即开工时限（天）");
  }
  if (s.ok() && !IsEmpty(request->as_of())) s = ValidateDate(request->as_of(), "as_of", "统计日期");
  if (!s.ok()) return ToGrpcStatus(s);
  return Reply(ComputeProjectStats(*store_, *request, &light_counter_), response);
}

grpc::Status ProjectServiceImpl::DoGetLightBoard(Context*, const v1::GetLightBoardRequest* request,
                                                 v1::LightBoard* response) {
  absl::Status s = absl::OkStatus();
  if (!IsEmpty(request->as_of())) s = ValidateDate(request->as_of(), "as_of", "统计日期");
  if (s.ok()) {
    s = RequireEnum(request->light(), v1::Light_IsValid, "light", "亮灯状态",
                    /*allow_unspecified=*/true);
  }
  if (!s.ok()) return ToGrpcStatus(s);
  return Reply(ComputeLightBoard(*store_, *request, lights_), response);
}

grpc::Status ProjectServiceImpl::DoGetBulletin(Context*, const v1::GetBulletinRequest* request,
                                               v1::Bulletin* response) {
  if (absl::Status s = ValidateYearMonth(request->month(), "month", "月份"); !s.ok()) {
    return ToGrpcStatus(s);
  }
  return Reply(ComputeBulletin(*store_, *request, lights_), response);
}

namespace {

// An order as read: whether it is overdue today.
v1::SupervisionOrder AsRead(v1::SupervisionOrder order) {
  order.set_overdue(order.state() != v1::ORDER_STATE_CLOSED &&
                    CompareDates(order.deadline(), Today()) < 0);
  return order;
}

grpc::Status ReplyOrder(absl::StatusOr<v1::SupervisionOrder> order,
                        v1::SupervisionOrder* response) {
  if (!order.ok()) return ToGrpcStatus(order.status());
  *response = AsRead(*std::move(order));
  return grpc::Status::OK;
}

}  // namespace

grpc::Status ProjectServiceImpl::DoCreateOrder(Context*, const v1::CreateOrderRequest* request,
                                               v1::SupervisionOrder* response) {
  absl::Status s = ValidateOrder(request->order());
  if (s.ok()) s = ValidateRequestId(request->request_id());
  if (!s.ok()) return ToGrpcStatus(s);
  return ReplyOrder(store_->CreateOrder(*request), response);
}

grpc::Status ProjectServiceImpl::DoGetOrder(Context*, const v1::GetOrderRequest* request,
                                            v1::SupervisionOrder* response) {
  if (absl::Status s = RequireId(request->id()); !s.ok()) return ToGrpcStatus(s);
  return ReplyOrder(store_->GetOrder(request->id()), response);
}

grpc::Status ProjectServiceImpl::DoListOrders(Context*, const v1::ListOrdersRequest* request,
                                              v1::ListOrdersResponse* response) {
  absl::StatusOr<int> page_size = ResolvePageSize(request->page_size());
  absl::Status s = page_size.status();
  if (s.ok()) s = RequireEnum(request->state(), v1::OrderState_IsValid, "state", "督办状态", true);
  if (!s.ok()) return ToGrpcStatus(s);
  absl::StatusOr<v1::ListOrdersResponse> page = store_->ListOrders(*request, *page_size);
  if (!page.ok()) return ToGrpcStatus(page.status());
  *response = *std::move(page);
  for (v1::SupervisionOrder& order : *response->mutable_orders()) order = AsRead(order);
  return grpc::Status::OK;
}

grpc::Status ProjectServiceImpl::DoRespondOrder(Context*, const v1::RespondOrderRequest* request,
                                                v1::SupervisionOrder* response) {
  absl::Status s = RequireId(request->id());
  if (s.ok()) s = RequireNonEmpty(request->response(), "response", "办理情况");
  if (s.ok()) s = RequireMaxLength(request->response(), "response", "办理情况");
  if (s.ok() && !IsEmpty(request->responded_date())) {
    s = ValidateDate(request->responded_date(), "responded_date", "回复日期");
  }
  if (!s.ok()) return ToGrpcStatus(s);
  return ReplyOrder(store_->RespondOrder(*request), response);
}

grpc::Status ProjectServiceImpl::DoCloseOrder(Context*, const v1::CloseOrderRequest* request,
                                              v1::SupervisionOrder* response) {
  absl::Status s = RequireId(request->id());
  if (s.ok()) s = RequireMaxLength(request->closing_note(), "closing_note", "办结说明");
  if (s.ok() && !IsEmpty(request->closed_date())) {
    s = ValidateDate(request->closed_date(), "closed_date", "办结日期");
  }
  if (!s.ok()) return ToGrpcStatus(s);
  return ReplyOrder(store_->CloseOrder(*request), response);
}

grpc::Status ProjectServiceImpl::DoEscalateOrder(Context*, const v1::EscalateOrderRequest* request,
                                                 v1::SupervisionOrder* response) {
  absl::Status s = RequireId(request->id());
  if (s.ok()) s = RequireNonEmpty(request->reason(), "reason", "升级原因");
  if (s.ok()) s = RequireMaxLength(request->reason(), "reason", "升级原因");
  if (s.ok()) {
    s = IsEmpty(request->new_deadline())
            ? FieldError("new_deadline", "required to escalate", "升级督办须填写新的办理时限")
            : ValidateDate(request->new_deadline(), "new_deadline", "新的办理时限");
  }
  if (!s.ok()) return ToGrpcStatus(s);
  return ReplyOrder(store_->EscalateOrder(*request), response);
}

grpc::Status ProjectServiceImpl::DoListReminders(Context*, const v1::ListRemindersRequest* request,
                                                 v1::ListRemindersResponse* response) {
  absl::Status s = ValidateReminderScope(request->leader(), request->responsible_unit(),
                                         request->park_id(), request->within_days());
  if (s.ok() && !IsEmpty(request->as_of())) s = ValidateDate(request->as_of(), "as_of", "提醒日期");
  if (!s.ok()) return ToGrpcStatus(s);
  absl::StatusOr<v1::ListRemindersResponse> all = ComputeReminders(*store_, *request);
  if (!all.ok()) return ToGrpcStatus(all.status());
  // Reminders are a view computed per call, most urgent first: a page token names a place in that
  // order (its index; a reminder's key is unique, so it finds its index).
  absl::flat_hash_map<std::string, int> place;
  std::vector<v1::Reminder> reminders;
  for (v1::Reminder& r : *all->mutable_reminders()) {
    place.emplace(r.key(), static_cast<int>(reminders.size()));
    reminders.push_back(std::move(r));
  }
  absl::StatusOr<ListPage<v1::Reminder>> page = PageOf<v1::Reminder>(
      std::move(reminders), *request, request->page_size(), request->page_token(),
      [&place](const v1::Reminder& r) { return absl::StrFormat("%08d", place.at(r.key())); });
  if (!page.ok()) return ToGrpcStatus(page.status());
  MovePage(*page, response->mutable_reminders(), response->mutable_next_page_token());
  return grpc::Status::OK;
}

grpc::Status ProjectServiceImpl::DoCreateMonthlyReturn(
    Context*, const v1::CreateMonthlyReturnRequest* request, v1::MonthlyReturn* response) {
  absl::Status s = ValidateMonthlyReturn(request->monthly_return(), "monthly_return.");
  if (s.ok()) s = ValidateRequestId(request->request_id());
  if (!s.ok()) return ToGrpcStatus(s);
  return Reply(store_->CreateMonthlyReturn(*request), response);
}

grpc::Status ProjectServiceImpl::DoGetMonthlyReturn(Context*,
                                                    const v1::GetMonthlyReturnRequest* request,
                                                    v1::MonthlyReturn* response) {
  if (absl::Status s = RequireId(request->id()); !s.ok()) return ToGrpcStatus(s);
  return Reply(store_->GetMonthlyReturn(request->id()), response);
}

grpc::Status ProjectServiceImpl::DoListMonthlyReturns(Context*,
                                                      const v1::ListMonthlyReturnsRequest* request,
                                                      v1::ListMonthlyReturnsResponse* response) {
  absl::StatusOr<int> page_size = ResolvePageSize(request->page_size());
  absl::Status s = page_size.status();
  if (s.ok() && (request->month().year() != 0 || request->month().month() != 0)) {
    s = ValidateYearMonth(request->month(), "month", "月份");
  }
  if (s.ok()) {
    s = RequireEnum(request->state(), v1::MonthlyReturn::State_IsValid, "state", "状态", true);
  }
  if (!s.ok()) return ToGrpcStatus(s);
  return Reply(store_->ListMonthlyReturns(*request, *page_size), response);
}

grpc::Status ProjectServiceImpl::DoUpdateMonthlyReturn(
    Context*, const v1::UpdateMonthlyReturnRequest* request, v1::MonthlyReturn* response) {
  if (absl::Status s = RequireId(request->monthly_return().id(), "monthly_return.id", "月报编号");
      !s.ok()) {
    return ToGrpcStatus(s);
  }
  return Reply(store_->UpdateMonthlyReturn(*request, calendar_), response);
}

grpc::Status ProjectServiceImpl::DoSubmitMonthlyReturn(
    Context*, const v1::SubmitMonthlyReturnRequest* request, v1::MonthlyReturn* response) {
  if (absl::Status s = RequireId(request->id()); !s.ok()) return ToGrpcStatus(s);
  return Reply(store_->SubmitMonthlyReturn(*request, calendar_), response);
}

grpc::Status ProjectServiceImpl::DoApproveMonthlyReturn(
    Context*, const v1::ApproveMonthlyReturnRequest* request, v1::MonthlyReturn* response) {
  absl::Status s = RequireId(request->id());
  if (s.ok()) s = RequireMaxLength(request->opinion(), "opinion", "审核意见");
  if (!s.ok()) return ToGrpcStatus(s);
  return Reply(store_->ApproveMonthlyReturn(*request), response);
}

grpc::Status ProjectServiceImpl::DoRejectMonthlyReturn(
    Context*, const v1::RejectMonthlyReturnRequest* request, v1::MonthlyReturn* response) {
  absl::Status s = RequireId(request->id());
  if (s.ok()) s = RequireNonEmpty(request->opinion(), "opinion", "退回意见");
  if (s.ok()) s = RequireMaxLength(request->opinion(), "opinion", "退回意见");
  if (!s.ok()) return ToGrpcStatus(s);
  return Reply(store_->RejectMonthlyReturn(*request), response);
}

grpc::Status ProjectServiceImpl::DoReopenMonthlyReturn(
    Context*, const v1::ReopenMonthlyReturnRequest* request, v1::MonthlyReturn* response) {
  absl::Status s = RequireId(request->id());
  if (s.ok()) s = RequireNonEmpty(request->reason(), "reason", "解锁原因");
  if (s.ok()) s = RequireMaxLength(request->reason(), "reason", "解锁原因");
  if (!s.ok()) return ToGrpcStatus(s);
  return Reply(store_->ReopenMonthlyReturn(*request), response);
}

grpc::Status ProjectServiceImpl::DoGetReportingStatus(Context*,
                                                      const v1::GetReportingStatusRequest* request,
                                                      v1::ReportingStatus* response) {
  if (absl::Status s = ValidateYearMonth(request->month(), "month", "月份"); !s.ok()) {
    return ToGrpcStatus(s);
  }
  return Reply(store_->GetReportingStatus(request->month()), response);
}

grpc::ServerWriteReactor<v1::WatchRemindersResponse>* ProjectServiceImpl::WatchReminders(
    Context* context, const v1::WatchRemindersRequest* request) {
  tsan::TakeOver(tsan::Dispatch());
  static const RpcMethod* const kMethod = RpcMethodOf(v1::WatchRemindersRequest::descriptor(),
                                                      "WatchReminders", RpcMetrics::kServerStream);
  auto* stream = new ReminderStream(context, kMethod);
  if (stream->Admit()) {
    if (absl::Status s = watches_.Watch(*request, stream); !s.ok()) stream->End(ToGrpcStatus(s));
  }
  tsan::HandOff(stream);  // to gRPC, which calls its OnCancel, OnWriteDone and OnDone
  return stream;
}

}  // namespace district::project
