// The people signed in to this web service. Signing in trades a person's login name and password
// (an identity service session, whose short-lived access token is refreshed here) or a machine
// token (scripts, tests), checked by the backends, for a session: a random id that the browser
// holds in an HttpOnly cookie, while the tokens stay here. Signing out removes the session, so a
// copied cookie stops working at once; a session also ends after it has been idle for `idle`, or
// `lifetime` after it began. Sessions live in memory: a restart of the web service signs everyone
// out.
//
// Thread-safe.
#ifndef DISTRICT_SERVICES_WEB_SESSION_TABLE_H_
#define DISTRICT_SERVICES_WEB_SESSION_TABLE_H_

#include <functional>
#include <map>
#include <mutex>
#include <optional>
#include <string>

#include "absl/strings/string_view.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "district/identity/v1/identity.pb.h"

namespace district::web {

// What a session holds.
struct WebSession {
  std::string token;  // the bearer token of every backend call made for the session
  // The identity service's session (secret: refreshes `token`, signs out); empty when the session
  // was opened with a machine token.
  std::string identity_session;
  absl::Time token_issued = absl::InfinitePast();     // when `token` was received
  absl::Time token_expires = absl::InfiniteFuture();  // when it lapses
  identity::v1::Person person;                        // who signed in (identity sessions)
  bool must_change_password = false;  // nothing but 修改密码 until it is changed
};

class SessionTable {
 public:
  struct Options {
    absl::Duration idle = absl::Hours(8);
    absl::Duration lifetime = absl::Hours(12);
    size_t max_sessions = 10000;  // beyond it, the session idle longest ends
    std::function<absl::Time()> clock = [] { return absl::Now(); };
  };
  SessionTable() : SessionTable(Options()) {}
  explicit SessionTable(Options options) : options_(std::move(options)) {}

  // A new session for a machine `token`; its id (32 hex digits, unguessable).
  std::string Create(std::string token);
  // A new session holding `session`; its id.
  std::string Create(WebSession session);

  // Session `id`, which counts as a use of it; nullopt when there is no such session, or it has
  // ended.
  std::optional<WebSession> Get(absl::string_view id);
  // Its token (as Get).
  std::optional<std::string> TokenOf(absl::string_view id);

  // Replaces the access token of session `id` (a refresh); false when it has ended meanwhile.
  bool SetToken(absl::string_view id, std::string token, absl::Time issued, absl::Time expires);

  // Ends session `id`, returning what it held (nullopt when there was none).
  std::optional<WebSession> Remove(absl::string_view id);

  size_t size() const;

 private:
  struct Session {
    WebSession held;
    absl::Time began, last_used;
  };
  bool Ended(const Session& s, absl::Time now) const {
    return now - s.last_used > options_.idle || now - s.began > options_.lifetime;
  }

  const Options options_;
  mutable std::mutex mu_;
  std::map<std::string, Session, std::less<>> sessions_;
};

}  // namespace district::web

#endif  // DISTRICT_SERVICES_WEB_SESSION_TABLE_H_
