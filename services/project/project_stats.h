// GetProjectStats: the register's figures for one year, computed in one pass over the projects'
// in-memory facts (project_facts.h) plus a walk of the open milestones due before the day asked
// about.
#ifndef DISTRICT_SERVICES_PROJECT_PROJECT_STATS_H_
#define DISTRICT_SERVICES_PROJECT_PROJECT_STATS_H_

#include "absl/status/statusor.h"
#include "district/project/v1/project_service.pb.h"
#include "services/project/project_lights.h"
#include "services/project/project_store.h"
#include "services/project/status_light.h"

namespace district::project {

inline constexpr int kDefaultLandStartWindowDays = 30;
inline constexpr double kDefaultLandStartTargetShare = 0.5;  // the district's 拿地即开工 target
inline constexpr int kMaxOverdueListed = 100;

// `request` is checked (year set, window >= 0, as_of valid or empty). The counts by light come
// from `lights` (project_lights.h), as of `as_of`; none when it is null (the bulletin, which wants
// only the 拿地即开工 figures, and must not make the overview's counts be judged again).
absl::StatusOr<v1::ProjectStats> ComputeProjectStats(const ProjectStore& store,
                                                     const v1::GetProjectStatsRequest& request,
                                                     LightCounter* lights);

// GetLightBoard: `request` is checked (as_of valid or empty, light a Light).
absl::StatusOr<v1::LightBoard> ComputeLightBoard(const ProjectStore& store,
                                                 const v1::GetLightBoardRequest& request,
                                                 const LightThresholds& lights);

}  // namespace district::project

#endif  // DISTRICT_SERVICES_PROJECT_PROJECT_STATS_H_
