// The stage history that projects and leads keep, written the same way for both. T is a message
// with an enum `stage` and a repeated `stage_history` of changes, each with from_stage, to_stage,
// effective_date (a Date), reason and record_time (a Timestamp).
//
// Functions of the resource they are given: thread-compatible (one writer per resource).
#ifndef DISTRICT_COMMON_STAGE_HISTORY_H_
#define DISTRICT_COMMON_STAGE_HISTORY_H_

#include <string>

#include "common/date.h"

namespace district {

// Starts `resource`'s history: its first change enters its current stage, effective on `date`.
template <typename T>
void StartStageHistory(T* resource, const Date& date) {
  auto* first = resource->add_stage_history();
  first->set_to_stage(resource->stage());
  *first->mutable_effective_date() = date;
  *first->mutable_record_time() = Now();
}

// Moves `resource` to stage `to`, effective on `date`, for `reason` (may be empty), and records
// the change with the time it was recorded.
template <typename T, typename Stage>
void MoveToStage(T* resource, Stage to, const Date& date, const std::string& reason) {
  auto* change = resource->add_stage_history();
  change->set_from_stage(resource->stage());
  change->set_to_stage(to);
  *change->mutable_effective_date() = date;
  change->set_reason(reason);
  *change->mutable_record_time() = Now();
  resource->set_stage(to);
}

}  // namespace district

#endif  // DISTRICT_COMMON_STAGE_HISTORY_H_
