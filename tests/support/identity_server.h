// The identity service in this process (see in_process_server.h), with a client stub.
#ifndef DISTRICT_TESTS_SUPPORT_IDENTITY_SERVER_H_
#define DISTRICT_TESTS_SUPPORT_IDENTITY_SERVER_H_

#include "district/identity/v1/identity_service.grpc.pb.h"
#include "services/identity/identity_service.h"
#include "tests/support/in_process_server.h"

namespace district::testing {

class IdentityServer : public InProcessServer {
 public:
  IdentityServer()
      : InProcessServer(identity::v1::IdentityService::service_full_name(), [](Store* store) {
          return *identity::IdentityServiceImpl::Open(store, identity::IdentityOptions());
        }) {
    Start();
  }

  identity::v1::IdentityService::Stub& stub() { return *stub_; }

 private:
  void OnStarted() override { stub_ = identity::v1::IdentityService::NewStub(channel()); }

  std::unique_ptr<identity::v1::IdentityService::Stub> stub_;
};

}  // namespace district::testing

#endif  // DISTRICT_TESTS_SUPPORT_IDENTITY_SERVER_H_
