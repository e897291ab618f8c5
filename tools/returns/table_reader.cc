#include "tools/returns/table_reader.h"

#include <expat.h>
#include <zip.h>

#include <memory>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"

namespace district::returns {
namespace {

// One member of a zip archive in memory; NOT_FOUND when it has none of that name.
absl::StatusOr<std::string> ZipMember(zip_t* archive, const char* name) {
  zip_stat_t stat;
  if (zip_stat(archive, name, 0, &stat) != 0) return absl::NotFoundError(name);
  std::unique_ptr<zip_file_t, int (*)(zip_file_t*)> file(zip_fopen(archive, name, 0), zip_fclose);
  if (file == nullptr) return absl::InvalidArgumentError(absl::StrCat("cannot open ", name));
  std::string out(stat.size, '\0');
  if (zip_fread(file.get(), out.data(), stat.size) != static_cast<zip_int64_t>(stat.size)) {
    return absl::InvalidArgumentError(absl::StrCat("cannot read ", name));
  }
  return out;
}

// Runs expat over `xml`, with `handler` (a struct with Start, End and Text) as its user data.
template <typename Handler>
absl::Status ParseXml(const std::string& xml, Handler* handler) {
  std::unique_ptr<XML_ParserStruct, void (*)(XML_Parser)> parser(XML_ParserCreate("UTF-8"),
                                                                 XML_ParserFree);
  XML_SetUserData(parser.get(), handler);
  XML_SetElementHandler(
      parser.get(),
      [](void* h, const XML_Char* name, const XML_Char** attrs) {
        static_cast<Handler*>(h)->Start(name, attrs);
      },
      [](void* h, const XML_Char* name) { static_cast<Handler*>(h)->End(name); });
  XML_SetCharacterDataHandler(parser.get(), [](void* h, const XML_Char* s, int n) {
    static_cast<Handler*>(h)->Text(absl::string_view(s, n));
  });
  if (XML_Parse(parser.get(), xml.data(), static_cast<int>(xml.size()), 1) != XML_STATUS_OK) {
    return absl::InvalidArgumentError(
        absl::StrCat("not a spreadsheet: ", XML_ErrorString(XML_GetErrorCode(parser.get()))));
  }
  return absl::OkStatus();
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

// xl/sharedStrings.xml: <si> holds a <t>, or runs <r><t>…</t></r> to join.
struct SharedStrings {
  std::vector<std::string> strings;
  bool in_t = false;
  void Start(const XML_Char* name, const XML_Char**) {
    const absl::string_view n = Local(name);
    if (n == "si") strings.emplace_back();
    if (n == "t") in_t = true;
  }
  void End(const XML_Char* name) {
    if (Local(name) == "t") in_t = false;
  }
  void Text(absl::string_view s) {
    if (in_t && !strings.empty()) strings.back().append(s.data(), s.size());
  }
};

// xl/worksheets/sheet1.xml: <row r="3"><c r="B3" t="s"><v>0</v></c>…</row>.
struct Sheet {
  explicit Sheet(const std::vector<std::string>* shared_strings) : shared(shared_strings) {}
  const std::vector<std::string>* shared;
  Table rows;
  int row = 0, col = 0;
  std::string type, value;
  bool in_value = false;
  void Start(const XML_Char* name, const XML_Char** attrs) {
    const absl::string_view n = Local(name);
    if (n == "row") {
      const char* r = Attribute(attrs, "r");
      row = r != nullptr ? std::atoi(r) : row + 1;
      col = 0;
    } else if (n == "c") {
      const char* ref = Attribute(attrs, "r");
      if (ref != nullptr) {
        int c = 0;
        for (const char* p = ref; absl::ascii_isalpha(*p); ++p) {
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
  }
  void End(const XML_Char* name) {
    const absl::string_view n = Local(name);
    if (n == "v" || n == "t") in_value = false;
    if (n != "c") return;
    if (row < 1 || row > 1000000 || col < 0 || col > 16384) return;
    std::string text = value;
    if (type == "s") {
      const size_t k = static_cast<size_t>(std::atol(value.c_str()));
      text = k < shared->size() ? (*shared)[k] : "";
    }
    if (rows.size() < static_cast<size_t>(row)) rows.resize(row);
    auto& cells = rows[row - 1];
    if (cells.size() <= static_cast<size_t>(col)) cells.resize(col + 1);
    cells[col] = text;
    ++col;
  }
  void Text(absl::string_view s) {
    if (in_value) value.append(s.data(), s.size());
  }
};

}  // namespace

absl::StatusOr<Table> ReadXlsx(const std::string& bytes) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* source = zip_source_buffer_create(bytes.data(), bytes.size(), 0, &error);
  if (source == nullptr) return absl::InvalidArgumentError("not an .xlsx file");
  zip_t* raw = zip_open_from_source(source, ZIP_RDONLY, &error);
  if (raw == nullptr) {
    zip_source_free(source);
    return absl::InvalidArgumentError("not an .xlsx file (not a zip archive)");
  }
  std::unique_ptr<zip_t, int (*)(zip_t*)> archive(raw, zip_close);
  SharedStrings shared;
  if (absl::StatusOr<std::string> xml = ZipMember(raw, "xl/sharedStrings.xml"); xml.ok()) {
    if (absl::Status s = ParseXml(*xml, &shared); !s.ok()) return s;
  }
  absl::StatusOr<std::string> sheet_xml = ZipMember(raw, "xl/worksheets/sheet1.xml");
  if (!sheet_xml.ok()) return absl::InvalidArgumentError("the workbook has no first sheet");
  Sheet sheet(&shared.strings);
  if (absl::Status s = ParseXml(*sheet_xml, &sheet); !s.ok()) return s;
  return std::move(sheet.rows);
}

Table ReadCsv(absl::string_view text) {
  if (absl::StartsWith(text, "\xEF\xBB\xBF")) text.remove_prefix(3);  // Excel's UTF-8 mark
  Table rows(1);
  std::string cell;
  bool quoted = false, any = false;
  for (size_t i = 0; i < text.size(); ++i) {
    const char c = text[i];
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
      rows.back().push_back(std::move(cell));
      cell.clear();
    } else if (c == '\n' || c == '\r') {
      if (c == '\r' && i + 1 < text.size() && text[i + 1] == '\n') ++i;
      rows.back().push_back(std::move(cell));
      cell.clear();
      rows.emplace_back();
      any = false;
      continue;
    } else {
      cell += c;
    }
    any = true;
  }
  if (any || !cell.empty()) {
    rows.back().push_back(std::move(cell));
  } else {
    rows.pop_back();  // the line break at the end
  }
  return rows;
}

absl::StatusOr<Table> ReadTable(const std::string& bytes, absl::string_view file_name) {
  const bool zip = absl::StartsWith(bytes, "PK\x03\x04");
  if (absl::EndsWithIgnoreCase(file_name, ".xlsx") || zip) return ReadXlsx(bytes);
  if (absl::EndsWithIgnoreCase(file_name, ".xls")) {
    return absl::InvalidArgumentError("an .xls file: save it as .xlsx or CSV UTF-8");
  }
  return ReadCsv(bytes);
}

}  // namespace district::returns
