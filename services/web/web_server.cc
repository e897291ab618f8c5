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
      people_(rpc),
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

rpc::Caller WebServer::CallerOf(const HttpRequest& request, bool refresh) {
  const std::string id = CookieValue(request.Header("Cookie"), kSessionCookie);
  std::optional<WebSession> session = id.empty() ? std::nullopt : sessions_.Get(id);
  if (!session.has_value()) return rpc::Caller{"", request.request_id};
  if (refresh && PersonSessions::NeedsRefresh(*session, absl::Now())) {
    absl::Status refreshed = people_.Refresh(&*session, request.request_id);
    if (refreshed.ok()) {
      sessions_.SetToken(id, session->token, session->token_issued, session->token_expires);
    } else if (refreshed.code() == absl::StatusCode::kUnauthenticated) {
      sessions_.Remove(id);  // ended by the identity service: signed out here too
      return rpc::Caller{"", request.request_id};
    }  // else the identity service is away: the token may still serve until it expires
  }
  return rpc::Caller{session->token, request.request_id};
}

std::optional<HttpReply> WebServer::AccessRefusal(const HttpRequest& request) {
  const std::string id = CookieValue(request.Header("Cookie"), kSessionCookie);
  std::optional<WebSession> session = id.empty() ? std::nullopt : sessions_.Get(id);
  if (!session.has_value()) {
    if (options_.allow_anonymous) return std::nullopt;
    return ErrorReply(UnauthenticatedError("not signed in (POST /api/session)", "请先登录"));
  }
  if (!session->must_change_password) return std::nullopt;
  return ErrorReply(PermissionDeniedError("the password must be changed first (POST /api/password)",
                                          "请先修改密码"));
}

