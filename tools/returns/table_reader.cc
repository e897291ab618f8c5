#include "tools/returns/table_reader.h"

#include <expat.h>
#include <zip.h>

#include <algorithm>
#include <memory>

#include "absl/functional/function_ref.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "common/errors.h"

namespace district::returns {
namespace {

// What is inflated at a time from a zip member and handed to expat.
constexpr size_t kChunkBytes = 64 << 10;

absl::Status TooLongCell() {
  return InvalidArgumentError(
      absl::StrCat("a cell holds more than ", kMaxCellBytes / 3,
                   " characters (Excel's limit): the file is not a return"),
      absl::StrCat("有单元格超过", kMaxCellBytes / 3, "个字符，这不是月报表"));
}

// A file that is not a spreadsheet, or is damaged: `why` says how, for developers and logs.
absl::Status NotASpreadsheet(absl::string_view why) {
  return InvalidArgumentError(why,
                              "文件不是有效的电子表格，或已损坏：请用Excel另存为.xlsx后再上传");
}

// The table being read, within the limits of table_reader.h: every value goes through Set, which
// counts it before keeping it.
class TableBuilder {
 public:
  // Keeps `text` as the cell at `row` and `col` (from 0). An empty cell, or one right of
  // kMaxColumns, is not kept; any cell below kMaxRows is refused.
  absl::Status Set(int64_t row, int64_t col, std::string text) {
    if (row >= kMaxRows) {
      return InvalidArgumentError(
          absl::StrCat("more than ", kMaxRows, " rows: a return may have at most ", kMaxRows,
                       " rows, its header included"),
          absl::StrCat("月报表最多", kMaxRows, "行（含列名行），请分开上传"));
    }
    if (text.empty() || col >= kMaxColumns) return absl::OkStatus();
    if (++cells_ > kMaxCells) {
      return InvalidArgumentError(
          absl::StrCat("more than ", kMaxCells, " cells: a return may have at most ", kMaxCells),
          absl::StrCat("月报表最多", kMaxCells, "个有内容的单元格，请分开上传"));
    }
    text_bytes_ += static_cast<int64_t>(text.size());
    if (text_bytes_ > kMaxTextBytes) {
      return InvalidArgumentError(
          absl::StrCat("more than ", kMaxTextBytes >> 20,
                       " MiB of text in cells: a return may hold at most ", kMaxTextBytes >> 20,
                       " MiB"),
          absl::StrCat("月报表的文字超过", kMaxTextBytes >> 20, "MB，请分开上传"));
    }
    if (rows_.size() <= static_cast<size_t>(row)) rows_.resize(row + 1);
    std::vector<std::string>& cells = rows_[row];
    if (cells.size() <= static_cast<size_t>(col)) cells.resize(col + 1);
    cells[col] = std::move(text);
    return absl::OkStatus();
  }

  Table Take() { return std::move(rows_); }

 private:
  Table rows_;
  int64_t cells_ = 0;
  int64_t text_bytes_ = 0;
};

// Feeds XML to expat piece by piece, calling the handler's Start, End and Text, each of which
// answers a Status: the first refusal stops the parser and is what Feed answers from then on.
// A DOCTYPE is refused (no workbook has one, and entities are how XML bombs expand), and so is an
// item expat would have to hold whole beyond kMaxXmlItemBytes.
template <typename Handler>
class XmlReader {
 public:
  explicit XmlReader(Handler* handler)
      : handler_(handler), parser_(XML_ParserCreate("UTF-8"), XML_ParserFree) {
    if (parser_ == nullptr) return;
    XML_SetUserData(parser_.get(), this);
    XML_SetElementHandler(
        parser_.get(),
        [](void* self, const XML_Char* name, const XML_Char** attrs) {
          auto* r = static_cast<XmlReader*>(self);
          if (r->refusal_.ok()) r->Answer(r->handler_->Start(name, attrs));
        },
        [](void* self, const XML_Char* name) {
          auto* r = static_cast<XmlReader*>(self);
          if (r->refusal_.ok()) r->Answer(r->handler_->End(name));
        });
    XML_SetCharacterDataHandler(parser_.get(), [](void* self, const XML_Char* s, int n) {
      auto* r = static_cast<XmlReader*>(self);
      if (r->refusal_.ok()) r->Answer(r->handler_->Text(absl::string_view(s, n)));
    });
    XML_SetStartDoctypeDeclHandler(
        parser_.get(), [](void* self, const XML_Char*, const XML_Char*, const XML_Char*, int) {
          static_cast<XmlReader*>(self)->Answer(
              NotASpreadsheet("not a spreadsheet: its XML declares a DOCTYPE"));
        });
  }

