// The identity service's signing keys (ES256 key pairs), kept in its store under
// "signing_key/<key id>": one signs; rotation makes a new one the signer and keeps the old one
// published until the last token it signed has expired (its expire_time: the rotation plus one
// token lifetime), after which it is deleted.
//
// Thread-safety: all methods are. Ownership: the Store is not owned and must outlive this.
// Errors: the Store's; INTERNAL when a key cannot be made.
#ifndef DISTRICT_SERVICES_IDENTITY_SIGNING_KEYS_H_
#define DISTRICT_SERVICES_IDENTITY_SIGNING_KEYS_H_

#include <functional>
#include <memory>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/store.h"
#include "district/identity/v1/identity_service.pb.h"
#include "services/identity/identity_records.pb.h"

namespace district::identity {

class SigningKeys {
 public:
  // Loads the keys, making the first when there is none. `on_change` hears every set of public
  // keys published (at once with the first, then after each rotation).
  static absl::StatusOr<std::unique_ptr<SigningKeys>> Open(
      Store* store, absl::Duration token_lifetime,
      std::function<void(absl::flat_hash_map<std::string, std::string>)> on_change);

  // The key that signs now.
  records::SigningKey Current() const;
  // The published keys, the signer last.
  std::vector<v1::VerificationKey> Published(absl::Time now) const;
  // Makes a new signer; the old one stays published for one token lifetime.
  absl::Status Rotate(absl::Time now);

 private:
  SigningKeys(Store* store, absl::Duration lifetime) : store_(store), lifetime_(lifetime) {}
  void Announce(absl::Time now) const ABSL_EXCLUSIVE_LOCKS_REQUIRED(mu_);

  Store* const store_;
  const absl::Duration lifetime_;
  std::function<void(absl::flat_hash_map<std::string, std::string>)> on_change_;
  mutable absl::Mutex mu_;
  std::vector<records::SigningKey> keys_ ABSL_GUARDED_BY(mu_);  // oldest first; last signs
};

}  // namespace district::identity

#endif  // DISTRICT_SERVICES_IDENTITY_SIGNING_KEYS_H_
