#include "common/page_token.h"

#include <memory>

#include <google/protobuf/io/coded_stream.h>
#include <google/protobuf/io/zero_copy_stream_impl_lite.h>

#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/errors.h"
#include "common/fingerprint.h"

namespace district {
namespace {
constexpr absl::string_view kVersion = "v2";

// A check over the token's content, so that a character changed on the way (or by hand) is a
// malformed token rather than another position. Not a secret: reads are not scoped, so a token
// grants nothing that asking for that position would not.
std::string Check(absl::string_view content) {
  return absl::StrCat(absl::Hex(Fingerprint64(absl::StrCat("district-page-token:", content))));
}

// A token this service did not make, or altered on the way.
absl::Status MalformedPageToken(absl::string_view rule) {
  return FieldError("page_token", rule, "翻页标记无效，请从第一页重新查询");
}

}  // namespace

uint64_t QueryFingerprint(const google::protobuf::Message& request) {
  std::unique_ptr<google::protobuf::Message> query(request.New());
  query->CopyFrom(request);
  const google::protobuf::Descriptor* d = query->GetDescriptor();
  for (const char* name : {"page_size", "page_token"}) {
    if (const auto* field = d->FindFieldByName(name))
      query->GetReflection()->ClearField(query.get(), field);
  }
  // The request's type first: an empty ListBuildingsRequest and an empty ListParksRequest are
  // the same bytes, and a token of one must not page the other.
  std::string bytes = d->full_name() + '\0';
  {
    google::protobuf::io::StringOutputStream out(&bytes);
    google::protobuf::io::CodedOutputStream coded(&out);
    coded.SetSerializationDeterministic(true);
    query->SerializeToCodedStream(&coded);
  }
  return Fingerprint64(bytes);
}

std::string EncodePageToken(uint64_t query_fingerprint, absl::string_view last_id) {
  const std::string content =
      absl::StrCat(kVersion, ":", absl::Hex(query_fingerprint), ":", last_id);
  return absl::WebSafeBase64Escape(absl::StrCat(Check(content), ":", content));
}

absl::StatusOr<std::string> DecodePageToken(absl::string_view token, uint64_t query_fingerprint) {
  if (token.empty()) return std::string();
  std::string raw;
  if (!absl::WebSafeBase64Unescape(token, &raw)) return MalformedPageToken("malformed");
  const size_t colon = raw.find(':');
  if (colon == std::string::npos || raw.substr(0, colon) != Check(raw.substr(colon + 1))) {
    return MalformedPageToken("malformed (altered, or not one of ours)");
  }
  raw = raw.substr(colon + 1);
  std::vector<std::string> parts = absl::StrSplit(raw, absl::MaxSplits(':', 2));
  uint64_t fp = 0;
  if (parts.size() != 3 || parts[0] != kVersion || !absl::SimpleHexAtoi(parts[1], &fp) ||
      parts[2].empty()) {
    return MalformedPageToken("malformed");
  }
  if (fp != query_fingerprint) {
    return FieldError("page_token", "was issued for a different query (filters changed)",
                      "筛选条件已改变，请从第一页重新查询");
  }
  return parts[2];
}

}  // namespace district
