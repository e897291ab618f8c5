// Starting and stopping a gRPC server the same way in every service: the services it is given, plus
// the gRPC health service and server reflection (common/reflection_service.h: grpcurl can list,
// describe, with each element's documentation, and call methods).
#ifndef DISTRICT_COMMON_SERVER_H_
#define DISTRICT_COMMON_SERVER_H_

#include <memory>
#include <string>
#include <vector>

#include <grpcpp/grpcpp.h>

#include "absl/status/statusor.h"
#include "absl/time/time.h"

namespace district {

class ReflectionService;

// Largest request or response message accepted, in bytes.
inline constexpr int kMaxMessageBytes = 8 << 20;

// What one client may take of a server, so that no connection can exhaust it: a client that opens
// thousands of streams and sends only headers is held to max_concurrent_streams, the memory its
// calls may pin to memory_quota_bytes, and no connection (with its calls) lives longer than
// max_connection_age plus max_connection_age_grace.
struct ServerLimits {
  int max_concurrent_streams = 100;        // per connection (HTTP/2 SETTINGS)
  int64_t memory_quota_bytes = 512 << 20;  // gRPC's ResourceQuota for the whole server
  absl::Duration max_connection_age = absl::Minutes(30);
  absl::Duration max_connection_age_grace = absl::Minutes(1);  // for its calls to finish
};

// A service to host and its full name ("district.project.v1.ProjectService"), which health reports.
struct HostedService {
  grpc::Service* service;
  std::string name;
};

// Thread-safe; Shutdown may be called from any thread, once or more.
class Server {
 public:
  // Starts serving `services` (not owned; they must outlive the Server) on `listen` ("HOST:PORT";
  // port 0 picks a free one). Health reports SERVING for "" and for each service once started.
  // `credentials` default to plaintext (see tls.h).
  static absl::StatusOr<std::unique_ptr<Server>> Start(
      const std::string& listen, const std::vector<HostedService>& services,
      std::shared_ptr<grpc::ServerCredentials> credentials = nullptr,
      const ServerLimits& limits = ServerLimits());

  ~Server();  // Shutdown with no grace if not shut down yet

  int port() const { return port_; }

  // Health turns NOT_SERVING, new calls are refused, calls in flight get up to `grace` to finish
  // and are cancelled after it. Returns when the server has stopped. Idempotent.
  void Shutdown(absl::Duration grace);

 private:
  Server(std::unique_ptr<ReflectionService> reflection, std::unique_ptr<grpc::Server> server,
         int port);

  const std::unique_ptr<ReflectionService> reflection_;  // outlives server_, which serves it
  std::unique_ptr<grpc::Server> server_;
  const int port_;
  bool shut_down_ = false;
};

// Blocks SIGINT and SIGTERM in the calling thread and every thread it starts later; call first in
// main, before any thread exists, then WaitForTerminationSignal.
void BlockTerminationSignals();

// Waits until SIGINT or SIGTERM arrives; returns its number.
int WaitForTerminationSignal();

}  // namespace district

#endif  // DISTRICT_COMMON_SERVER_H_
