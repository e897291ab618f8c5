#include "services/web/history_words.h"

#include <algorithm>
#include <memory>
#include <vector>

#include <google/protobuf/message.h>
#include <google/protobuf/util/json_util.h>

#include "absl/strings/ascii.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/registry.h"

namespace district::web {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::Message;
using google::protobuf::Reflection;

std::string Number(double value, api::v1::Unit unit) {
  if (unit != api::v1::UNIT_UNSPECIFIED) return ApiRegistry::Format(value, unit);
  return absl::StrCat(value);
}

// A map's key as the district writes it: "202005" is 2020年5月, "2020" is 2020年.
std::string KeyInWords(const std::string& key) {
  int year = 0, month = 0;
  const bool digits = !key.empty() && std::all_of(key.begin(), key.end(), absl::ascii_isdigit);
  if (digits && key.size() == 6 && absl::SimpleAtoi(key.substr(0, 4), &year) &&
      absl::SimpleAtoi(key.substr(4), &month) && month >= 1 && month <= 12) {
    return absl::StrCat(year, "年", month, "月");
  }
  if (digits && key.size() == 4) return absl::StrCat(key, "年");
  return key;
}

std::string MessageInWords(const Message& message);

// One value of `field` (element `index` when repeated, -1 when not) of `message`, in `unit`.
std::string ValueInWords(const Message& message, const FieldDescriptor* field, int index,
                         api::v1::Unit unit) {
  const Reflection* r = message.GetReflection();
  const bool rep = index >= 0;
  switch (field->cpp_type()) {
    case FieldDescriptor::CPPTYPE_INT32:
      return Number(rep ? r->GetRepeatedInt32(message, field, index) : r->GetInt32(message, field),
                    unit);
    case FieldDescriptor::CPPTYPE_INT64: {
      const int64_t v =
          rep ? r->GetRepeatedInt64(message, field, index) : r->GetInt64(message, field);
      return unit != api::v1::UNIT_UNSPECIFIED ? Number(static_cast<double>(v), unit)
                                               : absl::StrCat(v);
    }
    case FieldDescriptor::CPPTYPE_UINT32:
      return Number(
          rep ? r->GetRepeatedUInt32(message, field, index) : r->GetUInt32(message, field), unit);
    case FieldDescriptor::CPPTYPE_UINT64: {
      const uint64_t v =
          rep ? r->GetRepeatedUInt64(message, field, index) : r->GetUInt64(message, field);
      return unit != api::v1::UNIT_UNSPECIFIED ? Number(static_cast<double>(v), unit)
                                               : absl::StrCat(v);
    }
    case FieldDescriptor::CPPTYPE_DOUBLE:
      return Number(
          rep ? r->GetRepeatedDouble(message, field, index) : r->GetDouble(message, field), unit);
    case FieldDescriptor::CPPTYPE_FLOAT:
      return Number(rep ? r->GetRepeatedFloat(message, field, index) : r->GetFloat(message, field),
                    unit);
    case FieldDescriptor::CPPTYPE_BOOL:
      return (rep ? r->GetRepeatedBool(message, field, index) : r->GetBool(message, field)) ? "是"
                                                                                            : "否";
    case FieldDescriptor::CPPTYPE_ENUM: {
      const auto* value =
          rep ? r->GetRepeatedEnum(message, field, index) : r->GetEnum(message, field);
      const absl::string_view label = ApiRegistry::Label(value);
      return std::string(label.empty() ? absl::string_view(value->name()) : label);
    }
    case FieldDescriptor::CPPTYPE_STRING:
      return rep ? r->GetRepeatedString(message, field, index) : r->GetString(message, field);
    case FieldDescriptor::CPPTYPE_MESSAGE:
      return MessageInWords(rep ? r->GetRepeatedMessage(message, field, index)
                                : r->GetMessage(message, field));
  }
  return "";
}

// A map's entries in key order (the JSON's order is not kept), each "2020年5月：3500万元", the
// unit being the map field's.
std::string MapInWords(const Message& message, const FieldDescriptor* field, api::v1::Unit unit) {
  const Reflection* r = message.GetReflection();
  std::vector<std::pair<std::string, std::string>> entries;  // the key as stored, the entry
  for (int i = 0; i < r->FieldSize(message, field); ++i) {
    const Message& entry = r->GetRepeatedMessage(message, field, i);
    const Descriptor* d = entry.GetDescriptor();
    const std::string key = ValueInWords(entry, d->map_key(), -1, api::v1::UNIT_UNSPECIFIED);
    entries.emplace_back(
        key, absl::StrCat(KeyInWords(key), "：", ValueInWords(entry, d->map_value(), -1, unit)));
  }
  std::sort(entries.begin(), entries.end(), [](const auto& a, const auto& b) {
    return a.first.size() != b.first.size() ? a.first.size() < b.first.size() : a.first < b.first;
  });
  std::vector<std::string> texts;
  for (auto& [key, text] : entries) texts.push_back(std::move(text));
  return absl::StrJoin(texts, "；");
}

// The whole of `field` in `message`: a list joined with "；", a map as its entries.
std::string FieldInWords(const Message& message, const FieldDescriptor* field) {
  const api::v1::Unit unit = ApiRegistry::UnitOf(field);
  if (field->is_map()) return MapInWords(message, field, unit);
  if (!field->is_repeated()) return ValueInWords(message, field, -1, unit);
  std::vector<std::string> items;
  for (int i = 0; i < message.GetReflection()->FieldSize(message, field); ++i) {
    items.push_back(ValueInWords(message, field, i, unit));
  }
  return absl::StrJoin(items, "；");
}

// A date as "2020年3月1日", a month as "2020年3月", anything else as its set fields with their
// labels, "计划投资：5亿元，年份：2020".
std::string MessageInWords(const Message& message) {
  const Descriptor* d = message.GetDescriptor();
  const Reflection* r = message.GetReflection();
  auto int_field = [&](const char* name) {
    const FieldDescriptor* f = d->FindFieldByName(name);
    return f != nullptr && f->cpp_type() == FieldDescriptor::CPPTYPE_INT32 ? r->GetInt32(message, f)
                                                                           : 0;
  };
  if (d->full_name() == "district.common.v1.Date") {
    return absl::StrCat(int_field("year"), "年", int_field("month"), "月", int_field("day"), "日");
  }
  if (d->full_name() == "district.common.v1.YearMonth") {
    return absl::StrCat(int_field("year"), "年", int_field("month"), "月");
  }
  std::vector<const FieldDescriptor*> fields;
  r->ListFields(message, &fields);
  std::vector<std::string> parts;
  for (const FieldDescriptor* f : fields) {
    const absl::string_view label = ApiRegistry::Label(f);
    parts.push_back(absl::StrCat(label.empty() ? absl::string_view(f->name()) : label, "：",
                                 FieldInWords(message, f)));
  }
  return absl::StrJoin(parts, "，");
}

// The stored JSON of `field` in words; the JSON itself when it does not parse as that field's.
std::string StoredValueInWords(const Descriptor& resource, const FieldDescriptor* field,
                               const std::string& json) {
  if (json.empty()) return "";
  const Message* prototype =
      google::protobuf::MessageFactory::generated_factory()->GetPrototype(&resource);
  if (prototype == nullptr) return json;
  std::unique_ptr<Message> message(prototype->New());
  const std::string whole = absl::StrCat("{\"", field->name(), "\":", json, "}");
  google::protobuf::util::JsonParseOptions options;
  if (!google::protobuf::util::JsonStringToMessage(whole, message.get(), options).ok()) {
    return json;
  }
  return FieldInWords(*message, field);
}

}  // namespace

