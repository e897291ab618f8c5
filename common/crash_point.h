// Named points where a test may have a server die, to test what survives a crash there.
//
//   CrashPoint("recruitment.LandLead.project_created");
//
// kills the process with SIGKILL when the environment variable DISTRICT_CRASH_AT holds that name
// (tests set it on a server they spawn); otherwise it does nothing. The variable is read once.
//
// Thread-safe.
#ifndef DISTRICT_COMMON_CRASH_POINT_H_
#define DISTRICT_COMMON_CRASH_POINT_H_

#include "absl/strings/string_view.h"

namespace district {

void CrashPoint(absl::string_view name);

}  // namespace district

#endif  // DISTRICT_COMMON_CRASH_POINT_H_
