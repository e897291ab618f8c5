// The district workbench's HTTP server: the page's static files and the JSON API (api.h), with
// sign-in and CSRF checks (session.h), on cpp-httplib. It holds no data and no privileges of its
// own: every backend call carries the signed-in person's token (or none, when anonymous).
//
// Thread-safe: httplib serves requests on a pool of threads; Stop() may be called from any.
#ifndef DISTRICT_SERVICES_WEB_WEB_SERVER_H_
#define DISTRICT_SERVICES_WEB_WEB_SERVER_H_

#include <memory>
#include <string>
#include <thread>

#include "absl/status/statusor.h"
#include "services/web/api.h"
#include "services/web/reminder_events.h"
#include "services/web/static_files.h"

namespace httplib {
class Server;
}

namespace district::web {

struct WebOptions {
  std::string host = "127.0.0.1";
  int port = 0;                   // 0: pick a free one
  std::string static_dir;         // index.html, app.js, style.css, vendor/echarts.min.js
  std::string tls_cert, tls_key;  // both set: HTTPS, and cookies are Secure
  size_t max_body_bytes = 1 << 20;
  int threads = 16;           // requests served at once; each may wait on a backend
  int max_event_streams = 4;  // reminder streams open at once, each holding a thread
};

class WebServer {
 public:
  // Binds and starts serving on a thread of its own. `rpc` is not owned and must outlive the
  // server. UNAVAILABLE when the port cannot be bound, INVALID_ARGUMENT for a bad option.
  static absl::StatusOr<std::unique_ptr<WebServer>> Start(const WebOptions& options,
                                                          const rpc::Rpc* rpc);
  ~WebServer();  // Stop()

  int port() const { return port_; }

  // Stops accepting, finishes the requests in flight, returns when the server has stopped.
  void Stop();

 private:
  WebServer(const WebOptions& options, const rpc::Rpc* rpc);
  void Route();

  const WebOptions options_;
  Api api_;
  ReminderEvents reminder_events_;
  StaticFiles files_;
  std::unique_ptr<httplib::Server> http_;
  std::thread thread_;
  int port_ = 0;
};

}  // namespace district::web

#endif  // DISTRICT_SERVICES_WEB_WEB_SERVER_H_
