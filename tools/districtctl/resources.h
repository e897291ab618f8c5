// The resources districtctl knows by name ("project", "leads", ...): which service hosts each, how
// its methods are named, and the columns its table shows. Immutable; thread-safe.
#ifndef DISTRICT_TOOLS_DISTRICTCTL_RESOURCES_H_
#define DISTRICT_TOOLS_DISTRICTCTL_RESOURCES_H_

#include <string>
#include <vector>

namespace district::ctl {

struct Resource {
  std::string service;  // full gRPC service name
  std::string noun;     // in method names: CreateProject
  std::string plural;   // ListProjects
  std::string field;    // the resource's field in Create/Update requests
  std::vector<std::string> columns;

  // The full name of the method `verb` + `what`, e.g. Method("List", plural).
  std::string Method(const std::string& verb, const std::string& what) const {
    return service + "." + verb + what;
  }
};

// The resource named `name` (singular or plural), or null.
const Resource* FindResource(std::string name);

// The audit trail of a server, listed like a resource (AuditService.ListAuditEntries).
const Resource& AuditTrail();
// What a leader, unit or park must do (ListReminders; not a resource one creates).
const Resource& Reminders();
// A server's backups (district.admin.v1.AdminService), listed like a resource.
const Resource& Backups();

// The names FindResource knows, singular, for the usage text.
std::vector<std::string> ResourceNames();

}  // namespace district::ctl

#endif  // DISTRICT_TOOLS_DISTRICTCTL_RESOURCES_H_
