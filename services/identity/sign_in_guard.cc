#include "services/identity/sign_in_guard.h"

#include <algorithm>

namespace district::identity {

SignInGuard::SignInGuard(SignInLimits limits, std::function<absl::Time()> now)
    : limits_(limits), now_(std::move(now)) {}

bool SignInGuard::IsLocked(absl::flat_hash_map<std::string, Count>& counts, const std::string& key,
                           absl::Time now) {
  auto it = counts.find(key);
  if (it == counts.end()) return false;
  if (now < it->second.locked_until) return true;
  if (it->second.locked_until != absl::InfinitePast()) counts.erase(it);  // the lock has ended
  return false;
}

bool SignInGuard::Locked(const std::string& account, const std::string& address) {
  absl::MutexLock lock(&mu_);
  const absl::Time now = now_();
  const bool by_account = IsLocked(accounts_, account, now);
  const bool by_address = IsLocked(addresses_, address, now);
  return by_account || by_address;
}

int SignInGuard::Fail(absl::flat_hash_map<std::string, Count>& counts, const std::string& key,
                      int threshold, absl::Time now) {
  Count& count = counts[key];
  if (++count.failures >= threshold) count.locked_until = now + limits_.lock_time;
  return count.failures;
}

absl::Duration SignInGuard::Failed(const std::string& account, const std::string& address) {
  absl::MutexLock lock(&mu_);
  const absl::Time now = now_();
  const int failures = Fail(accounts_, account, limits_.account_failures, now);
  Fail(addresses_, address, limits_.address_failures, now);
  // Bounded: a memory-filling flood of names forgets the oldest counts all at once.
  if (accounts_.size() > 100000) accounts_.clear();
  if (addresses_.size() > 100000) addresses_.clear();
  return std::min(limits_.delay_per_failure * failures, absl::Seconds(2));
}

void SignInGuard::Succeeded(const std::string& account) {
  absl::MutexLock lock(&mu_);
  accounts_.erase(account);
}

}  // namespace district::identity
