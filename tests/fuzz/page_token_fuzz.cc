// Page tokens (common/page_token.h): any string a client sends as page_token is decoded without
// harm, and any last id comes back from the token made of it, for its query only.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>

#include "absl/strings/string_view.h"
#include "common/page_token.h"
#include "district/project/v1/project_service.pb.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const absl::string_view input(reinterpret_cast<const char*>(data), size);
  // The corpus holds tokens a project server gave for ListProjects with no filters.
  static const uint64_t query =
      district::QueryFingerprint(district::project::v1::ListProjectsRequest());

  absl::StatusOr<std::string> id = district::DecodePageToken(input, query);
  if (id.ok() && id->empty() != input.empty()) abort();  // "" only for no token

  if (input.empty()) return 0;
  const std::string token = district::EncodePageToken(query, input);
  absl::StatusOr<std::string> back = district::DecodePageToken(token, query);
  if (!back.ok() || *back != input) abort();
  if (district::DecodePageToken(token, query + 1).ok()) abort();  // another query's token
  return 0;
}
