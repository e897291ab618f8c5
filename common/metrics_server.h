// Serves the process's metrics (common/metrics.h) in Prometheus's text format at
// http://HOST:PORT/metrics, on its own port, so that a scrape never competes with the gRPC port's
// limits and the port can be kept off the public network. Adds the process's own metrics, as
// Prometheus's client libraries name them (process_resident_memory_bytes,
// process_cpu_seconds_total, process_open_fds, process_max_fds, process_start_time_seconds,
// process_virtual_memory_bytes, process_threads), and district_build_info{commit,version} 1.
//
// The server is prometheus-cpp's Exposer (civetweb, two serving threads). Its own /metrics handler
// is not used: it labels the text "text/plain; charset=utf-8", without the format's version that
// the suite has always sent ("text/plain; version=0.0.4; charset=utf-8"), so a request hook
// answers GET /metrics with the registry's text; any other request gets civetweb's 404. HOST is an
// IPv4 address or a name (Debian's civetweb is built without IPv6).
//
// Thread-safety: Start and the destructor from one thread; the server answers on its own threads.
#ifndef DISTRICT_COMMON_METRICS_SERVER_H_
#define DISTRICT_COMMON_METRICS_SERVER_H_

#include <memory>
#include <string>

#include "absl/status/statusor.h"
#include "common/metrics.h"

namespace prometheus {
class Exposer;
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

  std::unique_ptr<prometheus::Exposer> exposer_;
  int port_ = 0;
  std::unique_ptr<Registry::Collector> process_;
};

}  // namespace district

#endif  // DISTRICT_COMMON_METRICS_SERVER_H_
