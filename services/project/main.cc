// project_server: the key-project register (district.project.v1.ProjectService).
#include "common/service_main.h"
#include "services/project/project_service.h"

int main(int argc, char** argv) {
  using district::project::ProjectServiceImpl;
  using district::project::ProjectStore;
  return district::RunService(
      argc, argv, district::project::v1::ProjectService::service_full_name(),
      [](district::Store* store) -> absl::StatusOr<std::unique_ptr<grpc::Service>> {
        absl::StatusOr<std::unique_ptr<ProjectStore>> projects = ProjectStore::Open(store);
        if (!projects.ok()) return projects.status();
        return std::make_unique<ProjectServiceImpl>(*std::move(projects));
      });
}
