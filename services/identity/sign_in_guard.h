// Failed sign-ins: counted per account (login name, known or not) and per client address; at the
// threshold, that account or address is locked for the lock time, and every attempt then is
// refused before any password is checked. A success clears the account's count (not the
// address's). Each failure also earns a delay before the answer, growing with the failures.
//
// Counts live in memory: a restart forgets them. Thread-safety: all methods are.
#ifndef DISTRICT_SERVICES_IDENTITY_SIGN_IN_GUARD_H_
#define DISTRICT_SERVICES_IDENTITY_SIGN_IN_GUARD_H_

#include <functional>
#include <string>

#include "absl/container/flat_hash_map.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"

namespace district::identity {

struct SignInLimits {
  int account_failures = 5;   // failures of one account that lock it
  int address_failures = 20;  // failures from one address that lock it
  absl::Duration lock_time = absl::Minutes(15);
  absl::Duration delay_per_failure = absl::Milliseconds(200);  // up to 2 s
};

class SignInGuard {
 public:
  explicit SignInGuard(SignInLimits limits, std::function<absl::Time()> now = absl::Now);

  // Whether the account or the address is locked now.
  bool Locked(const std::string& account, const std::string& address);
  // Records a failure; returns how long to wait before answering.
  absl::Duration Failed(const std::string& account, const std::string& address);
  void Succeeded(const std::string& account);

 private:
  struct Count {
    int failures = 0;
    absl::Time locked_until = absl::InfinitePast();
  };
  // Counts a failure in `counts[key]` against `threshold`; its failures so far.
  int Fail(absl::flat_hash_map<std::string, Count>& counts, const std::string& key, int threshold,
           absl::Time now) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);
  bool IsLocked(absl::flat_hash_map<std::string, Count>& counts, const std::string& key,
                absl::Time now) ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  const SignInLimits limits_;
  const std::function<absl::Time()> now_;
  absl::Mutex mu_;
  absl::flat_hash_map<std::string, Count> accounts_ ABSL_GUARDED_BY(mu_);
  absl::flat_hash_map<std::string, Count> addresses_ ABSL_GUARDED_BY(mu_);
};

}  // namespace district::identity

#endif  // DISTRICT_SERVICES_IDENTITY_SIGN_IN_GUARD_H_
