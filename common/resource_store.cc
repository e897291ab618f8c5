#include "common/resource_store.h"

#include "absl/strings/numbers.h"

namespace district {

absl::Status CheckEtag(absl::string_view given, absl::string_view current, absl::string_view what) {
  if (!given.empty() && given != current) {
    return absl::AbortedError(absl::StrCat(what, " changed since it was read (etag ", given,
                                           ", now ", current, "); read it again and retry"));
  }
  return absl::OkStatus();
}

std::string NextEtag(absl::string_view etag) {
  int64_t revision = 0;
  (void)absl::SimpleAtoi(etag, &revision);
  return absl::StrCat(revision + 1);
}

}  // namespace district
