// Passwords: Argon2id hashes through libsodium (crypto_pwhash_str, whose output carries its
// parameters and salt, so that they can be raised and old hashes still verify), the policy, and
// one-time passwords.
//
// Hashing is bounded: at most `concurrency` hashes run at once, whatever the number of callers
// (each takes libsodium's interactive memory, 64 MiB); the others wait their turn.
//
// Thread-safety: all methods are. No method logs; none puts a password or hash in an error.
#ifndef DISTRICT_SERVICES_IDENTITY_PASSWORDS_H_
#define DISTRICT_SERVICES_IDENTITY_PASSWORDS_H_

#include <string>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"

namespace district::identity {

class Passwords {
 public:
  // INTERNAL when libsodium cannot start.
  static absl::StatusOr<std::unique_ptr<Passwords>> Create(int concurrency);

  // The encoded Argon2id hash of `password`; RESOURCE_EXHAUSTED when memory is short.
  absl::StatusOr<std::string> Hash(absl::string_view password) const;
  // Whether `password` matches `hash`. With an empty hash (no such person), checks against a
  // dummy hash, so that the answer takes as long as a real check, and is false.
  bool Verify(absl::string_view password, absl::string_view hash) const;
  // Whether `hash` was made with weaker parameters than those used now (rehash at sign-in).
  bool NeedsRehash(absl::string_view hash) const;

  // OK, or INVALID_ARGUMENT naming `field` when `password` is shorter than 10 characters, longer
  // than 128 bytes, or is the login name.
  static absl::Status CheckPolicy(absl::string_view password, absl::string_view login_name,
                                  absl::string_view field);

  // A random one-time password of 16 characters that meets the policy.
  static std::string OneTimePassword();

 private:
  explicit Passwords(int concurrency) : free_(concurrency) {}
  // Waits for a hashing slot, and frees it.
  void Acquire() const;
  void Release() const;

  mutable absl::Mutex mu_;
  mutable int free_ ABSL_GUARDED_BY(mu_);
  std::string dummy_hash_;
};

}  // namespace district::identity

#endif  // DISTRICT_SERVICES_IDENTITY_PASSWORDS_H_
