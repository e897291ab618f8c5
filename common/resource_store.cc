#include "common/resource_store.h"

#include "absl/strings/numbers.h"
#include "common/errors.h"

namespace district {

absl::Status CheckEtag(absl::string_view given, absl::string_view current, absl::string_view what) {
  if (!given.empty() && given != current) {
    return absl::AbortedError(absl::StrCat(what, " changed since it was read (etag ", given,
                                           ", now ", current, "); read it again and retry"));
  }
  return absl::OkStatus();
}

absl::StatusOr<std::string> UpdateEtag(absl::string_view request_etag,
                                       absl::string_view resource_etag, absl::string_view kind) {
  if (!request_etag.empty() && !resource_etag.empty() && request_etag != resource_etag) {
    return FieldError("etag", absl::StrCat("must equal ", kind, ".etag when both are set"),
                      "提交的两个版本标记不一致，请刷新后重试");
  }
  return std::string(request_etag.empty() ? resource_etag : request_etag);
}

std::string NextEtag(absl::string_view etag) {
  int64_t revision = 0;
  (void)absl::SimpleAtoi(etag, &revision);
  return absl::StrCat(revision + 1);
}

}  // namespace district
