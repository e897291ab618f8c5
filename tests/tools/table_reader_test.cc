// The returns reader against hostile uploads (issue #29): a zip whose member claims a huge size,
// deflate bombs, cells addressed far to the right or far down, a million rows of CSV or xlsx, XML
// entities, and a return of many bad rows. Each file is built here, in memory, and each refusal
// must come early: INVALID_ARGUMENT, quickly, and with the process's peak memory barely moved.
// Good files still read as before.
#include <zlib.h>

#include <chrono>
#include <cstdint>
#include <cstdlib>
#include <fstream>
#include <functional>
#include <iostream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "absl/strings/ascii.h"
#include "absl/strings/str_cat.h"
#include "tools/returns/returns.h"
#include "tools/returns/table_reader.h"

namespace district::returns {
namespace {

// ---------- zip archives written by hand, so that they can lie ----------

// Raw deflate (as zip stores it), fed piece by piece; each piece may end with a flush.
class Deflater {
 public:
  Deflater() { deflateInit2(&z_, 6, Z_DEFLATED, -15, 8, Z_DEFAULT_STRATEGY); }
  ~Deflater() { deflateEnd(&z_); }
  // The compressed bytes `data` adds (with `flush`: Z_NO_FLUSH, Z_FULL_FLUSH or Z_FINISH).
  std::string Add(const std::string& data, int flush) {
    std::string out;
    z_.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    z_.avail_in = static_cast<uInt>(data.size());
    char buffer[1 << 16];
    do {
      z_.next_out = reinterpret_cast<Bytef*>(buffer);
      z_.avail_out = sizeof buffer;
      deflate(&z_, flush);
      out.append(buffer, sizeof buffer - z_.avail_out);
    } while (z_.avail_out == 0);
    return out;
  }

