// The suite's registers as Excel exports: which List method reads each, and the columns of its
// sheet. One definition for the web service's download and `districtctl export`.
//
// Stateless; safe from any thread.
#ifndef DISTRICT_TOOLS_EXPORT_REGISTERS_H_
#define DISTRICT_TOOLS_EXPORT_REGISTERS_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "tools/export/xlsx.h"
#include "tools/rpc/rpc.h"

namespace district::xport {

struct Register {
  std::string name;         // "projects"
  std::string title;        // the sheet's name: "重点项目"
  std::string list_method;  // "district.project.v1.ProjectService.ListProjects"
  std::string items_field;  // the response's repeated field: "projects"
  std::vector<Column> columns;
};

// projects, leads, parks, buildings, enterprises.
const std::vector<Register>& Registers();

// The register called `name`, or nullptr.
const Register* FindRegister(const std::string& name);

// The overview of a year as a workbook: its targets (the scoreboard), projects by stage, sector
// and level, the tier table, and the parks' tax. `filter_json` is {"year": 2020}.
absl::StatusOr<std::string> ExportOverview(const rpc::Rpc& rpc, const std::string& filter_json,
                                           const rpc::Caller& caller);

// The monthly bulletin (月通报) as a workbook: its summary (lights, 拿地即开工), the red projects
// with their reasons, the rankings of projects, units and leaders, and the month's new starts.
// `filter_json` is {"month": {"year": 2020, "month": 6}}.
absl::StatusOr<std::string> ExportBulletin(const rpc::Rpc& rpc, const std::string& filter_json,
                                           const rpc::Caller& caller);

// A view exported whole rather than a register read page by page: "overview" and "bulletin".
struct ViewExport {
  std::string name;   // "bulletin"
  std::string title;  // the file's Chinese name: "月通报"
  absl::StatusOr<std::string> (*write)(const rpc::Rpc&, const std::string&, const rpc::Caller&);
};
// The view export called `name`, or nullptr.
const ViewExport* FindViewExport(const std::string& name);

// Reads every page of `reg` that `filter_json` (its List request as JSON, without paging: "{}"
// for all) selects, as `caller`, and returns the workbook's bytes. The status is the service's
// (PERMISSION_DENIED, UNAVAILABLE...) or INVALID_ARGUMENT for a filter that is not the request's.
absl::StatusOr<std::string> ExportRegister(const rpc::Rpc& rpc, const Register& reg,
                                           const std::string& filter_json,
                                           const rpc::Caller& caller);

}  // namespace district::xport

#endif  // DISTRICT_TOOLS_EXPORT_REGISTERS_H_
