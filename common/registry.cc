#include "common/registry.h"

#include <cmath>
#include <set>

#include <google/protobuf/descriptor_database.h>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/str_split.h"

namespace district {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::DescriptorPool;
using google::protobuf::EnumDescriptor;
using google::protobuf::EnumValueDescriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::FileDescriptor;
using google::protobuf::MethodDescriptor;
using google::protobuf::ServiceDescriptor;

bool IsDistrictFile(absl::string_view name) { return absl::StartsWith(name, "district/"); }

void AddEnums(const Descriptor* message, std::vector<const EnumDescriptor*>* out) {
  for (int i = 0; i < message->enum_type_count(); ++i) out->push_back(message->enum_type(i));
  for (int i = 0; i < message->nested_type_count(); ++i) AddEnums(message->nested_type(i), out);
}

// `x` with at most two decimals, trailing zeros dropped: 12, 12.5, 0.33.
std::string Decimal(double x) {
  std::string s = absl::StrFormat("%.2f", x);
  while (absl::EndsWith(s, "0")) s.pop_back();
  if (absl::EndsWith(s, ".")) s.pop_back();
  return s == "-0" ? "0" : s;
}

}  // namespace

const ApiRegistry& ApiRegistry::Global() {
  static const ApiRegistry* global = [] {
    // The generated pool builds its descriptors from this database on demand; it holds every file
    // linked into the program, registered as the program started.
    std::vector<std::string> names;
    DescriptorPool::internal_generated_database()->FindAllFileNames(&names);
    std::vector<std::string> district;
    for (const std::string& name : names) {
      if (IsDistrictFile(name)) district.push_back(name);
    }
    return FromFiles(*DescriptorPool::generated_pool(), district).release();
  }();
  return *global;
}

std::unique_ptr<ApiRegistry> ApiRegistry::FromFiles(const DescriptorPool& pool,
                                                    const std::vector<std::string>& files) {
  std::unique_ptr<ApiRegistry> r(new ApiRegistry);
  // Each file with the district files it imports, every one once, in name order.
  std::set<std::string> names;
  std::vector<const FileDescriptor*> pending;
  for (const std::string& name : files) {
    if (const FileDescriptor* f = pool.FindFileByName(name)) pending.push_back(f);
  }
  std::map<std::string, const FileDescriptor*> found;
  while (!pending.empty()) {
    const FileDescriptor* f = pending.back();
    pending.pop_back();
    if (!found.emplace(f->name(), f).second) continue;
    for (int i = 0; i < f->dependency_count(); ++i) {
      if (IsDistrictFile(f->dependency(i)->name())) pending.push_back(f->dependency(i));
    }
  }
  for (const auto& [name, file] : found) r->Add(file);
  return r;
}

void ApiRegistry::Add(const FileDescriptor* file) {
  files_.push_back(file);
  std::vector<const EnumDescriptor*> enums;
  for (int i = 0; i < file->enum_type_count(); ++i) enums.push_back(file->enum_type(i));
  for (int i = 0; i < file->message_type_count(); ++i) AddEnums(file->message_type(i), &enums);
  for (const EnumDescriptor* e : enums) {
    enums_.push_back(e);
    enums_by_name_[e->full_name()] = e;
    for (int i = 0; i < e->value_count(); ++i) {
      const absl::string_view label = Label(e->value(i));
      // The first file's label of a name shared across packages (they agree: see the header).
      if (!label.empty()) value_labels_.emplace(e->value(i)->name(), std::string(label));
    }
  }
  for (int i = 0; i < file->service_count(); ++i) {
    const ServiceDescriptor* service = file->service(i);
    services_.push_back(service);
    for (int m = 0; m < service->method_count(); ++m) {
      methods_by_name_[service->method(m)->full_name()] = service->method(m);
    }
    const google::protobuf::ServiceOptions& options = service->options();
    for (int k = 0; k < options.ExtensionSize(api::v1::resource_kind); ++k) {
      const api::v1::ResourceKind& kind = options.GetExtension(api::v1::resource_kind, k);
      kinds_.push_back({kind.kind(), kind.id_prefix(), kind.label(), service,
                        file->pool()->FindMessageTypeByName(kind.message_type())});
    }
  }
}