  // `piece` follows what was fed before; `last` when the document ends with it.
  absl::Status Feed(absl::string_view piece, bool last) {
    if (parser_ == nullptr) return absl::ResourceExhaustedError("no memory for an XML parser");
    if (!refusal_.ok()) return refusal_;
    if (XML_Parse(parser_.get(), piece.data(), static_cast<int>(piece.size()), last) !=
        XML_STATUS_OK) {
      if (!refusal_.ok()) return refusal_;
      return NotASpreadsheet(
          absl::StrCat("not a spreadsheet: ", XML_ErrorString(XML_GetErrorCode(parser_.get()))));
    }
    fed_ += static_cast<int64_t>(piece.size());
    if (fed_ - last_event_ > kMaxXmlItemBytes) {
      return NotASpreadsheet(absl::StrCat("not a spreadsheet: an XML item longer than ",
                                          kMaxXmlItemBytes >> 20, " MiB"));
    }
    return absl::OkStatus();
  }

 private:
  void Answer(absl::Status status) {
    last_event_ = XML_GetCurrentByteIndex(parser_.get());
    if (status.ok() || !refusal_.ok()) return;
    refusal_ = std::move(status);
    XML_StopParser(parser_.get(), XML_FALSE);
  }

  Handler* handler_;
  std::unique_ptr<XML_ParserStruct, void (*)(XML_Parser)> parser_;
  absl::Status refusal_;
  int64_t fed_ = 0;         // bytes handed to expat
  int64_t last_event_ = 0;  // where the last element or text began
};

// Inflates member `index` of `archive` chunk by chunk into `sink`, then calls it once more with
// `last` set. Sizes the archive declares are not trusted: `inflated` (the workbook's total so
// far) is counted as the member inflates, and reading stops at the first limit crossed.
absl::Status InflateMember(zip_t* archive, zip_int64_t index, size_t archive_bytes,
                           int64_t* inflated,
                           absl::FunctionRef<absl::Status(absl::string_view, bool last)> sink) {
  const char* name = zip_get_name(archive, index, 0);
  const std::string member = name != nullptr ? name : absl::StrCat("entry ", index);
  zip_stat_t stat;
  zip_stat_init(&stat);
  // What the member can have been packed into: its declared size, if smaller than the archive.
  uint64_t packed = archive_bytes;
  // What it says it inflates to: a member that inflates to more, or less, is refused (a lie).
  int64_t declared = -1;
  if (zip_stat_index(archive, index, 0, &stat) == 0) {
    if ((stat.valid & ZIP_STAT_COMP_SIZE) != 0) packed = std::min<uint64_t>(packed, stat.comp_size);
    if ((stat.valid & ZIP_STAT_SIZE) != 0 && stat.size <= INT64_MAX) declared = stat.size;
  }
  auto not_as_declared = [&member]() {
    return NotASpreadsheet(
        absl::StrCat("not an .xlsx file: ", member, " does not unpack to the size its zip says"));
  };
  auto too_large = [&member]() {
    return InvalidArgumentError(
        absl::StrCat("the workbook unpacks to more than ", kMaxInflatedBytes >> 20,
                     " MiB: a return may unpack to at most that (", member, ")"),
        absl::StrCat("工作簿解压后超过", kMaxInflatedBytes >> 20, "MB，请分开上传"));
  };
  if (declared > kMaxInflatedBytes - *inflated) return too_large();  // by its own word
  std::unique_ptr<zip_file_t, int (*)(zip_file_t*)> file(zip_fopen_index(archive, index, 0),
                                                         zip_fclose);
  if (file == nullptr) {
    return NotASpreadsheet(absl::StrCat("cannot open ", member, ": ", zip_strerror(archive)));
  }
  std::string chunk(kChunkBytes, '\0');
  int64_t member_bytes = 0;
  while (true) {
    const zip_int64_t n = zip_fread(file.get(), chunk.data(), chunk.size());
    if (n < 0) {
      return NotASpreadsheet(
          absl::StrCat("cannot read ", member, ": ", zip_file_strerror(file.get())));
    }
    if (n == 0) {
      if (declared >= 0 && member_bytes != declared) return not_as_declared();
      return sink(absl::string_view(), true);
    }
    member_bytes += n;
    if (declared >= 0 && member_bytes > declared) return not_as_declared();
    *inflated += n;
    if (*inflated > kMaxInflatedBytes) return too_large();
    if (member_bytes > kRatioFreeBytes &&
        static_cast<uint64_t>(member_bytes) > kMaxInflationRatio * packed) {
      return NotASpreadsheet(absl::StrCat(member, " unpacks to more than ", kMaxInflationRatio,
                                          " times its packed size: refused as a zip bomb"));
    }
    if (absl::Status s = sink(absl::string_view(chunk.data(), n), false); !s.ok()) return s;
  }
}

// Parses member `name` with `handler`; NOT_FOUND when the archive has none of that name.
template <typename Handler>
absl::Status ParseMember(zip_t* archive, const char* name, size_t archive_bytes, int64_t* inflated,
                         Handler* handler) {
  const zip_int64_t index = zip_name_locate(archive, name, 0);
  if (index < 0) return absl::NotFoundError(name);
  XmlReader<Handler> xml(handler);
  return InflateMember(
      archive, index, archive_bytes, inflated,
      [&xml](absl::string_view piece, bool last) { return xml.Feed(piece, last); });
}

const char* Attribute(const XML_Char** attrs, absl::string_view name) {
  for (int i = 0; attrs[i] != nullptr; i += 2) {
    if (name == attrs[i]) return attrs[i + 1];
  }
  return nullptr;
}

// Element names without a namespace prefix ("x:c" -> "c").
absl::string_view Local(const XML_Char* name) {
  absl::string_view n(name);
  const size_t colon = n.find(':');
  return colon == absl::string_view::npos ? n : n.substr(colon + 1);
}

// xl/sharedStrings.xml: <si> holds a <t>, or runs <r><t>…</t></r> to join. No more strings, nor
// text, than a table may hold: a sheet can use no more than that.
struct SharedStrings {
  std::vector<std::string> strings;
  int64_t text_bytes = 0;
  bool in_t = false;
  absl::Status Start(const XML_Char* name, const XML_Char**) {
    const absl::string_view n = Local(name);
    if (n == "si") {
      if (static_cast<int64_t>(strings.size()) >= kMaxCells) {
        return InvalidArgumentError(
            absl::StrCat("more than ", kMaxCells, " shared strings: a return has fewer cells"),
            absl::StrCat("月报表最多", kMaxCells, "个有内容的单元格，请分开上传"));
      }
      strings.emplace_back();
    }
    if (n == "t") in_t = true;
    return absl::OkStatus();
  }
  absl::Status End(const XML_Char* name) {
    if (Local(name) == "t") in_t = false;
    return absl::OkStatus();
  }
  absl::Status Text(absl::string_view s) {
    if (!in_t || strings.empty()) return absl::OkStatus();
    if (static_cast<int64_t>(strings.back().size() + s.size()) > kMaxCellBytes) {
      return TooLongCell();
    }
    text_bytes += static_cast<int64_t>(s.size());
    if (text_bytes > kMaxTextBytes) {
      return InvalidArgumentError(
          absl::StrCat("more than ", kMaxTextBytes >> 20,
                       " MiB of shared strings: a return may hold at most ", kMaxTextBytes >> 20,
                       " MiB of text"),
          absl::StrCat("月报表的文字超过", kMaxTextBytes >> 20, "MB，请分开上传"));
    }
    strings.back().append(s.data(), s.size());
    return absl::OkStatus();
  }
};

// xl/worksheets/sheet1.xml: <row r="3"><c r="B3" t="s"><v>0</v></c>…</row>. A cell without a
// value is not kept (its row stays as short as its last value).
struct Sheet {
  explicit Sheet(const std::vector<std::string>* shared_strings) : shared(shared_strings) {}
  const std::vector<std::string>* shared;
  TableBuilder table;
  int64_t row = 0, col = 0;
  std::string type, value;
  bool in_value = false;
  absl::Status Start(const XML_Char* name, const XML_Char** attrs) {
    const absl::string_view n = Local(name);
    if (n == "row") {
      const char* r = Attribute(attrs, "r");
      int64_t number = 0;
      row = r != nullptr && absl::SimpleAtoi(r, &number) ? number : row + 1;
      col = 0;
    } else if (n == "c") {
      const char* ref = Attribute(attrs, "r");
      if (ref != nullptr) {
        int64_t c = 0;
        for (const char* p = ref; absl::ascii_isalpha(*p) && c <= kMaxColumns; ++p) {
          c = c * 26 + (absl::ascii_toupper(*p) - 'A' + 1);
        }
        col = c - 1;
      }
      const char* t = Attribute(attrs, "t");
      type = t != nullptr ? t : "n";
      value.clear();
    } else if (n == "v" || n == "t") {
      in_value = true;
    }
    return absl::OkStatus();
  }
  absl::Status End(const XML_Char* name) {
    const absl::string_view n = Local(name);
    if (n == "v" || n == "t") in_value = false;
    if (n != "c") return absl::OkStatus();
    if (row < 1 || col < 0) return absl::OkStatus();
    std::string text = value;
    if (type == "s" && !value.empty()) {
      uint64_t k = 0;
      text = absl::SimpleAtoi(value, &k) && k < shared->size() ? (*shared)[k] : "";
    }
    const int64_t at = col++;
    if (text.empty()) return absl::OkStatus();  // a styled cell without a value, anywhere
    return table.Set(row - 1, at, std::move(text));
  }
  absl::Status Text(absl::string_view s) {
    if (!in_value) return absl::OkStatus();
    if (static_cast<int64_t>(value.size() + s.size()) > kMaxCellBytes) return TooLongCell();
    value.append(s.data(), s.size());
    return absl::OkStatus();
  }
};

}  // namespace

absl::StatusOr<Table> ReadXlsx(const std::string& bytes) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  if (source == nullptr) return NotASpreadsheet("not an .xlsx file");
  zip_t* raw = zip_open_from_source(source, ZIP_RDONLY, &error);
  if (raw == nullptr) {
    zip_source_free(source);
    return NotASpreadsheet("not an .xlsx file (not a zip archive)");
  }
  std::unique_ptr<zip_t, int (*)(zip_t*)> archive(raw, zip_close);
  if (zip_get_num_entries(raw, 0) > kMaxZipEntries) {
    return NotASpreadsheet(absl::StrCat("not an .xlsx file: more than ", kMaxZipEntries,
                                        " entries in its zip archive"));
  }
  int64_t inflated = 0;  // by every member read, against kMaxInflatedBytes
  SharedStrings shared;
  if (absl::Status s = ParseMember(raw, "xl/sharedStrings.xml", bytes.size(), &inflated, &shared);
      !s.ok() && !absl::IsNotFound(s)) {
    return s;
  }
  Sheet sheet(&shared.strings);
  absl::Status s = ParseMember(raw, "xl/worksheets/sheet1.xml", bytes.size(), &inflated, &sheet);
  if (absl::IsNotFound(s)) {
    return InvalidArgumentError("the workbook has no first sheet", "工作簿里没有工作表");
  }
  if (!s.ok()) return s;
  return sheet.table.Take();
}

