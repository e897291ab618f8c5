// What the suite's reminders (district.project.v1.Reminder) share between the project service,
// which makes them, and the aggregator, which adds the recruitment service's stalled leads: whose
// and how far ahead one may ask, and their keys.
//
// A key is 16 hex digits, a fingerprint of the reminder's kind, project, subject and due date that
// is the same in every process and build (common/fingerprint.h), so that a key a client keeps
// still names its reminder after a restart.
//
// Pure: thread-safe.
#ifndef DISTRICT_COMMON_REMINDERS_H_
#define DISTRICT_COMMON_REMINDERS_H_

#include <algorithm>
#include <cstdint>
#include <string>

#include "absl/status/status.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_format.h"
#include "absl/strings/string_view.h"
#include "common/date.h"
#include "common/fingerprint.h"

namespace district {

// A recruitment lead open with no stage change nor follow-up for more days than this is stalled
// (Lead.stalled), and a reminder.
inline constexpr int kStalledLeadDays = 90;

// At most one of leader, unit and park; within_days in 0..366 (0: the default, 7).
// INVALID_ARGUMENT naming the rule otherwise.
absl::Status ValidateReminderScope(absl::string_view leader, absl::string_view responsible_unit,
                                   absl::string_view park_id, int within_days);

// The key of the reminder whose fingerprint is `fingerprint`, and back: a resume token holds the
// fingerprints (services/project/reminder_watches.h). False for a string that is not a key.
inline std::string ReminderKeyOf(uint64_t fingerprint) {
  return absl::StrFormat("%016x", fingerprint);
}
inline bool ParseReminderKey(absl::string_view key, uint64_t* fingerprint) {
  return key.size() == 16 && absl::SimpleHexAtoi(key, fingerprint);
}

// `kind` is the ReminderKind's number.
inline std::string ReminderKey(int kind, absl::string_view project_id, absl::string_view subject_id,
                               const Date& due) {
  return ReminderKeyOf(
      Fingerprint64(absl::StrCat(kind, "|", project_id, "|", subject_id, "|", DateToString(due))));
}

// Sorts reminders most overdue first, then by due date (stable): for any message with
// days_overdue() and due_date(), so that the project service and the aggregator order alike.
template <typename Reminders>
void SortByUrgency(Reminders* reminders) {
  std::stable_sort(reminders->begin(), reminders->end(), [](const auto& a, const auto& b) {
    if (a.days_overdue() != b.days_overdue()) return a.days_overdue() > b.days_overdue();
    return CompareDates(a.due_date(), b.due_date()) < 0;
  });
}

}  // namespace district

#endif  // DISTRICT_COMMON_REMINDERS_H_
