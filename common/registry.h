// The suite as its contracts describe it, read once from the descriptor pool: what the options of
// district/api/v1/options.proto say about the enums, fields, methods and services of every
// district proto linked into the program. The zh-CN label of an enum value ("STAGE_PLANNING":
// 谋划) or of a field (Project.total_investment_yuan: 总投资), the unit of an amount (UNIT_YUAN,
// written in 万元 and 亿元), the role a method needs (the handler wrappers of common/handlers.h
// check exactly it), and the kinds of resource each service keeps with their id prefixes. The
// contracts are the one place these facts are written: the exports, the web service's labels, the
// handlers and districtctl read them here, so adding a method or a kind is a proto change.
//
//   const ApiRegistry& r = ApiRegistry::Global();
//   ApiRegistry::Label(project::v1::Stage_descriptor()->FindValueByName("STAGE_PLANNING"))  //
//   "谋划" r.EnumLabel("district.project.v1.Stage", 1)             // "谋划"
//   r.ValueLabel("LEVEL_PROVINCIAL")                        // "省重点"
//   r.RoleOf("district.project.v1.ProjectService.DeleteProject")  // ROLE_ADMIN
//   r.FindKind("district.project.v1.ProjectService", "project")->id_prefix  // "P"
//
// Global() holds the files of the generated pool whose names begin with "district/": those
// linked into this program (the generated code is in static libraries, so a program holds the
// files it uses; a test that means to see them all names a message of each).
//
// Thread-safety: an ApiRegistry is immutable once built; Global() is built on first use (not during
// static initialisation) and is safe from any thread after. Ownership: an ApiRegistry points into
// the descriptor pool it was built from, which must outlive it (the generated pool lives as long as
// the process; Global() is never destroyed).
#ifndef DISTRICT_COMMON_REGISTRY_H_
#define DISTRICT_COMMON_REGISTRY_H_

#include <map>
#include <memory>
#include <string>
#include <vector>

#include <google/protobuf/descriptor.h>

#include "absl/container/flat_hash_map.h"
#include "absl/strings/string_view.h"
#include "district/api/v1/options.pb.h"

namespace district {

// A kind of resource a service keeps, from its (district.api.v1.resource_kind) option.
struct ResourceKindInfo {
  std::string kind;       // "project": the store's table, the audit trail's "project/P00000001"
  std::string id_prefix;  // "P": ids are "P00000001"
  std::string label;      // "项目"
  const google::protobuf::ServiceDescriptor* service;  // the service that keeps it
  const google::protobuf::Descriptor* message;         // its message; null when not in the pool
};

class ApiRegistry {
 public:
  // Every district file of the generated pool (see above).
  static const ApiRegistry& Global();

  // The files named `files` of `pool` (e.g. "district/project/v1/project_service.proto"), each
  // with the district files it imports. A name the pool does not hold is left out.
  static std::unique_ptr<ApiRegistry> FromFiles(const google::protobuf::DescriptorPool& pool,
                                                const std::vector<std::string>& files);

  // The files read, by name.
  const std::vector<const google::protobuf::FileDescriptor*>& files() const { return files_; }
  // Every enum of those files (top-level and nested), in the files' order, then declaration order.
  const std::vector<const google::protobuf::EnumDescriptor*>& enums() const { return enums_; }
  // Every service of those files.
  const std::vector<const google::protobuf::ServiceDescriptor*>& services() const {
    return services_;
  }

  // --- enum values ---
  // The value's label; "" when it has none.
  static absl::string_view Label(const google::protobuf::EnumValueDescriptor* value);
  // The label of value `number` of the enum named `enum_full_name` ("district.project.v1.Stage");
  // "" when there is no such enum or value, or it has no label.
  absl::string_view EnumLabel(absl::string_view enum_full_name, int number) const;
  // The label of the value named `value_name` ("STAGE_PLANNING"); "" when there is none. Value
  // names are unique within a package; the few shared across packages (METRIC_UNSPECIFIED) carry
  // the same label (tests/common/registry_test.cc checks).
  absl::string_view ValueLabel(absl::string_view value_name) const;
  // Every labelled value by name, as ValueLabel gives them.
  const std::map<std::string, std::string>& value_labels() const { return value_labels_; }

  // --- fields ---
  // The field's label; "" when it has none.
  static absl::string_view Label(const google::protobuf::FieldDescriptor* field);
  // The field's unit; UNIT_UNSPECIFIED when it is not an amount.
  static api::v1::Unit UnitOf(const google::protobuf::FieldDescriptor* field);
  // How an amount in `unit` is written (its (district.api.v1.unit_display)); empty when it has
  // none.
  static const api::v1::UnitDisplay& Display(api::v1::Unit unit);
  // `value` in `unit` as a person reads it: 69100000000 yuan is "691亿元", 0.5 share "50%", 12.5
  // mu "12.5亩"; at most two decimals, trailing zeros dropped.
  static std::string Format(double value, api::v1::Unit unit);

  // --- methods ---
  // The method's label ("登记项目"); "" when it has none.
  static absl::string_view Label(const google::protobuf::MethodDescriptor* method);
  // The least role a caller of `method` must hold; ROLE_UNSPECIFIED when its contract says none.
  static api::v1::Role RoleOf(const google::protobuf::MethodDescriptor* method);
  // The same for a method by full name, "district.project.v1.ProjectService.GetProject";
  // ROLE_UNSPECIFIED for a method the registry does not hold.
  api::v1::Role RoleOf(absl::string_view method_full_name) const;

  // --- servers ---
  // The name of the server that hosts `service`: the second part of its package ("project" for
  // district.project.v1.ProjectService), as tools/rpc routes calls; "" outside district.
  static std::string ServerOf(const google::protobuf::ServiceDescriptor* service);

  // --- resource kinds ---
  // Every kind of every service, in the services' order, then as each declares them.
  const std::vector<ResourceKindInfo>& kinds() const { return kinds_; }
  // The kind named `kind` of the service named `service_full_name`; null when it keeps none.
  const ResourceKindInfo* FindKind(absl::string_view service_full_name,
                                   absl::string_view kind) const;
  // The kinds named `kind` across services (a "target" is the recruitment service's and the parks'
  // service's).
  std::vector<const ResourceKindInfo*> KindsNamed(absl::string_view kind) const;
  // The kind whose resource is `message`; null when no service keeps it.
  const ResourceKindInfo* KindOf(const google::protobuf::Descriptor* message) const;

 private:
  ApiRegistry() = default;
  void Add(const google::protobuf::FileDescriptor* file);

  std::vector<const google::protobuf::FileDescriptor*> files_;
  std::vector<const google::protobuf::EnumDescriptor*> enums_;
  std::vector<const google::protobuf::ServiceDescriptor*> services_;
  std::vector<ResourceKindInfo> kinds_;
  std::map<std::string, std::string> value_labels_;
  absl::flat_hash_map<std::string, const google::protobuf::EnumDescriptor*> enums_by_name_;
  absl::flat_hash_map<std::string, const google::protobuf::MethodDescriptor*> methods_by_name_;
};

}  // namespace district

#endif  // DISTRICT_COMMON_REGISTRY_H_