 private:
  z_stream z_{};
};

uint32_t Crc(const std::string& data) {
  return static_cast<uint32_t>(
      crc32(0, reinterpret_cast<const Bytef*>(data.data()), static_cast<uInt>(data.size())));
}

struct Member {
  std::string name;
  std::string packed;  // raw deflate
  uint32_t crc;
  uint32_t size;  // what the archive declares it inflates to
};

Member Deflated(std::string name, const std::string& content) {
  Deflater d;
  return {std::move(name), d.Add(content, Z_FINISH), Crc(content),
          static_cast<uint32_t>(content.size())};
}

void Put16(std::string* out, uint32_t v) {
  out->push_back(static_cast<char>(v & 0xff));
  out->push_back(static_cast<char>((v >> 8) & 0xff));
}
void Put32(std::string* out, uint32_t v) {
  Put16(out, v & 0xffff);
  Put16(out, v >> 16);
}

// A zip archive of `members`, each deflated, with the sizes they declare in both headers.
std::string Zip(const std::vector<Member>& members) {
  std::string out, directory;
  for (const Member& m : members) {
    const uint32_t offset = static_cast<uint32_t>(out.size());
    Put32(&out, 0x04034b50);
    Put16(&out, 20);  // version needed
    Put16(&out, 0);   // flags
    Put16(&out, 8);   // deflate
    Put16(&out, 0);   // time
    Put16(&out, 0x21);
    Put32(&out, m.crc);
    Put32(&out, static_cast<uint32_t>(m.packed.size()));
    Put32(&out, m.size);
    Put16(&out, static_cast<uint32_t>(m.name.size()));
    Put16(&out, 0);
    out += m.name;
    out += m.packed;
    Put32(&directory, 0x02014b50);
    Put16(&directory, 20);
    Put16(&directory, 20);
    Put16(&directory, 0);
    Put16(&directory, 8);
    Put16(&directory, 0);
    Put16(&directory, 0x21);
    Put32(&directory, m.crc);
    Put32(&directory, static_cast<uint32_t>(m.packed.size()));
    Put32(&directory, m.size);
    Put16(&directory, static_cast<uint32_t>(m.name.size()));
    Put16(&directory, 0);  // extra
    Put16(&directory, 0);  // comment
    Put16(&directory, 0);  // disk
    Put16(&directory, 0);  // internal attributes
    Put32(&directory, 0);  // external attributes
    Put32(&directory, offset);
    directory += m.name;
  }
  const uint32_t directory_offset = static_cast<uint32_t>(out.size());
  out += directory;
  Put32(&out, 0x06054b50);
  Put16(&out, 0);
  Put16(&out, 0);
  Put16(&out, static_cast<uint32_t>(members.size()));
  Put16(&out, static_cast<uint32_t>(members.size()));
  Put32(&out, static_cast<uint32_t>(directory.size()));
  Put32(&out, directory_offset);
  Put16(&out, 0);
  return out;
}

constexpr char kSheetStart[] =
    "<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n"
    "<worksheet xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"><sheetData>";
constexpr char kSheetEnd[] = "</sheetData></worksheet>";

std::string Workbook(const std::string& sheet_data, const std::string& shared_strings = "") {
  std::vector<Member> members = {
      Deflated("[Content_Types].xml", "<Types/>"),
      Deflated("xl/worksheets/sheet1.xml", kSheetStart + sheet_data + kSheetEnd)};
  if (!shared_strings.empty()) {
    members.push_back(
        Deflated("xl/sharedStrings.xml",
                 "<sst xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\">" +
                     shared_strings + "</sst>"));
  }
  return Zip(members);
}

// A first sheet of `prefix`, then `chunks` MiB of spaces, then the sheet's end: deflated once per
// distinct piece (a full flush makes every MiB's bytes alike), so that a GiB costs the test little.
// `declared` is the size its zip says it inflates to (0: the true size).
std::string SpaceBomb(int chunks, uint32_t declared = 0) {
  const std::string prefix = std::string(kSheetStart) + "<row r=\"1\"><c r=\"A1\"><v>1</v></c>";
  const std::string spaces(1 << 20, ' ');
  const std::string tail = std::string("</row>") + kSheetEnd;
  Deflater d;
  const std::string packed_prefix = d.Add(prefix, Z_FULL_FLUSH);
  const std::string first = d.Add(spaces, Z_FULL_FLUSH);
  const std::string again = d.Add(spaces, Z_FULL_FLUSH);
  EXPECT_EQ(first, again);  // else the repetition below would not inflate to spaces
  const std::string packed_tail = d.Add(tail, Z_FINISH);
  std::string packed = packed_prefix;
  uint32_t crc = Crc(prefix);
  const uint32_t spaces_crc = Crc(spaces);
  for (int i = 0; i < chunks; ++i) {
    packed += again;
    crc = static_cast<uint32_t>(crc32_combine(crc, spaces_crc, spaces.size()));
  }
  packed += packed_tail;
  crc = static_cast<uint32_t>(crc32_combine(crc, Crc(tail), tail.size()));
  const uint64_t size = prefix.size() + static_cast<uint64_t>(chunks) * spaces.size() + tail.size();
  return Zip({{"xl/worksheets/sheet1.xml", packed, crc,
               declared != 0 ? declared : static_cast<uint32_t>(size)}});
}

// ---------- what a call costs ----------

int64_t StatusKb(const char* field) {
  std::ifstream status("/proc/self/status");
  std::string line;
  while (std::getline(status, line)) {
    if (line.rfind(field, 0) == 0) return std::stoll(line.substr(std::string(field).size()));
  }
  return -1;
}

struct Cost {
  int64_t peak_growth_mb;
  double seconds;
};

// Runs `f` with the peak resident size reset first (clear_refs "5"), so that what the test built
// beforehand does not hide what `f` takes.
Cost Measure(const std::string& what, const std::function<void()>& f) {
  std::ofstream("/proc/self/clear_refs") << "5";
  const int64_t before = StatusKb("VmRSS:");
  const auto start = std::chrono::steady_clock::now();
  f();
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
  const Cost cost{(StatusKb("VmHWM:") - before) >> 10, seconds};
  std::cout << what << ": peak RSS +" << cost.peak_growth_mb << " MB, " << seconds << " s\n";
  return cost;
}

constexpr int64_t kPeakGrowthMb = 64;
constexpr double kQuickSeconds = 3;  // generous: the machine is shared

// With DISTRICT_SAMPLES_DIR set, the hostile files are written there too (to measure another
// build of the reader with them, or to seed a fuzzer).
void KeepSample(const std::string& what, const std::string& bytes, const std::string& file_name) {
  const char* dir = std::getenv("DISTRICT_SAMPLES_DIR");
  if (dir == nullptr) return;
  std::string name = what;
  for (char& c : name) c = absl::ascii_isalnum(c) ? c : '_';
  std::ofstream(absl::StrCat(dir, "/", name, file_name.substr(file_name.rfind('.'))),
                std::ios::binary)
      << bytes;
}

void ExpectRefusedCheaply(const std::string& what, const std::string& bytes,
                          const std::string& file_name, const std::string& message) {
  KeepSample(what, bytes, file_name);
  absl::StatusOr<Table> table;
  const Cost cost = Measure(what, [&] { table = ReadTable(bytes, file_name); });
  EXPECT_EQ(table.status().code(), absl::StatusCode::kInvalidArgument) << what;
  EXPECT_NE(table.status().message().find(message), std::string::npos)
      << what << ": " << table.status();
  EXPECT_LT(cost.peak_growth_mb, kPeakGrowthMb) << what;
  EXPECT_LT(cost.seconds, kQuickSeconds) << what;
}

TEST(Measure, SeesWhatAFunctionTakes) {
  const Cost cost = Measure("100 MB touched", [] {
    std::string big(100 << 20, 'x');
    EXPECT_EQ(big[12345], 'x');
  });
  EXPECT_GE(cost.peak_growth_mb, 90);  // else the limits below would be checked by nothing
}

// ---------- hostile workbooks ----------

TEST(HostileXlsx, AMemberClaimingGigabytesIsNotBelieved) {
  Member sheet = Deflated(
      "xl/worksheets/sheet1.xml",
      std::string(kSheetStart) + "<row r=\"1\"><c r=\"A1\"><v>1</v></c></row>" + kSheetEnd);
  const uint32_t real_size = sheet.size;
  sheet.size = 0xF0000000u;  // 3.75 GiB declared in both headers, a few bytes really
  const std::string bytes = Zip({sheet});
  EXPECT_LT(bytes.size(), 1000u);
  ExpectRefusedCheaply("lying size", bytes, "x.xlsx", "unpacks to more than 64 MiB");
  sheet.size = 60 << 20;  // within the limit, but not what it unpacks to
  ExpectRefusedCheaply("lying size, 60 MiB", Zip({sheet}), "x.xlsx",
                       "does not unpack to the size its zip says");
  sheet.size = real_size - 1;  // and a member longer than it says is refused too
  ExpectRefusedCheaply("lying size, smaller", Zip({sheet}), "x.xlsx",
                       "does not unpack to the size its zip says");
}

TEST(HostileXlsx, AGibibyteOfSpacesIsNotInflated) {
  const std::string bytes = SpaceBomb(1024);
  EXPECT_LT(bytes.size(), 2u << 20);
  // Said to be a GiB: refused on its word. Said to be a MiB: refused once it inflates past that.
  ExpectRefusedCheaply("deflate bomb 1 GiB", bytes, "x.xlsx", "unpacks to more than 64 MiB");
  ExpectRefusedCheaply("deflate bomb 1 GiB, said 1 MiB", SpaceBomb(1024, 1 << 20), "x.xlsx",
                       "does not unpack to the size its zip says");
}

TEST(HostileXlsx, AHighRatioMemberIsRefusedBeforeTheTotalLimit) {
  const std::string bytes = SpaceBomb(32);  // 32 MiB from about 32 KiB
  ExpectRefusedCheaply("deflate bomb 32 MiB", bytes, "x.xlsx", "times its packed size");
}

// Letters that deflate poorly, so that no ratio limit stops them first.
std::string Noise(size_t size) {
  std::string out(size, 'a');
  uint32_t x = 1;
  for (char& c : out) {
    x = x * 1103515245 + 12345;
    c = static_cast<char>('a' + (x >> 16) % 26);
  }
  return out;
}

TEST(HostileXlsx, AnItemExpatWouldHoldWholeIsRefusedPastItsLimit) {
  // Nothing is reported to the reader for 3 MiB: expat would have to buffer all of it.
  const std::string comment = "<worksheet><!--" + Noise(3 << 20) + "--></worksheet>";
  ExpectRefusedCheaply("long comment", Zip({Deflated("xl/worksheets/sheet1.xml", comment)}),
                       "x.xlsx", "XML item longer than");
  const std::string attribute = "<worksheet a=\"" + Noise(3 << 20) + "\"/>";
  ExpectRefusedCheaply("long attribute", Zip({Deflated("xl/worksheets/sheet1.xml", attribute)}),
                       "x.xlsx", "XML item longer than");
}

TEST(HostileXlsx, ACellInColumnXfdLeavesItsRowSmall) {
  // Each row's last column addressed: 16,384 cells a row if the address were believed.
  std::string rows =
      "<row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>月份</t></is></c><c "
      "r=\"AAAAAAAAAAAAAAAAAAAAAAAAAA1\"><v>8</v></c></row>";
  for (int r = 2; r <= 1000; ++r) {
    absl::StrAppend(&rows, "<row r=\"", r, "\"><c r=\"A", r, "\"><v>", r, "</v></c><c r=\"XFD", r,
                    "\"><v>9</v></c></row>");
  }
  const std::string bytes = Workbook(rows);
  absl::StatusOr<Table> table;
  KeepSample("XFD in 1,000 rows", bytes, "x.xlsx");
  const Cost cost = Measure("XFD in 1,000 rows", [&] { table = ReadTable(bytes, "x.xlsx"); });
  ASSERT_TRUE(table.ok()) << table.status();
  ASSERT_EQ(table->size(), 1000u);
  EXPECT_EQ((*table)[0], std::vector<std::string>{"月份"});
  for (const std::vector<std::string>& row : *table) EXPECT_EQ(row.size(), 1u);
  EXPECT_LT(cost.peak_growth_mb, 8);
}

std::string Rows(int count) {
  std::string rows;
  for (int r = 1; r <= count; ++r) {
    absl::StrAppend(&rows, "<row r=\"", r, "\"><c r=\"A", r, "\"><v>", r, "</v></c></row>");
  }
  return rows;
}

TEST(HostileXlsx, AMillionRowsAreRefusedWhileReading) {
  const std::string bytes = Workbook(Rows(1000000));
  ExpectRefusedCheaply("1M rows xlsx", bytes, "x.xlsx", "rows: a return may have at most 10000");
}

TEST(HostileXlsx, TheLastRowAllowedIsRead) {
  absl::StatusOr<Table> table = ReadTable(Workbook(Rows(kMaxRows)), "x.xlsx");
  ASSERT_TRUE(table.ok()) << table.status();
  ASSERT_EQ(table->size(), static_cast<size_t>(kMaxRows));
  EXPECT_EQ(table->back()[0], absl::StrCat(kMaxRows));
  // A styled cell without a value far below is not a row of the return.
  EXPECT_TRUE(ReadTable(Workbook(Rows(3) + "<row r=\"1048576\"><c r=\"A1048576\" s=\"1\"/></row>"),
                        "x.xlsx")
                  .ok());
}

TEST(HostileXlsx, OneSharedStringInEveryCellIsBoundedByTheTextLimit) {
  std::string rows;
  for (int r = 1; r <= 2000; ++r) {
    absl::StrAppend(&rows, "<row r=\"", r, "\"><c r=\"A", r, "\" t=\"s\"><v>0</v></c></row>");
  }
  const std::string bytes =
      Workbook(rows, "<si><t>" + std::string(30000, 'x') + "</t></si>");  // 60 MB if copied
  ExpectRefusedCheaply("shared string in 2,000 cells", bytes, "x.xlsx", "MiB of text in cells");
}

TEST(HostileXlsx, TooManyCellsAreRefused) {
  std::string rows;
  for (int r = 1; r <= kMaxRows; ++r) {
    absl::StrAppend(&rows, "<row r=\"", r, "\">");
    for (char c = 'A'; c < 'A' + 21; ++c)
      absl::StrAppend(&rows, "<c r=\"", std::string(1, c), r, "\"><v>1</v></c>");
    rows += "</row>";
  }
  ExpectRefusedCheaply("210,000 cells", Workbook(rows), "x.xlsx", "cells: a return may have");
}

TEST(HostileXlsx, EntitiesAreRefusedWithTheirDoctype) {
  const std::string laughs =
      "<?xml version=\"1.0\"?><!DOCTYPE lolz [<!ENTITY lol \"lol\">"
      "<!ENTITY lol2 \"&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;\">"
      "<!ENTITY lol3 \"&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;\">]>"
      "<worksheet><sheetData><row r=\"1\"><c r=\"A1\" t=\"inlineStr\"><is><t>&lol3;</t></is></c>"
      "</row></sheetData></worksheet>";
  ExpectRefusedCheaply("DOCTYPE", Zip({Deflated("xl/worksheets/sheet1.xml", laughs)}), "x.xlsx",
                       "DOCTYPE");
}

TEST(HostileXlsx, TooManyEntriesAreRefused) {
  std::vector<Member> members;
  for (int i = 0; i <= kMaxZipEntries; ++i) members.push_back(Deflated(absl::StrCat(i), ""));
  ExpectRefusedCheaply("entries", Zip(members), "x.xlsx", "entries");
}

TEST(GoodXlsx, SharedAndInlineStringsNumbersAndGapsReadBack) {
  const std::string bytes = Workbook(
      "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c><c r=\"B1\" t=\"s\"><v>1</v></c></row>"
      "<row r=\"3\"><c r=\"A3\" t=\"inlineStr\"><is><t>P1</t></is></c><c r=\"C3\"><v>1234.5</v>"
      "</c></row>",
      "<si><t>项目编号</t></si><si><r><t>月</t></r><r><t>份</t></r></si>");
  absl::StatusOr<Table> table = ReadTable(bytes, "return.xlsx");
  ASSERT_TRUE(table.ok()) << table.status();
  ASSERT_EQ(table->size(), 3u);
  EXPECT_EQ((*table)[0], (std::vector<std::string>{"项目编号", "月份"}));
  EXPECT_TRUE((*table)[1].empty());
  EXPECT_EQ((*table)[2], (std::vector<std::string>{"P1", "", "1234.5"}));
}

// ---------- CSV ----------

TEST(HostileCsv, AMillionRowsAreRefusedWhileReading) {
  std::string csv = "项目编号,月份,本月完成投资(万元)\n";
  for (int r = 0; r < 1000000; ++r) csv += "P1,2020-03,1\n";
  ExpectRefusedCheaply("1M rows CSV", csv, "x.csv", "rows: a return may have at most 10000");
  // Blank lines are rows too.
  ExpectRefusedCheaply("1M blank lines", std::string(1000000, '\n'), "x.csv", "rows");
}

TEST(HostileCsv, WideRowsAndLongCellsAreBounded) {
  absl::StatusOr<Table> wide = ReadTable("a" + std::string(100000, ',') + "z\n", "x.csv");
  ASSERT_TRUE(wide.ok()) << wide.status();
  EXPECT_EQ((*wide)[0], std::vector<std::string>{"a"});  // z is beyond kMaxColumns
  ExpectRefusedCheaply("long cell", "\"" + std::string(1 << 20, 'x') + "\"", "x.csv", "characters");
}

TEST(GoodCsv, ExcelsCsvReadsAsBefore) {
  absl::StatusOr<Table> t =
      ReadCsvTable("\xEF\xBB\xBF楼宇编号,月份,来源\r\nB1,2020-03,\"a, b\"\r\n\r\nB2,,x");
  ASSERT_TRUE(t.ok()) << t.status();
  ASSERT_EQ(t->size(), 4u);
  EXPECT_EQ((*t)[0][0], "楼宇编号");
  EXPECT_EQ((*t)[1][2], "a, b");
  EXPECT_TRUE((*t)[2].empty());
  EXPECT_EQ((*t)[3], (std::vector<std::string>{"B2", "", "x"}));
}

// ---------- the list of bad cells ----------

TEST(ImportErrors, FiftyThousandBadRowsListTheFirstHundredAndCountAll) {
  Table table = {{"项目编号", "月份", "本月完成投资(万元)"}};
  for (int r = 0; r < 50000; ++r) table.push_back({"P1", "not a month", "1"});
  // No call is made for a return with bad cells: no service need listen.
  rpc::Rpc rpc({{"project", "127.0.0.1:1"}, {"parks", "127.0.0.1:1"}},
               std::chrono::milliseconds(100));
  ImportResult result = ImportReturn(rpc, ReturnKind::kInvestment, table, rpc::Caller{});
  EXPECT_TRUE(result.status.ok()) << result.status;
  EXPECT_EQ(result.errors.size(), static_cast<size_t>(kMaxListedErrors));
  EXPECT_EQ(result.error_count, 50000);
  EXPECT_EQ(result.errors.front().row, 2);
  EXPECT_EQ(result.errors.back().row, kMaxListedErrors + 1);
  EXPECT_EQ(result.recorded, 0);
}

}  // namespace
}  // namespace district::returns
