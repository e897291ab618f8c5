#include "common/crash_point.h"

#include <signal.h>
#include <unistd.h>

#include <cstdlib>
#include <string>

namespace district {

void CrashPoint(absl::string_view name) {
  static const std::string* const armed = [] {
    const char* at = std::getenv("DISTRICT_CRASH_AT");
    return new std::string(at != nullptr ? at : "");
  }();
  if (!armed->empty() && *armed == name) kill(getpid(), SIGKILL);
}

}  // namespace district
