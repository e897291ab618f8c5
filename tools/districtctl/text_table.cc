#include "tools/districtctl/text_table.h"

#include <algorithm>

#include "absl/strings/str_format.h"

namespace district::ctl {
namespace {

bool IsWide(uint32_t c) {
  return (c >= 0x1100 && c <= 0x115F) || (c >= 0x2E80 && c <= 0xA4CF) ||
         (c >= 0xAC00 && c <= 0xD7A3) || (c >= 0xF900 && c <= 0xFAFF) ||
         (c >= 0xFE30 && c <= 0xFE4F) || (c >= 0xFF00 && c <= 0xFF60) ||
         (c >= 0xFFE0 && c <= 0xFFE6) || (c >= 0x20000 && c <= 0x3FFFD);
}

std::string Pad(const std::string& cell, int width, bool right) {
  const std::string fill(std::max(0, width - DisplayWidth(cell)), ' ');
  return right ? fill + cell : cell + fill;
}

}  // namespace

int DisplayWidth(const std::string& text) {
  int width = 0;
  for (size_t i = 0; i < text.size();) {
    const unsigned char b = text[i];
    uint32_t c = b;
    int n = 1;
    if (b >= 0xF0) {
      c = b & 0x07, n = 4;
    } else if (b >= 0xE0) {
      c = b & 0x0F, n = 3;
    } else if (b >= 0xC0) {
      c = b & 0x1F, n = 2;
    }
    for (int k = 1; k < n && i + k < text.size(); ++k) c = (c << 6) | (text[i + k] & 0x3F);
    i += n;
    width += IsWide(c) ? 2 : 1;
  }
  return width;
}

std::string TextTable::Render() const {
  std::vector<int> widths(header_.size(), 0);
  for (size_t c = 0; c < header_.size(); ++c) widths[c] = DisplayWidth(header_[c]);
  for (const auto& row : rows_) {
    for (size_t c = 0; c < row.size() && c < widths.size(); ++c) {
      widths[c] = std::max(widths[c], DisplayWidth(row[c]));
    }
  }
  auto line = [&](const std::vector<std::string>& cells, bool header) {
    std::string out;
    for (size_t c = 0; c < widths.size(); ++c) {
      const std::string cell = c < cells.size() ? cells[c] : "";
      // Numbers, and the sign of an unknown one, align right.
      const bool number =
          !header && !cell.empty() && (std::isdigit(cell[0]) || cell[0] == '-' || cell == kUnknown);
      if (c > 0) out += "  ";
      out += Pad(cell, c + 1 == widths.size() && !number ? 0 : widths[c], number);
    }
    return out + "\n";
  };
  std::string out = line(header_, true);
  for (const auto& row : rows_) out += line(row, false);
  return out;
}

std::string FormatShare(double share) { return absl::StrFormat("%.1f%%", share * 100); }

}  // namespace district::ctl
