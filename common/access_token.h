// Access tokens: the short-lived JWTs that the identity service (services/identity/) signs for a
// person's session and that every service verifies locally, with libjwt (ES256: ECDSA on P-256, so
// that services hold only public keys).
//
// A token's header names its key ("kid"); its claims are sub (the person's id), name, roles (the
// identity service's PersonRole names, "admin", "leader", "reviewer", "editor", "viewer"), scope
// (leader, unit, park), sid (the session's handle), aud, iss, iat and exp; "chg" marks a token of a
// person who must change their password, which no service accepts.
//
// Thread-safety: the functions are; AccessTokenVerifier is safe from any number of threads.
#ifndef DISTRICT_COMMON_ACCESS_TOKEN_H_
#define DISTRICT_COMMON_ACCESS_TOKEN_H_

#include <memory>
#include <string>
#include <vector>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/caller.h"

namespace district {

// The audience every access token of the suite names.
inline constexpr char kAccessTokenAudience[] = "district-suite";

struct AccessClaims {
  std::string person_id;  // sub
  std::string name;       // the person's display name
  std::vector<std::string> roles;
  std::string scope_leader, scope_unit, scope_park;
  std::string session_handle;  // sid
  bool change_password_only = false;
  std::string issuer, audience = kAccessTokenAudience;
  absl::Time issued_at, expires_at;
};

struct KeyPairPem {
  std::string private_key_pem;  // PKCS#8
  std::string public_key_pem;   // SubjectPublicKeyInfo
};

// A new P-256 key pair; INTERNAL when OpenSSL fails.
absl::StatusOr<KeyPairPem> GenerateSigningKeyPair();

// The token for `claims`, signed ES256 with `private_key_pem` and naming `key_id`.
absl::StatusOr<std::string> SignAccessToken(const AccessClaims& claims, absl::string_view key_id,
                                            absl::string_view private_key_pem);

// The suite's principal for a person with `claims`: the highest of their roles (admin → admin,
// reviewer → reviewer, editor → editor, leader and viewer → viewer), scoped by leader, park or
// unit (for an editor or reviewer only). PERMISSION_DENIED-free: an unknown role name is
// ignored; UNAUTHENTICATED when none is left.
absl::StatusOr<Principal> PrincipalOfClaims(const AccessClaims& claims);

// Verifies access tokens against a set of public keys (kid → PEM), caching each verified token's
// principal by its hash until it expires, so that a token costs one signature check and then one
// hash lookup per call.
class AccessTokenVerifier {
 public:
  AccessTokenVerifier(std::string issuer, std::string audience);

  // Replaces the keys; tokens cached stay valid until they expire (their key was valid when they
  // were checked). Thread-safe.
  void SetKeys(absl::flat_hash_map<std::string, std::string> keys_by_id);
  // Whether a key with this id is known.
  bool HasKey(absl::string_view key_id) const;

  // The principal of `token` at `now`; UNAUTHENTICATED (saying why, never echoing the token) when
  // it is malformed, signed by an unknown key or with another algorithm than ES256, expired, or
  // for another audience or issuer, or a must-change-password token.
  absl::StatusOr<std::shared_ptr<const Principal>> Verify(absl::string_view token,
                                                          absl::Time now) const;

  // The "kid" of a token's header, unverified; "" when there is none.
  static std::string KeyIdOf(absl::string_view token);

 private:
  absl::StatusOr<AccessClaims> Decode(absl::string_view token) const;

  const std::string issuer_;
  const std::string audience_;
  mutable absl::Mutex mu_;
  absl::flat_hash_map<std::string, std::string> keys_ ABSL_GUARDED_BY(mu_);
  struct Cached {
    std::shared_ptr<const Principal> principal;
    absl::Time expires_at;
  };
  mutable absl::flat_hash_map<std::string, Cached> cache_ ABSL_GUARDED_BY(mu_);  // sha256 hex
};

// Whether `token` has the shape of a JWT (three dot-separated parts): how auth.h tells an access
// token from a machine token of the tokens file.
bool LooksLikeJwt(absl::string_view token);

}  // namespace district

#endif  // DISTRICT_COMMON_ACCESS_TOKEN_H_
