// The identity service's storage and the rules that depend on it: people as standard resources
// (common/resource_store.h, resident), their login names ("login/<name>"), password hashes
// ("credential/<person id>", never in a Person, a response, an audit entry or a log), sessions
// ("session/<sha256 of the session id>", with "person_session/<person id>/<hash>" to find a
// person's), the signing keys (signing_keys.h) and the failed sign-ins (sign_in_guard.h).
//
// Every change is one atomic write with its audit entries: a person's, a credential's (revision
// numbers only), a session's ("session/<handle>").
//
// Thread-safety: safe from any number of handler threads. Ownership: the Store is not owned and
// must outlive this. Errors: those of ResourceStore and the Store; UNAUTHENTICATED, the same for
// an unknown login name and a wrong password; ALREADY_EXISTS for a login name taken.
#ifndef DISTRICT_SERVICES_IDENTITY_IDENTITY_STORE_H_
#define DISTRICT_SERVICES_IDENTITY_IDENTITY_STORE_H_

#include <memory>
#include <mutex>
#include <string>

#include "absl/status/statusor.h"
#include "common/access_token.h"
#include "common/list_page.h"
#include "common/resource_store.h"
#include "district/identity/v1/identity_service.pb.h"
#include "services/identity/identity_records.pb.h"
#include "services/identity/passwords.h"
#include "services/identity/sign_in_guard.h"
#include "services/identity/signing_keys.h"

namespace district::identity {

struct IdentityOptions {
  absl::Duration token_lifetime = absl::Minutes(10);
  std::string issuer = "district-identity";
  SignInLimits limits;
  int hash_concurrency = 2;
  // Hears each new set of public keys (the server's own verifier).
  std::function<void(absl::flat_hash_map<std::string, std::string>)> on_keys;
};

class IdentityStore {
 public:
  static absl::StatusOr<std::unique_ptr<IdentityStore>> Open(Store* store, IdentityOptions options);

  absl::StatusOr<v1::CreatePersonResponse> CreatePerson(const v1::CreatePersonRequest& request);
  absl::StatusOr<v1::Person> GetPerson(absl::string_view id) const;
  absl::StatusOr<ListPage<v1::Person>> ListPeople(const v1::ListPeopleRequest& request,
                                                  int page_size) const;
  // Disabling a person deletes their sessions in the same write.
  absl::StatusOr<v1::Person> UpdatePerson(const v1::UpdatePersonRequest& request);

  // `address` is the client's, for the lockout.
  absl::StatusOr<v1::SignInResponse> SignIn(const std::string& login_name,
                                            const std::string& password,
                                            const std::string& address);
  absl::StatusOr<v1::RefreshAccessTokenResponse> Refresh(const std::string& session_id);
  absl::Status SignOut(const std::string& session_id);
  absl::Status ChangePassword(const v1::ChangePasswordRequest& request, const std::string& address);
  absl::StatusOr<v1::ResetPasswordResponse> ResetPassword(absl::string_view id);

  v1::VerificationKeys Keys() const;
  absl::StatusOr<v1::VerificationKeys> RotateKey();

 private:
  IdentityStore(Store* store, IdentityOptions options);
  // The person with `login_name` and their password hash; NOT_FOUND when there is none.
  absl::StatusOr<std::pair<v1::Person, records::Credential>> FindByLogin(
      const std::string& login_name) const;
  // Checks a login name and password as SignIn does, lockout and delay included.
  absl::StatusOr<std::pair<v1::Person, records::Credential>> CheckPassword(
      const std::string& login_name, const std::string& password, const std::string& address);
  // Adds the deletion of every session of `person_id` to `batch`.
  absl::Status EndSessions(WriteBatch* batch, absl::string_view person_id) const;
  // A new access token for `person` in session `handle`, and its expiry.
  absl::StatusOr<std::pair<std::string, absl::Time>> Token(const v1::Person& person,
                                                           const std::string& handle,
                                                           bool change_password_only) const;
  // Writes `hash` as the credential of `person_id` in `batch`, with its audit entry.
  absl::Status PutCredential(WriteBatch* batch, absl::string_view person_id,
                             const std::string& hash) const;

  Store* const store_;
  const IdentityOptions options_;
  std::unique_ptr<Passwords> passwords_;
  std::unique_ptr<SigningKeys> keys_;
  std::unique_ptr<ResourceStore<v1::Person>> people_;
  SignInGuard guard_;
  std::mutex create_mu_;  // login names are claimed one create at a time
};

}  // namespace district::identity

#endif  // DISTRICT_SERVICES_IDENTITY_IDENTITY_STORE_H_
