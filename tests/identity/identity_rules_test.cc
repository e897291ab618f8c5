// The identity service's rules without a server: the lockout's arithmetic on an injected clock,
// and the password hashes and policy.
#include <gtest/gtest.h>

#include "absl/strings/match.h"
#include "services/identity/passwords.h"
#include "services/identity/sign_in_guard.h"

namespace district::identity {
namespace {

TEST(SignInGuardTest, AnAccountLocksExactlyAtItsThresholdAndUnlocksAfterItsTime) {
  absl::Time now = absl::FromUnixSeconds(1000000);
  SignInGuard guard({/*account_failures=*/3, /*address_failures=*/100, absl::Minutes(15),
                     absl::Milliseconds(200)},
                    [&] { return now; });
  EXPECT_EQ(guard.Failed("lisi", "ipv4:10.0.0.1"), absl::Milliseconds(200));
  EXPECT_EQ(guard.Failed("lisi", "ipv4:10.0.0.1"), absl::Milliseconds(400));
  EXPECT_FALSE(guard.Locked("lisi", "ipv4:10.0.0.1"));  // two failures: one below
  guard.Failed("lisi", "ipv4:10.0.0.1");
  EXPECT_TRUE(guard.Locked("lisi", "ipv4:10.0.0.2"));  // the account, from any address
  EXPECT_FALSE(guard.Locked("wangwu", "ipv4:10.0.0.1"));
  now += absl::Minutes(15) - absl::Seconds(1);
  EXPECT_TRUE(guard.Locked("lisi", "ipv4:10.0.0.1"));
  now += absl::Seconds(1);
  EXPECT_FALSE(guard.Locked("lisi", "ipv4:10.0.0.1"));
  // The lock ended with its count: one more failure does not lock again.
  guard.Failed("lisi", "ipv4:10.0.0.1");
  EXPECT_FALSE(guard.Locked("lisi", "ipv4:10.0.0.1"));
}

TEST(SignInGuardTest, AnAddressLocksAcrossAccountsAndTheDelayIsBounded) {
  absl::Time now = absl::FromUnixSeconds(1000000);
  SignInGuard guard({100, /*address_failures=*/4, absl::Minutes(1), absl::Seconds(1)},
                    [&] { return now; });
  for (int i = 0; i < 3; ++i) guard.Failed("name" + std::to_string(i), "ipv4:10.0.0.9");
  EXPECT_FALSE(guard.Locked("someone", "ipv4:10.0.0.9"));
  guard.Failed("name3", "ipv4:10.0.0.9");
  EXPECT_TRUE(guard.Locked("someone", "ipv4:10.0.0.9"));
  EXPECT_FALSE(guard.Locked("someone", "ipv4:10.0.0.8"));
  for (int i = 0; i < 5; ++i) guard.Failed("same", "ipv4:10.0.0.7");
  EXPECT_EQ(guard.Failed("same", "ipv4:10.0.0.7"), absl::Seconds(2));
}

TEST(SignInGuardTest, ASuccessClearsTheAccountsCount) {
  SignInGuard guard({2, 100, absl::Minutes(1), absl::ZeroDuration()});
  guard.Failed("zhaoliu", "a");
  guard.Succeeded("zhaoliu");
  guard.Failed("zhaoliu", "a");
  EXPECT_FALSE(guard.Locked("zhaoliu", "a"));
}

TEST(PasswordsTest, Argon2idHashesVerifyAndCarryTheirParameters) {
  absl::StatusOr<std::unique_ptr<Passwords>> passwords = Passwords::Create(1);
  ASSERT_TRUE(passwords.ok()) << passwords.status();
  absl::StatusOr<std::string> hash = (*passwords)->Hash("correct-horse-battery");
  ASSERT_TRUE(hash.ok());
  EXPECT_TRUE(absl::StartsWith(*hash, "$argon2id$v=19$m=")) << *hash;
  EXPECT_TRUE((*passwords)->Verify("correct-horse-battery", *hash));
  EXPECT_FALSE((*passwords)->Verify("correct-horse-batterY", *hash));
  EXPECT_FALSE((*passwords)->NeedsRehash(*hash));
  // No such person: checked against the dummy hash, and false whatever the password.
  EXPECT_FALSE((*passwords)->Verify("correct-horse-battery", ""));
  EXPECT_FALSE((*passwords)->Verify("", ""));
}

TEST(PasswordsTest, ThePolicyAndOneTimePasswords) {
  EXPECT_TRUE(Passwords::CheckPolicy("ten-chars!", "zhangsan", "new_password").ok());
  EXPECT_TRUE(absl::IsInvalidArgument(Passwords::CheckPolicy("nine-char", "x", "new_password")));
  EXPECT_TRUE(Passwords::CheckPolicy("十个汉字的密码也可以用", "x", "p").ok());
  EXPECT_TRUE(
      absl::IsInvalidArgument(Passwords::CheckPolicy("zhangsan.li", "zhangsan.li", "password")));
  EXPECT_TRUE(
      absl::IsInvalidArgument(Passwords::CheckPolicy("ZhangSan.Li", "zhangsan.li", "password")));
  EXPECT_TRUE(absl::IsInvalidArgument(Passwords::CheckPolicy(std::string(129, 'a'), "x", "p")));
  const std::string one = Passwords::OneTimePassword();
  EXPECT_EQ(one.size(), 16u);
  EXPECT_TRUE(Passwords::CheckPolicy(one, "x", "p").ok());
  EXPECT_NE(one, Passwords::OneTimePassword());
}

}  // namespace
}  // namespace district::identity
