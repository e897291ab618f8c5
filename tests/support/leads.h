// A lead ready to land, made through any recruitment service stub (in process or spawned).
#ifndef DISTRICT_TESTS_SUPPORT_LEADS_H_
#define DISTRICT_TESTS_SUPPORT_LEADS_H_

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include "common/date.h"
#include "district/recruitment/v1/recruitment_service.grpc.pb.h"

namespace district::testing {

// A lead signed on 2020-03-01 for 15亿元.
inline recruitment::v1::Lead SignedLead(recruitment::v1::RecruitmentService::StubInterface& stub) {
  namespace v1 = recruitment::v1;
  v1::Lead lead;
  grpc::ClientContext c1;
  v1::CreateLeadRequest create;
  create.mutable_lead()->set_name("苏宁易购区域总部");
  create.mutable_lead()->set_investor("苏宁易购");
  create.mutable_lead()->set_field(v1::FIELD_PLATFORM_ECONOMY);
  create.mutable_lead()->set_tier(v1::TIER_SIGN_NOW);
  *create.mutable_stage_date() = MakeDate(2020, 1, 2);
  EXPECT_TRUE(stub.CreateLead(&c1, create, &lead).ok());
  grpc::ClientContext c2;
  v1::AdvanceLeadRequest sign;
  sign.set_id(lead.id());
  sign.set_to_stage(v1::LEAD_STAGE_SIGNED);
  *sign.mutable_effective_date() = MakeDate(2020, 3, 1);
  sign.set_signed_amount_yuan(1500000000);
  EXPECT_TRUE(stub.AdvanceLead(&c2, sign, &lead).ok());
  return lead;
}

}  // namespace district::testing

#endif  // DISTRICT_TESTS_SUPPORT_LEADS_H_
