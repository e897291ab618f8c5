// Who may call what: bearer tokens in the "authorization" metadata, checked in one place (the
// handler wrappers of common/handlers.h) before any handler runs, so that a denial never depends
// on, or reveals, whether the resource exists.
//
// Two kinds of bearer token are accepted. Machine tokens (services, backups, scripts) are defined
// in a file, one per line, stored hashed:
//   <sha256 hex of the token> <principal> <viewer|editor|reviewer|admin>
//       [park=<park id>|leader=<name>|unit=<name>]
// with '#' starting a comment. Roles include the ones below them: an editor may read, a reviewer
// edit, an admin review. An editor or reviewer may be scoped to one park's, one leader's or one
// responsible unit's records (see Scope in caller.h).
// Health and reflection are other services and stay reachable without a token, for probes and
// grpcurl. Without a tokens file a server accepts every call (local development) and says so in
// its log. People's access tokens are JWTs signed by the identity service (common/access_token.h),
// verified locally against its public keys (common/identity_keys.h keeps them fresh): a token that
// has the shape of a JWT goes to the verifier when one is installed, any other to the tokens file.
// A method whose contract names ROLE_ANYONE (sign-in) takes every caller, as "anyone".
#ifndef DISTRICT_COMMON_AUTH_H_
#define DISTRICT_COMMON_AUTH_H_

#include <memory>
#include <string>

#include <grpcpp/grpcpp.h>

#include "absl/container/flat_hash_map.h"
#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "common/caller.h"

namespace district {

// Immutable once loaded: thread-safe.
class Authenticator {
 public:
  // Parses a tokens file's text; INVALID_ARGUMENT naming the line when one is malformed.
  static absl::StatusOr<std::unique_ptr<Authenticator>> Parse(absl::string_view text);
  static absl::StatusOr<std::unique_ptr<Authenticator>> Load(const std::string& path);

  // The principal of the call's "authorization: Bearer <token>"; UNAUTHENTICATED without one or
  // with an unknown token.
  absl::StatusOr<std::shared_ptr<const Principal>> Authenticate(
      const grpc::ServerContextBase& context) const;
  // The same for the token itself.
  absl::StatusOr<std::shared_ptr<const Principal>> AuthenticateToken(absl::string_view token) const;

 private:
  absl::flat_hash_map<std::string, std::shared_ptr<const Principal>> by_hash_;  // by sha256 hex
};

// The lowercase hex SHA-256 of `text`: how a token is stored.
std::string Sha256Hex(absl::string_view text);

// Makes `authenticator` check every call of the services in this process; null checks nothing.
void InstallAuthenticator(std::unique_ptr<Authenticator> authenticator);

class AccessTokenVerifier;
// Makes `verifier` check the calls that carry a JWT; null: none is accepted. With a verifier and
// no authenticator, machine tokens are refused and calls need a person's token.
void InstallAccessTokenVerifier(std::shared_ptr<const AccessTokenVerifier> verifier);

// The call's principal when it holds `required`; UNAUTHENTICATED or PERMISSION_DENIED otherwise.
// Without an authenticator installed, every call is made by "anonymous", an admin.
absl::StatusOr<std::shared_ptr<const Principal>> Authorize(const grpc::ServerContextBase& context,
                                                           Role required);

// The token in the first line of the file at `path` (a mounted secret); NOT_FOUND or
// INVALID_ARGUMENT naming the file when it cannot be read or is empty.
absl::StatusOr<std::string> ReadTokenFile(const std::string& path);

// The token this process presents on its calls to other services ("" for none). Call once in
// main, before serving: it is read by every call to another service, without a lock.
void SetServiceToken(std::string token);
// Adds the service token, if any, to an outgoing call. Thread-safe.
void AttachServiceToken(grpc::ClientContext* context);

}  // namespace district

#endif  // DISTRICT_COMMON_AUTH_H_