ChangeInWords DescribeChange(const Descriptor& resource, const audit::v1::FieldChange& change) {
  const FieldDescriptor* field = resource.FindFieldByName(change.field());
  if (field == nullptr) return {change.field(), change.old_value(), change.new_value()};
  const absl::string_view label = ApiRegistry::Label(field);
  return {std::string(label.empty() ? absl::string_view(field->name()) : label),
          StoredValueInWords(resource, field, change.old_value()),
          StoredValueInWords(resource, field, change.new_value())};
}

google::protobuf::Struct HistoryInWords(const audit::v1::ListAuditEntriesResponse& entries,
                                        const google::protobuf::ServiceDescriptor& service,
                                        const Descriptor* resource,
                                        const std::map<std::string, std::string>& principal_names) {
  google::protobuf::Struct out;
  std::string json;
  google::protobuf::util::MessageToJsonString(entries, &json);
  google::protobuf::util::JsonStringToMessage(json, &out);
  auto& listed = *(*out.mutable_fields())["entries"].mutable_list_value();
  for (int i = 0; i < entries.entries_size() && i < listed.values_size(); ++i) {
    const audit::v1::AuditEntry& entry = entries.entries(i);
    auto& fields = *listed.mutable_values(i)->mutable_struct_value()->mutable_fields();
    const auto* method = service.FindMethodByName(entry.method());
    const absl::string_view label = method != nullptr ? ApiRegistry::Label(method) : "";
    fields["methodLabel"].set_string_value(label.empty() ? entry.method() : std::string(label));
    auto name = principal_names.find(entry.principal());
    fields["principalName"].set_string_value(name != principal_names.end() ? name->second
                                                                           : entry.principal());
    if (resource == nullptr) continue;
    auto& changes = *fields["changes"].mutable_list_value();
    for (int j = 0; j < entry.changes_size() && j < changes.values_size(); ++j) {
      const ChangeInWords words = DescribeChange(*resource, entry.changes(j));
      auto& c = *changes.mutable_values(j)->mutable_struct_value()->mutable_fields();
      c["label"].set_string_value(words.label);
      c["before"].set_string_value(words.before);
      c["after"].set_string_value(words.after);
    }
  }
  return out;
}

}  // namespace district::web
