#include "common/date.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/time/civil_time.h"
#include "absl/time/clock.h"
#include "absl/time/time.h"
#include "common/errors.h"

namespace district {
namespace {

// Day arithmetic is absl's civil time: a CivilDay is a proleptic Gregorian day, and the difference
// of two is their distance in days.
const absl::CivilDay kEpoch(1970, 1, 1);

absl::CivilDay CivilDayOf(const Date& date) {
  return absl::CivilDay(date.year(), date.month(), date.day());
}

Date DateOf(absl::CivilDay day) {
  return MakeDate(static_cast<int>(day.year()), day.month(), day.day());
}

// Whether day `d` of month `m` of year `y` exists: CivilDay normalizes (Feb 30 → Mar 1), so a
// day that is kept as given is a real one.
bool IsRealDay(int y, int m, int d) {
  const absl::CivilDay day(y, m, d);
  return day.year() == y && day.month() == m && day.day() == d;
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
  if (!IsRealDay(date.year(), date.month(), date.day())) {
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

int64_t DaysSinceEpoch(const Date& date) { return CivilDayOf(date) - kEpoch; }

Date DateFromDays(int64_t days) { return DateOf(kEpoch + days); }

Date Today() {
  // China Standard Time has had no daylight saving since 1991: a fixed offset, no zoneinfo.
  static const absl::TimeZone kChina = absl::FixedTimeZone(8 * 3600);
  return DateOf(absl::ToCivilDay(absl::Now(), kChina));
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
  const int64_t nanos = absl::ToUnixNanos(absl::Now());
  google::protobuf::Timestamp ts;
  ts.set_seconds(nanos / 1000000000);
  ts.set_nanos(static_cast<int32_t>(nanos % 1000000000));
  return ts;
}

}  // namespace district
