// project_server: the key-project register (district.project.v1.ProjectService).
#include "common/service_main.h"
#include "services/project/project_service.h"

int main(int argc, char** argv) {
  return district::RunService(
      argc, argv, district::project::v1::ProjectService::service_full_name(),
      [](district::Store* store) -> absl::StatusOr<std::unique_ptr<grpc::Service>> {
        return district::project::ProjectServiceImpl::Open(store);
      });
}
