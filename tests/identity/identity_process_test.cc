// The identity service and a project service as real processes on loopback, each with its own
// RocksDB in a temporary directory: sign-in, lockout, password resets, sessions, and the access
// tokens the project service verifies locally (common/access_token.h, common/identity_keys.h).
#include <fstream>
#include <thread>

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include <jwt.h>

#include "absl/strings/match.h"
#include "common/access_token.h"
#include "common/auth.h"
#include "district/audit/v1/audit.grpc.pb.h"
#include "district/identity/v1/identity_service.grpc.pb.h"
#include "district/project/v1/project_service.grpc.pb.h"
#include "tests/support/call_as.h"
#include "tests/support/spawned_server.h"
#include "tests/support/temp_dir.h"

namespace district::identity {
namespace {

using district::testing::CallAs;
using district::testing::SpawnedServer;

constexpr char kAdminToken[] = "machine-admin-token-for-tests";
constexpr int kLifetimeSeconds = 3;

class IdentityProcessTest : public ::testing::Test {
 protected:
  void SetUp() override {
    const std::string tokens = dir_.Sub("tokens");
    std::ofstream(tokens) << Sha256Hex(kAdminToken) << " seed admin\n";
    auto identity =
        SpawnedServer::Start(IDENTITY_SERVER_PATH,
                             {"--data_dir=" + dir_.Sub("identity"), "--tokens_file=" + tokens,
                              "--access_token_lifetime=" + std::to_string(kLifetimeSeconds) + "s",
                              "--sign_in_lock_failures=3", "--sign_in_lock_address_failures=100",
                              "--sign_in_lock_time=2s", "--sign_in_failure_delay=0s"},
                             dir_.Sub("identity.log"));
    ASSERT_TRUE(identity.ok()) << identity.status();
    identity_ = std::make_unique<SpawnedServer>(*std::move(identity));
    auto project = SpawnedServer::Start(
        PROJECT_SERVER_PATH,
        {"--data_dir=" + dir_.Sub("project"), "--tokens_file=" + tokens,
         "--identity_addr=" + identity_->address(), "--identity_keys_refresh=1s"},
        dir_.Sub("project.log"));
    ASSERT_TRUE(project.ok()) << project.status();
    project_ = std::make_unique<SpawnedServer>(*std::move(project));
    ids_ = v1::IdentityService::NewStub(
        grpc::CreateChannel(identity_->address(), grpc::InsecureChannelCredentials()));
    projects_ = project::v1::ProjectService::NewStub(
        grpc::CreateChannel(project_->address(), grpc::InsecureChannelCredentials()));
  }

  // Creates a person with `password` ("" for a one-time one), returning the response.
  v1::CreatePersonResponse Create(const std::string& login, v1::PersonRole role,
                                  const std::string& password) {
    v1::CreatePersonRequest request;
    request.mutable_person()->set_login_name(login);
    request.mutable_person()->set_display_name("张三");
    request.mutable_person()->set_unit("区住建局");
    request.mutable_person()->add_roles(role);
    request.set_initial_password(password);
    v1::CreatePersonResponse response;
    grpc::Status s =
        CallAs(kAdminToken, *ids_, &v1::IdentityService::Stub::CreatePerson, request, &response);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return response;
  }

  grpc::Status SignIn(const std::string& login, const std::string& password,
                      v1::SignInResponse* response) {
    v1::SignInRequest request;
    request.set_login_name(login);
    request.set_password(password);
    return CallAs("", *ids_, &v1::IdentityService::Stub::SignIn, request, response);
  }

  grpc::Status Refresh(const std::string& session, v1::RefreshAccessTokenResponse* response) {
    v1::RefreshAccessTokenRequest request;
    request.set_session_id(session);
    return CallAs("", *ids_, &v1::IdentityService::Stub::RefreshAccessToken, request, response);
  }

