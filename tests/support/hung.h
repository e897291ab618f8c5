// A backend that never answers, for tests of callers that must not wait on it: a method of a
// callback service returns HangUntilCancelled(), and the call then holds no thread and finishes
// only when its caller gives up (deadline or cancellation).
//
//   class HungProjects : public project::v1::ProjectService::CallbackService {
//     grpc::ServerUnaryReactor* CreateProject(grpc::CallbackServerContext*, const ...*, ...*)
//         override { return district::testing::HangUntilCancelled(); }
//   };
#ifndef DISTRICT_TESTS_SUPPORT_HUNG_H_
#define DISTRICT_TESTS_SUPPORT_HUNG_H_

#include <grpcpp/grpcpp.h>

namespace district::testing {

inline grpc::ServerUnaryReactor* HangUntilCancelled() {
  class Hung : public grpc::ServerUnaryReactor {
    void OnCancel() override { Finish(grpc::Status::CANCELLED); }
    void OnDone() override { delete this; }
  };
  return new Hung;
}

}  // namespace district::testing

#endif  // DISTRICT_TESTS_SUPPORT_HUNG_H_
