#include "tools/districtctl/resources.h"

#include <map>

#include "district/admin/v1/admin.pb.h"
#include "district/audit/v1/audit.pb.h"

namespace district::ctl {
namespace {

const std::map<std::string, Resource>& Resources() {
  static const auto* resources = new std::map<std::string, Resource>{
      {"project",
       {"district.project.v1.ProjectService",
        "Project",
        "Projects",
        "project",
        {"id", "name", "sector", "level", "stage", "total_investment_yuan", "land_area_mu",
         "leader"}}},
      {"milestone",
       {"district.project.v1.ProjectService",
        "Milestone",
        "Milestones",
        "milestone",
        {"id", "project_id", "title", "planned_date", "actual_date"}}},
      {"obstacle",
       {"district.project.v1.ProjectService",
        "Obstacle",
        "Obstacles",
        "obstacle",
        {"id", "project_id", "kind", "status", "description", "owner"}}},
      {"order",
       {"district.project.v1.ProjectService",
        "Order",
        "Orders",
        "order",
        {"id", "project_id", "responsible_unit", "subject", "deadline", "state", "escalation_level",
         "overdue"}}},
      {"lead",
       {"district.recruitment.v1.RecruitmentService",
        "Lead",
        "Leads",
        "lead",
        {"id", "name", "investor", "sector", "tier", "stage", "intended_investment_yuan",
         "signed_amount_yuan"}}},
      {"talent",
       {"district.recruitment.v1.RecruitmentService",
        "Talent",
        "Talents",
        "talent",
        {"id", "name", "kind", "origin", "stage", "policies"}}},
      {"park",
       {"district.parks.v1.ParkMetricsService",
        "Park",
        "Parks",
        "park",
        {"id", "name", "kind", "theme"}}},
      {"building",
       {"district.parks.v1.ParkMetricsService",
        "Building",
        "Buildings",
        "building",
        {"id", "name", "status", "floor_area_m2", "park_id"}}},
      {"enterprise",
       {"district.parks.v1.ParkMetricsService",
        "Enterprise",
        "Enterprises",
        "enterprise",
        {"id", "name", "kind", "categories", "park_id"}}},
  };
  return *resources;
}

}  // namespace

const Resource* FindResource(std::string name) {
  if (!name.empty() && name.back() == 's') name.pop_back();
  auto it = Resources().find(name);
  return it == Resources().end() ? nullptr : &it->second;
}

const Resource& AuditTrail() {
  audit::v1::AuditEntry::descriptor();  // links the audit protos in, for lookups by name
  static const auto* audit =
      new Resource{"district.audit.v1.AuditService",
                   "AuditEntry",
                   "AuditEntries",
                   "",
                   {"id", "time", "principal", "method", "resource", "etag_before", "etag_after"}};
  return *audit;
}

const Resource& Backups() {
  admin::v1::Backup::descriptor();  // links the admin protos in, for lookups by name
  static const auto* backups = new Resource{
      "district.admin.v1.AdminService",
      "Backup",
      "Backups",
      "",
      {"backup_id", "create_time", "size_bytes", "file_count", "service", "suite_version"}};
  return *backups;
}

const Resource& Reminders() {
  static const auto* reminders =
      new Resource{"district.project.v1.ProjectService",
                   "Reminder",
                   "Reminders",
                   "",
                   {"due_date", "days_overdue", "kind", "project_name", "text"}};
  return *reminders;
}

std::vector<std::string> ResourceNames() {
  std::vector<std::string> names;
  for (const auto& [name, resource] : Resources()) names.push_back(name);
  return names;
}

}  // namespace district::ctl
