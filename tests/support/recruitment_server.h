// The recruitment service in this process (see in_process_server.h), calling the project service
// at `project_address`, with a client stub.
#ifndef DISTRICT_TESTS_SUPPORT_RECRUITMENT_SERVER_H_
#define DISTRICT_TESTS_SUPPORT_RECRUITMENT_SERVER_H_

#include "common/client.h"
#include "district/recruitment/v1/recruitment_service.grpc.pb.h"
#include "services/recruitment/recruitment_service.h"
#include "tests/support/in_process_server.h"

namespace district::testing {

class RecruitmentServer : public InProcessServer {
 public:
  explicit RecruitmentServer(const std::string& project_address)
      : InProcessServer(recruitment::v1::RecruitmentService::service_full_name(),
                        [project_address](Store* store) {
                          return *recruitment::RecruitmentServiceImpl::Open(
                              store, project::v1::ProjectService::NewStub(
                                         CreateServiceChannel(project_address)));
                        }) {
    Start();
  }

  recruitment::v1::RecruitmentService::Stub& stub() { return *stub_; }

 private:
  void OnStarted() override { stub_ = recruitment::v1::RecruitmentService::NewStub(channel()); }

  std::unique_ptr<recruitment::v1::RecruitmentService::Stub> stub_;
};

}  // namespace district::testing

#endif  // DISTRICT_TESTS_SUPPORT_RECRUITMENT_SERVER_H_
