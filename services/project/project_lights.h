// Every project's supervision light as of a day (status_light.h), from the facts kept in memory
// (project_facts.h) and the open milestones and obstacles: for the statistics' counts and for the
// light board.
//
// Thread-safe: reads the store, which is.
#ifndef DISTRICT_SERVICES_PROJECT_PROJECT_LIGHTS_H_
#define DISTRICT_SERVICES_PROJECT_PROJECT_LIGHTS_H_

#include <array>
#include <functional>
#include <mutex>
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
// order, with `reasons` for the judgements they are wanted for. Writers of projects wait while
// it runs: keep fn short.
absl::Status ForEachLight(const ProjectStore& store, const district::common::v1::Date& as_of,
                          const LightThresholds& thresholds, Reasons reasons,
                          const std::function<void(absl::string_view id, JudgedProject&)>& fn);

// Every project not cancelled, judged as of `as_of`, in id order.
absl::StatusOr<std::vector<JudgedProject>> JudgeLights(const ProjectStore& store,
                                                       const district::common::v1::Date& as_of,
                                                       const LightThresholds& thresholds,
                                                       Reasons reasons = Reasons::kAll);

// `judged` of project `project` as the API shows it, with its reasons.
void ToProjectLight(const JudgedProject& judged, const v1::Project& project, v1::ProjectLight* out);

// Counts one project of `light` in a message with the four counts (LightBoard, Bulletin).
template <typename Counts>
void CountLight(v1::Light light, Counts* counts) {
  switch (light) {
    case v1::LIGHT_GREEN:
      counts->set_green_count(counts->green_count() + 1);
      break;
    case v1::LIGHT_YELLOW:
      counts->set_yellow_count(counts->yellow_count() + 1);
      break;
    case v1::LIGHT_RED:
      counts->set_red_count(counts->red_count() + 1);
      break;
    default:
      counts->set_unspecified_count(counts->unspecified_count() + 1);
  }
}

// The number of projects of each light (by Light's number) as of a day, judged again only when a
// project, milestone or obstacle has changed (ProjectStore::changes) or another day is asked
// about: the statistics ask for them at every overview. Thread-safe.
class LightCounter {
 public:
  explicit LightCounter(LightThresholds thresholds) : thresholds_(thresholds) {}

  absl::StatusOr<std::array<int, 4>> Count(const ProjectStore& store,
                                           const district::common::v1::Date& as_of);
  const LightThresholds& thresholds() const { return thresholds_; }

 private:
  const LightThresholds thresholds_;
  std::mutex mu_;
  bool valid_ = false;
  uint64_t changes_ = 0;  // ProjectStore::changes() when counted
  int64_t day_ = 0;       // the day counted, days since the epoch
  std::array<int, 4> counts_{};
};

}  // namespace district::project

#endif  // DISTRICT_SERVICES_PROJECT_PROJECT_LIGHTS_H_
