#include "services/web/web_server.h"

#include <chrono>
#include <cstdio>

#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>
#include <httplib.h>

#include "absl/strings/str_cat.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/caller.h"
#include "common/log.h"
#include "common/metrics.h"
#include "common/observed_call.h"
#include "services/web/session.h"
#include "services/web/static_files.h"

namespace district::web {
namespace {

void Send(const HttpReply& reply, httplib::Response& res) {
  res.status = reply.status;
  for (const auto& [name, value] : reply.headers) res.set_header(name, value);
  res.set_content(reply.body, reply.content_type);
}

// The request's id: a sensible incoming X-Request-Id, or a new one (common/caller.h). Sent to the
// backends and back to the browser, so that one id finds one request in every log.
std::string RequestId(const httplib::Request& req) {
  const std::string given = req.get_header_value("X-Request-Id");
  return IsSensibleRequestId(given) ? given : NewRequestId();
}

// When this thread began the request it serves (set before routing, read by the logger, which
// httplib calls on the same thread once the response is written).
thread_local std::chrono::steady_clock::time_point request_start;

// The part of the site a path is in, for the metrics' labels: few values, whatever is asked for.
const char* RouteOf(const std::string& path) {
  if (path.rfind("/api/", 0) == 0) return "/api";
  if (path == "/healthz") return "/healthz";
  return "/";
}

// One line and the metrics of a request: no cookie, body or query reaches them.
void ObserveRequest(const httplib::Request& req, const httplib::Response& res) {
  const absl::Duration latency = absl::FromChrono(std::chrono::steady_clock::now() - request_start);
  const double seconds = absl::ToDoubleSeconds(latency);
  const char* route = RouteOf(req.path);
  const std::string code = std::to_string(res.status);
  Metrics()
      .GetCounter("district_http_requests_total", "HTTP requests answered, by route and status.",
                  {{"code", code}, {"method", req.method}, {"route", route}})
      ->Increment();
  Metrics()
      .GetHistogram("district_http_request_duration_seconds",
                    "Time to answer an HTTP request, by route.", {{"route", route}},
                    LatencyBuckets())
      ->Observe(seconds);
  if (!LogCalls()) return;
  const std::string request_id = res.get_header_value("X-Request-Id");
  LogInfo(absl::StrCat(req.method, " ", req.path, " ", res.status), {{"event", "request"},
                                                                     {"method", req.method},
                                                                     {"path", req.path},
                                                                     {"status", res.status},
                                                                     {"latency_ms", latency},
                                                                     {"request_id", request_id},
                                                                     {"peer", req.remote_addr}});
}

}  // namespace

WebServer::WebServer(const WebOptions& options, const rpc::Rpc* rpc)
    : options_(options), api_(rpc), reminder_events_(rpc, options.max_event_streams) {}

WebServer::~WebServer() { Stop(); }

absl::StatusOr<std::unique_ptr<WebServer>> WebServer::Start(const WebOptions& options,
                                                            const rpc::Rpc* rpc) {
  if (options.tls_cert.empty() != options.tls_key.empty()) {
    return absl::InvalidArgumentError("--tls_cert and --tls_key go together");
  }
  std::unique_ptr<WebServer> server(new WebServer(options, rpc));
  if (options.tls_cert.empty()) {
    server->http_ = std::make_unique<httplib::Server>();
  } else {
    auto tls =
        std::make_unique<httplib::SSLServer>(options.tls_cert.c_str(), options.tls_key.c_str());
    if (!tls->is_valid()) {
      return absl::InvalidArgumentError("cannot load " + options.tls_cert + " and its key");
    }
    server->http_ = std::move(tls);
  }
  if (!options.static_dir.empty()) {
    absl::StatusOr<StaticFiles> files = StaticFiles::Load(options.static_dir);
    if (!files.ok()) return files.status();
    server->files_ = *std::move(files);
  }
  server->Route();
  httplib::Server& http = *server->http_;
  const int threads = options.threads;
  http.new_task_queue = [threads] { return new httplib::ThreadPool(threads); };
  http.set_payload_max_length(options.max_body_bytes);
  // httplib writes a response's headers and body apart: without TCP_NODELAY, a kept-alive
  // connection (every browser's) waits on Nagle's algorithm and the peer's delayed ACK.
  http.set_tcp_nodelay(true);
  http.set_read_timeout(10, 0);
  http.set_write_timeout(30, 0);
  server->port_ = options.port == 0
                      ? http.bind_to_any_port(options.host)
                      : (http.bind_to_port(options.host, options.port) ? options.port : -1);
  if (server->port_ <= 0) {
    return absl::UnavailableError(
        absl::StrCat("cannot listen on ", options.host, ":", options.port));
  }
  server->thread_ = std::thread([s = server.get()] { s->http_->listen_after_bind(); });
  return server;
}

void WebServer::Stop() {
  if (http_ == nullptr) return;
  reminder_events_.StopAll();  // their threads return within a second
  http_->stop();
  if (thread_.joinable()) thread_.join();
}

void WebServer::Route() {
  httplib::Server& http = *http_;
  const bool tls = !options_.tls_cert.empty();

  http.set_logger(ObserveRequest);
  http.set_exception_handler(
      [](const httplib::Request&, httplib::Response& res, std::exception_ptr) {
        Send(ErrorReply(grpc::StatusCode::INTERNAL, "internal error"), res);
      });
  http.set_error_handler([](const httplib::Request& req, httplib::Response& res) {
    if (!res.body.empty()) return;  // a handler's own error
    if (res.status == 413) {
      Send(ErrorReply(grpc::StatusCode::RESOURCE_EXHAUSTED, "request body too large"), res);
      res.status = 413;
    } else if (res.status == 404 && req.path.rfind("/api/", 0) == 0) {
      Send(ErrorReply(grpc::StatusCode::NOT_FOUND, "no such API path " + req.path), res);
    }
  });
  // Writes must show they come from our page (session.h).
  http.set_pre_routing_handler([tls](const httplib::Request& req, httplib::Response& res) {
    request_start = std::chrono::steady_clock::now();
    // cpp-httplib compresses every text response with Brotli at its highest quality when the
    // browser accepts it, which takes seconds for ECharts; it has no switch for that. The page's
    // files come gzipped from memory (StaticFiles) and JSON stays plain on the district's
    // network, so the request's Accept-Encoding is read by the file handler and hidden from
    // httplib.
    auto& mutable_req = const_cast<httplib::Request&>(req);
    const std::string accepts = req.get_header_value("Accept-Encoding");
    mutable_req.headers.erase("Accept-Encoding");
    mutable_req.headers.emplace("X-District-Accept-Encoding", accepts);
    res.set_header("X-Request-Id", RequestId(req));
    res.set_header("X-Content-Type-Options", "nosniff");
    res.set_header("Content-Security-Policy",
                   "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'");
    if (req.method != "POST") return httplib::Server::HandlerResponse::Unhandled;
    absl::Status csrf =
        CheckCsrf(req.get_header_value("Cookie"), req.get_header_value(kCsrfHeader),
                  req.get_header_value("Origin"), req.get_header_value("Host"), tls);
    if (csrf.ok()) return httplib::Server::HandlerResponse::Unhandled;
    Send(ErrorReply(grpc::StatusCode::PERMISSION_DENIED, std::string(csrf.message())), res);
    return httplib::Server::HandlerResponse::Handled;
  });

  auto caller = [](const httplib::Request& req, const httplib::Response& res) {
    return rpc::Caller{CookieValue(req.get_header_value("Cookie"), kTokenCookie),
                       res.get_header_value("X-Request-Id")};
  };

  // The session: whether signed in, and the CSRF value the page must echo.
  http.Get("/api/session", [tls](const httplib::Request& req, httplib::Response& res) {
    const std::string cookies = req.get_header_value("Cookie");
    std::string csrf = CookieValue(cookies, kCsrfCookie);
    if (!IsWellFormedToken(csrf)) {
      csrf = NewRandomHex();
      res.set_header("Set-Cookie", CsrfCookie(csrf, tls));
    }
    const bool signed_in = !CookieValue(cookies, kTokenCookie).empty();
    res.set_header("Cache-Control", "no-store");
    res.set_content(
        absl::StrCat("{\"signedIn\":", signed_in ? "true" : "false", ",\"csrf\":\"", csrf, "\"}"),
        "application/json; charset=utf-8");
  });
  http.Post("/api/session", [this, tls](const httplib::Request& req, httplib::Response& res) {
    google::protobuf::Struct body;
    std::string token;
    if (google::protobuf::util::JsonStringToMessage(req.body, &body).ok() &&
        body.fields().count("token") > 0) {
      token = body.fields().at("token").string_value();
    }
    if (!IsWellFormedToken(token)) {
      return Send(ErrorReply(grpc::StatusCode::INVALID_ARGUMENT,
                             "token: must be the token you were given (letters, digits, ._~+/=-)"),
                  res);
    }
    grpc::Status verified = api_.Verify(token);
    if (verified.error_code() == grpc::StatusCode::UNAUTHENTICATED) {
      return Send(ErrorReply(grpc::StatusCode::UNAUTHENTICATED, "token: not accepted"), res);
    }
    res.set_header("Set-Cookie", TokenCookie(token, tls));
    res.set_content("{\"signedIn\":true}", "application/json; charset=utf-8");
  });
  http.Post("/api/signout", [tls](const httplib::Request&, httplib::Response& res) {
    res.set_header("Set-Cookie", ClearedTokenCookie(tls));
    res.set_content("{\"signedIn\":false}", "application/json; charset=utf-8");
  });

  // The page's files, from memory.
  http.Get(R"(/|/[A-Za-z0-9_./-]+\.(html|js|css|png|svg))",
           [this](const httplib::Request& req, httplib::Response& res) {
             const StaticFile* file = files_.Find(req.path);
             if (file == nullptr || req.path.find("..") != std::string::npos) {
               res.status = 404;
               return res.set_content("not found", "text/plain; charset=utf-8");
             }
             res.set_header("Cache-Control", file->cache_control);
             res.set_header("Vary", "Accept-Encoding");
             const bool gzip = req.get_header_value("X-District-Accept-Encoding").find("gzip") !=
                                   std::string::npos &&
                               !file->gzipped.empty();
             if (gzip) res.set_header("Content-Encoding", "gzip");
             res.set_content(gzip ? file->gzipped : file->body, file->content_type);
           });
  // Liveness of the web service itself, for probes; the page reports each backend on its own.
  http.Get("/healthz", [](const httplib::Request&, httplib::Response& res) {
    res.set_content("ok\n", "text/plain; charset=utf-8");
  });
  http.Get("/api/labels",
           [this](const httplib::Request&, httplib::Response& res) { Send(api_.Labels(), res); });
  http.Get("/api/reminders/watch",
           [this, caller](const httplib::Request& req, httplib::Response& res) {
             reminder_events_.Serve(req, res, caller(req, res));
           });
  http.Get(R"(/api/history/([a-z_]+)/([A-Za-z0-9]+))",
           [this, caller](const httplib::Request& req, httplib::Response& res) {
             res.set_header("Cache-Control", "no-store");
             Send(api_.History(req.matches[1], req.matches[2], caller(req, res)), res);
           });
  http.Get(R"(/api/export/([a-z]+)\.xlsx)", [this, caller](const httplib::Request& req,
                                                           httplib::Response& res) {
    Send(api_.Export(req.matches[1], req.get_param_value("filter"), caller(req, res)), res);
  });
  // A monthly return: the file's bytes as the body, its name in X-File-Name (.xlsx or .csv).
  http.Post(R"(/api/import/([a-z]+))",
            [this, caller](const httplib::Request& req, httplib::Response& res) {
              Send(api_.Import(req.matches[1], req.get_header_value("X-File-Name"), req.body,
                               caller(req, res)),
                   res);
            });
  http.Post(R"(/api/(district\.[a-z]+\.v1\.[A-Za-z]+)/([A-Za-z]+))",
            [this, caller](const httplib::Request& req, httplib::Response& res) {
              res.set_header("Cache-Control", "no-store");
              Send(api_.Call(req.matches[1], req.matches[2], req.body, caller(req, res)), res);
            });
}

}  // namespace district::web
