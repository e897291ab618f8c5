// The park-metrics service in this process (see in_process_server.h), with a client stub.
#ifndef DISTRICT_TESTS_SUPPORT_PARKS_SERVER_H_
#define DISTRICT_TESTS_SUPPORT_PARKS_SERVER_H_

#include "district/parks/v1/parks_service.grpc.pb.h"
#include "services/parks/parks_service.h"
#include "tests/support/in_process_server.h"

namespace district::testing {

class ParksServer : public InProcessServer {
 public:
  ParksServer()
      : InProcessServer(parks::v1::ParkMetricsService::service_full_name(),
                        [](Store* store) { return *parks::ParkMetricsServiceImpl::Open(store); }) {
    Start();
  }

  parks::v1::ParkMetricsService::Stub& stub() { return *stub_; }

 private:
  void OnStarted() override { stub_ = parks::v1::ParkMetricsService::NewStub(channel()); }

  std::unique_ptr<parks::v1::ParkMetricsService::Stub> stub_;
};

}  // namespace district::testing

#endif  // DISTRICT_TESTS_SUPPORT_PARKS_SERVER_H_
