// The project service in this process (see in_process_server.h), with a client stub.
#ifndef DISTRICT_TESTS_SUPPORT_PROJECT_SERVER_H_
#define DISTRICT_TESTS_SUPPORT_PROJECT_SERVER_H_

#include "district/project/v1/project_service.grpc.pb.h"
#include "services/project/project_service.h"
#include "tests/support/in_process_server.h"

namespace district::testing {

class ProjectServer : public InProcessServer {
 public:
  ProjectServer()
      : InProcessServer(project::v1::ProjectService::service_full_name(),
                        [](Store* store) { return *project::ProjectServiceImpl::Open(store); }) {
    Start();
  }

  project::v1::ProjectService::Stub& stub() { return *stub_; }

 private:
  void OnStarted() override { stub_ = project::v1::ProjectService::NewStub(channel()); }

  std::unique_ptr<project::v1::ProjectService::Stub> stub_;
};

}  // namespace district::testing

#endif  // DISTRICT_TESTS_SUPPORT_PROJECT_SERVER_H_
