// Calendar dates (district.common.v1.Date) and timestamps: validation, ordering and day arithmetic.
//
// Pure functions: thread-safe. Today() and Now() read the clock.
#ifndef DISTRICT_COMMON_DATE_H_
#define DISTRICT_COMMON_DATE_H_

#include <cstdint>
#include <string>

#include <google/protobuf/timestamp.pb.h>

#include "absl/status/status.h"
#include "absl/strings/string_view.h"
#include "district/common/v1/date.pb.h"

namespace district {

// The suite's calendar types, named here once for every service.
using Date = common::v1::Date;
using YearMonth = common::v1::YearMonth;

// Whether the date is unset (all fields zero).
bool IsEmpty(const Date& date);

// OK if the date is a real calendar day in years 1..9999; otherwise INVALID_ARGUMENT naming
// `field`, with `label` (the field as the district names it, "计划日期") in its zh-CN sentence
// (common/validation.h).
absl::Status ValidateDate(const Date& date, absl::string_view field, absl::string_view label);
absl::Status ValidateYearMonth(const YearMonth& month, absl::string_view field,
                               absl::string_view label);

// A valid date not after `today`; INVALID_ARGUMENT naming `field` otherwise.
absl::Status ValidatePastDate(const Date& date, const Date& today, absl::string_view field,
                              absl::string_view label);

// The effective date of a stage change: valid, not after `today`, and not before `previous`, the
// date of the change before it (unless that is empty).
absl::Status ValidateEffectiveDate(const Date& date, const Date& previous, const Date& today,
                                   absl::string_view field, absl::string_view label);

// Days since 1970-01-01 (negative before). The date must be valid.
int64_t DaysSinceEpoch(const Date& date);

// The date `days` after 1970-01-01; the inverse of DaysSinceEpoch.
Date DateFromDays(int64_t days);

// Today's date in UTC+8 (China Standard Time), the district's calendar.
Date Today();

Date MakeDate(int year, int month, int day);

// Negative, zero or positive as a is before, equal to, or after b.
int CompareDates(const Date& a, const Date& b);

// "2020-03-30".
std::string DateToString(const Date& date);

// A sortable fixed-width key: "20200330"; and "202003" for a month.
std::string DateKey(const Date& date);
std::string YearMonthKey(const YearMonth& month);

google::protobuf::Timestamp Now();

}  // namespace district

#endif  // DISTRICT_COMMON_DATE_H_
