#include "services/web/web_server.h"

#include <google/protobuf/struct.pb.h>
#include <google/protobuf/util/json_util.h>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/strip.h"
#include "common/errors.h"
#include "common/log.h"
#include "common/metrics.h"
#include "common/observed_call.h"
#include "services/web/import_gate.h"
#include "services/web/session.h"

namespace district::web {
namespace {

constexpr char kJson[] = "application/json; charset=utf-8";
// What sign-in and sign-out bodies may hold: a token of at most 512 characters, as JSON.
constexpr size_t kMaxSessionBody = 4 << 10;

HttpReply JsonReply(std::string body) {
  HttpReply reply;
  reply.body = std::move(body);
  reply.headers.emplace_back("Cache-Control", "no-store");
  return reply;
}

// The part of the site a path is in, for the metrics' labels: few values, whatever is asked for.
const char* RouteOf(const std::string& path) {
  if (absl::StartsWith(path, "/api/")) return "/api";
  if (path == "/healthz") return "/healthz";
  return "/";
}

// One line and the metrics of a request: no cookie, body or query reaches them.
void ObserveRequest(const HttpRequest& request, int status, absl::Duration latency) {
  const char* route = RouteOf(request.path);
  // Only the methods the service serves become label values: a client cannot grow the series.
  const std::string method =
      request.method == "GET" || request.method == "POST" ? request.method : "other";
  Metrics()
      .GetCounter("district_http_requests_total", "HTTP requests answered, by route and status.",
                  {{"code", std::to_string(status)}, {"method", method}, {"route", route}})
      ->Increment();
  Metrics()
      .GetHistogram("district_http_request_duration_seconds",
                    "Time to answer an HTTP request, by route.", {{"route", route}},
                    LatencyBuckets())
      ->Observe(absl::ToDoubleSeconds(latency));
  if (!LogCalls()) return;
  LogInfo(absl::StrCat(method, " ", request.path, " ", status), {{"event", "request"},
                                                                 {"method", method},
                                                                 {"path", request.path},
                                                                 {"status", status},
                                                                 {"latency_ms", latency},
                                                                 {"request_id", request.request_id},
                                                                 {"peer", request.peer}});
}

}  // namespace

WebServer::WebServer(const WebOptions& options, const rpc::Rpc* rpc)
    : options_(options),
      rpc_(rpc),
      api_(rpc),
      reminder_events_(rpc, options.max_event_streams, options.max_event_streams_per_person),
      http_([&options] {
        HttpServer::Options http;
        http.host = options.host;
        http.port = options.port;
        http.tls_cert = options.tls_cert;
        http.tls_key = options.tls_key;
        http.limits = options.limits;
        http.headers = {
            {"X-Content-Type-Options", "nosniff"},
            {"Content-Security-Policy",
             "default-src 'self'; img-src 'self' data:; style-src 'self' 'unsafe-inline'; "
             "frame-ancestors 'none'; base-uri 'self'; form-action 'self'"},
            {"X-Frame-Options", "DENY"},
            {"Referrer-Policy", "same-origin"},
        };
        if (!options.tls_cert.empty()) {
          http.headers.emplace_back("Strict-Transport-Security", "max-age=31536000");
        }
        return http;
      }()) {}

WebServer::~WebServer() { Stop(); }

absl::StatusOr<std::unique_ptr<WebServer>> WebServer::Start(const WebOptions& options,
                                                            const rpc::Rpc* rpc) {
  if (options.tls_cert.empty() != options.tls_key.empty()) {
    return absl::InvalidArgumentError("--tls_cert and --tls_key go together");
  }
  std::unique_ptr<WebServer> server(new WebServer(options, rpc));
  if (!options.static_dir.empty()) {
    absl::StatusOr<StaticFiles> files = StaticFiles::Load(options.static_dir);
    if (!files.ok()) return files.status();
    server->files_ = *std::move(files);
  }
  server->Route();
  if (absl::Status s = server->http_.Start(); !s.ok()) return s;
  return server;
}

void WebServer::Stop() { http_.Stop(); }

rpc::Caller WebServer::CallerOf(const HttpRequest& request) {
  const std::string id = CookieValue(request.Header("Cookie"), kSessionCookie);
  std::optional<std::string> token = id.empty() ? std::nullopt : sessions_.TokenOf(id);
  return rpc::Caller{token.value_or(""), request.request_id};
}

void WebServer::Route() {
  const bool tls = !options_.tls_cert.empty();
  using Mode = HttpServer::Mode;
  http_.SetObserver(ObserveRequest);

  // Writes must show they come from our page (session.h); checked on the head, before any body.
  const HttpServer::Gate csrf = [tls](const HttpRequest& r) -> std::optional<HttpReply> {
    absl::Status s = CheckCsrf(r.Header("Cookie"), r.Header(kCsrfHeader), r.Header("Origin"),
                               r.Header("Host"), tls);
    if (s.ok()) return std::nullopt;
    return ErrorReply(s);
  };

  // The session: whether signed in, and the CSRF value the page must echo.
  http_.Add({"GET", "/api/session", 0, Mode::kInline, nullptr, nullptr,
             [this, tls](HttpRequest& r) {
               const std::string cookies = r.Header("Cookie");
               std::string csrf = CookieValue(cookies, kCsrfCookie);
               HttpReply reply;
               if (!IsWellFormedToken(csrf)) {
                 csrf = NewRandomHex();
                 reply.headers.emplace_back("Set-Cookie", CsrfCookie(csrf, tls));
               }
               const std::string id = CookieValue(cookies, kSessionCookie);
               const bool signed_in = !id.empty() && sessions_.TokenOf(id).has_value();
               if (!id.empty() && !signed_in) {
                 reply.headers.emplace_back("Set-Cookie", ClearedSessionCookie(tls));
               }
               reply.headers.emplace_back("Cache-Control", "no-store");
               reply.body = absl::StrCat("{\"signedIn\":", signed_in ? "true" : "false",
                                         ",\"csrf\":\"", csrf, "\"}");
               return reply;
             },
             nullptr});
  // Signing in: the token, checked by the backends, for a session.
  http_.Add({"POST", "/api/session", kMaxSessionBody, Mode::kBlocking, csrf, nullptr,
             [this, tls](HttpRequest& r) {
               google::protobuf::Struct body;
               std::string token;
               if (google::protobuf::util::JsonStringToMessage(r.body, &body).ok() &&
                   body.fields().count("token") > 0) {
                 token = body.fields().at("token").string_value();
               }
               if (!IsWellFormedToken(token)) {
                 return ErrorReply(FieldError(
                     "token", "must be the token you were given (letters, digits, ._~+/=-)",
                     "令牌格式不对：请粘贴发给您的令牌"));
               }
               grpc::Status verified = api_.Verify(token);
               if (verified.error_code() == grpc::StatusCode::UNAUTHENTICATED) {
                 return ErrorReply(grpc::StatusCode::UNAUTHENTICATED, "token: not accepted");
               }
               // A session signed in before on this browser ends: one person, one session.
               sessions_.Remove(CookieValue(r.Header("Cookie"), kSessionCookie));
               HttpReply reply = JsonReply("{\"signedIn\":true}");
               reply.headers.emplace_back("Set-Cookie",
                                          SessionCookie(sessions_.Create(std::move(token)), tls));
               return reply;
             },
             nullptr});
  // Signing out ends the session here, so that a copy of the cookie is worth nothing.
  http_.Add({"POST", "/api/signout", kMaxSessionBody, Mode::kInline, csrf, nullptr,
             [this, tls](HttpRequest& r) {
               sessions_.Remove(CookieValue(r.Header("Cookie"), kSessionCookie));
               HttpReply reply = JsonReply("{\"signedIn\":false}");
               reply.headers.emplace_back("Set-Cookie", ClearedSessionCookie(tls));
               return reply;
             },
             nullptr});

  // Liveness of the web service itself, for probes; the page reports each backend on its own.
  http_.Add({"GET", "/healthz", 0, Mode::kInline, nullptr, nullptr,
             [](HttpRequest&) {
               HttpReply reply;
               reply.content_type = "text/plain; charset=utf-8";
               reply.body = "ok\n";
               return reply;
             },
             nullptr});
  http_.Add({"GET", "/api/labels", 0, Mode::kInline, nullptr, nullptr,
             [this](HttpRequest&) { return api_.Labels(); }, nullptr});

  HttpServer::Route watch;
  watch.method = "GET";
  watch.pattern = "/api/reminders/watch";
  watch.stream = [this](const HttpRequest& r, std::shared_ptr<EventStream> stream) {
    const std::string session = CookieValue(r.Header("Cookie"), kSessionCookie);
    rpc::Caller caller = CallerOf(r);
    // A person is their session; without one, their address.
    const std::string person = caller.token.empty() ? "addr:" + r.peer : "session:" + session;
    return reminder_events_.Serve(r, caller, person, std::move(stream));
  };
  http_.Add(std::move(watch));

  http_.Add({"GET", "/api/history/*/*", 0, Mode::kBlocking, nullptr, nullptr,
             [this](HttpRequest& r) {
               HttpReply reply = api_.History(r.captures[0], r.captures[1], CallerOf(r));
               reply.headers.emplace_back("Cache-Control", "no-store");
               return reply;
             },
             nullptr});
  http_.Add({"GET", "/api/export/*", 0, Mode::kBlocking, nullptr, nullptr,
             [this](HttpRequest& r) {
               absl::string_view name = r.captures[0];
               if (!absl::ConsumeSuffix(&name, ".xlsx")) {
                 return ErrorReply(
                     NotFoundError("no such export " + r.captures[0], "没有这个导出"));
               }
               return api_.Export(std::string(name), r.Param("filter"), CallerOf(r));
             },
             nullptr});
  // A monthly return: the file's bytes as the body, its name in X-File-Name (.xlsx or .csv).
  // Who may import is asked before the upload is read (import_gate.h).
  http_.Add({"POST", "/api/import/*", options_.max_upload_bytes, Mode::kBlocking, csrf,
             [this](const HttpRequest& r) -> std::optional<HttpReply> {
               returns::ReturnKind kind;
               if (!returns::ParseReturnKind(r.captures[0], &kind)) {
                 return ErrorReply(NotFoundError("no return " + r.captures[0], "没有这种月报"));
               }
               grpc::Status may = MayImport(*rpc_, kind, CallerOf(r));
               if (may.ok()) return std::nullopt;
               return BackendErrorReply(may, CallerOf(r));
             },
             [this](HttpRequest& r) {
               return api_.Import(r.captures[0], r.Header("X-File-Name"), r.body, CallerOf(r));
             },
             nullptr});
  http_.Add({"POST", "/api/*/*", options_.max_body_bytes, Mode::kBlocking, csrf, nullptr,
             [this](HttpRequest& r) {
               HttpReply reply = api_.Call(r.captures[0], r.captures[1], r.body, CallerOf(r));
               reply.headers.emplace_back("Cache-Control", "no-store");
               return reply;
             },
             nullptr});

  // The page's files, from memory; whatever else is asked for is not found.
  http_.SetFallback([this](HttpRequest& r) {
    const StaticFile* file = files_.Find(r.path);
    if (file == nullptr) {
      if (absl::StartsWith(r.path, "/api/")) {
        return ErrorReply(NotFoundError("no such API path " + r.path, "没有这个接口"));
      }
      HttpReply reply;
      reply.status = 404;
      reply.content_type = "text/plain; charset=utf-8";
      reply.body = "not found";
      return reply;
    }
    HttpReply reply;
    reply.content_type = file->content_type;
    reply.headers.emplace_back("Cache-Control", file->cache_control);
    reply.headers.emplace_back("Vary", "Accept-Encoding");
    const bool gzip =
        absl::StrContains(r.Header("Accept-Encoding"), "gzip") && !file->gzipped.empty();
    if (gzip) reply.headers.emplace_back("Content-Encoding", "gzip");
    reply.body = gzip ? file->gzipped : file->body;
    return reply;
  });
}

}  // namespace district::web