  // A read on the project server with `token`.
  grpc::Status ReadProjects(const std::string& token) {
    project::v1::ListProjectsRequest request;
    project::v1::ListProjectsResponse response;
    return CallAs(token, *projects_, &project::v1::ProjectService::Stub::ListProjects, request,
                  &response);
  }

  // Waits up to `seconds` for the project server to answer `token` with `code`.
  bool ProjectAnswers(const std::string& token, grpc::StatusCode code, double seconds) {
    const absl::Time end = absl::Now() + absl::Seconds(seconds);
    while (ReadProjects(token).error_code() != code) {
      if (absl::Now() > end) return false;
      absl::SleepFor(absl::Milliseconds(100));
    }
    return true;
  }

  district::testing::TempDir dir_;
  std::unique_ptr<SpawnedServer> identity_;
  std::unique_ptr<SpawnedServer> project_;
  std::unique_ptr<v1::IdentityService::Stub> ids_;
  std::unique_ptr<project::v1::ProjectService::Stub> projects_;
};

TEST_F(IdentityProcessTest, WrongPasswordAndUnknownUserAreIndistinguishable) {
  Create("zhangsan", v1::PERSON_ROLE_EDITOR, "correct-horse-1");
  v1::SignInResponse out;
  const grpc::Status wrong = SignIn("zhangsan", "not-the-password", &out);
  const grpc::Status unknown = SignIn("nobody-here", "not-the-password", &out);
  EXPECT_EQ(wrong.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_EQ(unknown.error_code(), wrong.error_code());
  EXPECT_EQ(unknown.error_message(), wrong.error_message());
  EXPECT_EQ(unknown.error_details(), wrong.error_details());
  EXPECT_TRUE(SignIn("zhangsan", "correct-horse-1", &out).ok());
}

TEST_F(IdentityProcessTest, LockoutBeginsAtItsThresholdAndEndsAfterItsTime) {
  Create("lisi", v1::PERSON_ROLE_VIEWER, "correct-horse-2");
  v1::SignInResponse out;
  // Two failures (one below the threshold of 3): the right password still works, and clears them.
  for (int i = 0; i < 2; ++i) EXPECT_FALSE(SignIn("lisi", "wrong-password", &out).ok());
  ASSERT_TRUE(SignIn("lisi", "correct-horse-2", &out).ok());
  // Three failures: locked, the right password refused.
  for (int i = 0; i < 3; ++i) EXPECT_FALSE(SignIn("lisi", "wrong-password", &out).ok());
  const grpc::Status locked = SignIn("lisi", "correct-horse-2", &out);
  EXPECT_EQ(locked.error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_TRUE(absl::StrContains(locked.error_message(), "locked")) << locked.error_message();
  // An unknown name locks the same way (a lock says nothing of whether the account exists).
  for (int i = 0; i < 3; ++i) EXPECT_FALSE(SignIn("ghost", "wrong-password", &out).ok());
  EXPECT_EQ(SignIn("ghost", "wrong-password", &out).error_message(), locked.error_message());
  absl::SleepFor(absl::Milliseconds(2100));
  EXPECT_TRUE(SignIn("lisi", "correct-horse-2", &out).ok());
}

TEST_F(IdentityProcessTest, PasswordResetForcesAChange) {
  const v1::Person person = Create("wangwu", v1::PERSON_ROLE_EDITOR, "correct-horse-3").person();
  v1::SignInResponse before;
  ASSERT_TRUE(SignIn("wangwu", "correct-horse-3", &before).ok());
  v1::ResetPasswordRequest reset;
  reset.set_id(person.id());
  v1::ResetPasswordResponse one_time;
  ASSERT_TRUE(
      CallAs(kAdminToken, *ids_, &v1::IdentityService::Stub::ResetPassword, reset, &one_time).ok());
  ASSERT_EQ(one_time.one_time_password().size(), 16u);
  v1::RefreshAccessTokenResponse refreshed;
  EXPECT_EQ(Refresh(before.session_id(), &refreshed).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);  // the reset ended the session
  EXPECT_FALSE(SignIn("wangwu", "correct-horse-3", &before).ok());

  v1::SignInResponse must_change;
  ASSERT_TRUE(SignIn("wangwu", one_time.one_time_password(), &must_change).ok());
  EXPECT_TRUE(must_change.must_change_password());
  EXPECT_EQ(ReadProjects(must_change.access_token()).error_code(),
            grpc::StatusCode::UNAUTHENTICATED);

  v1::ChangePasswordRequest change;
  change.set_login_name("wangwu");
  change.set_old_password(one_time.one_time_password());
  change.set_new_password("wangwu");  // the policy: not the login name, at least 10 characters
  google::protobuf::Empty empty;
  EXPECT_EQ(
      CallAs("", *ids_, &v1::IdentityService::Stub::ChangePassword, change, &empty).error_code(),
      grpc::StatusCode::INVALID_ARGUMENT);
  change.set_new_password("a-new-long-password");
  ASSERT_TRUE(CallAs("", *ids_, &v1::IdentityService::Stub::ChangePassword, change, &empty).ok());
  v1::SignInResponse after;
  ASSERT_TRUE(SignIn("wangwu", "a-new-long-password", &after).ok());
  EXPECT_FALSE(after.must_change_password());
  EXPECT_TRUE(ProjectAnswers(after.access_token(), grpc::StatusCode::OK, 5));
}

TEST_F(IdentityProcessTest, SignOutEndsTheSession) {
  Create("zhaoliu", v1::PERSON_ROLE_VIEWER, "correct-horse-4");
  v1::SignInResponse in;
  ASSERT_TRUE(SignIn("zhaoliu", "correct-horse-4", &in).ok());
  v1::RefreshAccessTokenResponse refreshed;
  ASSERT_TRUE(Refresh(in.session_id(), &refreshed).ok());
  v1::SignOutRequest out;
  out.set_session_id(in.session_id());
  google::protobuf::Empty empty;
  ASSERT_TRUE(CallAs("", *ids_, &v1::IdentityService::Stub::SignOut, out, &empty).ok());
  EXPECT_EQ(Refresh(in.session_id(), &refreshed).error_code(), grpc::StatusCode::UNAUTHENTICATED);
}

TEST_F(IdentityProcessTest, ADisabledPersonsTokenIsRefusedWithinOneTokenLifetime) {
  const v1::Person person = Create("sunqi", v1::PERSON_ROLE_VIEWER, "correct-horse-5").person();
  v1::SignInResponse in;
  ASSERT_TRUE(SignIn("sunqi", "correct-horse-5", &in).ok());
  ASSERT_TRUE(ProjectAnswers(in.access_token(), grpc::StatusCode::OK, 5));
  const absl::Time disabled_at = absl::Now();
  v1::UpdatePersonRequest update;
  update.mutable_person()->set_id(person.id());
  update.mutable_person()->set_state(v1::Person::DISABLED);
  update.mutable_update_mask()->add_paths("state");
  v1::Person stored;
  ASSERT_TRUE(
      CallAs(kAdminToken, *ids_, &v1::IdentityService::Stub::UpdatePerson, update, &stored).ok());
  v1::RefreshAccessTokenResponse refreshed;
  EXPECT_EQ(Refresh(in.session_id(), &refreshed).error_code(), grpc::StatusCode::UNAUTHENTICATED);
  EXPECT_FALSE(SignIn("sunqi", "correct-horse-5", &in).ok());
  ASSERT_TRUE(
      ProjectAnswers(in.access_token(), grpc::StatusCode::UNAUTHENTICATED, kLifetimeSeconds + 1.5));
  EXPECT_LE(absl::Now() - disabled_at, absl::Seconds(kLifetimeSeconds + 1.5));
}

TEST_F(IdentityProcessTest, TokensOfAnotherKeyOrExpiredAreUnauthenticated) {
  Create("qianba", v1::PERSON_ROLE_ADMIN, "correct-horse-6");
  v1::SignInResponse in;
  ASSERT_TRUE(SignIn("qianba", "correct-horse-6", &in).ok());
  ASSERT_TRUE(ProjectAnswers(in.access_token(), grpc::StatusCode::OK, 5));
  // The same claims and key id, signed by another key.
  const std::string kid = AccessTokenVerifier::KeyIdOf(in.access_token());
  absl::StatusOr<KeyPairPem> other = GenerateSigningKeyPair();
  ASSERT_TRUE(other.ok());
  AccessClaims claims;
  claims.person_id = in.person().id();
  claims.roles = {"admin"};
  claims.issuer = "district-identity";
  claims.issued_at = absl::Now();
  claims.expires_at = absl::Now() + absl::Minutes(5);
  absl::StatusOr<std::string> forged = SignAccessToken(claims, kid, other->private_key_pem);
  ASSERT_TRUE(forged.ok());
  EXPECT_EQ(ReadProjects(*forged).error_code(), grpc::StatusCode::UNAUTHENTICATED);
  // The real token, once expired.
  EXPECT_TRUE(
      ProjectAnswers(in.access_token(), grpc::StatusCode::UNAUTHENTICATED, kLifetimeSeconds + 1.5));
  // The machine tokens of the tokens file still work beside people's.
  EXPECT_TRUE(ReadProjects(kAdminToken).ok());
}

TEST_F(IdentityProcessTest, RotationKeepsOldTokensValidUntilTheyExpire) {
  Create("zhoujiu", v1::PERSON_ROLE_VIEWER, "correct-horse-7");
  v1::SignInResponse old_in;
  ASSERT_TRUE(SignIn("zhoujiu", "correct-horse-7", &old_in).ok());
  ASSERT_TRUE(ProjectAnswers(old_in.access_token(), grpc::StatusCode::OK, 5));
  v1::VerificationKeys keys;
  ASSERT_TRUE(CallAs(kAdminToken, *ids_, &v1::IdentityService::Stub::RotateSigningKey,
                     v1::RotateSigningKeyRequest(), &keys)
                  .ok());
  EXPECT_EQ(keys.keys_size(), 2);
  v1::SignInResponse new_in;
  ASSERT_TRUE(SignIn("zhoujiu", "correct-horse-7", &new_in).ok());
  EXPECT_NE(AccessTokenVerifier::KeyIdOf(new_in.access_token()),
            AccessTokenVerifier::KeyIdOf(old_in.access_token()));
  // The new key is fetched when first presented; the old token stays good meanwhile.
  EXPECT_TRUE(ProjectAnswers(new_in.access_token(), grpc::StatusCode::OK, 3));
  EXPECT_TRUE(ReadProjects(old_in.access_token()).ok());
}

TEST_F(IdentityProcessTest, NoHashPasswordOrPrivateKeyInAnyResponseOrLog) {
  const v1::CreatePersonResponse created = Create("wushi", v1::PERSON_ROLE_EDITOR, "");
  ASSERT_FALSE(created.one_time_password().empty());
  std::string seen = created.SerializeAsString();
  v1::SignInResponse in;
  ASSERT_TRUE(SignIn("wushi", created.one_time_password(), &in).ok());
  seen += in.SerializeAsString();
  v1::ListPeopleResponse people;
  ASSERT_TRUE(CallAs(kAdminToken, *ids_, &v1::IdentityService::Stub::ListPeople,
                     v1::ListPeopleRequest(), &people)
                  .ok());
  seen += people.SerializeAsString();
  v1::VerificationKeys keys;
  ASSERT_TRUE(CallAs("", *ids_, &v1::IdentityService::Stub::GetVerificationKeys,
                     v1::GetVerificationKeysRequest(), &keys)
                  .ok());
  seen += keys.SerializeAsString();
  auto audit = audit::v1::AuditService::NewStub(
      grpc::CreateChannel(identity_->address(), grpc::InsecureChannelCredentials()));
  audit::v1::ListAuditEntriesRequest entries_request;
  audit::v1::ListAuditEntriesResponse entries;
  ASSERT_TRUE(CallAs(kAdminToken, *audit, &audit::v1::AuditService::Stub::ListAuditEntries,
                     entries_request, &entries)
                  .ok());
  EXPECT_GT(entries.entries_size(), 0);
  seen += entries.SerializeAsString();
  std::ifstream log(dir_.Sub("identity.log"));
  const std::string log_text((std::istreambuf_iterator<char>(log)), {});
  for (const std::string& text : {seen, log_text}) {
    EXPECT_FALSE(absl::StrContains(text, "$argon2"));
    EXPECT_FALSE(absl::StrContains(text, "PRIVATE KEY"));
  }
  EXPECT_FALSE(absl::StrContains(log_text, created.one_time_password()));
  EXPECT_FALSE(absl::StrContains(people.SerializeAsString(), created.one_time_password()));
}

// The verifier itself: what a token must be besides well signed.
TEST(AccessTokenVerifierTest, RefusesOtherAudienceIssuerAlgorithmAndChangeOnlyTokens) {
  absl::StatusOr<KeyPairPem> key = GenerateSigningKeyPair();
  ASSERT_TRUE(key.ok());
  AccessTokenVerifier verifier("district-identity", kAccessTokenAudience);
  verifier.SetKeys({{"k1", key->public_key_pem}});
  AccessClaims claims;
  claims.person_id = "U00000001";
  claims.roles = {"reviewer"};
  claims.scope_unit = "区住建局";
  claims.issuer = "district-identity";
  claims.issued_at = absl::Now();
  claims.expires_at = absl::Now() + absl::Minutes(1);
  const auto verify = [&](const AccessClaims& c) {
    absl::StatusOr<std::string> token = SignAccessToken(c, "k1", key->private_key_pem);
    EXPECT_TRUE(token.ok());
    return verifier.Verify(*token, absl::Now());
  };
  absl::StatusOr<std::shared_ptr<const Principal>> good = verify(claims);
  ASSERT_TRUE(good.ok()) << good.status();
  EXPECT_EQ((*good)->role, Role::kReviewer);
  EXPECT_EQ((*good)->scope.dimension, Scope::Dimension::kUnit);
  AccessClaims other = claims;
  other.audience = "another-suite";
  EXPECT_TRUE(absl::IsUnauthenticated(verify(other).status()));
  other = claims;
  other.issuer = "someone-else";
  EXPECT_TRUE(absl::IsUnauthenticated(verify(other).status()));
  other = claims;
  other.expires_at = absl::Now() - absl::Seconds(1);
  EXPECT_TRUE(absl::IsUnauthenticated(verify(other).status()));
  other = claims;
  other.change_password_only = true;
  EXPECT_TRUE(absl::IsUnauthenticated(verify(other).status()));
  // HS256 with the public key as its secret (the key-confusion forgery) and "none".
  jwt_t* raw = nullptr;
  ASSERT_EQ(jwt_new(&raw), 0);
  jwt_add_grants_json(raw, R"({"sub":"U1","roles":["admin"],"aud":"district-suite",)"
                           R"("iss":"district-identity","iat":1,"exp":99999999999})");
  jwt_add_header(raw, "kid", "k1");
  jwt_set_alg(raw, JWT_ALG_HS256,
              reinterpret_cast<const unsigned char*>(key->public_key_pem.data()),
              static_cast<int>(key->public_key_pem.size()));
  char* hs = jwt_encode_str(raw);
  EXPECT_TRUE(absl::IsUnauthenticated(verifier.Verify(hs, absl::Now()).status()));
  free(hs);
  jwt_free(raw);
}

}  // namespace
}  // namespace district::identity
