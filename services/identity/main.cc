// identity_server: people, passwords, sessions and access tokens
// (district.identity.v1.IdentityService).
#include "absl/flags/declare.h"
#include "absl/flags/flag.h"
#include "common/access_token.h"
#include "common/auth.h"
#include "common/service_main.h"
#include "services/identity/identity_service.h"

ABSL_DECLARE_FLAG(std::string, tokens_file);
ABSL_DECLARE_FLAG(std::string, identity_issuer);
ABSL_FLAG(absl::Duration, access_token_lifetime, absl::Minutes(10),
          "how long an access token is valid: disabling a person or signing out ends their "
          "access within it");
ABSL_FLAG(int, sign_in_lock_failures, 5, "failed sign-ins of one account that lock it");
ABSL_FLAG(int, sign_in_lock_address_failures, 20,
          "failed sign-ins from one client address that lock it");
ABSL_FLAG(absl::Duration, sign_in_lock_time, absl::Minutes(15),
          "how long a locked account or address stays locked");
ABSL_FLAG(absl::Duration, sign_in_failure_delay, absl::Milliseconds(200),
          "the delay before answering a failed sign-in, times the account's failures (at most 2s)");
ABSL_FLAG(int, password_hash_concurrency, 2,
          "Argon2id hashes computed at once (each takes 64 MiB); more wait their turn");

int main(int argc, char** argv) {
  return district::RunService(
      argc, argv, district::identity::v1::IdentityService::service_full_name(),
      [](district::Store* store) -> absl::StatusOr<std::unique_ptr<grpc::Service>> {
        district::identity::IdentityOptions options;
        options.token_lifetime = absl::GetFlag(FLAGS_access_token_lifetime);
        options.issuer = absl::GetFlag(FLAGS_identity_issuer);
        options.limits.account_failures = absl::GetFlag(FLAGS_sign_in_lock_failures);
        options.limits.address_failures = absl::GetFlag(FLAGS_sign_in_lock_address_failures);
        options.limits.lock_time = absl::GetFlag(FLAGS_sign_in_lock_time);
        options.limits.delay_per_failure = absl::GetFlag(FLAGS_sign_in_failure_delay);
        options.hash_concurrency = absl::GetFlag(FLAGS_password_hash_concurrency);
        // With authentication on (a tokens file, whose admin token creates the first people),
        // the people's own tokens are verified here too, against this service's keys directly.
        if (!absl::GetFlag(FLAGS_tokens_file).empty()) {
          auto verifier = std::make_shared<district::AccessTokenVerifier>(
              options.issuer, district::kAccessTokenAudience);
          district::InstallAccessTokenVerifier(verifier);
          options.on_keys = [verifier](absl::flat_hash_map<std::string, std::string> keys) {
            verifier->SetKeys(std::move(keys));
          };
        }
        return district::identity::IdentityServiceImpl::Open(store, std::move(options));
      });
}
