// The gRPC handlers of district.recruitment.v1.RecruitmentService: check the request, call the
// store, map the result. LandLead also calls the project service.
#ifndef DISTRICT_SERVICES_RECRUITMENT_RECRUITMENT_SERVICE_H_
#define DISTRICT_SERVICES_RECRUITMENT_RECRUITMENT_SERVICE_H_

#include <memory>

#include "absl/time/time.h"
#include "district/project/v1/project_service.grpc.pb.h"
#include "district/recruitment/v1/recruitment_service.grpc.pb.h"
#include "services/recruitment/recruitment_store.h"

namespace district::recruitment {

// How long LandLead waits for the project service at most (less when its own caller has less).
inline constexpr absl::Duration kProjectCallCap = absl::Seconds(5);

class RecruitmentServiceImpl final : public v1::RecruitmentService::Service {
 public:
  RecruitmentServiceImpl(std::unique_ptr<RecruitmentStore> store,
                         std::unique_ptr<project::v1::ProjectService::StubInterface> projects);

  using Context = grpc::ServerContext;
  using Empty = google::protobuf::Empty;
  grpc::Status CreateLead(Context*, const v1::CreateLeadRequest*, v1::Lead*) override;
  grpc::Status GetLead(Context*, const v1::GetLeadRequest*, v1::Lead*) override;
  grpc::Status ListLeads(Context*, const v1::ListLeadsRequest*, v1::ListLeadsResponse*) override;
  grpc::Status UpdateLead(Context*, const v1::UpdateLeadRequest*, v1::Lead*) override;
  grpc::Status DeleteLead(Context*, const v1::DeleteLeadRequest*, Empty*) override;
  grpc::Status AdvanceLead(Context*, const v1::AdvanceLeadRequest*, v1::Lead*) override;
  grpc::Status LandLead(Context*, const v1::LandLeadRequest*, v1::Lead*) override;
  grpc::Status GetTierTable(Context*, const v1::GetTierTableRequest*, v1::TierTable*) override;

  grpc::Status CreateFollowUp(Context*, const v1::CreateFollowUpRequest*, v1::FollowUp*) override;
  grpc::Status ListFollowUps(Context*, const v1::ListFollowUpsRequest*,
                             v1::ListFollowUpsResponse*) override;

  grpc::Status CreateTalent(Context*, const v1::CreateTalentRequest*, v1::Talent*) override;
  grpc::Status GetTalent(Context*, const v1::GetTalentRequest*, v1::Talent*) override;
  grpc::Status ListTalents(Context*, const v1::ListTalentsRequest*,
                           v1::ListTalentsResponse*) override;
  grpc::Status UpdateTalent(Context*, const v1::UpdateTalentRequest*, v1::Talent*) override;
  grpc::Status DeleteTalent(Context*, const v1::DeleteTalentRequest*, Empty*) override;

  grpc::Status CreateTarget(Context*, const v1::CreateTargetRequest*, v1::Target*) override;
  grpc::Status ListTargets(Context*, const v1::ListTargetsRequest*,
                           v1::ListTargetsResponse*) override;
  grpc::Status UpdateTarget(Context*, const v1::UpdateTargetRequest*, v1::Target*) override;
  grpc::Status DeleteTarget(Context*, const v1::DeleteTargetRequest*, Empty*) override;

  grpc::Status GetRecruitmentStats(Context*, const v1::GetRecruitmentStatsRequest*,
                                   v1::RecruitmentStats*) override;

 private:
  const std::unique_ptr<RecruitmentStore> store_;
  const std::unique_ptr<project::v1::ProjectService::StubInterface> projects_;
};

}  // namespace district::recruitment

#endif  // DISTRICT_SERVICES_RECRUITMENT_RECRUITMENT_SERVICE_H_
