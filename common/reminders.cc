#include "common/reminders.h"

#include "common/status.h"

namespace district {

absl::Status ValidateReminderScope(absl::string_view leader, absl::string_view responsible_unit,
                                   absl::string_view park_id, int within_days) {
  if (!leader.empty() + !responsible_unit.empty() + !park_id.empty() > 1) {
    return absl::InvalidArgumentError("leader, responsible_unit, park_id: give at most one");
  }
  if (within_days < 0 || within_days > 366) {
    return FieldError("within_days", "must be within 0..366");
  }
  return absl::OkStatus();
}

}  // namespace district
