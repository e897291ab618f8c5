#include "common/update_mask.h"

#include <algorithm>

#include <google/protobuf/util/field_mask_util.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/errors.h"

namespace district {

absl::Status ApplyUpdateMask(const google::protobuf::Message& src,
                             const google::protobuf::FieldMask& mask,
                             const std::vector<std::string>& updatable,
                             google::protobuf::Message* dst) {
  google::protobuf::FieldMask effective;
  if (mask.paths().empty()) {
    const auto* descriptor = src.GetDescriptor();
    const auto* reflection = src.GetReflection();
    for (const std::string& path : updatable) {
      const auto* field = descriptor->FindFieldByName(path);
      if (field == nullptr) continue;
      const bool populated = field->is_repeated() ? reflection->FieldSize(src, field) > 0
                                                  : reflection->HasField(src, field);
      if (populated) effective.add_paths(path);
    }
    if (effective.paths().empty()) return absl::OkStatus();  // nothing to change
  } else {
    for (const std::string& path : mask.paths()) {
      if (std::find(updatable.begin(), updatable.end(), path) == updatable.end()) {
        return FieldError("update_mask",
                          absl::StrCat("path \"", path, "\" is not updatable; updatable: ",
                                       absl::StrJoin(updatable, ", ")),
                          absl::StrCat("“", path, "”不能修改"));
      }
    }
    effective = mask;
  }
  google::protobuf::util::FieldMaskUtil::MergeOptions options;
  options.set_replace_message_fields(true);
  options.set_replace_repeated_fields(true);
  google::protobuf::util::FieldMaskUtil::MergeMessageTo(src, effective, options, dst);
  return absl::OkStatus();
}

}  // namespace district
