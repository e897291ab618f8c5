// Serves the process's metrics (common/metrics.h) in the Prometheus text format at
// http://HOST:PORT/metrics, on its own port, so that a scrape never competes with the gRPC port's
// limits and the port can be kept off the public network. Adds the process's own metrics, as
// Prometheus's client libraries name them (process_resident_memory_bytes,
// process_cpu_seconds_total, process_open_fds, process_max_fds, process_start_time_seconds,
// process_virtual_memory_bytes, process_threads), and district_build_info{version,commit} 1.
//
// Thread-safety: Start and the destructor from one thread; the server answers on its own threads.
#ifndef DISTRICT_COMMON_METRICS_SERVER_H_
#define DISTRICT_COMMON_METRICS_SERVER_H_

#include <memory>
#include <string>
#include <thread>

#include "absl/status/statusor.h"
#include "common/metrics.h"

namespace httplib {
class Server;
}

namespace district {

class MetricsServer {
 public:
  // Starts serving on `listen` ("HOST:PORT"; port 0 picks a free one). INVALID_ARGUMENT for a
  // malformed address, UNAVAILABLE when it cannot listen there.
  static absl::StatusOr<std::unique_ptr<MetricsServer>> Start(const std::string& listen);
  ~MetricsServer();  // stops serving

  int port() const { return port_; }

 private:
  MetricsServer() = default;

  std::unique_ptr<httplib::Server> http_;
  std::thread thread_;
  int port_ = 0;
  std::unique_ptr<Registry::Collector> process_;
};

}  // namespace district

#endif  // DISTRICT_COMMON_METRICS_SERVER_H_
