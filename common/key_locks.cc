#include "common/key_locks.h"

#include <set>

#include "common/fingerprint.h"

namespace district {

std::mutex& KeyLocks::For(absl::string_view key) {
  return stripes_[Fingerprint64(key) % stripes_.size()];
}

std::vector<std::unique_lock<std::mutex>> KeyLocks::LockAll(const std::vector<std::string>& keys) {
  std::set<size_t> stripes;
  for (const std::string& key : keys) stripes.insert(Fingerprint64(key) % stripes_.size());
  std::vector<std::unique_lock<std::mutex>> locks;
  for (size_t stripe : stripes) locks.emplace_back(stripes_[stripe]);
  return locks;
}

}  // namespace district
