// WatchReminders' resume tokens (services/project/reminder_watches.h): any string a client sends
// is parsed without harm; a token names exactly the keys it was made with, for its scope and
// secret only.
#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "services/project/reminder_watches.h"

namespace {

using district::project::ParseResumeToken;
using district::project::ResumeToken;

// The corpus holds tokens made with this secret for this scope (tests/fuzz/README.md).
constexpr char kSecret[] = "fuzz-resume-token-secret";

std::string Scope(const std::string& leader) {
  district::project::v1::WatchRemindersRequest request;
  request.set_leader(leader);
  return district::project::ResumeScope(request);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::string scope = Scope("刘副区长"), other_scope = Scope("王书记");
  const std::string input(reinterpret_cast<const char*>(data), size);
  absl::StatusOr<std::vector<uint64_t>> keys = ParseResumeToken(input, scope, kSecret);
  if (keys.ok()) {
    if (!std::is_sorted(keys->begin(), keys->end())) abort();
    absl::StatusOr<std::vector<uint64_t>> again =
        ParseResumeToken(ResumeToken(*keys, scope, kSecret), scope, kSecret);
    if (!again.ok() || *again != *keys) abort();
  }

  // The input's bytes as keys: their token names exactly them, and only where it was made.
  std::vector<uint64_t> held(size / sizeof(uint64_t));
  if (!held.empty()) std::memcpy(held.data(), data, held.size() * sizeof(uint64_t));
  const std::string token = ResumeToken(held, scope, kSecret);
  absl::StatusOr<std::vector<uint64_t>> back = ParseResumeToken(token, scope, kSecret);
  std::sort(held.begin(), held.end());
  if (!back.ok() || *back != held) abort();
  if (!held.empty() && ParseResumeToken(token, other_scope, kSecret).ok()) abort();
  if (!held.empty() && ParseResumeToken(token, scope, "another secret").ok()) abort();
  return 0;
}
