// recruitment_server: attracting investment and talent
// (district.recruitment.v1.RecruitmentService).
#include "absl/flags/flag.h"
#include "common/client.h"
#include "common/service_main.h"
#include "services/recruitment/recruitment_service.h"

ABSL_FLAG(std::string, project_addr, "127.0.0.1:50051",
          "the project service, HOST:PORT, where LandLead creates projects");

int main(int argc, char** argv) {
  using district::recruitment::RecruitmentServiceImpl;
  using district::recruitment::RecruitmentStore;
  return district::RunService(
      argc, argv, district::recruitment::v1::RecruitmentService::service_full_name(),
      [](district::Store* store) -> absl::StatusOr<std::unique_ptr<grpc::Service>> {
        absl::StatusOr<std::unique_ptr<RecruitmentStore>> leads = RecruitmentStore::Open(store);
        if (!leads.ok()) return leads.status();
        auto channel = district::CreateServiceChannel(absl::GetFlag(FLAGS_project_addr));
        return std::make_unique<RecruitmentServiceImpl>(
            *std::move(leads), district::project::v1::ProjectService::NewStub(channel));
      });
}
