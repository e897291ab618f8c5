// A service in this process on a loopback port, over RocksDB in its own temporary directory, as
// its main() would run it (common/server.h). Restart() closes everything and reopens the same data.
#ifndef DISTRICT_TESTS_SUPPORT_IN_PROCESS_SERVER_H_
#define DISTRICT_TESTS_SUPPORT_IN_PROCESS_SERVER_H_

#include <functional>
#include <memory>
#include <string>

#include <grpcpp/grpcpp.h>

#include "common/audit_service.h"
#include "common/server.h"
#include "common/store.h"
#include "tests/support/temp_dir.h"

namespace district::testing {

class InProcessServer {
 public:
  using Factory = std::function<std::unique_ptr<grpc::Service>(Store*)>;

  // `name` is the service's full name, as health reports it. Not started: call Start().
  InProcessServer(std::string name, Factory factory)
      : name_(std::move(name)), factory_(std::move(factory)) {}
  virtual ~InProcessServer() { Stop(); }

  void Start() {
    Store::Options options;
    options.path = dir_.Sub("data");
    store_ = *Store::Open(options);
    service_ = factory_(store_.get());
    audit_ = std::make_unique<AuditServiceImpl>(store_.get());
    server_ = *Server::Start(
        "127.0.0.1:" + std::to_string(port_),
        {{service_.get(), name_}, {audit_.get(), audit::v1::AuditService::service_full_name()}});
    port_ = server_->port();  // a restart comes back on the same port
    channel_ = grpc::CreateChannel(address(), grpc::InsecureChannelCredentials());
    OnStarted();
  }
  void Stop() {
    if (server_ != nullptr) server_->Shutdown(absl::Seconds(5));
    channel_.reset();
    server_.reset();
    audit_.reset();
    service_.reset();
    store_.reset();
  }
  // `while_down`, when given, runs on the data between the stop and the start (a change the
  // clients of the old server cannot have seen).
  void Restart(const std::function<void(Store*)>& while_down = nullptr) {
    Stop();
    if (while_down) {
      Store::Options options;
      options.path = dir_.Sub("data");
      std::unique_ptr<Store> store = *Store::Open(options);
      while_down(store.get());
    }
    Start();
  }

  std::string address() const { return "127.0.0.1:" + std::to_string(port_); }
  std::shared_ptr<grpc::Channel> channel() const { return channel_; }

 protected:
  // Called after each start, e.g. to make stubs on the new channel.
  virtual void OnStarted() {}

 private:
  const std::string name_;
  const Factory factory_;
  TempDir dir_;
  int port_ = 0;
  std::unique_ptr<Store> store_;
  std::unique_ptr<grpc::Service> service_;
  std::unique_ptr<AuditServiceImpl> audit_;
  std::unique_ptr<Server> server_;
  std::shared_ptr<grpc::Channel> channel_;
};

}  // namespace district::testing

#endif  // DISTRICT_TESTS_SUPPORT_IN_PROCESS_SERVER_H_
