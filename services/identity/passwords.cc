#include "services/identity/passwords.h"

#include <sodium.h>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "common/errors.h"

namespace district::identity {
namespace {

constexpr unsigned long long kOps = crypto_pwhash_OPSLIMIT_INTERACTIVE;
constexpr size_t kMemory = crypto_pwhash_MEMLIMIT_INTERACTIVE;

// Characters of a one-time password: no 0/O, 1/l/I, to be read aloud or copied by hand.
constexpr char kAlphabet[] = "abcdefghijkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ23456789";

// The number of characters (UTF-8 code points) of `text`.
size_t CodePoints(absl::string_view text) {
  size_t n = 0;
  for (unsigned char c : text) n += (c & 0xC0) != 0x80;
  return n;
}

}  // namespace

absl::StatusOr<std::unique_ptr<Passwords>> Passwords::Create(int concurrency) {
  if (sodium_init() < 0) return absl::InternalError("libsodium cannot start");
  std::unique_ptr<Passwords> p(new Passwords(std::max(1, concurrency)));
  absl::StatusOr<std::string> dummy = p->Hash(OneTimePassword());
  if (!dummy.ok()) return dummy.status();
  p->dummy_hash_ = *std::move(dummy);
  return p;
}

void Passwords::Acquire() const {
  absl::MutexLock lock(&mu_);
  mu_.Await(absl::Condition(
      +[](int* free) { return *free > 0; }, &free_));
  --free_;
}

void Passwords::Release() const {
  absl::MutexLock lock(&mu_);
  ++free_;
}

absl::StatusOr<std::string> Passwords::Hash(absl::string_view password) const {
  char out[crypto_pwhash_STRBYTES];
  Acquire();
  const int rc = crypto_pwhash_str(out, password.data(), password.size(), kOps, kMemory);
  Release();
  if (rc != 0) return absl::ResourceExhaustedError("not enough memory to hash a password");
  return std::string(out);
}

bool Passwords::Verify(absl::string_view password, absl::string_view hash) const {
  const std::string encoded(hash.empty() ? absl::string_view(dummy_hash_) : hash);
  Acquire();
  const int rc = crypto_pwhash_str_verify(encoded.c_str(), password.data(), password.size());
  Release();
  return rc == 0 && !hash.empty();
}

bool Passwords::NeedsRehash(absl::string_view hash) const {
  const std::string encoded(hash);
  return crypto_pwhash_str_needs_rehash(encoded.c_str(), kOps, kMemory) != 0;
}

absl::Status Passwords::CheckPolicy(absl::string_view password, absl::string_view login_name,
                                    absl::string_view field) {
  if (CodePoints(password) < 10) {
    return FieldError(field, "must be at least 10 characters", "密码至少 10 个字符");
  }
  if (password.size() > 128) {
    return FieldError(field, "must be at most 128 bytes", "密码过长");
  }
  if (absl::EqualsIgnoreCase(password, login_name)) {
    return FieldError(field, "must not be the login name", "密码不能与登录名相同");
  }
  return absl::OkStatus();
}

std::string Passwords::OneTimePassword() {
  std::string out;
  for (int i = 0; i < 16; ++i) {
    out.push_back(kAlphabet[randombytes_uniform(sizeof kAlphabet - 1)]);
  }
  return out;
}

}  // namespace district::identity
