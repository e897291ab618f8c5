#include "tools/export/xlsx.h"

#include <unistd.h>

#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>

#include <xlsxwriter.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_join.h"
#include "common/registry.h"

namespace district::xport {
namespace {

// The label of the enum value named `name` in the contracts (common/registry.h), or the name
// itself when it has none (a bucket's key that is no value's name, such as a sector).
std::string EnumLabel(const std::string& name) {
  const absl::string_view label = ApiRegistry::Global().ValueLabel(name);
  return label.empty() ? name : std::string(label);
}

using google::protobuf::FieldDescriptor;
using google::protobuf::Message;

// Writes one cell; an absent (unknown) value leaves the cell empty.
void WriteCell(lxw_worksheet* ws, lxw_row_t row, lxw_col_t col, const Message& m,
               const FieldDescriptor* f, Column::Kind kind, lxw_format* money, lxw_format* share,
               lxw_format* date) {
  const auto* r = m.GetReflection();
  if (f->is_repeated()) {
    std::vector<std::string> values;
    for (int i = 0; i < r->FieldSize(m, f); ++i) {
      if (f->cpp_type() == FieldDescriptor::CPPTYPE_STRING) {
        values.push_back(r->GetRepeatedString(m, f, i));
      }
    }
    if (!values.empty())
      worksheet_write_string(ws, row, col, absl::StrJoin(values, "、").c_str(), nullptr);
    return;
  }
  if (f->has_presence() && !r->HasField(m, f)) return;  // unknown: an empty cell, not 0
  switch (f->cpp_type()) {
    case FieldDescriptor::CPPTYPE_STRING: {
      std::string s = r->GetString(m, f);
      if (kind == Column::Kind::kLabel) s = EnumLabel(s);
      if (!s.empty()) worksheet_write_string(ws, row, col, s.c_str(), nullptr);
      return;
    }
    case FieldDescriptor::CPPTYPE_INT64:
    case FieldDescriptor::CPPTYPE_INT32:
    case FieldDescriptor::CPPTYPE_DOUBLE: {
      double v = f->cpp_type() == FieldDescriptor::CPPTYPE_INT64
                     ? static_cast<double>(r->GetInt64(m, f))
                 : f->cpp_type() == FieldDescriptor::CPPTYPE_INT32 ? r->GetInt32(m, f)
                                                                   : r->GetDouble(m, f);
      lxw_format* format = nullptr;
      if (kind == Column::Kind::kWanYuan) v /= 10000.0, format = money;
      if (kind == Column::Kind::kShare) format = share;
      worksheet_write_number(ws, row, col, v, format);
      return;
    }
    case FieldDescriptor::CPPTYPE_ENUM: {
      const google::protobuf::EnumValueDescriptor* value = r->GetEnum(m, f);
      const absl::string_view label = ApiRegistry::Label(value);
      worksheet_write_string(ws, row, col,
                             (label.empty() ? value->name() : std::string(label)).c_str(), nullptr);
      return;
    }
    case FieldDescriptor::CPPTYPE_MESSAGE: {
      const Message& sub = r->GetMessage(m, f);
      const auto* d = sub.GetDescriptor();
      const auto* year = d->FindFieldByName("year");
      const auto* month = d->FindFieldByName("month");
      const auto* day = d->FindFieldByName("day");
      if (year == nullptr || month == nullptr) return;
      const auto* sr = sub.GetReflection();
      if (sr->GetInt32(sub, year) == 0) return;  // an unset date
      lxw_datetime when = {sr->GetInt32(sub, year),
                           sr->GetInt32(sub, month),
                           day != nullptr ? sr->GetInt32(sub, day) : 1,
                           0,
                           0,
                           0};
      worksheet_write_datetime(ws, row, col, &when, date);
      return;
    }
    default:
      return;
  }
}

}  // namespace

absl::StatusOr<std::string> WriteWorkbook(const std::vector<Sheet>& sheets) {
  // libxlsxwriter 1.1.4 writes to a file: a private temporary one, read back and removed.
  char path[] = "/tmp/district-export-XXXXXX";
  const int fd = mkstemp(path);
  if (fd < 0) return absl::InternalError("cannot make a temporary file for the workbook");
  close(fd);
  lxw_workbook* wb = workbook_new(path);
  if (wb == nullptr) {
    std::remove(path);
    return absl::InternalError("libxlsxwriter cannot start a workbook");
  }
  lxw_format* bold = workbook_add_format(wb);
  format_set_bold(bold);
  lxw_format* money = workbook_add_format(wb);
  format_set_num_format(money, "#,##0.00");
  lxw_format* share = workbook_add_format(wb);
  format_set_num_format(share, "0.0%");
  lxw_format* date = workbook_add_format(wb);
  format_set_num_format(date, "yyyy-mm-dd");

  absl::Status status;
  for (const Sheet& sheet : sheets) {
    lxw_worksheet* ws = workbook_add_worksheet(wb, sheet.name.c_str());
    if (ws == nullptr) {
      status = absl::InvalidArgumentError("bad sheet name " + sheet.name);
      break;
    }
    std::vector<const FieldDescriptor*> fields;
    for (size_t c = 0; c < sheet.columns.size(); ++c) {
      worksheet_write_string(ws, 0, c, sheet.columns[c].header.c_str(), bold);
      worksheet_set_column(ws, c, c, sheet.columns[c].kind == Column::Kind::kText ? 24 : 14,
                           nullptr);
      const FieldDescriptor* f = nullptr;
      if (!sheet.rows.empty()) {
        f = sheet.rows[0]->GetDescriptor()->FindFieldByName(sheet.columns[c].field);
        if (f == nullptr) {
          status = absl::InvalidArgumentError(
              absl::StrCat(sheet.rows[0]->GetTypeName(), " has no field ", sheet.columns[c].field));
        }
      }
      fields.push_back(f);
    }
    if (!status.ok()) break;
    worksheet_freeze_panes(ws, 1, 0);
    for (size_t r = 0; r < sheet.rows.size(); ++r) {
      for (size_t c = 0; c < sheet.columns.size(); ++c) {
        WriteCell(ws, r + 1, c, *sheet.rows[r], fields[c], sheet.columns[c].kind, money, share,
                  date);
      }
    }
    if (!sheet.rows.empty()) {
      worksheet_autofilter(ws, 0, 0, sheet.rows.size(), sheet.columns.size() - 1);
    }
  }
  const lxw_error closed = workbook_close(wb);
  std::string bytes;
  if (status.ok() && closed != LXW_NO_ERROR) {
    status = absl::InternalError(absl::StrCat("libxlsxwriter: ", lxw_strerror(closed)));
  }
  if (status.ok()) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    bytes = out.str();
  }
  std::remove(path);
  if (!status.ok()) return status;
  return bytes;
}

}  // namespace district::xport
