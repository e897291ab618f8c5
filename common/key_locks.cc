#include "common/key_locks.h"

#include "common/page_token.h"

namespace district {

std::mutex& KeyLocks::For(absl::string_view key) {
  return stripes_[Fingerprint64(key) % stripes_.size()];
}

}  // namespace district
