// The XML inside a workbook. Mutated zip bytes rarely get past the zip's checksums, so this target
// builds the workbook itself (members stored, uncompressed) and fuzzes what ReadXlsx parses: the
// input is xl/sharedStrings.xml, a NUL byte, then xl/worksheets/sheet1.xml; without a NUL, it is
// the sheet alone and the workbook has no shared strings.
#include <zip.h>

#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "absl/strings/string_view.h"
#include "tools/returns/table_reader.h"

namespace {

void Add(zip_t* archive, const char* name, absl::string_view xml) {
  zip_source_t* member = zip_source_buffer(archive, xml.data(), xml.size(), 0);
  const zip_int64_t index = zip_file_add(archive, name, member, ZIP_FL_OVERWRITE);
  if (index < 0) {
    zip_source_free(member);
    return;
  }
  zip_set_file_compression(archive, index, ZIP_CM_STORE, 0);
}

// A zip archive with the given members, as bytes.
std::string Workbook(absl::string_view shared_strings, bool has_shared, absl::string_view sheet) {
  zip_error_t error;
  zip_error_init(&error);
  zip_source_t* buffer = zip_source_buffer_create(nullptr, 0, 0, &error);
  zip_t* archive = zip_open_from_source(buffer, ZIP_TRUNCATE, &error);
  if (archive == nullptr) abort();
  zip_source_keep(buffer);  // read the bytes back after zip_close
  if (has_shared) Add(archive, "xl/sharedStrings.xml", shared_strings);
  Add(archive, "xl/worksheets/sheet1.xml", sheet);
  if (zip_close(archive) != 0) abort();
  std::string bytes;
  zip_stat_t stat;
  if (zip_source_stat(buffer, &stat) == 0 && zip_source_open(buffer) == 0) {
    bytes.resize(stat.size);
    const zip_int64_t n = zip_source_read(buffer, bytes.data(), stat.size);
    bytes.resize(n < 0 ? 0 : static_cast<size_t>(n));
    zip_source_close(buffer);
  }
  zip_source_free(buffer);
  return bytes;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const absl::string_view input(reinterpret_cast<const char*>(data), size);
  const size_t nul = input.find('\0');
  const bool has_shared = nul != absl::string_view::npos;
  const std::string bytes = has_shared ? Workbook(input.substr(0, nul), true, input.substr(nul + 1))
                                       : Workbook("", false, input);
  (void)district::returns::ReadXlsx(bytes);
  return 0;
}
