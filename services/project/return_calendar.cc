#include "services/project/return_calendar.h"

#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "common/errors.h"

namespace district::project {

bool IsValidLockDay(int lock_day) { return lock_day >= 1 && lock_day <= 28; }

Date ReturnCalendar::LockDate(const YearMonth& month) const {
  const int next_year = month.month() == 12 ? month.year() + 1 : month.year();
  const int next_month = month.month() == 12 ? 1 : month.month() + 1;
  return MakeDate(next_year, next_month, lock_day);
}

absl::Status ReturnCalendar::CheckOpen(const v1::MonthlyReturn& r) const {
  const Date lock = LockDate(r.month());
  if (r.reopened() || CompareDates(today(), lock) <= 0) return absl::OkStatus();
  return FailedPreconditionError(
      absl::StrCat("monthly return ", r.id(), " for ", YearMonthKey(r.month()),
                   " was locked after ", DateToString(lock), "; a reviewer must reopen it first"),
      absl::StrFormat(
          "%d年%d月的月报已过锁定日（%d月%d日），不能再修改或报送；如需更改，请联系审核人员解锁",
          r.month().year(), r.month().month(), lock.month(), lock.day()));
}

}  // namespace district::project
