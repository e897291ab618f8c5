// districtctl's requests (tools/districtctl/request_json.h) from what is typed on its command
// line: the input's lines are its arguments. What the builders accept always serializes
// (RequestText, as cli.cc sends it); only an argument that is not UTF-8 may be refused there.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "absl/strings/str_split.h"
#include "tools/districtctl/request_json.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  using district::ctl::RequestText;
  const std::string input(reinterpret_cast<const char*>(data), size);
  const std::vector<std::string> args = absl::StrSplit(input, '\n');
  if (auto date = district::ctl::DateJson(args[0]); date.ok() && !RequestText(*date).ok()) abort();
  if (auto filters = district::ctl::FiltersJson(args); filters.ok()) {
    if (!RequestText(*filters).ok()) abort();
  }
  if (auto object = district::ctl::ObjectJson(input, "project"); object.ok()) {
    if (!RequestText(*object).ok()) abort();
  }
  (void)RequestText(nlohmann::json{{"id", input}});  // an id typed as is: refused, or sent
  return 0;
}
