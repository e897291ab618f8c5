// A backend that never answers, for tests of callers that must not wait on it: a method of a
// callback service returns HangUntilCancelled(), and the call then holds no thread and finishes
// only when its caller gives up (deadline or cancellation). HungProjects is such a project service.
#ifndef DISTRICT_TESTS_SUPPORT_HUNG_H_
#define DISTRICT_TESTS_SUPPORT_HUNG_H_

#include <grpcpp/grpcpp.h>

#include "district/project/v1/project_service.grpc.pb.h"

namespace district::testing {

inline grpc::ServerUnaryReactor* HangUntilCancelled() {
  class Hung : public grpc::ServerUnaryReactor {
    void OnCancel() override { Finish(grpc::Status::CANCELLED); }
    void OnDone() override { delete this; }
  };
  return new Hung;
}

// A project service whose CreateProject and GetProjectStats never answer (the rest is
// UNIMPLEMENTED), for LandLead's and the aggregator's tests.
class HungProjects : public project::v1::ProjectService::CallbackService {
 public:
  grpc::ServerUnaryReactor* CreateProject(grpc::CallbackServerContext*,
                                          const project::v1::CreateProjectRequest*,
                                          project::v1::Project*) override {
    return HangUntilCancelled();
  }
  grpc::ServerUnaryReactor* GetProjectStats(grpc::CallbackServerContext*,
                                            const project::v1::GetProjectStatsRequest*,
                                            project::v1::ProjectStats*) override {
    return HangUntilCancelled();
  }
};

}  // namespace district::testing

#endif  // DISTRICT_TESTS_SUPPORT_HUNG_H_
