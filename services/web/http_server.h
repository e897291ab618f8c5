// The web service's HTTP/1.1 door, on Boost.Beast and Asio: event-driven, so that a connection
// costs a socket and a timer, never a thread. A client that is slow, idle or hostile can hold
// only what the limits below let it:
//   - the TLS handshake, the request head, and the head plus the body each have a deadline for
//     the whole of it (a trickle of bytes does not extend it), and a kept-alive connection is
//     closed when idle;
//   - connections are capped in all and per client address; beyond the cap, a new one is closed
//     at once;
//   - the head is capped in bytes and in fields; a route's body is capped by the route, and read
//     only after its gates have seen the head (so an upload can be refused before any of it is
//     read: CSRF, sign-in and permission are checked first);
//   - handlers that may wait (on a backend) run on a pool of worker threads with a bounded
//     queue: beyond it, 503 at once instead of a growing backlog.
// Server-Sent Events streams (EventStream) hold a connection and nothing else.
//
// Routes are registered before Start(). Patterns are literal segments and `*`, one segment of
// [A-Za-z0-9._-] (so a path with "..", "%2f" or a stray byte cannot match a capture); the
// segments a `*` matched are the request's `captures`. GETs no route takes go to `fallback`.
//
// Thread-safe: Stop() may be called from any thread. Handlers run on the I/O threads (inline
// routes: they must not block) or on the workers (blocking routes), concurrently.
#ifndef DISTRICT_SERVICES_WEB_HTTP_SERVER_H_
#define DISTRICT_SERVICES_WEB_HTTP_SERVER_H_

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <thread>
#include <utility>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "services/web/api.h"

namespace district::web {

struct HttpRequest {
  std::string method;  // "GET", "POST", ...
  std::string target;  // as sent: path and query
  std::string path;    // percent-decoded, without the query
  std::string query;   // after '?', as sent
  std::vector<std::pair<std::string, std::string>> headers;
  std::string body;
  std::string peer;                   // the client's address, "127.0.0.1"
  std::string request_id;             // a sensible X-Request-Id sent, or a new one
  std::vector<std::string> captures;  // the segments the route's `*`s matched

  // The first header of that name (case-insensitive), or "".
  std::string Header(absl::string_view name) const;
  // The query parameter `name`, percent-decoded ('+' is a space), or "".
  std::string Param(absl::string_view name) const;
};

// A Server-Sent Events stream's way out: what its route's handler keeps to write events after it
// has returned. Thread-safe; outlives the connection harmlessly (writes then do nothing).
class EventStream {
 public:
  virtual ~EventStream() = default;
  // Queues `text` (whole events, "event: x\ndata: y\n\n") to be written; false once the stream
  // has ended (the client left, or the server stops).
  virtual bool Send(std::string text) = 0;
  // Ends the stream after what is queued.
  virtual void Close() = 0;
  // `f` runs once, on an I/O thread, when the stream ends for any reason (at once if it has).
  virtual void OnClose(std::function<void()> f) = 0;
};

struct HttpLimits {
  absl::Duration handshake_timeout = absl::Seconds(10);  // TLS, from accept
  absl::Duration head_timeout = absl::Seconds(15);       // from the first wait to the head's end
  absl::Duration body_timeout = absl::Seconds(120);      // the head and the body, from the start
  absl::Duration idle_timeout = absl::Seconds(60);       // a kept-alive connection between requests
  absl::Duration write_timeout = absl::Seconds(30);      // each response, each event
  absl::Duration event_keepalive = absl::Seconds(15);    // a comment line on a quiet stream
  size_t max_head_bytes = 16 << 10;
  size_t max_header_fields = 64;
  int max_connections = 4096;
  int max_connections_per_client = 1024;
  int io_threads = 2;
  int worker_threads = 16;  // blocking handlers at once; each may wait on a backend
  int max_queued = 512;     // blocking handlers waiting for a worker, beyond which 503
};

class HttpServer {
 public:
  using Handler = std::function<HttpReply(HttpRequest&)>;
  // Sees the head (no body yet): a reply to answer at once, without reading the body (the
  // connection is then closed), or nullopt to go on.
  using Gate = std::function<std::optional<HttpReply>(const HttpRequest&)>;
  // Starts an event stream: a reply to refuse it, or nullopt to keep it with `stream`.
  using StreamHandler =
      std::function<std::optional<HttpReply>(const HttpRequest&, std::shared_ptr<EventStream>)>;
  // Called once per request answered (not per event of a stream), on the thread that answered.
  using Observer = std::function<void(const HttpRequest&, int status, absl::Duration latency)>;

  enum class Mode { kInline, kBlocking };
  struct Route {
    std::string method;
    std::string pattern;  // "/api/history/*/*"
    size_t max_body = 0;  // larger bodies get 413 before they are read
    Mode mode = Mode::kBlocking;
    Gate check;            // optional; runs on an I/O thread, so it must not block (CSRF)
    Gate authorize;        // optional; runs where the handler runs, after `check` (may ask a
                           // backend whether the caller may, before the body is read)
    Handler handler;       // or
    StreamHandler stream;  // for an event stream (runs inline)
  };

  struct Options {
    std::string host = "127.0.0.1";
    int port = 0;                   // 0: pick a free one
    std::string tls_cert, tls_key;  // both set: HTTPS only
    HttpLimits limits;
    // Added to every reply, the server's own refusals included.
    std::vector<std::pair<std::string, std::string>> headers;
  };

  explicit HttpServer(Options options);
  ~HttpServer();  // Stop()

  void Add(Route route);
  void SetFallback(Handler inline_get_handler);  // GETs no route matches; 404 without one
  void SetObserver(Observer observer);

  // Binds and starts serving. UNAVAILABLE when the port cannot be bound, INVALID_ARGUMENT when
  // the certificate or key cannot be loaded.
  absl::Status Start();
  int port() const { return port_; }

  // Stops accepting, lets the requests in flight finish (streams end), then returns.
  void Stop();

  // Figures for tests and metrics.
  int open_connections() const { return open_connections_.load(); }

  // The route for `method` and `path`, with its captures; nullptr when none. Public for the
  // fuzz target of routing.
  const Route* Match(absl::string_view method, absl::string_view path,
                     std::vector<std::string>* captures) const;

  class Impl;  // the Asio side, in http_server.cc

 private:
  const Options options_;
  std::vector<Route> routes_;
  Handler fallback_;
  Observer observer_;
  std::unique_ptr<Impl> impl_;
  std::atomic<int> open_connections_{0};
  int port_ = 0;
};

// Parses `bytes` as one whole request, with the limits and the decoding the server applies to a
// head read from a connection; INVALID_ARGUMENT saying why when it could not be served. For the
// fuzz target of the door and for tests; the server itself parses as bytes arrive.
absl::StatusOr<HttpRequest> ParseRequest(absl::string_view bytes, const HttpLimits& limits,
                                         size_t max_body);

// Percent-decodes `s` ("%E5%A5%8E" -> "奎"; with `plus_is_space`, '+' -> ' '). A malformed
// escape is kept as it is.
std::string PercentDecode(absl::string_view s, bool plus_is_space);

}  // namespace district::web

#endif  // DISTRICT_SERVICES_WEB_HTTP_SERVER_H_
