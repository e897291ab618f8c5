// districtctl's requests (tools/districtctl/request_json.h) from what is typed on its command
// line: the input's lines are its arguments. Each request is then serialized, as cli.cc does
// before sending it.
#include <cstddef>
#include <cstdint>
#include <string>
#include <vector>

#include "absl/strings/str_split.h"
#include "tools/districtctl/request_json.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string input(reinterpret_cast<const char*>(data), size);
  const std::vector<std::string> args = absl::StrSplit(input, '\n');
  if (auto date = district::ctl::DateJson(args[0]); date.ok()) (void)date->dump();
  if (auto filters = district::ctl::FiltersJson(args); filters.ok()) (void)filters->dump();
  if (auto object = district::ctl::ObjectJson(input, "project"); object.ok()) (void)object->dump();
  return 0;
}
