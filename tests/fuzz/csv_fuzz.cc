// An uploaded CSV return: any text, read as ReadTable reads a .csv upload, and by ReadCsv.
#include <cstddef>
#include <cstdint>
#include <string>

#include "tools/returns/table_reader.h"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string bytes(reinterpret_cast<const char*>(data), size);
  (void)district::returns::ReadTable(bytes, "return.csv");
  (void)district::returns::ReadCsv(bytes);
  return 0;
}
