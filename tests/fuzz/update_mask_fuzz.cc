// Update masks (common/update_mask.h) on a project: the input's first line is the mask's paths,
// comma-separated (empty: no mask); the rest the patch, as protobuf JSON. Whatever they are, a
// refused mask leaves the stored project unchanged, and an accepted one changes exactly the fields
// it names (or, without a mask, the updatable fields the patch populates) to the patch's values.
#include <google/protobuf/util/field_mask_util.h>
#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/message_differencer.h>

#include <algorithm>
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <vector>

#include "absl/strings/str_split.h"
#include "absl/strings/string_view.h"
#include "common/update_mask.h"
#include "district/project/v1/project.pb.h"

namespace {

using district::project::v1::Project;
using google::protobuf::FieldDescriptor;
using google::protobuf::util::FieldMaskUtil;
using google::protobuf::util::MessageDifferencer;

// Every field but the id and etag (which the mechanism, not the list, is under test here).
std::vector<std::string> Updatable() {
  std::vector<std::string> names;
  const auto* d = Project::descriptor();
  for (int i = 0; i < d->field_count(); ++i) {
    if (d->field(i)->name() != "id" && d->field(i)->name() != "etag") {
      names.push_back(d->field(i)->name());
    }
  }
  return names;
}

Project Stored() {
  Project p;
  p.set_id("P00000001");
  p.set_name("林德液压精密智驱动系列产品项目");
  p.set_owner("林德液压");
  p.set_total_investment_yuan(1000000000);
  p.set_land_area_mu(240);
  p.set_leader("王书记");
  p.add_tags("省重点");
  return p;
}

bool SameField(const Project& a, const Project& b, const FieldDescriptor* field) {
  google::protobuf::FieldMask only;
  only.add_paths(field->name());
  Project x = a, y = b;
  FieldMaskUtil::TrimMessage(only, &x);
  FieldMaskUtil::TrimMessage(only, &y);
  return MessageDifferencer::Equals(x, y);
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  static const std::vector<std::string> updatable = Updatable();
  const absl::string_view input(reinterpret_cast<const char*>(data), size);
  const size_t eol = std::min(input.find('\n'), input.size());
  google::protobuf::FieldMask mask;
  for (absl::string_view path : absl::StrSplit(input.substr(0, eol), ',', absl::SkipEmpty())) {
    mask.add_paths(std::string(path));
  }
  Project patch;
  const std::string json(input.substr(std::min(eol + 1, input.size())));
  if (!google::protobuf::util::JsonStringToMessage(json, &patch).ok()) patch.Clear();

  const Project stored = Stored();
  Project updated = stored;
  const absl::Status s = district::ApplyUpdateMask(patch, mask, updatable, &updated);
  if (!s.ok()) {
    if (!MessageDifferencer::Equals(updated, stored)) abort();
    return 0;
  }
  const auto* reflection = patch.GetReflection();
  const auto* d = Project::descriptor();
  for (int i = 0; i < d->field_count(); ++i) {
    const FieldDescriptor* field = d->field(i);
    const bool listed =
        std::find(updatable.begin(), updatable.end(), field->name()) != updatable.end();
    const bool named =
        mask.paths().empty()
            ? listed && (field->is_repeated() ? reflection->FieldSize(patch, field) > 0
                                              : reflection->HasField(patch, field))
            : std::find(mask.paths().begin(), mask.paths().end(), field->name()) !=
                  mask.paths().end();
    if (!SameField(updated, named ? patch : stored, field)) abort();
  }
  return 0;
}
