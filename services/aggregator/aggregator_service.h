// The gRPC handlers of district.aggregator.v1.DistrictService: each view fans out to the services
// it needs in parallel, with the caller's deadline (capped, and counted from the call's arrival),
// and marks a service's part unavailable when its calls fail, so that one service down never takes
// the whole view with it. No thread waits for the services: a view is composed and finished by the
// callback of its last call (fan_out.h).
#ifndef DISTRICT_SERVICES_AGGREGATOR_AGGREGATOR_SERVICE_H_
#define DISTRICT_SERVICES_AGGREGATOR_AGGREGATOR_SERVICE_H_

#include <memory>

#include "absl/time/time.h"
#include "common/handlers.h"
#include "district/aggregator/v1/aggregator_service.grpc.pb.h"
#include "district/parks/v1/parks_service.grpc.pb.h"
#include "district/project/v1/project_service.grpc.pb.h"
#include "district/recruitment/v1/recruitment_service.grpc.pb.h"

namespace district::aggregator {

// The services a view is composed from.
struct Backends {
  std::unique_ptr<project::v1::ProjectService::StubInterface> projects;
  std::unique_ptr<recruitment::v1::RecruitmentService::StubInterface> recruitment;
  std::unique_ptr<parks::v1::ParkMetricsService::StubInterface> parks;
};

class DistrictServiceImpl final : public v1::DistrictService::CallbackService {
 public:
  // Backend calls get the caller's deadline, less a margin to compose the answer, and at most
  // `backend_timeout`.
  DistrictServiceImpl(Backends backends, absl::Duration backend_timeout);

  DISTRICT_STARTED_VIEW(GetOverview, v1::GetOverviewRequest, v1::Overview)
  DISTRICT_STARTED_VIEW(GetScoreboard, v1::GetScoreboardRequest, v1::Scoreboard)
  DISTRICT_STARTED_VIEW(GetSectorView, v1::GetSectorViewRequest, v1::SectorView)
  DISTRICT_STARTED_VIEW(GetLeaderView, v1::GetLeaderViewRequest, v1::LeaderView)
  DISTRICT_STARTED_VIEW(GetParkView, v1::GetParkViewRequest, v1::ParkView)
  DISTRICT_STARTED_VIEW(GetReminders, v1::GetRemindersRequest, v1::Reminders)

 private:
  std::chrono::system_clock::time_point BackendDeadline(const Context& context) const;

  const Backends backends_;
  const absl::Duration backend_timeout_;
};

}  // namespace district::aggregator

#endif  // DISTRICT_SERVICES_AGGREGATOR_AGGREGATOR_SERVICE_H_
