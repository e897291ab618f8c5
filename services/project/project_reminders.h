// ListReminders: what the projects of a leader, a responsible unit or a park need done, and by
// when, from the open milestones, obstacles and orders (walked by their date indexes) and the
// projects' monthly reports.
//
// Thread-safe: reads the store, which is.
#ifndef DISTRICT_SERVICES_PROJECT_PROJECT_REMINDERS_H_
#define DISTRICT_SERVICES_PROJECT_PROJECT_REMINDERS_H_

#include <string>

#include "absl/status/statusor.h"
#include "common/reminders.h"
#include "district/project/v1/project_service.pb.h"
#include "services/project/project_store.h"

namespace district::project {

inline constexpr int kDefaultReminderDays = 7;

// A reminder's key (Reminder.key; common/reminders.h).
std::string ReminderKey(const v1::Reminder& reminder);

// `request` is checked (at most one of leader, unit, park; within_days 0..366; as_of valid).
absl::StatusOr<v1::ListRemindersResponse> ComputeReminders(const ProjectStore& store,
                                                           const v1::ListRemindersRequest& request);

}  // namespace district::project

#endif  // DISTRICT_SERVICES_PROJECT_PROJECT_REMINDERS_H_
