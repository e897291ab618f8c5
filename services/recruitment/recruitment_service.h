// The gRPC handlers of district.recruitment.v1.RecruitmentService: check the request, call the
// store, map the result. LandLead also calls the project service.
#ifndef DISTRICT_SERVICES_RECRUITMENT_RECRUITMENT_SERVICE_H_
#define DISTRICT_SERVICES_RECRUITMENT_RECRUITMENT_SERVICE_H_

#include <memory>

#include "absl/time/time.h"
#include "common/handlers.h"
#include "district/project/v1/project_service.grpc.pb.h"
#include "district/recruitment/v1/recruitment_service.grpc.pb.h"
#include "services/recruitment/recruitment_store.h"

namespace district::recruitment {

// How long LandLead waits for the project service at most (less when its own caller has less).
inline constexpr absl::Duration kProjectCallCap = absl::Seconds(5);

class RecruitmentServiceImpl final : public v1::RecruitmentService::CallbackService {
 public:
  // The service over `store` (not owned; it must outlive the service), with its records loaded,
  // landing leads through `projects` (a stub of the project service, or a fake in a test): how
  // main() and the tests make it. The store's error when its records cannot be read.
  static absl::StatusOr<std::unique_ptr<RecruitmentServiceImpl>> Open(
      Store* store, std::unique_ptr<project::v1::ProjectService::StubInterface> projects);

  RecruitmentServiceImpl(std::unique_ptr<RecruitmentStore> store,
                         std::unique_ptr<project::v1::ProjectService::StubInterface> projects);

  using Empty = google::protobuf::Empty;
  DISTRICT_QUEUED_WRITE(CreateLead, v1::CreateLeadRequest, v1::Lead)
  DISTRICT_READ(GetLead, v1::GetLeadRequest, v1::Lead)
  DISTRICT_READ(ListLeads, v1::ListLeadsRequest, v1::ListLeadsResponse)
  DISTRICT_WRITE(UpdateLead, v1::UpdateLeadRequest, v1::Lead)
  DISTRICT_ADMIN(DeleteLead, v1::DeleteLeadRequest, Empty)
  DISTRICT_WRITE(AdvanceLead, v1::AdvanceLeadRequest, v1::Lead)
  DISTRICT_QUEUED_WRITE(LandLead, v1::LandLeadRequest, v1::Lead)
  DISTRICT_READ(GetTierTable, v1::GetTierTableRequest, v1::TierTable)

  DISTRICT_WRITE(CreateFollowUp, v1::CreateFollowUpRequest, v1::FollowUp)
  DISTRICT_READ(ListFollowUps, v1::ListFollowUpsRequest, v1::ListFollowUpsResponse)

  DISTRICT_WRITE(CreateTalent, v1::CreateTalentRequest, v1::Talent)
  DISTRICT_READ(GetTalent, v1::GetTalentRequest, v1::Talent)
  DISTRICT_READ(ListTalents, v1::ListTalentsRequest, v1::ListTalentsResponse)
  DISTRICT_WRITE(UpdateTalent, v1::UpdateTalentRequest, v1::Talent)
  DISTRICT_ADMIN(DeleteTalent, v1::DeleteTalentRequest, Empty)

  DISTRICT_ADMIN(CreateTarget, v1::CreateTargetRequest, v1::Target)
  DISTRICT_READ(ListTargets, v1::ListTargetsRequest, v1::ListTargetsResponse)
  DISTRICT_ADMIN(UpdateTarget, v1::UpdateTargetRequest, v1::Target)
  DISTRICT_ADMIN(DeleteTarget, v1::DeleteTargetRequest, Empty)

  DISTRICT_READ(GetRecruitmentStats, v1::GetRecruitmentStatsRequest, v1::RecruitmentStats)

 private:
  // Sets a lead's output-only `stalled`, as of today, from its stage changes and follow-ups.
  void MarkStalled(v1::Lead* lead) const;
  // `status`, after marking `lead` when it is OK: how every handler answering a lead returns.
  grpc::Status Present(grpc::Status status, v1::Lead* lead) const;

  const std::unique_ptr<RecruitmentStore> store_;
  const std::unique_ptr<project::v1::ProjectService::StubInterface> projects_;
};

}  // namespace district::recruitment

#endif  // DISTRICT_SERVICES_RECRUITMENT_RECRUITMENT_SERVICE_H_
