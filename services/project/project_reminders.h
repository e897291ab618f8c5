// ListReminders: what the projects of a leader, a responsible unit or a park need done, and by
// when, from the open milestones, obstacles and orders (walked by their date indexes) and the
// projects' monthly reports.
//
// Thread-safe: reads the store, which is.
#ifndef DISTRICT_SERVICES_PROJECT_PROJECT_REMINDERS_H_
#define DISTRICT_SERVICES_PROJECT_PROJECT_REMINDERS_H_

#include <string>

#include "absl/status/statusor.h"
#include "district/project/v1/project_service.pb.h"
#include "services/project/project_store.h"

namespace district::project {

inline constexpr int kDefaultReminderDays = 7;

// A reminder's key (Reminder.key): 16 hex digits, a fingerprint of its kind, project, subject and
// due date, the same in every process.
std::string ReminderKey(const v1::Reminder& reminder);

// Whose reminders, how far ahead: INVALID_ARGUMENT naming the rule when more than one of leader,
// unit and park is given or within_days is outside 0..366.
absl::Status ValidateReminderScope(const std::string& leader, const std::string& responsible_unit,
                                   const std::string& park_id, int within_days);

// `request` is checked (at most one of leader, unit, park; within_days 0..366; as_of valid).
absl::StatusOr<v1::ListRemindersResponse> ComputeReminders(const ProjectStore& store,
                                                           const v1::ListRemindersRequest& request);

}  // namespace district::project

#endif  // DISTRICT_SERVICES_PROJECT_PROJECT_REMINDERS_H_
