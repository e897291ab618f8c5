// The gRPC handlers of district.project.v1.ProjectService: check the request, call the store,
// map the result. Stateless checks live in project_validation, stateful ones in project_store.
#ifndef DISTRICT_SERVICES_PROJECT_PROJECT_SERVICE_H_
#define DISTRICT_SERVICES_PROJECT_PROJECT_SERVICE_H_

#include <memory>

#include "district/project/v1/project_service.grpc.pb.h"
#include "services/project/project_store.h"

namespace district::project {

class ProjectServiceImpl final : public v1::ProjectService::Service {
 public:
  explicit ProjectServiceImpl(std::unique_ptr<ProjectStore> store);

  using Context = grpc::ServerContext;
  grpc::Status CreateProject(Context*, const v1::CreateProjectRequest*, v1::Project*) override;
  grpc::Status GetProject(Context*, const v1::GetProjectRequest*, v1::Project*) override;
  grpc::Status ListProjects(Context*, const v1::ListProjectsRequest*,
                            v1::ListProjectsResponse*) override;
  grpc::Status UpdateProject(Context*, const v1::UpdateProjectRequest*, v1::Project*) override;
  grpc::Status DeleteProject(Context*, const v1::DeleteProjectRequest*,
                             google::protobuf::Empty*) override;
  grpc::Status AdvanceStage(Context*, const v1::AdvanceStageRequest*, v1::Project*) override;

  grpc::Status CreateMilestone(Context*, const v1::CreateMilestoneRequest*,
                               v1::Milestone*) override;
  grpc::Status ListMilestones(Context*, const v1::ListMilestonesRequest*,
                              v1::ListMilestonesResponse*) override;
  grpc::Status UpdateMilestone(Context*, const v1::UpdateMilestoneRequest*,
                               v1::Milestone*) override;
  grpc::Status DeleteMilestone(Context*, const v1::DeleteMilestoneRequest*,
                               google::protobuf::Empty*) override;

  grpc::Status RecordInvestment(Context*, const v1::RecordInvestmentRequest*,
                                v1::InvestmentReport*) override;
  grpc::Status ListInvestmentReports(Context*, const v1::ListInvestmentReportsRequest*,
                                     v1::ListInvestmentReportsResponse*) override;

  grpc::Status CreateObstacle(Context*, const v1::CreateObstacleRequest*, v1::Obstacle*) override;
  grpc::Status ListObstacles(Context*, const v1::ListObstaclesRequest*,
                             v1::ListObstaclesResponse*) override;
  grpc::Status UpdateObstacle(Context*, const v1::UpdateObstacleRequest*, v1::Obstacle*) override;
  grpc::Status DeleteObstacle(Context*, const v1::DeleteObstacleRequest*,
                              google::protobuf::Empty*) override;

  grpc::Status GetProgramme(Context*, const v1::GetProgrammeRequest*,
                            v1::AnnualProgramme*) override;
  grpc::Status UpdateProgramme(Context*, const v1::UpdateProgrammeRequest*,
                               v1::AnnualProgramme*) override;

  grpc::Status GetProjectStats(Context*, const v1::GetProjectStatsRequest*,
                               v1::ProjectStats*) override;

 private:
  const std::unique_ptr<ProjectStore> store_;
};

}  // namespace district::project

#endif  // DISTRICT_SERVICES_PROJECT_PROJECT_SERVICE_H_
