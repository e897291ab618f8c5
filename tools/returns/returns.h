// The monthly returns that staff fill in and upload: 投资月报 (each project's investment of a
// month) and 楼宇月报 (each building's tax, occupancy and enterprises of a month). A return is a
// sheet with a header row naming its columns (in any order; others are ignored):
//
//   投资月报  项目编号 | 月份 | 本月完成投资(万元) | 说明 (optional)
//   楼宇月报  楼宇编号 | 月份 | 税收(万元) | 入驻率(%) | 入驻企业数 | 从业人员数 | 来源 (optional
//   the last four)
//
// 月份 is 2020-03, 2020/3, 2020年3月 or an Excel date. Every row is checked first; a return with
// any bad row writes nothing and reports its bad cells (row, column, what is wrong; the first
// kMaxListedErrors of them, and how many in all). A good return
// goes to its service as one batch (BatchRecordInvestment, BatchRecordMetrics), which is atomic
// and replaces each month: importing the same return again changes nothing.
//
// Stateless functions; safe from any thread (the Rpc is).
#ifndef DISTRICT_TOOLS_RETURNS_RETURNS_H_
#define DISTRICT_TOOLS_RETURNS_RETURNS_H_

#include <string>
#include <vector>

#include "absl/status/status.h"
#include "tools/returns/table_reader.h"
#include "tools/rpc/rpc.h"

namespace district::returns {

enum class ReturnKind { kInvestment, kBuildings };

struct CellError {
  int row;             // as the sheet numbers it: the header is row 1
  std::string column;  // the header, e.g. 月份
  std::string message;
};

// Bad cells listed in an ImportResult: a file of bad rows would otherwise make a list larger
// than the file; the first ones show what to fix, error_count how many there are.
inline constexpr int kMaxListedErrors = 100;

struct ImportResult {
  int recorded = 0;
  std::vector<CellError> errors;  // the first kMaxListedErrors bad cells: nothing was written
  int error_count = 0;            // every bad cell, listed or not
  // A refusal that is not about a cell (PERMISSION_DENIED, UNAVAILABLE, an unreadable file).
  absl::Status status;
};

// "investment" or "buildings"; false for anything else.
bool ParseReturnKind(const std::string& name, ReturnKind* kind);

// Checks `table` and, when every row is good, records it as `caller`.
ImportResult ImportReturn(const rpc::Rpc& rpc, ReturnKind kind, const Table& table,
                          const rpc::Caller& caller);

}  // namespace district::returns

#endif  // DISTRICT_TOOLS_RETURNS_RETURNS_H_
