// Who is making the call that this thread is serving, for the checks and records made deep below
// the handlers: an editor's scope (CheckInScope) and the audit trail (common/audit_log.h).
//
// The handler wrappers of common/handlers.h authenticate the call, then set the caller for the
// duration of the handler's body with a CallerScope; code outside a handler (start-up, tests that
// use a store directly) runs as the caller "system" with no scope.
//
// Thread-safety: the caller is per thread (a CallerScope sets it for the thread that made it);
// Principal and Caller are immutable values, safe to share.
#ifndef DISTRICT_COMMON_CALLER_H_
#define DISTRICT_COMMON_CALLER_H_

#include <memory>
#include <string>

#include "absl/status/status.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace district {

// kAnyone: a method open to callers without a token (the identity service's sign-in); no
// principal holds it but the unauthenticated caller of such a method. Each role includes the ones
// below it: a reviewer (who approves or sends back what editors submit) may edit, an admin review.
enum class Role { kAnyone = 0, kViewer = 1, kEditor = 2, kReviewer = 3, kAdmin = 4 };

const char* RoleName(Role role);

// What an editor (or a reviewer) may change. Every resource belongs to at most one park, one
// leader (the official who answers for it) and one responsible unit (责任单位); a scoped editor may
// change only the resources whose tag in its dimension equals its value. Reads are not scoped. A
// unit scope (a clerk of 区住建局) matches projects by their responsible unit, 督办 orders by the
// unit they are addressed to and monthly returns by theirs; resources with no unit (parks, leads)
// are outside every unit scope.
struct Scope {
  enum class Dimension { kNone, kPark, kLeader, kUnit };
  Dimension dimension = Dimension::kNone;
  std::string value;  // a park id, a leader's name, or a unit's name
};

struct Principal {
  std::string name;
  Role role;
  Scope scope;
};

struct Caller {
  std::shared_ptr<const Principal> principal;
  const char* method;  // "CreateProject"
  // The id that finds this request in every service's log (its "x-request-id", see
  // common/observed_call.h); not the request_id of a request message, which makes a retried
  // write idempotent. "" outside a call.
  std::string x_request_id;
};

// A new request id: 16 random hexadecimal digits.
std::string NewRequestId();

// Whether `id`, taken from a client, may stand as a request id: 1 to 128 printable ASCII
// characters, so that a log line cannot be forged or bloated through it.
bool IsSensibleRequestId(absl::string_view id);

// Sets the caller of this thread until destroyed.
class CallerScope {
 public:
  explicit CallerScope(Caller caller);
  ~CallerScope();
  CallerScope(const CallerScope&) = delete;
  CallerScope& operator=(const CallerScope&) = delete;

 private:
  const Caller* previous_;
  const Caller caller_;
};

// The caller of the handler running on this thread, or the "system" caller outside one.
const Caller& CurrentCaller();

// A resource's tags in the scope dimensions; empty when it has none.
struct ScopeTags {
  std::string park_id;
  std::string leader;
  std::string unit;  // 责任单位
};

// Whether the current caller is a scoped editor (so that unscoped callers skip the lookups).
bool CallerIsScoped();

// OK when the current caller is unscoped, or when `tags` are in its scope. PERMISSION_DENIED
// otherwise, and when the tags could not be found (NOT_FOUND), so that a scoped editor learns
// nothing of what exists outside its scope; other errors pass through.
absl::Status CheckInScope(const absl::StatusOr<ScopeTags>& tags);

}  // namespace district

#endif  // DISTRICT_COMMON_CALLER_H_
