#include "services/recruitment/recruitment_service.h"

#include "common/annual_targets.h"
#include "common/auth.h"
#include "common/caller.h"
#include "common/client.h"
#include "common/crash_point.h"
#include "common/date.h"
#include "common/error_details.h"
#include "common/errors.h"
#include "common/list_page.h"
#include "common/money.h"
#include "common/outbound_calls.h"
#include "common/request_log.h"
#include "common/sectors.h"
#include "common/status.h"
#include "common/validation.h"
#include "services/recruitment/lead_rules.h"
#include "services/recruitment/recruitment_stats.h"
#include "services/recruitment/recruitment_validation.h"

namespace district::recruitment {
namespace {

constexpr int kDefaultLeadsPerTier = 100;

// The project a signed lead becomes. Built only from the lead, so that a retry sends the same
// request and the project service's request_id check recognises it.
project::v1::CreateProjectRequest ProjectForLead(const v1::Lead& lead) {
  project::v1::CreateProjectRequest request;
  request.set_request_id("recruitment.LandLead/" + lead.id());
  project::v1::Project& p = *request.mutable_project();
  p.set_name(lead.name());
  p.set_owner(lead.investor());
  p.set_sector(LeadSector(lead));
  p.set_total_investment_yuan(lead.signed_amount_yuan());
  p.set_leader(lead.leader());
  p.set_park_id(lead.target_park_id());
  p.add_tags("双招双引");
  p.set_source("recruitment lead " + lead.id());
  p.set_stage(project::v1::STAGE_SIGNED);
  *request.mutable_stage_date() = lead.signed_date();
  return request;
}

}  // namespace

absl::StatusOr<std::unique_ptr<RecruitmentServiceImpl>> RecruitmentServiceImpl::Open(
    Store* store, std::unique_ptr<project::v1::ProjectService::StubInterface> projects) {
  absl::StatusOr<std::unique_ptr<RecruitmentStore>> leads = RecruitmentStore::Open(store);
  if (!leads.ok()) return leads.status();
  return std::make_unique<RecruitmentServiceImpl>(*std::move(leads), std::move(projects));
}

RecruitmentServiceImpl::RecruitmentServiceImpl(
    std::unique_ptr<RecruitmentStore> store,
    std::unique_ptr<project::v1::ProjectService::StubInterface> projects)
    : store_(std::move(store)), projects_(std::move(projects)) {}

void RecruitmentServiceImpl::MarkStalled(v1::Lead* lead) const {
  const std::optional<LeadRow> row = store_->lead_rows().Find(lead->id());
  lead->set_stalled(row.has_value() && IsStalled(*row, DaysSinceEpoch(Today())));
  if (row.has_value() && row->last_activity_day > 0) {
    *lead->mutable_last_activity_date() = DateFromDays(row->last_activity_day);
  } else {
    lead->clear_last_activity_date();
  }
}

grpc::Status RecruitmentServiceImpl::Present(grpc::Status status, v1::Lead* lead) const {
  if (status.ok()) MarkStalled(lead);
  return status;
}

void RecruitmentServiceImpl::DoCreateLead(Context*, const v1::CreateLeadRequest* request,
                                          v1::Lead* response, Finish finish) {
  const v1::Lead& lead = request->lead();
  absl::Status s = FirstError({
      ValidateLead(lead),
      RequireEnum(lead.stage(), v1::LeadStage_IsValid, "lead.stage", "阶段", true),
      ValidateRequestId(request->request_id()),
  });
  if (s.ok() && lead.stage() != v1::LEAD_STAGE_UNSPECIFIED && !IsOpenStage(lead.stage())) {
    s = FieldError("lead.stage", "a lead is created in an open stage; sign it with AdvanceLead",
                   "新建招商项目的阶段须为线索至具备签约条件之一，签约请通过阶段变更办理");
  }
  if (s.ok() && !IsEmpty(request->stage_date())) {
    s = ValidatePastDate(request->stage_date(), Today(), "stage_date", "阶段日期");
  }
  if (!s.ok()) return finish(ToGrpcStatus(s));
  store_->CreateLead(*request, [this, response, finish](absl::StatusOr<v1::Lead> created) {
    finish(Present(Reply(std::move(created), response), response));
  });
}

grpc::Status RecruitmentServiceImpl::DoGetLead(Context*, const v1::GetLeadRequest* request,
                                               v1::Lead* response) {
  if (absl::Status s = RequireNonEmpty(request->id(), "id", "编号"); !s.ok()) {
    return ToGrpcStatus(s);
  }
  return Present(Reply(store_->GetLead(request->id()), response), response);
}

grpc::Status RecruitmentServiceImpl::DoListLeads(Context*, const v1::ListLeadsRequest* request,
                                                 v1::ListLeadsResponse* response) {
  absl::StatusOr<int> page_size = ResolvePageSize(request->page_size());
  absl::Status s = FirstError({
      page_size.status(),
      RequireEnum(request->tier(), v1::Tier_IsValid, "tier", "梯次", true),
      RequireEnum(request->stage(), v1::LeadStage_IsValid, "stage", "阶段", true),
      RequireEnum(request->field(), v1::Field_IsValid, "field", "所属领域", true),
      RequireSector(request->sector(), "sector", "领域"),
      RequireNonNegative(request->min_amount_yuan(), "min_amount_yuan", "最低金额"),
      RequireNonNegative(request->max_amount_yuan(), "max_amount_yuan", "最高金额"),
      request->signed_year() == 0 ? absl::OkStatus()
                                  : RequireYear(request->signed_year(), "signed_year", "签约年份"),
  });
  if (!s.ok()) return ToGrpcStatus(s);
  auto page = store_->ListLeads(*request, *page_size);
  if (!page.ok()) return ToGrpcStatus(page.status());
  for (v1::Lead& l : page->items) MarkStalled(&l);
  MovePage(*page, response->mutable_leads(), response->mutable_next_page_token());
  return grpc::Status::OK;
}

grpc::Status RecruitmentServiceImpl::DoUpdateLead(Context*, const v1::UpdateLeadRequest* request,
                                                  v1::Lead* response) {
  if (absl::Status s = RequireNonEmpty(request->lead().id(), "lead.id", "招商项目编号"); !s.ok()) {
    return ToGrpcStatus(s);
  }
  return Present(Reply(store_->UpdateLead(*request), response), response);
}

grpc::Status RecruitmentServiceImpl::DoDeleteLead(Context*, const v1::DeleteLeadRequest* request,
                                                  Empty*) {
  if (absl::Status s = RequireNonEmpty(request->id(), "id", "编号"); !s.ok()) {
    return ToGrpcStatus(s);
  }
  return ToGrpcStatus(store_->DeleteLead(request->id(), request->etag()));
}

grpc::Status RecruitmentServiceImpl::DoAdvanceLead(Context*, const v1::AdvanceLeadRequest* request,
                                                   v1::Lead* response) {
  if (absl::Status s = RequireNonEmpty(request->id(), "id", "编号"); !s.ok()) {
    return ToGrpcStatus(s);
  }
  return Present(Reply(store_->AdvanceLead(*request, Today()), response), response);
}

// Holds no thread while the project service answers: records the project request (landings.h),
// sends it with the asynchronous client API, and writes the lead LANDED back on the pool.
void RecruitmentServiceImpl::DoLandLead(Context* context, const v1::LandLeadRequest* request,
                                        v1::Lead* response, Finish finish) {
  absl::Status s = RequireNonEmpty(request->id(), "id", "编号");
  const Date landed = IsEmpty(request->landed_date()) ? Today() : request->landed_date();
  if (s.ok()) s = ValidateDate(landed, "landed_date", "落地日期");
  if (!s.ok()) return finish(ToGrpcStatus(s));
  // Before the project is made: a scoped editor outside the lead's scope makes nothing.
  absl::StatusOr<v1::Lead> lead = store_->GetLeadToChange(request->id());
  if (!lead.ok()) return finish(ToGrpcStatus(lead.status()));
  if (lead->stage() == v1::LEAD_STAGE_LANDED) {  // landed before: nothing more to do
    *response = *std::move(lead);
    return finish(Present(grpc::Status::OK, response));
  }
  if (lead->stage() != v1::LEAD_STAGE_SIGNED) {
    return finish(ToGrpcStatus(FailedPreconditionError(
        "only a SIGNED lead can land; this one is " + v1::LeadStage_Name(lead->stage()),
        absl::StrCat("只有已签约的招商项目才能落地，该项目现为", LeadStageLabel(lead->stage())))));
  }
  if (CompareDates(landed, lead->signed_date()) < 0) {
    return finish(ToGrpcStatus(FieldError("landed_date", "must not be before the signed date",
                                          "落地日期不能早于签约日期")));
  }

  struct Landing {
    grpc::ClientContext call;
    project::v1::CreateProjectRequest request;
    project::v1::Project project;
  };
  auto landing = std::make_shared<Landing>();
  PropagateDeadline(*context, &landing->call, kProjectCallCap);  // from the call's arrival
  AttachServiceToken(&landing->call);  // this service's own credentials, not the caller's
  AttachRequestId(&landing->call, CurrentCaller().x_request_id);
  // The project service dedupes on the recorded request's request_id, so a retry finds the
  // project made before.
  auto land = [this, landing, id = request->id(), landed, response, finish,
               caller = CurrentCaller()](grpc::Status created) {
    OutboundCalls::Forget(&landing->call);
    if (!created.ok()) {
      const bool unreachable = created.error_code() == grpc::StatusCode::UNAVAILABLE ||
                               created.error_code() == grpc::StatusCode::DEADLINE_EXCEEDED;
      // The project service's refusal keeps its details (the field at fault, the sentence).
      const std::string message =
          "project service: " + created.error_message() + "; the lead is unchanged, retry LandLead";
      return finish(ToGrpcStatus(unreachable ? absl::UnavailableError(message)
                                             : WithMessage(FromGrpcStatus(created), message)));
    }
    CrashPoint("recruitment.LandLead.project_created");
    ContinueOnPool(caller, [this, landing, id, landed, response, finish] {
      absl::StatusOr<v1::Lead> landed_lead =
          store_->CompleteLanding(id, landing->project.id(), landed);
      finish(Present(Reply(std::move(landed_lead), response), response));
    });
  };
  store_->landings().Record(
      request->id(), ProjectForLead(*lead),
      [this, landing, land, finish](absl::StatusOr<project::v1::CreateProjectRequest> recorded) {
        if (!recorded.ok()) return finish(ToGrpcStatus(recorded.status()));
        landing->request = *std::move(recorded);
        OutboundCalls::Track(&landing->call);
        projects_->async()->CreateProject(&landing->call, &landing->request, &landing->project,
                                          land);
      });
}

grpc::Status RecruitmentServiceImpl::DoGetTierTable(Context*,
                                                    const v1::GetTierTableRequest* request,
                                                    v1::TierTable* response) {
  const int per_tier =
      request->max_leads_per_tier() == 0 ? kDefaultLeadsPerTier : request->max_leads_per_tier();
  if (per_tier < 0 || per_tier > kMaxPageSize) {
    return ToGrpcStatus(FieldError("max_leads_per_tier", "must be in 0..1000",
                                   "每个梯次显示的项目数须在0至1000之间"));
  }
  // Counts and sums of every tier in one pass over the rows.
  std::vector<v1::TierRow> rows(v1::Tier_MAX + 1);
  std::vector<CheckedSum> sums(v1::Tier_MAX + 1);
  store_->lead_rows().ForEach([&](const LeadRow& r) {
    if (r.tier < 0 || r.tier > v1::Tier_MAX || !InTierTable(r.stage)) return;
    v1::TierRow& row = rows[r.tier];
    row.set_count(row.count() + 1);
    if (!r.intended_yuan.has_value()) {
      row.set_unknown_amount_count(row.unknown_amount_count() + 1);
      return;
    }
    sums[r.tier].Add(*r.intended_yuan);
    row.set_intended_investment_yuan(sums[r.tier].value());
  });
  for (const CheckedSum& sum : sums) {
    if (sum.overflowed()) {
      return ToGrpcStatus(SumOutOfRange("a tier's intended investment", "梯次意向投资"));
    }
  }
  for (int t = v1::Tier_MIN; t <= v1::Tier_MAX; ++t) {
    const auto tier = static_cast<v1::Tier>(t);
    v1::TierRow& row = rows[t];
    if (row.count() == 0) continue;
    row.set_tier(tier);
    auto leads = store_->TierTableLeads(*request, tier, per_tier);
    if (!leads.ok()) return ToGrpcStatus(leads.status());
    for (v1::Lead& l : *leads) {
      MarkStalled(&l);
      *row.add_leads() = std::move(l);
    }
    *response->add_rows() = std::move(row);
  }
  return grpc::Status::OK;
}

grpc::Status RecruitmentServiceImpl::DoCreateFollowUp(Context*,
                                                      const v1::CreateFollowUpRequest* request,
                                                      v1::FollowUp* response) {
  absl::Status s = ValidateFollowUp(request->follow_up());
  if (s.ok()) s = ValidateRequestId(request->request_id());
  if (!s.ok()) return ToGrpcStatus(s);
  return Reply(store_->CreateFollowUp(*request), response);
}

grpc::Status RecruitmentServiceImpl::DoListFollowUps(Context*,
                                                     const v1::ListFollowUpsRequest* request,
                                                     v1::ListFollowUpsResponse* response) {
  if (absl::Status s = RequireNonEmpty(request->lead_id(), "lead_id", "招商项目编号"); !s.ok()) {
    return ToGrpcStatus(s);
  }
  auto all = store_->ListFollowUps(request->lead_id());
  if (!all.ok()) return ToGrpcStatus(all.status());
  // In id order, as the store lists them.
  absl::StatusOr<ListPage<v1::FollowUp>> page =
      PageOf<v1::FollowUp>(*std::move(all), *request, request->page_size(), request->page_token(),
                           [](const v1::FollowUp& f) { return f.id(); });
  if (!page.ok()) return ToGrpcStatus(page.status());
  MovePage(*page, response->mutable_follow_ups(), response->mutable_next_page_token());
  return grpc::Status::OK;
}

grpc::Status RecruitmentServiceImpl::DoCreateTalent(Context*,
                                                    const v1::CreateTalentRequest* request,
                                                    v1::Talent* response) {
  // A new talent starts CONTACTING unless it names its stage; checked and stored as such.
  v1::CreateTalentRequest normalized = *request;
  v1::Talent& talent = *normalized.mutable_talent();
  if (talent.stage() == v1::TALENT_STAGE_UNSPECIFIED) talent.set_stage(v1::TALENT_STAGE_CONTACTING);
  absl::Status s = ValidateTalent(talent);
  if (s.ok()) s = ValidateRequestId(request->request_id());
  if (!s.ok()) return ToGrpcStatus(s);
  return Reply(store_->CreateTalent(normalized), response);
}

grpc::Status RecruitmentServiceImpl::DoGetTalent(Context*, const v1::GetTalentRequest* request,
                                                 v1::Talent* response) {
  if (absl::Status s = RequireNonEmpty(request->id(), "id", "编号"); !s.ok()) {
    return ToGrpcStatus(s);
  }
  return Reply(store_->GetTalent(request->id()), response);
}

grpc::Status RecruitmentServiceImpl::DoListTalents(Context*, const v1::ListTalentsRequest* request,
                                                   v1::ListTalentsResponse* response) {
  absl::StatusOr<int> page_size = ResolvePageSize(request->page_size());
  absl::Status s = FirstError({
      page_size.status(),
      RequireEnum(request->kind(), v1::TalentKind_IsValid, "kind", "人才类别", true),
      RequireEnum(request->stage(), v1::TalentStage_IsValid, "stage", "引进阶段", true),
      RequireEnum(request->field(), v1::Field_IsValid, "field", "所属领域", true),
      RequireEnum(request->origin(), v1::Origin_IsValid, "origin", "来源地", true),
      request->arrived_year() == 0
          ? absl::OkStatus()
          : RequireYear(request->arrived_year(), "arrived_year", "到岗年份"),
  });
  if (!s.ok()) return ToGrpcStatus(s);
  auto page = store_->ListTalents(*request, *page_size);
  if (!page.ok()) return ToGrpcStatus(page.status());
  MovePage(*page, response->mutable_talents(), response->mutable_next_page_token());
  return grpc::Status::OK;
}

grpc::Status RecruitmentServiceImpl::DoUpdateTalent(Context*,
                                                    const v1::UpdateTalentRequest* request,
                                                    v1::Talent* response) {
  if (absl::Status s = RequireNonEmpty(request->talent().id(), "talent.id", "人才编号"); !s.ok()) {
    return ToGrpcStatus(s);
  }
  return Reply(store_->UpdateTalent(*request), response);
}

grpc::Status RecruitmentServiceImpl::DoDeleteTalent(Context*,
                                                    const v1::DeleteTalentRequest* request,
                                                    Empty*) {
  if (absl::Status s = RequireNonEmpty(request->id(), "id", "编号"); !s.ok()) {
    return ToGrpcStatus(s);
  }
  return ToGrpcStatus(store_->DeleteTalent(request->id(), request->etag()));
}

grpc::Status RecruitmentServiceImpl::DoCreateTarget(Context*,
                                                    const v1::CreateTargetRequest* request,
                                                    v1::Target* response) {
  return CreateTargetCall(store_->targets(), *request, ValidateTarget(request->target()), response);
}

grpc::Status RecruitmentServiceImpl::DoListTargets(Context*, const v1::ListTargetsRequest* request,
                                                   v1::ListTargetsResponse* response) {
  return ListTargetsCall(store_->targets(), *request, response);
}

grpc::Status RecruitmentServiceImpl::DoUpdateTarget(Context*,
                                                    const v1::UpdateTargetRequest* request,
                                                    v1::Target* response) {
  return UpdateTargetCall(store_->targets(), *request, response);
}

grpc::Status RecruitmentServiceImpl::DoDeleteTarget(Context*,
                                                    const v1::DeleteTargetRequest* request,
                                                    Empty*) {
  return DeleteTargetCall(store_->targets(), *request);
}

grpc::Status RecruitmentServiceImpl::DoGetRecruitmentStats(
    Context*, const v1::GetRecruitmentStatsRequest* request, v1::RecruitmentStats* response) {
  if (absl::Status s = RequireYear(request->year(), "year", "年份"); !s.ok()) {
    return ToGrpcStatus(s);
  }
  return Reply(ComputeRecruitmentStats(*store_, request->year(), Today()), response);
}

}  // namespace district::recruitment
