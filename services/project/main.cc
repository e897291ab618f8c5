// project_server: the key-project register (district.project.v1.ProjectService).
#include "absl/flags/flag.h"
#include "common/service_main.h"
#include "services/project/project_service.h"

// The supervision light's thresholds (Light in project.proto, services/project/status_light.h).
ABSL_FLAG(double, light_yellow_below, district::project::LightThresholds().yellow_below,
          "investment to date under this share of the plan to date: yellow");
ABSL_FLAG(double, light_red_below, district::project::LightThresholds().red_below,
          "investment to date under this share of the plan to date: red");
// The monthly returns' lock (services/project/return_calendar.h).
ABSL_FLAG(int, return_lock_day, district::project::ReturnCalendar().lock_day,
          "a month's return locks after this day of the next month (1..28) unless reopened");
ABSL_FLAG(int, light_red_overdue_days, district::project::LightThresholds().red_overdue_days,
          "anything overdue by more days than this: red");

int main(int argc, char** argv) {
  return district::RunService(
      argc, argv, district::project::v1::ProjectService::service_full_name(),
      [](district::Store* store) -> absl::StatusOr<std::unique_ptr<grpc::Service>> {
        district::project::LightThresholds lights;
        lights.yellow_below = absl::GetFlag(FLAGS_light_yellow_below);
        lights.red_below = absl::GetFlag(FLAGS_light_red_below);
        lights.red_overdue_days = absl::GetFlag(FLAGS_light_red_overdue_days);
        if (!(lights.red_below >= 0 && lights.red_below <= lights.yellow_below &&
              lights.yellow_below <= 1) ||
            lights.red_overdue_days < 0) {
          return absl::InvalidArgumentError(
              "--light_red_below <= --light_yellow_below, both within 0..1, and "
              "--light_red_overdue_days >= 0");
        }
        district::project::ReturnCalendar calendar;
        calendar.lock_day = absl::GetFlag(FLAGS_return_lock_day);
        if (!district::project::IsValidLockDay(calendar.lock_day)) {
          return absl::InvalidArgumentError("--return_lock_day must be within 1..28");
        }
        return district::project::ProjectServiceImpl::Open(store, lights, std::move(calendar));
      });
}
