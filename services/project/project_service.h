// The gRPC handlers of district.project.v1.ProjectService: check the request, call the store,
// map the result. Stateless checks live in project_validation, stateful ones in project_store.
#ifndef DISTRICT_SERVICES_PROJECT_PROJECT_SERVICE_H_
#define DISTRICT_SERVICES_PROJECT_PROJECT_SERVICE_H_

#include <memory>

#include "common/handlers.h"
#include "district/project/v1/project_service.grpc.pb.h"
#include "services/project/project_lights.h"
#include "services/project/project_store.h"
#include "services/project/reminder_watches.h"
#include "services/project/return_calendar.h"
#include "services/project/status_light.h"

namespace district::project {

class ProjectServiceImpl final : public v1::ProjectService::CallbackService {
 public:
  // The service over `store` (not owned; it must outlive the service), with its records loaded:
  // how main() and the tests make it. The store's error when its records cannot be read.
  // `lights` are the supervision light's thresholds (status_light.h).
  // `calendar` is the monthly returns' lock day and clock (return_calendar.h).
  static absl::StatusOr<std::unique_ptr<ProjectServiceImpl>> Open(Store* store,
                                                                  LightThresholds lights = {},
                                                                  ReturnCalendar calendar = {});

  ProjectServiceImpl(std::unique_ptr<ProjectStore> store, LightThresholds lights,
                     ReturnCalendar calendar = {});

  DISTRICT_QUEUED_WRITE(CreateProject, v1::CreateProjectRequest, v1::Project)
  DISTRICT_READ(GetProject, v1::GetProjectRequest, v1::Project)
  DISTRICT_READ(ListProjects, v1::ListProjectsRequest, v1::ListProjectsResponse)
  DISTRICT_WRITE(UpdateProject, v1::UpdateProjectRequest, v1::Project)
  DISTRICT_ADMIN(DeleteProject, v1::DeleteProjectRequest, google::protobuf::Empty)
  DISTRICT_WRITE(AdvanceStage, v1::AdvanceStageRequest, v1::Project)

  DISTRICT_WRITE(CreateMilestone, v1::CreateMilestoneRequest, v1::Milestone)
  DISTRICT_READ(ListMilestones, v1::ListMilestonesRequest, v1::ListMilestonesResponse)
  DISTRICT_WRITE(UpdateMilestone, v1::UpdateMilestoneRequest, v1::Milestone)
  DISTRICT_ADMIN(DeleteMilestone, v1::DeleteMilestoneRequest, google::protobuf::Empty)

  DISTRICT_WRITE(RecordInvestment, v1::RecordInvestmentRequest, v1::InvestmentReport)
  DISTRICT_WRITE(BatchRecordInvestment, v1::BatchRecordInvestmentRequest,
                 v1::BatchRecordInvestmentResponse)
  DISTRICT_READ(ListInvestmentReports, v1::ListInvestmentReportsRequest,
                v1::ListInvestmentReportsResponse)
  DISTRICT_WRITE(DeleteInvestmentReport, v1::DeleteInvestmentReportRequest, google::protobuf::Empty)

  DISTRICT_WRITE(CreateObstacle, v1::CreateObstacleRequest, v1::Obstacle)
  DISTRICT_READ(ListObstacles, v1::ListObstaclesRequest, v1::ListObstaclesResponse)
  DISTRICT_WRITE(UpdateObstacle, v1::UpdateObstacleRequest, v1::Obstacle)
  DISTRICT_ADMIN(DeleteObstacle, v1::DeleteObstacleRequest, google::protobuf::Empty)

  DISTRICT_READ(GetProgramme, v1::GetProgrammeRequest, v1::AnnualProgramme)
  DISTRICT_ADMIN(UpdateProgramme, v1::UpdateProgrammeRequest, v1::AnnualProgramme)

  DISTRICT_READ(GetProjectStats, v1::GetProjectStatsRequest, v1::ProjectStats)
  DISTRICT_READ(GetLightBoard, v1::GetLightBoardRequest, v1::LightBoard)
  DISTRICT_READ(GetBulletin, v1::GetBulletinRequest, v1::Bulletin)

  DISTRICT_WRITE(CreateOrder, v1::CreateOrderRequest, v1::SupervisionOrder)
  DISTRICT_READ(GetOrder, v1::GetOrderRequest, v1::SupervisionOrder)
  DISTRICT_READ(ListOrders, v1::ListOrdersRequest, v1::ListOrdersResponse)
  DISTRICT_WRITE(RespondOrder, v1::RespondOrderRequest, v1::SupervisionOrder)
  DISTRICT_WRITE(CloseOrder, v1::CloseOrderRequest, v1::SupervisionOrder)
  DISTRICT_WRITE(EscalateOrder, v1::EscalateOrderRequest, v1::SupervisionOrder)
  DISTRICT_READ(ListReminders, v1::ListRemindersRequest, v1::ListRemindersResponse)
  // Monthly returns (月报): monthly_return_store.cc.
  DISTRICT_WRITE(CreateMonthlyReturn, v1::CreateMonthlyReturnRequest, v1::MonthlyReturn)
  DISTRICT_READ(GetMonthlyReturn, v1::GetMonthlyReturnRequest, v1::MonthlyReturn)
  DISTRICT_READ(ListMonthlyReturns, v1::ListMonthlyReturnsRequest, v1::ListMonthlyReturnsResponse)
  DISTRICT_WRITE(UpdateMonthlyReturn, v1::UpdateMonthlyReturnRequest, v1::MonthlyReturn)
  DISTRICT_WRITE(SubmitMonthlyReturn, v1::SubmitMonthlyReturnRequest, v1::MonthlyReturn)
  DISTRICT_WRITE(ApproveMonthlyReturn, v1::ApproveMonthlyReturnRequest, v1::MonthlyReturn)
  DISTRICT_WRITE(RejectMonthlyReturn, v1::RejectMonthlyReturnRequest, v1::MonthlyReturn)
  DISTRICT_WRITE(ReopenMonthlyReturn, v1::ReopenMonthlyReturnRequest, v1::MonthlyReturn)
  DISTRICT_READ(GetReportingStatus, v1::GetReportingStatusRequest, v1::ReportingStatus)

  // Server-streaming, viewer: reminder_watches.h.
  grpc::ServerWriteReactor<v1::WatchRemindersResponse>* WatchReminders(
      Context* context, const v1::WatchRemindersRequest* request) override;

 private:
  const std::unique_ptr<ProjectStore> store_;
  const LightThresholds lights_;
  const ReturnCalendar calendar_;
  LightCounter light_counter_;  // the statistics' counts by light, kept between changes
  ReminderWatches watches_{store_.get()};
};

}  // namespace district::project

#endif  // DISTRICT_SERVICES_PROJECT_PROJECT_SERVICE_H_
