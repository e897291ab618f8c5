// The district workbench's HTTP service: the page's static files and the JSON API (api.h), with
// sessions (session_table.h) and CSRF checks (session.h), behind the event-driven door of
// http_server.h. It holds no data and no privileges of its own: every backend call carries the
// signed-in person's token (or none, when anonymous).
//
// Thread-safe: Stop() may be called from any thread.
#ifndef DISTRICT_SERVICES_WEB_WEB_SERVER_H_
#define DISTRICT_SERVICES_WEB_WEB_SERVER_H_

#include <memory>
#include <string>

#include <google/protobuf/struct.pb.h>

#include "absl/status/statusor.h"
#include "services/web/api.h"
#include "services/web/http_server.h"
#include "services/web/person_session.h"
#include "services/web/reminder_events.h"
#include "services/web/session_table.h"
#include "services/web/static_files.h"

namespace district::web {

struct WebOptions {
  std::string host = "127.0.0.1";
  int port = 0;                        // 0: pick a free one
  std::string static_dir;              // index.html, app.js, style.css, vendor/echarts.min.js
  std::string tls_cert, tls_key;       // both set: HTTPS, and cookies are Secure
  size_t max_body_bytes = 1 << 20;     // an API call's JSON
  size_t max_upload_bytes = 10 << 20;  // a monthly return's file
  int max_event_streams = 256;         // live reminder streams at once
  int max_event_streams_per_person = 3;
  // A caller without a live session is refused (401, 请先登录) by every route but the session's,
  // the labels, /healthz and the page's files. True lets them through to the services as nobody,
  // for local development against services without --tokens_file; the page then says so.
  bool allow_anonymous = false;
  HttpLimits limits;
};

class WebServer {
 public:
  // Binds and starts serving. `rpc` is not owned and must outlive the server. UNAVAILABLE when
  // the port cannot be bound, INVALID_ARGUMENT for a bad option or certificate.
  static absl::StatusOr<std::unique_ptr<WebServer>> Start(const WebOptions& options,
                                                          const rpc::Rpc* rpc);
  ~WebServer();  // Stop()

  int port() const { return http_.port(); }
  int open_connections() const { return http_.open_connections(); }

  // Stops accepting, finishes the requests in flight, returns when the server has stopped.
  void Stop();

 private:
  WebServer(const WebOptions& options, const rpc::Rpc* rpc);
  void Route();
  // The caller of a request: the token of its session (none when it has no live one) and its
  // request id. With `refresh` (not on an I/O thread: it may call the identity service), a
  // person's access token near its end is replaced first; a session the identity service has
  // ended (the person disabled, their password reset) ends here too.
  rpc::Caller CallerOf(const HttpRequest& request, bool refresh = true);
  // The refusal of a request to the data: 401 without a live session (unless anonymous callers are
  // allowed), 403 for a session that must change its password first (nothing but 修改密码 and 退出
  // until then); nullopt for any other. Does not block.
  std::optional<HttpReply> AccessRefusal(const HttpRequest& request);
  // POST /api/session with {"login", "password"}.
  HttpReply SignInPerson(const HttpRequest& request, const google::protobuf::Struct& body,
                         bool tls);
  // Ends the request's session, here and at the identity service. Blocks.
  void EndSession(const HttpRequest& request);

  const WebOptions options_;
  const rpc::Rpc* const rpc_;
  Api api_;
  PersonSessions people_;
  SessionTable sessions_;
  ReminderEvents reminder_events_;
  StaticFiles files_;
  HttpServer http_;
};

}  // namespace district::web

#endif  // DISTRICT_SERVICES_WEB_WEB_SERVER_H_
