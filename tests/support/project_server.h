// The project service in this process on a loopback port, over RocksDB in a temporary directory,
// with a real client stub. Restart() closes everything and reopens the same data.
#ifndef DISTRICT_TESTS_SUPPORT_PROJECT_SERVER_H_
#define DISTRICT_TESTS_SUPPORT_PROJECT_SERVER_H_

#include <memory>
#include <string>

#include <grpcpp/grpcpp.h>

#include "common/server.h"
#include "common/store.h"
#include "district/project/v1/project_service.grpc.pb.h"
#include "services/project/project_service.h"
#include "tests/support/temp_dir.h"

namespace district::testing {

class ProjectServer {
 public:
  ProjectServer() { Start(); }
  ~ProjectServer() { Stop(); }

  void Start() {
    Store::Options options;
    options.path = dir_.Sub("project");
    store_ = *Store::Open(options);
    service_ = std::make_unique<project::ProjectServiceImpl>(*project::ProjectStore::Open(store_.get()));
    server_ = *Server::Start("127.0.0.1:0", {{service_.get(), "district.project.v1.ProjectService"}});
    channel_ = grpc::CreateChannel(address(), grpc::InsecureChannelCredentials());
    stub_ = project::v1::ProjectService::NewStub(channel_);
  }
  void Stop() {
    if (server_ != nullptr) server_->Shutdown(absl::Seconds(5));
    stub_.reset();
    channel_.reset();
    server_.reset();
    service_.reset();
    store_.reset();
  }
  void Restart() {
    Stop();
    Start();
  }

  std::string address() const { return "127.0.0.1:" + std::to_string(server_->port()); }
  project::v1::ProjectService::Stub& stub() { return *stub_; }
  std::shared_ptr<grpc::Channel> channel() { return channel_; }

 private:
  TempDir dir_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<project::ProjectServiceImpl> service_;
  std::unique_ptr<Server> server_;
  std::shared_ptr<grpc::Channel> channel_;
  std::unique_ptr<project::v1::ProjectService::Stub> stub_;
};

}  // namespace district::testing

#endif  // DISTRICT_TESTS_SUPPORT_PROJECT_SERVER_H_
