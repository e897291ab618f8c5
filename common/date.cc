#include "common/date.h"

#include <chrono>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/errors.h"

namespace district {
namespace {

bool IsLeap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysInMonth(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}

// Howard Hinnant's days_from_civil.
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

Date CivilFromDays(int64_t z) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t y = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  const unsigned d = doy - (153 * mp + 2) / 5 + 1;
  const unsigned m = mp < 10 ? mp + 3 : mp - 9;
  return MakeDate(static_cast<int>(y + (m <= 2)), static_cast<int>(m), static_cast<int>(d));
}

}  // namespace

bool IsEmpty(const Date& date) { return date.year() == 0 && date.month() == 0 && date.day() == 0; }

absl::Status ValidateDate(const Date& date, absl::string_view field, absl::string_view label) {
  if (date.year() < 1 || date.year() > 9999) {
    return FieldError(field, "year must be in 1..9999",
                      absl::StrCat(label, "的年份须在1至9999之间"));
  }
  if (date.month() < 1 || date.month() > 12) {
    return FieldError(field, "month must be in 1..12", absl::StrCat(label, "的月份须在1至12之间"));
  }
  if (date.day() < 1 || date.day() > DaysInMonth(date.year(), date.month())) {
    return FieldError(field, "day is not a day of that month",
                      absl::StrCat(label, "不是有效日期：", date.year(), "年", date.month(),
                                   "月没有", date.day(), "日"));
  }
  return absl::OkStatus();
}

absl::Status ValidateYearMonth(const YearMonth& month, absl::string_view field,
                               absl::string_view label) {
  if (month.year() < 1 || month.year() > 9999) {
    return FieldError(field, "year must be in 1..9999",
                      absl::StrCat(label, "的年份须在1至9999之间"));
  }
  if (month.month() < 1 || month.month() > 12) {
    return FieldError(field, "month must be in 1..12", absl::StrCat(label, "的月份须在1至12之间"));
  }
  return absl::OkStatus();
}

absl::Status ValidatePastDate(const Date& date, const Date& today, absl::string_view field,
                              absl::string_view label) {
  if (absl::Status s = ValidateDate(date, field, label); !s.ok()) return s;
  if (CompareDates(date, today) > 0) {
    return FieldError(field, "must not be in the future", absl::StrCat(label, "不能晚于今天"));
  }
  return absl::OkStatus();
}

absl::Status ValidateEffectiveDate(const Date& date, const Date& previous, const Date& today,
                                   absl::string_view field, absl::string_view label) {
  if (absl::Status s = ValidatePastDate(date, today, field, label); !s.ok()) return s;
  if (!IsEmpty(previous) && CompareDates(date, previous) < 0) {
    return FieldError(
        field,
        absl::StrCat("must not be before the previous change (", DateToString(previous), ")"),
        absl::StrCat(label, "不能早于上一次变更的日期（", DateToString(previous), "）"));
  }
  return absl::OkStatus();
}

int64_t DaysSinceEpoch(const Date& date) {
  return DaysFromCivil(date.year(), static_cast<unsigned>(date.month()),
                       static_cast<unsigned>(date.day()));
}

Date DateFromDays(int64_t days) { return CivilFromDays(days); }

Date Today() {
  const auto now = std::chrono::system_clock::now();
  const int64_t seconds =
      std::chrono::duration_cast<std::chrono::seconds>(now.time_since_epoch()).count();
  constexpr int64_t kChinaOffsetSeconds = 8 * 3600;
  int64_t days = (seconds + kChinaOffsetSeconds) / 86400;
  return CivilFromDays(days);
}

Date MakeDate(int year, int month, int day) {
  Date d;
  d.set_year(year);
  d.set_month(month);
  d.set_day(day);
  return d;
}

int CompareDates(const Date& a, const Date& b) {
  if (a.year() != b.year()) return a.year() < b.year() ? -1 : 1;
  if (a.month() != b.month()) return a.month() < b.month() ? -1 : 1;
  if (a.day() != b.day()) return a.day() < b.day() ? -1 : 1;
  return 0;
}

std::string DateToString(const Date& date) {
  return absl::StrFormat("%04d-%02d-%02d", date.year(), date.month(), date.day());
}

std::string DateKey(const Date& date) {
  return absl::StrFormat("%04d%02d%02d", date.year(), date.month(), date.day());
}

std::string YearMonthKey(const YearMonth& month) {
  return absl::StrFormat("%04d%02d", month.year(), month.month());
}

google::protobuf::Timestamp Now() {
  const auto now = std::chrono::system_clock::now().time_since_epoch();
  const int64_t nanos = std::chrono::duration_cast<std::chrono::nanoseconds>(now).count();
  google::protobuf::Timestamp ts;
  ts.set_seconds(nanos / 1000000000);
  ts.set_nanos(static_cast<int32_t>(nanos % 1000000000));
  return ts;
}

}  // namespace district
