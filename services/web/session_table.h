// The people signed in to this web service. Signing in trades a bearer token, checked by the
// backends, for a session: a random id that the browser holds in an HttpOnly cookie, while the
// token stays here. Signing out removes the session, so a copied cookie stops working at once;
// a session also ends after it has been idle for `idle`, or `lifetime` after it began. Sessions
// live in memory: a restart of the web service signs everyone out.
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

namespace district::web {

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

  // A new session for `token`; its id (32 hex digits, unguessable).
  std::string Create(std::string token);

  // The token of session `id`, which counts as a use of it; nullopt when there is no such
  // session, or it has ended.
  std::optional<std::string> TokenOf(absl::string_view id);

  // Ends session `id` (nothing when there is none).
  void Remove(absl::string_view id);

  size_t size() const;

 private:
  struct Session {
    std::string token;
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
