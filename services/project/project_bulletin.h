// GetBulletin: the monthly bulletin (月通报), from the projects' in-memory facts, their lights as
// of the first day of the next month (project_lights.h) and the year's statistics through the
// month's end (project_stats.h).
//
// Thread-safe: reads the store, which is.
#ifndef DISTRICT_SERVICES_PROJECT_PROJECT_BULLETIN_H_
#define DISTRICT_SERVICES_PROJECT_PROJECT_BULLETIN_H_

#include "absl/status/statusor.h"
#include "district/project/v1/project_service.pb.h"
#include "services/project/project_lights.h"
#include "services/project/project_store.h"

namespace district::project {

// `request.month()` is checked. Lights judged with `lights` (status_light.h) as of the first of the
// next month.
absl::StatusOr<v1::Bulletin> ComputeBulletin(const ProjectStore& store,
                                             const v1::GetBulletinRequest& request,
                                             const LightThresholds& lights);

}  // namespace district::project

#endif  // DISTRICT_SERVICES_PROJECT_PROJECT_BULLETIN_H_