void WebServer::Route() {
  const bool tls = !options_.tls_cert.empty();
  using Mode = HttpServer::Mode;
  http_.SetObserver(ObserveRequest);

  // Writes must show they come from our page (session.h); checked on the head, before any body.
  const HttpServer::Gate session_csrf = [tls](const HttpRequest& r) -> std::optional<HttpReply> {
    absl::Status s = CheckCsrf(r.Header("Cookie"), r.Header(kCsrfHeader), r.Header("Origin"),
                               r.Header("Host"), tls);
    if (s.ok()) return std::nullopt;
    return ErrorReply(s);
  };
  // The data only for the signed in (session routes excepted), and for a person who must change
  // their password nothing else.
  const HttpServer::Gate admitted = [this](const HttpRequest& r) { return AccessRefusal(r); };
  const HttpServer::Gate csrf = [session_csrf, admitted](const HttpRequest& r) {
    std::optional<HttpReply> refused = session_csrf(r);
    return refused.has_value() ? refused : admitted(r);
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
               std::optional<WebSession> session = id.empty() ? std::nullopt : sessions_.Get(id);
               if (!id.empty() && !session.has_value()) {
                 reply.headers.emplace_back("Set-Cookie", ClearedSessionCookie(tls));
               }
               reply.headers.emplace_back("Cache-Control", "no-store");
               reply.body = SessionJson(session, csrf, options_.allow_anonymous);
               return reply;
             },
             nullptr});
  // Signing in: a person's login name and password ({"login", "password"}), checked by the
  // identity service, or a machine token ({"token"}, for scripts), checked by the backends, for a
  // session.
  http_.Add({"POST", "/api/session", kMaxSessionBody, Mode::kBlocking, session_csrf, nullptr,
             [this, tls](HttpRequest& r) {
               google::protobuf::Struct body;
               std::string token;
               const bool parsed = google::protobuf::util::JsonStringToMessage(r.body, &body).ok();
               if (parsed && body.fields().count("login") > 0) {
                 return SignInPerson(r, body, tls);
               }
               if (parsed && body.fields().count("token") > 0) {
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
               EndSession(r);
               HttpReply reply = JsonReply("{\"signedIn\":true}");
               reply.headers.emplace_back("Set-Cookie",
                                          SessionCookie(sessions_.Create(std::move(token)), tls));
               return reply;
             },
             nullptr});
  // Signing out ends the session here, and the person's at the identity service, so that a copy
  // of the cookie, or of the session's token, is worth nothing.
  http_.Add({"POST", "/api/signout", kMaxSessionBody, Mode::kBlocking, session_csrf, nullptr,
             [this, tls](HttpRequest& r) {
               EndSession(r);
               HttpReply reply = JsonReply("{\"signedIn\":false}");
               reply.headers.emplace_back("Set-Cookie", ClearedSessionCookie(tls));
               return reply;
             },
             nullptr});

  // 修改密码: {"oldPassword", "newPassword"} for the signed-in person, who is then signed in
  // again with the new one (the change ends every session of theirs), under a new session id.
  http_.Add({"POST", "/api/password", kMaxSessionBody, Mode::kBlocking, session_csrf, nullptr,
             [this, tls](HttpRequest& r) {
               const std::string id = CookieValue(r.Header("Cookie"), kSessionCookie);
               std::optional<WebSession> session = id.empty() ? std::nullopt : sessions_.Get(id);
               if (!session.has_value()) {
                 return ErrorReply(UnauthenticatedError("not signed in", "请先登录"));
               }
               google::protobuf::Struct body;
               (void)google::protobuf::util::JsonStringToMessage(r.body, &body);
               const auto field = [&body](const char* name) {
                 auto it = body.fields().find(name);
                 return it == body.fields().end() ? std::string() : it->second.string_value();
               };
               absl::StatusOr<WebSession> renewed = people_.ChangePassword(
                   *session, field("oldPassword"), field("newPassword"), r.request_id);
               if (!renewed.ok()) return BackendErrorReply(renewed.status(), CallerOf(r, false));
               sessions_.Remove(id);
               HttpReply reply = JsonReply("{\"signedIn\":true}");
               reply.headers.emplace_back(
                   "Set-Cookie", SessionCookie(sessions_.Create(*std::move(renewed)), tls));
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
    if (std::optional<HttpReply> refused = AccessRefusal(r)) return refused;
    const std::string session = CookieValue(r.Header("Cookie"), kSessionCookie);
    rpc::Caller caller = CallerOf(r, /*refresh=*/false);  // inline: no backend call here
    // A person is their session; without one, their address.
    const std::string person = caller.token.empty() ? "addr:" + r.peer : "session:" + session;
    return reminder_events_.Serve(r, caller, person, std::move(stream));
  };
  http_.Add(std::move(watch));

  http_.Add({"GET", "/api/history/*/*", 0, Mode::kBlocking, admitted, nullptr,
             [this](HttpRequest& r) {
               HttpReply reply = api_.History(r.captures[0], r.captures[1], CallerOf(r));
               reply.headers.emplace_back("Cache-Control", "no-store");
               return reply;
             },
             nullptr});
  http_.Add({"GET", "/api/export/*", 0, Mode::kBlocking, admitted, nullptr,
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

HttpReply WebServer::SignInPerson(const HttpRequest& r, const google::protobuf::Struct& body,
                                  bool tls) {
  const auto field = [&body](const char* name) {
    auto it = body.fields().find(name);
    return it == body.fields().end() ? std::string() : it->second.string_value();
  };
  absl::StatusOr<WebSession> session =
      people_.SignIn(field("login"), field("password"), r.request_id);
  // The identity service's answer as it is: the same for an unknown login and a wrong password.
  if (!session.ok()) return BackendErrorReply(session.status(), rpc::Caller{"", r.request_id});
  EndSession(r);
  const bool must_change = session->must_change_password;
  HttpReply reply = JsonReply(absl::StrCat(
      "{\"signedIn\":true,\"mustChangePassword\":", must_change ? "true" : "false", "}"));
  reply.headers.emplace_back("Set-Cookie",
                             SessionCookie(sessions_.Create(*std::move(session)), tls));
  return reply;
}

void WebServer::EndSession(const HttpRequest& r) {
  std::optional<WebSession> ended =
      sessions_.Remove(CookieValue(r.Header("Cookie"), kSessionCookie));
  if (!ended.has_value()) return;
  if (absl::Status s = people_.SignOut(*ended, r.request_id); !s.ok()) {
    // The web session has ended all the same; the identity one lapses with its tokens.
    LogWarning(absl::StrCat("signing out at the identity service failed: ",
                            absl::StatusCodeToString(s.code())),
               {{"request_id", r.request_id}});
  }
}

}  // namespace district::web
