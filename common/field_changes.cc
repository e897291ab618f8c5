#include "common/field_changes.h"

#include <memory>
#include <set>
#include <string>

#include <google/protobuf/util/json_util.h>
#include <google/protobuf/util/message_differencer.h>

#include "absl/strings/match.h"
#include "absl/strings/strip.h"

namespace district {
namespace {

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::util::MessageDifferencer;

// Collects the top-level fields a comparison found different.
class TopLevelFields : public MessageDifferencer::Reporter {
 public:
  void ReportAdded(const Message&, const Message&,
                   const std::vector<MessageDifferencer::SpecificField>& path) override {
    Note(path);
  }
  void ReportDeleted(const Message&, const Message&,
                     const std::vector<MessageDifferencer::SpecificField>& path) override {
    Note(path);
  }
  void ReportModified(const Message&, const Message&,
                      const std::vector<MessageDifferencer::SpecificField>& path) override {
    Note(path);
  }

  std::set<int> numbers;  // ordered: the changes come out in field-number order

 private:
  void Note(const std::vector<MessageDifferencer::SpecificField>& path) {
    if (!path.empty() && path[0].field != nullptr) numbers.insert(path[0].field->number());
  }
};

bool IsBookkeeping(const FieldDescriptor* field) {
  // A history field repeats what its own change (the stage) says.
  return absl::EndsWith(field->name(), "_history") || field->name() == "etag" ||
         field->name() == "update_time" || field->name() == "create_time";
}

// The JSON of `field`'s value in `message`, "" when unset: the message with only that field,
// printed, less the braces and the name.
std::string ValueJson(const Message& message, const FieldDescriptor* field) {
  const auto* reflection = message.GetReflection();
  if (field->is_repeated()) {
    if (reflection->FieldSize(message, field) == 0) return "";
  } else if (!reflection->HasField(message, field)) {
    return "";
  }
  // Copies the one field: swap it into a copy of the whole, which costs a copy; changes are rare.
  std::unique_ptr<Message> copy(message.New());
  copy->CopyFrom(message);
  std::unique_ptr<Message> only(message.New());
  only->GetReflection()->SwapFields(copy.get(), only.get(), {field});
  google::protobuf::util::JsonPrintOptions options;
  options.preserve_proto_field_names = true;
  std::string json;
  if (!google::protobuf::util::MessageToJsonString(*only, &json, options).ok()) return "";
  absl::string_view value = json;
  // {"name":VALUE}
  if (!absl::ConsumePrefix(&value, "{\"") || !absl::ConsumeSuffix(&value, "}")) return json;
  const size_t colon = value.find("\":");
  return colon == absl::string_view::npos ? json : std::string(value.substr(colon + 2));
}

}  // namespace

std::vector<audit::v1::FieldChange> FieldChanges(const Message& before, const Message& after) {
  TopLevelFields found;
  MessageDifferencer differencer;
  differencer.ReportDifferencesTo(&found);
  differencer.Compare(before, after);
  std::vector<audit::v1::FieldChange> changes;
  const auto* descriptor = before.GetDescriptor();
  for (int number : found.numbers) {
    const FieldDescriptor* field = descriptor->FindFieldByNumber(number);
    if (field == nullptr || IsBookkeeping(field)) continue;
    audit::v1::FieldChange change;
    change.set_field(field->name());
    change.set_old_value(ValueJson(before, field));
    change.set_new_value(ValueJson(after, field));
    changes.push_back(std::move(change));
  }
  return changes;
}

}  // namespace district
