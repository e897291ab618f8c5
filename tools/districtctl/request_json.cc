#include "tools/districtctl/request_json.h"

#include "absl/strings/escaping.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"

namespace district::ctl {

absl::StatusOr<nlohmann::json> DateJson(const std::string& text) {
  std::vector<std::string> parts = absl::StrSplit(text, '-');
  int y = 0, m = 0, d = 0;
  if (parts.size() != 3 || !absl::SimpleAtoi(parts[0], &y) || !absl::SimpleAtoi(parts[1], &m) ||
      !absl::SimpleAtoi(parts[2], &d)) {
    return absl::InvalidArgumentError(absl::StrCat("not a date (YYYY-MM-DD): ", text));
  }
  return nlohmann::json{{"year", y}, {"month", m}, {"day", d}};
}

absl::StatusOr<nlohmann::json> FiltersJson(const std::vector<std::string>& filters) {
  nlohmann::json fields = nlohmann::json::object();
  for (const std::string& f : filters) {
    std::vector<std::string> kv = absl::StrSplit(f, absl::MaxSplits('=', 1));
    if (kv.size() != 2 || kv[0].empty()) {
      return absl::InvalidArgumentError(absl::StrCat("filter ", f, ": use FIELD=VALUE"));
    }
    if (!RequestText(nlohmann::json(f)).ok()) {
      return absl::InvalidArgumentError(
          absl::StrCat("filter ", absl::CHexEscape(f), ": not UTF-8 text"));
    }
    int64_t n = 0;
    if (absl::SimpleAtoi(kv[1], &n)) {
      fields[kv[0]] = n;
    } else if (kv[1] == "true" || kv[1] == "false") {
      fields[kv[0]] = kv[1] == "true";
    } else {
      fields[kv[0]] = kv[1];
    }
  }
  return fields;
}

absl::StatusOr<nlohmann::json> ObjectJson(const std::string& text, const std::string& what) {
  nlohmann::json parsed = nlohmann::json::parse(text, nullptr, /*allow_exceptions=*/false);
  if (parsed.is_discarded() || !parsed.is_object()) {
    return absl::InvalidArgumentError(absl::StrCat(what, ": not a JSON object: ", text));
  }
  return parsed;
}

absl::StatusOr<std::string> RequestText(const nlohmann::json& request) {
  try {
    return request.dump();
  } catch (const nlohmann::json::type_error& e) {  // 316: a string that is not UTF-8
    return absl::InvalidArgumentError(absl::StrCat("an argument is not UTF-8 text: ", e.what()));
  }
}

}  // namespace district::ctl
