// Sign-in and cross-site request forgery (CSRF) defences of the web service.
//
// A person signs in with their bearer token; the web service keeps it (session_table.h) and the
// browser gets only a session id, in an HttpOnly, SameSite=Strict cookie (Secure under TLS),
// never in a URL, a page or a log. Every POST must carry the value of
// the (script-readable) CSRF cookie in the X-CSRF-Token header, and an Origin, when the browser
// sends one, naming this server: a page of another site can neither read the cookie nor send
// that header to us.
//
// Stateless functions; safe from any thread.
#ifndef DISTRICT_SERVICES_WEB_SESSION_H_
#define DISTRICT_SERVICES_WEB_SESSION_H_

#include <string>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"

namespace district::web {

inline constexpr char kSessionCookie[] = "district_session";
inline constexpr char kCsrfCookie[] = "district_csrf";
inline constexpr char kCsrfHeader[] = "X-CSRF-Token";

// The value of cookie `name` in a Cookie header ("a=1; b=2"), or "" when absent.
std::string CookieValue(absl::string_view cookie_header, absl::string_view name);

// Whether `token` can be a bearer token and a cookie value: 1..512 characters of
// [A-Za-z0-9._~+/=-].
bool IsWellFormedToken(absl::string_view token);

// A new unguessable value (32 hex digits from OpenSSL's RAND_bytes).
std::string NewRandomHex();

// Set-Cookie values: the session cookie, the one that clears it, and the CSRF cookie.
std::string SessionCookie(absl::string_view session_id, bool secure);
std::string ClearedSessionCookie(bool secure);
std::string CsrfCookie(absl::string_view value, bool secure);

// OK when a state-changing request may proceed: its X-CSRF-Token header equals its CSRF cookie,
// and its Origin (when sent) is this server's own ("http(s)://" + host). PERMISSION_DENIED with
// the reason otherwise.
absl::Status CheckCsrf(absl::string_view cookie_header, absl::string_view csrf_header,
                       absl::string_view origin, absl::string_view host, bool tls);

}  // namespace district::web

#endif  // DISTRICT_SERVICES_WEB_SESSION_H_
