// An uploaded workbook: any bytes, read as an .xlsx (ReadXlsx), and as ReadTable reads an upload
// whose name says nothing (a zip is a workbook, anything else CSV).
#include <cstddef>
#include <cstdint>
#include <string>

#include "tools/returns/table_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  (void)district::returns::ReadXlsx(bytes);
  (void)district::returns::ReadTable(bytes, "return");
  return 0;
}
