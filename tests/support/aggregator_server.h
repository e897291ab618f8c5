// The aggregator in this process on a loopback port, reading the services at the given addresses.
#ifndef DISTRICT_TESTS_SUPPORT_AGGREGATOR_SERVER_H_
#define DISTRICT_TESTS_SUPPORT_AGGREGATOR_SERVER_H_

#include <memory>
#include <string>

#include "common/client.h"
#include "common/server.h"
#include "district/aggregator/v1/aggregator_service.grpc.pb.h"
#include "services/aggregator/aggregator_service.h"

namespace district::testing {

class AggregatorServer {
 public:
  AggregatorServer(const std::string& project_address, const std::string& recruitment_address,
                   const std::string& parks_address,
                   absl::Duration backend_timeout = absl::Seconds(2)) {
    aggregator::Backends backends;
    backends.projects = project::v1::ProjectService::NewStub(CreateServiceChannel(project_address));
    backends.recruitment =
        recruitment::v1::RecruitmentService::NewStub(CreateServiceChannel(recruitment_address));
    backends.parks = parks::v1::ParkMetricsService::NewStub(CreateServiceChannel(parks_address));
    service_ =
        std::make_unique<aggregator::DistrictServiceImpl>(std::move(backends), backend_timeout);
    server_ = *Server::Start(
        "127.0.0.1:0", {{service_.get(), aggregator::v1::DistrictService::service_full_name()}});
    stub_ = aggregator::v1::DistrictService::NewStub(grpc::CreateChannel(
        "127.0.0.1:" + std::to_string(server_->port()), grpc::InsecureChannelCredentials()));
  }
  ~AggregatorServer() { server_->Shutdown(absl::Seconds(5)); }

  aggregator::v1::DistrictService::Stub& stub() { return *stub_; }

 private:
  std::unique_ptr<aggregator::DistrictServiceImpl> service_;
  std::unique_ptr<Server> server_;
  std::unique_ptr<aggregator::v1::DistrictService::Stub> stub_;
};

}  // namespace district::testing

#endif  // DISTRICT_TESTS_SUPPORT_AGGREGATOR_SERVER_H_
