// The web service's door (services/web/http_server.h): any bytes a client sends as a request are
// parsed under the server's limits, routed, and read for what the handlers read of them (cookies,
// the CSRF check, query parameters) without harm; a route's captures are only ever safe segments.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "absl/strings/string_view.h"
#include "services/web/http_server.h"
#include "services/web/session.h"

namespace {

using district::web::HttpReply;
using district::web::HttpRequest;
using district::web::HttpServer;

// The patterns of the workbench's routes (services/web/web_server.cc), on a server never started.
HttpServer& Routes() {
  static HttpServer* server = [] {
    auto* s = new HttpServer({});
    auto none = [](HttpRequest&) { return HttpReply(); };
    for (const char* get : {"/api/session", "/healthz", "/api/labels", "/api/reminders/watch",
                            "/api/history/*/*", "/api/export/*"}) {
      s->Add({"GET", get, 0, HttpServer::Mode::kInline, nullptr, nullptr, none, nullptr});
    }
    for (const char* post : {"/api/session", "/api/signout", "/api/import/*", "/api/*/*"}) {
      s->Add({"POST", post, 1 << 20, HttpServer::Mode::kInline, nullptr, nullptr, none, nullptr});
    }
    return s;
  }();
  return *server;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const absl::string_view input(reinterpret_cast<const char*>(data), size);
  const district::web::HttpLimits limits;
  absl::StatusOr<HttpRequest> request = district::web::ParseRequest(input, limits, 1 << 20);
  if (!request.ok()) return 0;
  if (request->headers.size() > limits.max_header_fields) abort();
  if (request->body.size() > (1u << 20)) abort();
  std::vector<std::string> captures;
  if (Routes().Match(request->method, request->path, &captures) != nullptr) {
    for (const std::string& c : captures) {
      if (c.empty() || c == "." || c == ".." || c.find('/') != std::string::npos) abort();
    }
  }
  const std::string cookies = request->Header("Cookie");
  (void)district::web::CookieValue(cookies, district::web::kSessionCookie);
  (void)district::web::CheckCsrf(cookies, request->Header(district::web::kCsrfHeader),
                                 request->Header("Origin"), request->Header("Host"), false);
  (void)request->Param("filter");
  (void)request->Param("leader");
  return 0;
}