absl::StatusOr<Table> ReadCsvTable(absl::string_view text) {
  if (absl::StartsWith(text, "\xEF\xBB\xBF")) text.remove_prefix(3);  // Excel's UTF-8 mark
  TableBuilder table;
  int64_t row = 0, col = 0;
  std::string cell;
  bool quoted = false, any = false;
  auto end_cell = [&]() {
    absl::Status s = table.Set(row, col++, std::move(cell));
    cell.clear();
    return s;
  };
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
    if (static_cast<int64_t>(cell.size()) >= kMaxCellBytes) return TooLongCell();
    if (quoted) {
      if (c == '"' && i + 1 < text.size() && text[i + 1] == '"') {
        cell += '"';
        ++i;
      } else if (c == '"') {
        quoted = false;
      } else {
        cell += c;
      }
      continue;
    }
    if (c == '"') {
      quoted = true;
    } else if (c == ',') {
      if (absl::Status s = end_cell(); !s.ok()) return s;
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      if (absl::Status s = end_cell(); !s.ok()) return s;
      ++row;
      col = 0;
      any = false;
      continue;
    } else {
      cell += c;
    }
    any = true;
  }
  if (any || !cell.empty()) {  // a last line without its line break
    if (absl::Status s = end_cell(); !s.ok()) return s;
  }
  return table.Take();
}

Table ReadCsv(absl::string_view text) {
  absl::StatusOr<Table> table = ReadCsvTable(text);
  return table.ok() ? *std::move(table) : Table();
}

absl::StatusOr<Table> ReadTable(const std::string& bytes, absl::string_view file_name) {
  const bool zip = absl::StartsWith(bytes, "PK\x03\x04");
  if (absl::EndsWithIgnoreCase(file_name, ".xlsx") || zip) return ReadXlsx(bytes);
  if (absl::EndsWithIgnoreCase(file_name, ".xls")) {
    return InvalidArgumentError("an .xls file: save it as .xlsx or CSV UTF-8",
                                "这是旧版.xls文件：请用Excel另存为.xlsx或“CSV UTF-8”后再上传");
  }
  return ReadCsvTable(bytes);
}

}  // namespace district::returns
