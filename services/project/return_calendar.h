// The monthly returns' calendar (月报): a month's return locks on the lock day of the month after
// it (--return_lock_day, e.g. the 25th: the March return is locked from 26 April); after it the
// unit may change or submit the return only once a reviewer has reopened it.
//
// A value type: thread-safe to share once made. `today` is the clock, replaceable in tests.
#ifndef DISTRICT_SERVICES_PROJECT_RETURN_CALENDAR_H_
#define DISTRICT_SERVICES_PROJECT_RETURN_CALENDAR_H_

#include <functional>

#include "absl/status/status.h"
#include "common/date.h"
#include "district/project/v1/project.pb.h"

namespace district::project {

struct ReturnCalendar {
  // The day of the following month after which a month's return is locked, 1..28 (so that every
  // month has it).
  int lock_day = 25;
  // Today's date in the district's calendar.
  std::function<Date()> today = Today;

  // The last day on which `month`'s return may still be changed without a reopening.
  Date LockDate(const YearMonth& month) const;

  // OK while `r` may be changed or submitted today: not after its month's lock date, or reopened.
  // FAILED_PRECONDITION otherwise, saying so in zh-CN with the lock date.
  absl::Status CheckOpen(const v1::MonthlyReturn& r) const;
};

// Whether `lock_day` is one ReturnCalendar accepts.
bool IsValidLockDay(int lock_day);

}  // namespace district::project

#endif  // DISTRICT_SERVICES_PROJECT_RETURN_CALENDAR_H_
