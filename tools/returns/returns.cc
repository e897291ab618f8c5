#include "tools/returns/returns.h"

#include <cmath>
#include <map>
#include <optional>

#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"
#include "absl/strings/strip.h"
#include "common/date.h"
#include "common/error_details.h"
#include "common/status.h"
#include "district/parks/v1/parks_service.pb.h"
#include "district/project/v1/project_service.pb.h"

namespace district::returns {
namespace {

constexpr double kMaxWan = 1e8;  // 1万亿元: no month of one project or building comes near

struct Column {
  std::string header;
  std::string field;  // the request field a service's error names, e.g. "invested_yuan"
  bool required;
};

const std::vector<Column>& Columns(ReturnKind kind) {
  static const auto* investment = new std::vector<Column>{
      {"项目编号", "project_id", true},
      {"月份", "month", true},
      {"本月完成投资(万元)", "invested_yuan", true},
      {"说明", "note", false},
  };
  static const auto* buildings = new std::vector<Column>{
      {"楼宇编号", "building_id", true},
      {"月份", "month", true},
      {"税收(万元)", "tax_revenue_yuan", true},
      {"入驻率(%)", "occupancy", false},
      {"入驻企业数", "enterprise_count", false},
      {"从业人员数", "employee_count", false},
      {"来源", "source", false},
  };
  return kind == ReturnKind::kInvestment ? *investment : *buildings;
}

// Headers as staff type them: full-width brackets and stray spaces are the same header.
std::string NormalHeader(std::string h) {
  h = absl::StrReplaceAll(h, {{"（", "("}, {"）", ")"}, {" ", ""}, {"　", ""}});
  return std::string(absl::StripAsciiWhitespace(h));
}

std::optional<common::v1::YearMonth> ParseMonth(std::string s) {
  s = std::string(absl::StripAsciiWhitespace(s));
  int y = 0, m = 0;
  double serial = 0;
  const bool written = std::sscanf(s.c_str(), "%d-%d", &y, &m) == 2 ||
                       std::sscanf(s.c_str(), "%d/%d", &y, &m) == 2 ||
                       std::sscanf(s.c_str(), "%d年%d月", &y, &m) == 2;
  if (!written && s.size() == 6 && absl::SimpleAtoi(s, &y)) {  // 202003
    m = y % 100, y /= 100;
  } else if (!written && absl::SimpleAtod(s, &serial) && serial > 1 && serial < 2958466) {
    // An Excel date: days since 1899-12-30, which is 25,569 days before 1970-01-01.
    const Date date = DateFromDays(static_cast<int64_t>(serial) - 25569);
    y = date.year(), m = date.month();
  } else if (!written) {
    return std::nullopt;
  }
  if (y < 1900 || y > 9999 || m < 1 || m > 12) return std::nullopt;
  common::v1::YearMonth month;
  month.set_year(y);
  month.set_month(m);
  return month;
}

std::optional<double> ParseNumber(const std::string& s) {
  double v = 0;
  const std::string plain = absl::StrReplaceAll(absl::StripAsciiWhitespace(s), {{",", ""}});
  if (!absl::SimpleAtod(plain, &v) || !std::isfinite(v)) return std::nullopt;
  return v;
}

// Counts a bad cell, and lists it while the list is short.
void AddError(ImportResult* result, CellError error) {
  ++result->error_count;
  if (result->errors.size() < static_cast<size_t>(kMaxListedErrors))
    result->errors.push_back(std::move(error));
}

}  // namespace

bool ParseReturnKind(const std::string& name, ReturnKind* kind) {
  if (name == "investment") return *kind = ReturnKind::kInvestment, true;
  if (name == "buildings") return *kind = ReturnKind::kBuildings, true;
  return false;
}

ImportResult ImportReturn(const rpc::Rpc& rpc, ReturnKind kind, const Table& table,
                          const rpc::Caller& caller) {
  ImportResult result;
  const std::vector<Column>& columns = Columns(kind);
  if (table.empty()) {
    AddError(&result, {1, "", "表为空：第1行须为列名"});
    return result;
  }
  std::map<std::string, int> at;  // header -> column index
  for (size_t j = 0; j < table[0].size(); ++j) at[NormalHeader(table[0][j])] = static_cast<int>(j);
  for (const Column& c : columns) {
    if (c.required && at.count(NormalHeader(c.header)) == 0) {
      AddError(&result, {1, c.header, "缺少此列"});
    }
  }
  if (!result.errors.empty()) return result;
  auto cell = [&](size_t row, const Column& c) -> std::string {
    auto it = at.find(NormalHeader(c.header));
    if (it == at.end() || it->second >= static_cast<int>(table[row].size())) return "";
    return std::string(absl::StripAsciiWhitespace(table[row][it->second]));
  };

  project::v1::BatchRecordInvestmentRequest investment;
  parks::v1::BatchRecordMetricsRequest metrics;
  std::vector<int> sheet_row;  // the sheet row of each report sent
  for (size_t i = 1; i < table.size(); ++i) {
    const int row = static_cast<int>(i) + 1;
    bool blank = true;
    for (const Column& c : columns) blank &= cell(i, c).empty();
    if (blank) continue;  // an empty line in the sheet
    auto fail = [&](const Column& c, std::string message) {
      AddError(&result, {row, c.header, std::move(message)});
    };
    const std::string id = cell(i, columns[0]);
    if (id.empty()) fail(columns[0], "必填");
    std::optional<common::v1::YearMonth> month = ParseMonth(cell(i, columns[1]));
    if (!month.has_value()) fail(columns[1], "不是月份：请写成 2020-03 或 2020年3月");
    std::optional<double> wan = ParseNumber(cell(i, columns[2]));
    if (!wan.has_value()) {
      fail(columns[2], "不是数字");
    } else if (*wan < 0 || *wan > kMaxWan) {
      fail(columns[2], "须在 0 到 100,000,000（万元）之间");
    }
    const int64_t yuan = wan.has_value() ? std::llround(*wan * 10000) : 0;
    sheet_row.push_back(row);
    if (kind == ReturnKind::kInvestment) {
      project::v1::RecordInvestmentRequest* r = investment.add_reports();
      r->set_project_id(id);
      if (month.has_value()) *r->mutable_month() = *month;
      r->set_invested_yuan(yuan);
      r->set_note(cell(i, columns[3]));
      continue;
    }
    parks::v1::BuildingMonth* m = metrics.add_metrics();
    m->set_building_id(id);
    if (month.has_value()) *m->mutable_month() = *month;
    m->set_tax_revenue_yuan(yuan);
    if (const std::string s = cell(i, columns[3]); !s.empty()) {
      std::optional<double> pct = ParseNumber(absl::StrReplaceAll(s, {{"%", ""}}));
      if (!pct.has_value() || *pct < 0 || *pct > 100) {
        fail(columns[3], "须为 0 到 100 之间的百分数");
      } else {
        m->set_occupancy(*pct / 100);
      }
    }
    for (int k : {4, 5}) {
      if (const std::string s = cell(i, columns[k]); !s.empty()) {
        int n = 0;
        if (!absl::SimpleAtoi(s, &n) || n < 0) {
          fail(columns[k], "须为不小于 0 的整数");
        } else if (k == 4) {
          m->set_enterprise_count(n);
        } else {
          m->set_employee_count(n);
        }
      }
    }
    m->set_source(cell(i, columns[6]));
  }
  if (!result.errors.empty()) return result;
  if (sheet_row.empty()) {
    AddError(&result, {2, "", "列名下没有数据"});
    return result;
  }

  const bool invest = kind == ReturnKind::kInvestment;
  rpc::Reply reply = invest ? rpc.CallAs("district.project.v1.ProjectService.BatchRecordInvestment",
                                         investment, caller)
                            : rpc.CallAs("district.parks.v1.ParkMetricsService.BatchRecordMetrics",
                                         metrics, caller);
  if (reply.status.ok()) {
    result.recorded = static_cast<int>(sheet_row.size());
    return result;
  }
  // The refusal's field violation ("reports[3].project_id") names a row and a column of the sheet;
  // its zh-CN sentence is what the cell says.
  const absl::Status refused = FromGrpcStatus(reply.status);
  const std::string path = FirstViolatedField(refused);
  const std::string list = invest ? "reports[" : "metrics[";
  const std::string single = list.substr(0, list.size() - 1) + ".";  // a batch of one: "metrics."
  size_t index = 0;
  const bool one = sheet_row.size() == 1 && absl::StartsWith(path, single);
  if (one || (absl::StartsWith(path, list) &&
              absl::SimpleAtoi(path.substr(list.size(), path.find(']') - list.size()), &index) &&
              index < sheet_row.size())) {
    const size_t dot = one ? single.size() : path.find("].");
    const std::string field = dot == std::string::npos ? "" : path.substr(one ? dot : dot + 2);
    std::string header = field;
    for (const Column& c : columns) {
      if (absl::StartsWith(field, c.field)) header = c.header;
    }
    std::optional<google::rpc::LocalizedMessage> localized = LocalizedMessageOf(refused);
    AddError(&result,
             {sheet_row[index], header,
              localized.has_value() ? localized->message()
                                    : BadRequestOf(refused)->field_violations(0).description()});
    return result;
  }
  result.status = refused;
  return result;
}

}  // namespace district::returns
