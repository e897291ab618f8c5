// A person's side of the web session: signing in by login name and password through the identity
// service (district.identity.v1.IdentityService), keeping the short-lived access token fresh
// before it expires, changing the password, signing out (which revokes the identity session), and
// the JSON of GET /api/session that tells the page who is signed in.
//
// The identity session id and the access token stay in the web service (session_table.h); no
// password, token or session id is logged or sent to the browser.
//
// Thread-safe: it holds only the Rpc, which is.
#ifndef DISTRICT_SERVICES_WEB_PERSON_SESSION_H_
#define DISTRICT_SERVICES_WEB_PERSON_SESSION_H_

#include <optional>
#include <string>

#include "absl/status/statusor.h"
#include "absl/time/time.h"
#include "services/web/session_table.h"
#include "tools/rpc/rpc.h"

namespace district::web {

class PersonSessions {
 public:
  explicit PersonSessions(const rpc::Rpc* rpc) : rpc_(rpc) {}  // not owned; must outlive this

  // A session for the person with `login_name` and `password`: the identity service's answer,
  // untouched when it refuses (UNAUTHENTICATED, the same for an unknown login name and a wrong
  // password; INVALID_ARGUMENT naming an empty field).
  absl::StatusOr<WebSession> SignIn(const std::string& login_name, const std::string& password,
                                    const std::string& request_id) const;

  // Whether `session`'s access token should be replaced before it is used at `now`: an identity
  // session whose token is in the last third of its life, or its last 2 minutes, whichever is
  // shorter.
  static bool NeedsRefresh(const WebSession& session, absl::Time now);

  // Replaces `session`'s access token with a new one (RefreshAccessToken). UNAUTHENTICATED when
  // the identity session has ended (signed out, the person disabled, their password reset).
  absl::Status Refresh(WebSession* session, const std::string& request_id) const;

  // Ends the identity session of `session`, if any (SignOut); the identity service's error.
  absl::Status SignOut(const WebSession& session, const std::string& request_id) const;

  // Changes the signed-in person's password and signs them in again with the new one (a change
  // ends every session of theirs): the new session. FAILED_PRECONDITION for a machine-token
  // session; the identity service's refusal otherwise (UNAUTHENTICATED for a wrong old password,
  // INVALID_ARGUMENT naming new_password for one the policy refuses).
  absl::StatusOr<WebSession> ChangePassword(const WebSession& session,
                                            const std::string& old_password,
                                            const std::string& new_password,
                                            const std::string& request_id) const;

 private:
  const rpc::Rpc* rpc_;
};

// The body of GET /api/session:
//   {"signedIn", "csrf", "kind": "person"|"token" (when signed in), "mustChangePassword",
//    "person": {"displayName", "loginName", "unit", "title", "roles": [PersonRole names],
//               "roleLabels": [their Chinese labels], "scope": {"leader", "unit", "parkId"}},
//    "admin", "anonymous"}
// "person" only for a person's session; "admin" whether they hold PERSON_ROLE_ADMIN; "anonymous"
// (true, only when not signed in) when the web service lets anonymous callers through
// (WebOptions::allow_anonymous): the page then shows the data with its development banner instead
// of the sign-in page.
std::string SessionJson(const std::optional<WebSession>& session, const std::string& csrf,
                        bool anonymous_allowed = false);

}  // namespace district::web

#endif  // DISTRICT_SERVICES_WEB_PERSON_SESSION_H_
