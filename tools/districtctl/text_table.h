// Plain-text tables whose columns line up in a terminal, Chinese included: a CJK character takes
// two columns, so widths are counted in display columns, not bytes.
#ifndef DISTRICT_TOOLS_DISTRICTCTL_TEXT_TABLE_H_
#define DISTRICT_TOOLS_DISTRICTCTL_TEXT_TABLE_H_

#include <cstdint>
#include <string>
#include <vector>

#include "common/money.h"  // FormatYuan, for the tables' money columns

namespace district::ctl {

// Display columns of UTF-8 `text` (East Asian wide and fullwidth characters count 2).
int DisplayWidth(const std::string& text);

class TextTable {
 public:
  explicit TextTable(std::vector<std::string> header) : header_(std::move(header)) {}
  void AddRow(std::vector<std::string> row) { rows_.push_back(std::move(row)); }
  // Columns separated by two spaces; numbers (cells starting with a digit) aligned right.
  std::string Render() const;

 private:
  std::vector<std::string> header_;
  std::vector<std::vector<std::string>> rows_;
};

// A share as a percentage: "12.5%".
std::string FormatShare(double share);

// What a table shows for a value that is not known: unknown is not zero.
inline constexpr char kUnknown[] = "—";

}  // namespace district::ctl

#endif  // DISTRICT_TOOLS_DISTRICTCTL_TEXT_TABLE_H_
