#include "services/web/session.h"

#include <openssl/crypto.h>
#include <openssl/rand.h>

#include "absl/strings/ascii.h"
#include "absl/strings/escaping.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/strings/strip.h"
#include "common/errors.h"

namespace district::web {
namespace {

std::string Attributes(bool secure) {
  return absl::StrCat("; Path=/; SameSite=Strict", secure ? "; Secure" : "");
}

}  // namespace

std::string CookieValue(absl::string_view cookie_header, absl::string_view name) {
  for (absl::string_view part : absl::StrSplit(cookie_header, ';')) {
    part = absl::StripAsciiWhitespace(part);
    if (absl::ConsumePrefix(&part, name) && absl::ConsumePrefix(&part, "=")) {
      return std::string(part);
    }
  }
  return "";
}

bool IsWellFormedToken(absl::string_view token) {
  if (token.empty() || token.size() > 512) return false;
  for (char c : token) {
    if (!absl::ascii_isalnum(c) && std::string_view("._~+/=-").find(c) == std::string_view::npos) {
      return false;
    }
  }
  return true;
}

std::string NewRandomHex() {
  unsigned char bytes[16];
  if (RAND_bytes(bytes, sizeof bytes) != 1) abort();  // no randomness: nothing is safe to issue
  return absl::BytesToHexString(
      absl::string_view(reinterpret_cast<const char*>(bytes), sizeof bytes));
}

std::string SessionCookie(absl::string_view session_id, bool secure) {
  return absl::StrCat(kSessionCookie, "=", session_id, "; HttpOnly", Attributes(secure));
}

std::string ClearedSessionCookie(bool secure) {
  return absl::StrCat(kSessionCookie, "=; HttpOnly; Max-Age=0", Attributes(secure));
}

std::string CsrfCookie(absl::string_view value, bool secure) {
  return absl::StrCat(kCsrfCookie, "=", value, Attributes(secure));
}

absl::Status CheckCsrf(absl::string_view cookie_header, absl::string_view csrf_header,
                       absl::string_view origin, absl::string_view host, bool tls) {
  const std::string cookie = CookieValue(cookie_header, kCsrfCookie);
  if (cookie.empty() || csrf_header.empty() || cookie.size() != csrf_header.size() ||
      CRYPTO_memcmp(cookie.data(), csrf_header.data(), cookie.size()) != 0) {
    return PermissionDeniedError(
        "a write needs the X-CSRF-Token header equal to the district_csrf cookie (reload the "
        "page)",
        "页面已过期，请刷新页面后再提交");
  }
  if (!origin.empty() && origin != absl::StrCat(tls ? "https://" : "http://", host)) {
    return PermissionDeniedError(absl::StrCat("cross-site request from ", origin),
                                 "只能从本系统的页面提交");
  }
  return absl::OkStatus();
}

}  // namespace district::web
