// Excel workbooks (.xlsx) from protobuf messages, with libxlsxwriter: one sheet per table, Chinese
// headers, and real cells: amounts and counts as numbers, dates as Excel dates, enums as their
// Chinese labels (their contracts' value_label, common/registry.h), absent (unknown) values as
// empty cells, never as 0.
//
// Stateless functions; safe from any thread.
#ifndef DISTRICT_TOOLS_EXPORT_XLSX_H_
#define DISTRICT_TOOLS_EXPORT_XLSX_H_

#include <string>
#include <vector>

#include <google/protobuf/message.h>

#include "absl/status/statusor.h"

namespace district::xport {

// One column: its header and the message field it shows (a field of the row's own message).
struct Column {
  enum class Kind {
    kText,     // strings; repeated strings joined with "、"
    kNumber,   // int32, int64, double as they are
    kWanYuan,  // an int64 amount in yuan, written in 万元 (yuan / 10,000), "#,##0.00"
    kShare,    // a double share 0..1, written as a percentage format
    kDate,     // a district.common.v1.Date, as an Excel date
    kEnum,     // an enum, as its Chinese label
    kLabel,    // a string holding an enum value's name (a statistics bucket's key), as its label
  };
  std::string header;
  std::string field;
  Kind kind = Kind::kText;
};

struct Sheet {
  std::string name;  // at most 31 characters, as Excel allows
  std::vector<Column> columns;
  std::vector<const google::protobuf::Message*> rows;  // not owned; all of one message type
};

// The workbook's bytes. INVALID_ARGUMENT when a column names no field of the rows' type;
// INTERNAL when libxlsxwriter fails.
absl::StatusOr<std::string> WriteWorkbook(const std::vector<Sheet>& sheets);

}  // namespace district::xport

#endif  // DISTRICT_TOOLS_EXPORT_XLSX_H_
