// Every project's supervision light as of a day (status_light.h), from the facts kept in memory
// (project_facts.h) and the open milestones and obstacles: for the statistics' counts and for the
// light board.
//
// Thread-safe: reads the store, which is.
#ifndef DISTRICT_SERVICES_PROJECT_PROJECT_LIGHTS_H_
#define DISTRICT_SERVICES_PROJECT_PROJECT_LIGHTS_H_

#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "absl/status/statusor.h"
#include "district/common/v1/date.pb.h"
#include "services/project/project_store.h"
#include "services/project/status_light.h"

namespace district::project {

struct JudgedProject {
  std::string id;  // set by JudgeLights
  LightJudgement judgement;
  int64_t planned_to_date = 0;
  std::optional<int64_t> invested;
};

// Calls fn(id, judged) for every project not cancelled, judged as of `as_of`, in no particular
// order; with `reasons` false the judgements carry no reasons (counts need no text). Writers of
// projects wait while it runs: keep fn short.
absl::Status ForEachLight(const ProjectStore& store, const district::common::v1::Date& as_of,
                          const LightThresholds& thresholds, bool reasons,
                          const std::function<void(absl::string_view id, JudgedProject&)>& fn);

// Every project not cancelled, judged as of `as_of` with reasons, in id order.
absl::StatusOr<std::vector<JudgedProject>> JudgeLights(const ProjectStore& store,
                                                       const district::common::v1::Date& as_of,
                                                       const LightThresholds& thresholds);

}  // namespace district::project

#endif  // DISTRICT_SERVICES_PROJECT_PROJECT_LIGHTS_H_
