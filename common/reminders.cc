#include "common/reminders.h"

#include "common/errors.h"

namespace district {

absl::Status ValidateReminderScope(absl::string_view leader, absl::string_view responsible_unit,
                                   absl::string_view park_id, int within_days) {
  if (!leader.empty() + !responsible_unit.empty() + !park_id.empty() > 1) {
    return InvalidArgumentError("leader, responsible_unit, park_id: give at most one",
                                "包靠领导、责任单位、园区只能选一项");
  }
  if (within_days < 0 || within_days > 366) {
    return FieldError("within_days", "must be within 0..366", "提前天数须在0至366之间");
  }
  return absl::OkStatus();
}

}  // namespace district
