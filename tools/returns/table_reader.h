// The cells of a spreadsheet as staff save it: the first sheet of an .xlsx workbook (read with
// libzip and expat), or a CSV file as Excel writes it (UTF-8, with or without a byte-order mark,
// quoted fields). Every cell comes back as its text: a number as Excel stores it ("1234.5"), a
// date as its serial number, a shared or inline string as the string.
//
// Stateless functions; safe from any thread.
#ifndef DISTRICT_TOOLS_RETURNS_TABLE_READER_H_
#define DISTRICT_TOOLS_RETURNS_TABLE_READER_H_

#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace district::returns {

// rows[i] is the sheet's row i + 1; rows[i][j] its column j (A = 0). Rows may differ in length.
using Table = std::vector<std::vector<std::string>>;

// Reads `bytes` as .xlsx when `file_name` ends in .xlsx (or the bytes are a zip), else as CSV.
// INVALID_ARGUMENT when the file is neither, or its first sheet cannot be read.
absl::StatusOr<Table> ReadTable(const std::string& bytes, absl::string_view file_name);

absl::StatusOr<Table> ReadXlsx(const std::string& bytes);
Table ReadCsv(absl::string_view text);

}  // namespace district::returns

#endif  // DISTRICT_TOOLS_RETURNS_TABLE_READER_H_
