// The Chinese labels of the suite's enum values, as the district writes them (STAGE_UNDER_
// CONSTRUCTION: 在建), in one place for the Excel exports and the web page (which fetches them
// from the web service).
//
// Stateless; safe from any thread.
#ifndef DISTRICT_TOOLS_EXPORT_LABELS_H_
#define DISTRICT_TOOLS_EXPORT_LABELS_H_

#include <map>
#include <string>

namespace district::xport {

// Every label by enum value name ("STAGE_PLANNING" -> "谋划"). Value names are unique across the
// suite's enums, since each carries its enum's prefix.
const std::map<std::string, std::string>& EnumLabels();

// The label of `value_name`, or the name itself when it has none.
std::string EnumLabel(const std::string& value_name);

}  // namespace district::xport

#endif  // DISTRICT_TOOLS_EXPORT_LABELS_H_
