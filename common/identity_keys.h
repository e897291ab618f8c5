// Keeps an AccessTokenVerifier's keys those the identity service publishes
// (IdentityService.GetVerificationKeys at --identity_addr): fetched at start-up and then every
// refresh interval, and at once (at most once a second) when a token names a key not yet known,
// so that a rotated key is accepted as soon as the identity service signs with it.
//
// Until the first fetch succeeds no person's token is accepted (machine tokens still are); a
// failed fetch keeps the keys held and is retried every second. Thread-safety: all methods are.
// Ownership: the refresher owns its thread and stops it when destroyed.
#ifndef DISTRICT_COMMON_IDENTITY_KEYS_H_
#define DISTRICT_COMMON_IDENTITY_KEYS_H_

#include <memory>
#include <string>
#include <thread>

#include <grpcpp/client_context.h>

#include "absl/status/status.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/access_token.h"

namespace district {

class IdentityKeyRefresher {
 public:
  // Starts fetching the keys of the identity service at `address` into `verifier`.
  IdentityKeyRefresher(std::string address, absl::Duration interval,
                       std::shared_ptr<AccessTokenVerifier> verifier);
  ~IdentityKeyRefresher();

  // Asks for a fetch now (a token named an unknown key); cheap, rate-limited.
  void Nudge();
  // Fetches once, now: OK, or why the keys could not be fetched.
  absl::Status FetchOnce();

 private:
  void Run();

  const std::string address_;
  const absl::Duration interval_;
  const std::shared_ptr<AccessTokenVerifier> verifier_;
  absl::Mutex mu_;
  bool stop_ ABSL_GUARDED_BY(mu_) = false;
  bool nudged_ ABSL_GUARDED_BY(mu_) = false;
  grpc::ClientContext* fetching_ ABSL_GUARDED_BY(mu_) = nullptr;  // cancelled by the destructor
  std::thread thread_;
};

// The refresher that the servers' main starts with --identity_addr (common/service_main.cc), so
// that the verifier can nudge it; null without one.
void SetIdentityKeyRefresher(IdentityKeyRefresher* refresher);
IdentityKeyRefresher* CurrentIdentityKeyRefresher();
// Stops and destroys the installed refresher (its thread joined, a fetch in flight cancelled):
// the servers' main calls it once serving has ended, before the process's exit destroys what a
// fetch uses.
void StopIdentityKeyRefresher();

}  // namespace district

#endif  // DISTRICT_COMMON_IDENTITY_KEYS_H_
