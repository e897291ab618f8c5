// The cells of a spreadsheet as staff save it: the first sheet of an .xlsx workbook (read with
// libzip and expat), or a CSV file as Excel writes it (UTF-8, with or without a byte-order mark,
// quoted fields). Every cell comes back as its text: a number as Excel stores it ("1234.5"), a
// date as its serial number, a shared or inline string as the string.
//
// Uploads are hostile until read: the reader holds what a monthly return can need and refuses
// the rest while it reads, before building anything large. It trusts no size an archive declares,
// inflates zip members in chunks and stops at the first limit crossed (the limits below).
//
// Stateless functions; safe from any thread.
#ifndef DISTRICT_TOOLS_RETURNS_TABLE_READER_H_
#define DISTRICT_TOOLS_RETURNS_TABLE_READER_H_

#include <cstdint>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"

namespace district::returns {

// rows[i] is the sheet's row i + 1; rows[i][j] its column j (A = 0). Rows may differ in length;
// a cell past the end of its row is empty.
using Table = std::vector<std::vector<std::string>>;

// Rows of a sheet, the header included: the services take a batch of at most 12,000 months,
// and a district's year of returns is a few thousand rows.
inline constexpr int kMaxRows = 10000;
// Columns kept (A to BL): a return's template has at most 7, this leaves room for staff's own.
// Cells to the right of them are ignored, not refused, so a header there is not found.
inline constexpr int kMaxColumns = 64;
// Cells kept in one table (twenty columns of every row), and the bytes of their text: a cell is
// addressed, not counted, so these bound what a table holds whatever the addresses say.
inline constexpr int64_t kMaxCells = 200000;
inline constexpr int64_t kMaxTextBytes = 8 << 20;
// One cell's text: Excel's own limit is 32,767 characters, at most 3 bytes each in UTF-8.
inline constexpr int64_t kMaxCellBytes = 32767 * 3;
// Bytes inflated from one workbook's members (shared strings and first sheet together): far more
// than 10,000 rows of a return take as XML, far less than a server can spare per upload.
inline constexpr int64_t kMaxInflatedBytes = 64 << 20;
// A member inflating to more than this many times its compressed size is a deflate bomb: sheet
// XML compresses well, but nowhere near this. Not applied to a member's first
// kRatioFreeBytes, so a small, very regular member is never refused for its ratio alone.
inline constexpr int64_t kMaxInflationRatio = 100;
inline constexpr int64_t kRatioFreeBytes = 1 << 20;
// Entries of the zip archive: a workbook has a few dozen.
inline constexpr int64_t kMaxZipEntries = 10000;
// XML the parser must hold before it can report anything (a tag, an attribute, a comment): a
// sheet's largest is a cell's text, which expat hands over in pieces anyway.
inline constexpr int64_t kMaxXmlItemBytes = 1 << 20;

// Reads `bytes` as .xlsx when `file_name` ends in .xlsx (or the bytes are a zip), else as CSV.
// INVALID_ARGUMENT when the file is neither, its first sheet cannot be read, or it crosses one of
// the limits above (the message names the limit).
absl::StatusOr<Table> ReadTable(const std::string& bytes, absl::string_view file_name);

// The first sheet of an .xlsx workbook; errors as ReadTable's. A DOCTYPE in its XML is refused
// (no workbook has one; entities are how XML bombs expand).
absl::StatusOr<Table> ReadXlsx(const std::string& bytes);

// CSV text; errors as ReadTable's (a limit crossed).
absl::StatusOr<Table> ReadCsvTable(absl::string_view text);

// ReadCsvTable's table, or an empty one when it refuses the text: for text known to be small.
Table ReadCsv(absl::string_view text);

}  // namespace district::returns

#endif  // DISTRICT_TOOLS_RETURNS_TABLE_READER_H_
