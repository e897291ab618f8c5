// recruitment_server: attracting investment and talent
// (district.recruitment.v1.RecruitmentService).
#include "absl/flags/flag.h"
#include "common/client.h"
#include "common/service_main.h"
#include "services/recruitment/recruitment_service.h"

ABSL_FLAG(std::string, project_addr, "127.0.0.1:50051",
          "the project service, HOST:PORT, where LandLead creates projects");

int main(int argc, char** argv) {
  return district::RunService(
      argc, argv, district::recruitment::v1::RecruitmentService::service_full_name(),
      [](district::Store* store) -> absl::StatusOr<std::unique_ptr<grpc::Service>> {
        return district::recruitment::RecruitmentServiceImpl::Open(
            store, district::project::v1::ProjectService::NewStub(
                       district::CreateServiceChannel(absl::GetFlag(FLAGS_project_addr))));
      });
}
