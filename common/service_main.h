// The main() of every service: flags, store, server, signals, orderly shutdown.
//
// Call from main() only, once.
#ifndef DISTRICT_COMMON_SERVICE_MAIN_H_
#define DISTRICT_COMMON_SERVICE_MAIN_H_

#include <functional>
#include <memory>
#include <string>

#include <grpcpp/grpcpp.h>
#include <grpcpp/impl/codegen/service_type.h>

#include "absl/status/statusor.h"
#include "common/store.h"

namespace district {

// Builds a domain service over its opened store.
using ServiceFactory = std::function<absl::StatusOr<std::unique_ptr<grpc::Service>>(Store* store)>;

// Parses the flags (--listen, --data_dir, --sync_writes, --shutdown_grace and the service's own),
// opens the store, serves until SIGINT/SIGTERM, then turns health NOT_SERVING, drains calls and
// closes the store. `name` is the full gRPC service name. Returns the exit code when it cannot
// start; once it has served, ends the process with it (no static destructors:
// common/service_main.cc says why).
int RunService(int argc, char** argv, const std::string& name, const ServiceFactory& factory);

// The same for a service that keeps no data (no --data_dir, no store).
int RunStatelessService(
    int argc, char** argv, const std::string& name,
    const std::function<absl::StatusOr<std::unique_ptr<grpc::Service>>()>& factory);

}  // namespace district

#endif  // DISTRICT_COMMON_SERVICE_MAIN_H_