absl::string_view ApiRegistry::Label(const EnumValueDescriptor* value) {
  return value->options().GetExtension(api::v1::value_label);
}

absl::string_view ApiRegistry::EnumLabel(absl::string_view enum_full_name, int number) const {
  auto it = enums_by_name_.find(enum_full_name);
  if (it == enums_by_name_.end()) return "";
  const EnumValueDescriptor* value = it->second->FindValueByNumber(number);
  return value == nullptr ? "" : Label(value);
}

absl::string_view ApiRegistry::ValueLabel(absl::string_view value_name) const {
  auto it = value_labels_.find(std::string(value_name));
  return it == value_labels_.end() ? "" : absl::string_view(it->second);
}

absl::string_view ApiRegistry::Label(const FieldDescriptor* field) {
  return field->options().GetExtension(api::v1::field_label);
}

api::v1::Unit ApiRegistry::UnitOf(const FieldDescriptor* field) {
  return field->options().GetExtension(api::v1::unit);
}

const api::v1::UnitDisplay& ApiRegistry::Display(api::v1::Unit unit) {
  const EnumValueDescriptor* value = api::v1::Unit_descriptor()->FindValueByNumber(unit);
  if (value == nullptr) return api::v1::UnitDisplay::default_instance();
  return value->options().GetExtension(api::v1::unit_display);
}

std::string ApiRegistry::Format(double value, api::v1::Unit unit) {
  const api::v1::UnitDisplay& display = Display(unit);
  for (const api::v1::UnitScale& scale : display.scales()) {
    if (scale.factor() > 1 && std::fabs(value) >= static_cast<double>(scale.factor())) {
      return absl::StrCat(Decimal(value / static_cast<double>(scale.factor())), scale.suffix());
    }
  }
  const double multiplier = display.multiplier() == 0 ? 1 : display.multiplier();
  return absl::StrCat(Decimal(value * multiplier), display.suffix());
}

absl::string_view ApiRegistry::Label(const MethodDescriptor* method) {
  return method->options().GetExtension(api::v1::method_label);
}

api::v1::Role ApiRegistry::RoleOf(const MethodDescriptor* method) {
  return method->options().GetExtension(api::v1::required_role);
}

api::v1::Role ApiRegistry::RoleOf(absl::string_view method_full_name) const {
  auto it = methods_by_name_.find(method_full_name);
  return it == methods_by_name_.end() ? api::v1::ROLE_UNSPECIFIED : RoleOf(it->second);
}

const ResourceKindInfo* ApiRegistry::FindKind(absl::string_view service_full_name,
                                              absl::string_view kind) const {
  for (const ResourceKindInfo& k : kinds_) {
    if (k.service->full_name() == service_full_name && k.kind == kind) return &k;
  }
  return nullptr;
}

std::string ApiRegistry::ServerOf(const ServiceDescriptor* service) {
  const std::vector<absl::string_view> parts =
      absl::StrSplit(service->file()->package(), absl::MaxSplits('.', 2));
  return parts.size() >= 2 && parts[0] == "district" ? std::string(parts[1]) : "";
}

std::vector<const ResourceKindInfo*> ApiRegistry::KindsNamed(absl::string_view kind) const {
  std::vector<const ResourceKindInfo*> out;
  for (const ResourceKindInfo& k : kinds_) {
    if (k.kind == kind) out.push_back(&k);
  }
  return out;
}

const ResourceKindInfo* ApiRegistry::KindOf(const Descriptor* message) const {
  for (const ResourceKindInfo& k : kinds_) {
    if (k.message == message) return &k;
  }
  return nullptr;
}

}  // namespace district
