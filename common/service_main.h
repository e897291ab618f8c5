// The main() of every domain service: flags, store, server, signals, orderly shutdown.
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

// Builds the service over its opened store.
using ServiceFactory =
    std::function<absl::StatusOr<std::unique_ptr<grpc::Service>>(Store* store)>;

// Parses the common flags (--listen, --data_dir, --sync_writes, --shutdown_grace) and the
// service's own, opens the store, serves until SIGINT/SIGTERM, then drains calls, turns health
// NOT_SERVING and closes the store. `name` is the full gRPC service name. Returns the exit code.
int RunService(int argc, char** argv, const std::string& name, const ServiceFactory& factory);

}  // namespace district

#endif  // DISTRICT_COMMON_SERVICE_MAIN_H_
