// The contracts describe the whole suite (district/api/v1/options.proto), and the registry reads
// them: a walk of the descriptor pool fails on any enum value without a label, any rpc without a
// role, any service that keeps resources without its kinds, any amount without a unit; then the
// registry's lookups.
#include "common/registry.h"

#include <filesystem>
#include <functional>
#include <map>
#include <set>

#include <gtest/gtest.h>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "district/admin/v1/admin.pb.h"
#include "district/aggregator/v1/aggregator_service.pb.h"
#include "district/audit/v1/audit.pb.h"
#include "district/common/v1/date.pb.h"
#include "district/dataset/v1/dataset.pb.h"
#include "district/identity/v1/identity_service.pb.h"
#include "district/parks/v1/parks_service.pb.h"
#include "district/project/v1/project_service.pb.h"
#include "district/recruitment/v1/recruitment_service.pb.h"

namespace district {
namespace {

using google::protobuf::Descriptor;
using google::protobuf::EnumDescriptor;
using google::protobuf::FieldDescriptor;
using google::protobuf::MethodDescriptor;
using google::protobuf::ServiceDescriptor;

// Links every district proto into this test (the generated code is in static libraries, which
// give a program only the files it names), so that the registry holds them all.
const bool kLinked = [] {
  for (const Descriptor* d :
       {common::v1::Date::descriptor(), api::v1::ResourceKind::descriptor(),
        audit::v1::AuditEntry::descriptor(), admin::v1::Backup::descriptor(),
        project::v1::Project::descriptor(), project::v1::GetProjectRequest::descriptor(),
        recruitment::v1::Lead::descriptor(), recruitment::v1::GetLeadRequest::descriptor(),
        parks::v1::Park::descriptor(), parks::v1::GetParkRequest::descriptor(),
        aggregator::v1::Overview::descriptor(), dataset::v1::DataSet::descriptor(),
        identity::v1::Person::descriptor(), identity::v1::GetPersonRequest::descriptor()}) {
    (void)d;
  }
  return true;
}();

const ApiRegistry& R() { return ApiRegistry::Global(); }

// Every message of the registry's files, nested ones too.
std::vector<const Descriptor*> Messages() {
  std::vector<const Descriptor*> out;
  std::function<void(const Descriptor*)> add = [&](const Descriptor* d) {
    out.push_back(d);
    for (int i = 0; i < d->nested_type_count(); ++i) add(d->nested_type(i));
  };
  for (const auto* file : R().files()) {
    for (int i = 0; i < file->message_type_count(); ++i) add(file->message_type(i));
  }
  return out;
}

TEST(Contracts, EveryProtoOfTheTreeIsInThePool) {
  ASSERT_TRUE(kLinked);
  std::set<std::string> in_registry;
  for (const auto* file : R().files()) in_registry.insert(file->name());
  const std::filesystem::path root = std::filesystem::path(SOURCE_DIR) / "protos";
  int found = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(root / "district")) {
    if (entry.path().extension() != ".proto") continue;
    ++found;
    const std::string name = std::filesystem::relative(entry.path(), root).string();
    EXPECT_TRUE(in_registry.count(name)) << name << " is not linked into this test: name one of "
                                         << "its messages in kLinked";
  }
  EXPECT_GE(found, 12);
  EXPECT_EQ(in_registry.size(), static_cast<size_t>(found));
}

TEST(Contracts, EveryEnumValueHasALabel) {
  int values = 0;
  for (const EnumDescriptor* e : R().enums()) {
    for (int i = 0; i < e->value_count(); ++i, ++values) {
      EXPECT_FALSE(ApiRegistry::Label(e->value(i)).empty())
          << e->value(i)->full_name() << " has no (district.api.v1.value_label)";
    }
  }
  EXPECT_GE(values, 114);
}

TEST(Contracts, ValueNamesSharedAcrossPackagesShareTheirLabel) {
  std::map<std::string, std::string> seen;
  for (const EnumDescriptor* e : R().enums()) {
    for (int i = 0; i < e->value_count(); ++i) {
      const std::string label(ApiRegistry::Label(e->value(i)));
      auto [it, fresh] = seen.emplace(e->value(i)->name(), label);
      EXPECT_EQ(it->second, label) << e->value(i)->full_name();
    }
  }
}

TEST(Contracts, EveryMethodHasARole) {
  int methods = 0;
  for (const ServiceDescriptor* s : R().services()) {
    for (int i = 0; i < s->method_count(); ++i, ++methods) {
      EXPECT_NE(ApiRegistry::RoleOf(s->method(i)), api::v1::ROLE_UNSPECIFIED)
          << s->method(i)->full_name() << " has no (district.api.v1.required_role)";
    }
  }
  EXPECT_GE(methods, 85);
}

// The change history names each change by its method's label, so every method that changes
// something has one; the reads (Get*, List*, Watch*, the computed views) need none.
TEST(Contracts, EveryMethodThatChangesSomethingHasALabel) {
  int labelled = 0;
  for (const ServiceDescriptor* s : R().services()) {
    for (int i = 0; i < s->method_count(); ++i) {
      const std::string& name = s->method(i)->name();
      if (absl::StartsWith(name, "Get") || absl::StartsWith(name, "List") ||
          absl::StartsWith(name, "Watch")) {
        continue;
      }
      EXPECT_FALSE(ApiRegistry::Label(s->method(i)).empty())
          << s->method(i)->full_name() << " has no (district.api.v1.method_label)";
      ++labelled;
    }
  }
  EXPECT_GE(labelled, 50);
  EXPECT_EQ(ApiRegistry::Label(R().services()[0]->file()->pool()->FindMethodByName(
                "district.project.v1.ProjectService.CreateProject")),
            "登记项目");
}

// A service keeps a kind of resource when it creates one: a method Create<X> returning X, a
// message with an `id`. It must declare that kind, and every kind it declares must be such a
// message, with a prefix of one capital letter unique in the service.
TEST(Contracts, EveryServiceThatKeepsResourcesDeclaresItsKinds) {
  int kinds = 0;
  for (const ServiceDescriptor* s : R().services()) {
    std::set<const Descriptor*> declared;
    std::set<std::string> names, prefixes;
    for (const ResourceKindInfo& k : R().kinds()) {
      if (k.service != s) continue;
      ++kinds;
      ASSERT_NE(k.message, nullptr) << s->full_name() << " kind " << k.kind;
      EXPECT_NE(k.message->FindFieldByName("id"), nullptr) << k.message->full_name();
      EXPECT_FALSE(k.label.empty()) << k.kind;
      EXPECT_TRUE(k.id_prefix.size() == 1 && absl::ascii_isupper(k.id_prefix[0])) << k.id_prefix;
      EXPECT_TRUE(names.insert(k.kind).second)
          << s->full_name() << " declares " << k.kind << " twice";
      EXPECT_TRUE(prefixes.insert(k.id_prefix).second) << s->full_name() << " " << k.id_prefix;
      declared.insert(k.message);
    }
    for (int i = 0; i < s->method_count(); ++i) {
      const MethodDescriptor* m = s->method(i);
      const Descriptor* out = m->output_type();
      if (absl::StartsWith(m->name(), "Create") && m->name() == "Create" + out->name() &&
          out->FindFieldByName("id") != nullptr) {
        EXPECT_TRUE(declared.count(out))
            << s->full_name() << " creates " << out->full_name()
            << " but declares no (district.api.v1.resource_kind) for it";
      }
    }
  }
  EXPECT_EQ(kinds, 14);  // with the project service's monthly returns
}

// Money, land, floor area, shares and sizes say their unit; a unit is only on numbers.
TEST(Contracts, EveryAmountHasAUnit) {
  int amounts = 0;
  for (const Descriptor* d : Messages()) {
    for (int i = 0; i < d->field_count(); ++i) {
      const FieldDescriptor* f = d->field(i);
      if (d->options().map_entry()) continue;
      const std::string& n = f->name();
      const bool amount = absl::EndsWith(n, "_yuan") || absl::EndsWith(n, "_mu") ||
                          absl::EndsWith(n, "_m2") || absl::EndsWith(n, "_share") ||
                          absl::EndsWith(n, "_bytes") || absl::EndsWith(n, "_days");
      const api::v1::Unit unit = ApiRegistry::UnitOf(f);
      if (amount) {
        ++amounts;
        EXPECT_NE(unit, api::v1::UNIT_UNSPECIFIED) << f->full_name() << " has no unit";
      }
      if (unit != api::v1::UNIT_UNSPECIFIED) {
        const auto type = f->is_map() ? f->message_type()->map_value()->cpp_type() : f->cpp_type();
        EXPECT_TRUE(type == FieldDescriptor::CPPTYPE_INT64 ||
                    type == FieldDescriptor::CPPTYPE_INT32 ||
                    type == FieldDescriptor::CPPTYPE_DOUBLE)
            << f->full_name() << " has a unit but is no number";
      }
    }
  }
  EXPECT_GE(amounts, 50);
}

// What a person reads of a resource is labelled: every field but the etag.
TEST(Contracts, EveryFieldOfAResourceHasALabel) {
  for (const ResourceKindInfo& k : R().kinds()) {
    for (int i = 0; i < k.message->field_count(); ++i) {
      const FieldDescriptor* f = k.message->field(i);
      if (f->name() == "etag") continue;
      EXPECT_FALSE(ApiRegistry::Label(f).empty()) << f->full_name() << " has no field_label";
    }
  }
}

TEST(ApiRegistry, LabelsOfEnumValues) {
  // The labels the exports and the page have always shown.
  EXPECT_EQ(ApiRegistry::Label(project::v1::Stage_descriptor()->FindValueByName("STAGE_PLANNING")),
            "谋划");
  EXPECT_EQ(R().EnumLabel("district.project.v1.Stage", project::v1::STAGE_UNDER_CONSTRUCTION),
            "在建");
  EXPECT_EQ(R().EnumLabel("district.project.v1.Level", 1), "省重点");
  EXPECT_EQ(R().ValueLabel("LEVEL_PROVINCIAL"), "省重点");
  EXPECT_EQ(R().ValueLabel("TIER_SIGN_NOW"), "即签约");
  EXPECT_EQ(R().ValueLabel("LEAD_STAGE_SIGNABLE"), "具备签约条件");
  EXPECT_EQ(R().ValueLabel("BUILDING_STATUS_UNDER_CONSTRUCTION"), "在建");
  EXPECT_EQ(R().ValueLabel("TARGET_STATUS_NO_DATA"), "暂无数据");
  EXPECT_EQ(R().ValueLabel("LIGHT_UNSPECIFIED"), "无计划");
  EXPECT_EQ(R().ValueLabel("REMINDER_KIND_STALLED_LEAD"), "停滞线索");
  // Not a value, not an enum: nothing.
  EXPECT_EQ(R().ValueLabel("高端装备"), "");
  EXPECT_EQ(R().EnumLabel("district.project.v1.Stage", 99), "");
  EXPECT_EQ(R().EnumLabel("district.project.v1.Nothing", 1), "");
  EXPECT_EQ(R().value_labels().at("ORDER_STATE_CLOSED"), "已办结");
}

TEST(ApiRegistry, LabelsAndUnitsOfFields) {
  const Descriptor* project = project::v1::Project::descriptor();
  EXPECT_EQ(ApiRegistry::Label(project->FindFieldByName("total_investment_yuan")), "总投资");
  EXPECT_EQ(ApiRegistry::UnitOf(project->FindFieldByName("total_investment_yuan")),
            api::v1::UNIT_YUAN);
  EXPECT_EQ(ApiRegistry::UnitOf(project->FindFieldByName("land_area_mu")), api::v1::UNIT_MU);
  EXPECT_EQ(ApiRegistry::Label(project->FindFieldByName("stage")), "阶段");
  EXPECT_EQ(ApiRegistry::UnitOf(project->FindFieldByName("name")), api::v1::UNIT_UNSPECIFIED);
  const Descriptor* month = parks::v1::BuildingMonth::descriptor();
  EXPECT_EQ(ApiRegistry::UnitOf(month->FindFieldByName("occupancy")), api::v1::UNIT_SHARE);
  // A count named like money is a count.
  EXPECT_EQ(ApiRegistry::UnitOf(
                parks::v1::ParkStats::descriptor()->FindFieldByName("buildings_above_50m_yuan")),
            api::v1::UNIT_COUNT);
}

TEST(ApiRegistry, FormatsAmountsAsTheDistrictWritesThem) {
  EXPECT_EQ(ApiRegistry::Format(69100000000, api::v1::UNIT_YUAN), "691亿元");
  EXPECT_EQ(ApiRegistry::Format(50000000, api::v1::UNIT_YUAN), "5000万元");
  EXPECT_EQ(ApiRegistry::Format(1234567890, api::v1::UNIT_YUAN), "12.35亿元");
  EXPECT_EQ(ApiRegistry::Format(9999, api::v1::UNIT_YUAN), "9999元");
  EXPECT_EQ(ApiRegistry::Format(-20000, api::v1::UNIT_YUAN), "-2万元");
  EXPECT_EQ(ApiRegistry::Format(0.5, api::v1::UNIT_SHARE), "50%");
  EXPECT_EQ(ApiRegistry::Format(12.5, api::v1::UNIT_MU), "12.5亩");
  EXPECT_EQ(ApiRegistry::Format(3, api::v1::UNIT_COUNT), "3");
  EXPECT_EQ(ApiRegistry::Format(7, api::v1::UNIT_UNSPECIFIED), "7");
  EXPECT_EQ(ApiRegistry::Display(api::v1::UNIT_SQUARE_METRE).suffix(), "㎡");
}

TEST(ApiRegistry, RolesOfMethods) {
  const ServiceDescriptor* projects =
      project::v1::GetProjectRequest::descriptor()->file()->FindServiceByName("ProjectService");
  EXPECT_EQ(ApiRegistry::RoleOf(projects->FindMethodByName("GetProject")), api::v1::ROLE_VIEWER);
  EXPECT_EQ(ApiRegistry::RoleOf(projects->FindMethodByName("AdvanceStage")), api::v1::ROLE_EDITOR);
  EXPECT_EQ(ApiRegistry::RoleOf(projects->FindMethodByName("WatchReminders")),
            api::v1::ROLE_VIEWER);
  EXPECT_EQ(R().RoleOf("district.project.v1.ProjectService.DeleteProject"), api::v1::ROLE_ADMIN);
  EXPECT_EQ(R().RoleOf("district.recruitment.v1.RecruitmentService.CreateTarget"),
            api::v1::ROLE_ADMIN);
  EXPECT_EQ(R().RoleOf("district.aggregator.v1.DistrictService.GetOverview"), api::v1::ROLE_VIEWER);
  EXPECT_EQ(R().RoleOf("district.audit.v1.AuditService.ListAuditEntries"), api::v1::ROLE_ADMIN);
  EXPECT_EQ(R().RoleOf("district.project.v1.ProjectService.Nothing"), api::v1::ROLE_UNSPECIFIED);
}

TEST(ApiRegistry, KindsAndTheirServices) {
  const ResourceKindInfo* project = R().FindKind("district.project.v1.ProjectService", "project");
  ASSERT_NE(project, nullptr);
  EXPECT_EQ(project->id_prefix, "P");
  EXPECT_EQ(project->label, "项目");
  EXPECT_EQ(project->message, project::v1::Project::descriptor());
  EXPECT_EQ(R().KindOf(project::v1::SupervisionOrder::descriptor())->id_prefix, "D");
  EXPECT_EQ(R().KindOf(recruitment::v1::Lead::descriptor())->service->full_name(),
            "district.recruitment.v1.RecruitmentService");
  EXPECT_EQ(R().FindKind("district.parks.v1.ParkMetricsService", "park")->id_prefix, "K");
  // Two services keep targets, each its own.
  std::vector<const ResourceKindInfo*> targets = R().KindsNamed("target");
  ASSERT_EQ(targets.size(), 2u);
  EXPECT_NE(targets[0]->service, targets[1]->service);
  EXPECT_EQ(targets[0]->id_prefix, "G");
  EXPECT_EQ(R().FindKind("district.aggregator.v1.DistrictService", "project"), nullptr);
  EXPECT_EQ(R().KindOf(project::v1::Bucket::descriptor()), nullptr);
}

TEST(ApiRegistry, FromFilesHoldsWhatItIsGivenAndWhatThatImports) {
  std::unique_ptr<ApiRegistry> r = ApiRegistry::FromFiles(
      *google::protobuf::DescriptorPool::generated_pool(),
      {"district/project/v1/project_service.proto", "district/no/such.proto"});
  std::set<std::string> names;
  for (const auto* f : r->files()) names.insert(f->name());
  EXPECT_EQ(names,
            (std::set<std::string>{"district/api/v1/options.proto", "district/common/v1/date.proto",
                                   "district/project/v1/project.proto",
                                   "district/project/v1/project_service.proto"}));
  EXPECT_EQ(r->services().size(), 1u);
  EXPECT_EQ(r->kinds().size(), 5u);  // project, milestone, obstacle, order, monthly_return
  EXPECT_EQ(r->ValueLabel("TIER_SIGN_NOW"), "");  // not among them
  EXPECT_EQ(r->ValueLabel("STAGE_SIGNED"), "签约");
}

}  // namespace
}  // namespace district
