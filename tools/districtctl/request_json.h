// The JSON of the requests districtctl sends, built with nlohmann::json from what is typed on the
// command line: every string escaped as JSON requires, numbers and booleans as such. The services'
// own JSON mapping (protobuf's, in tools/rpc) then reads it into the request message.
#ifndef DISTRICT_TOOLS_DISTRICTCTL_REQUEST_JSON_H_
#define DISTRICT_TOOLS_DISTRICTCTL_REQUEST_JSON_H_

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "absl/status/statusor.h"

namespace district::ctl {

// "2020-03-30" as a district.common.v1.Date: {"year": 2020, "month": 3, "day": 30}.
// INVALID_ARGUMENT for anything else.
absl::StatusOr<nlohmann::json> DateJson(const std::string& text);

// FIELD=VALUE arguments as the fields of a request: a value that reads as an integer or as
// true/false is one, anything else a string. INVALID_ARGUMENT naming an argument without "=", or
// one that is not UTF-8 (JSON cannot carry it).
absl::StatusOr<nlohmann::json> FiltersJson(const std::vector<std::string>& filters);

// `text` parsed as a JSON object (a resource typed on the command line); INVALID_ARGUMENT naming
// `what` when it is not one.
absl::StatusOr<nlohmann::json> ObjectJson(const std::string& text, const std::string& what);

// `request` as the JSON text to send. INVALID_ARGUMENT when a string in it is not UTF-8 (an id or
// a flag typed so), which JSON cannot carry: nlohmann::json's dump() would throw.
absl::StatusOr<std::string> RequestText(const nlohmann::json& request);

}  // namespace district::ctl

#endif  // DISTRICT_TOOLS_DISTRICTCTL_REQUEST_JSON_H_
