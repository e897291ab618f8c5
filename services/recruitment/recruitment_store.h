// The recruitment service's storage: leads with their follow-ups, talents and targets, in the
// service's own RocksDB, each a standard resource (common/resource_store.h), plus in-memory rows
// of the leads and talents for statistics (common/fact_table.h).
#ifndef DISTRICT_SERVICES_RECRUITMENT_RECRUITMENT_STORE_H_
#define DISTRICT_SERVICES_RECRUITMENT_RECRUITMENT_STORE_H_

#include <memory>
#include <optional>

#include "absl/status/statusor.h"
#include "common/annual_targets.h"
#include "common/date.h"
#include "common/fact_table.h"
#include "common/list_page.h"
#include "common/resource_store.h"
#include "district/recruitment/v1/recruitment_service.pb.h"
#include "services/recruitment/landings.h"

namespace district::recruitment {

// What the statistics read of a lead. Days are days since 1970-01-01; years 0 when not reached.
struct LeadRow {
  v1::LeadStage stage;
  v1::Tier tier;
  std::optional<int64_t> intended_yuan;  // absent when not known
  int32_t signed_year;
  int64_t signed_yuan;
  int32_t landed_year;
  int64_t last_activity_day;  // latest stage change or follow-up
  int32_t entered_year;       // of its first stage change: when it entered the pipeline
};

struct TalentRow {
  v1::TalentKind kind;
  v1::TalentStage stage;
  int32_t arrived_year;
};

// Thread-safe, from any number of handler threads. The Store is not owned and must outlive this.
// Scope checks and audit entries use the caller of the call being served (common/caller.h).
// Errors: those of ResourceStore (common/resource_store.h) and of the Store.
class RecruitmentStore {
 public:
  static absl::StatusOr<std::unique_ptr<RecruitmentStore>> Open(Store* store);

  // Reads for the statistics (recruitment_stats.h); handlers use the methods below.
  const ResourceStore<v1::Lead>& leads() const { return *leads_; }
  // The year's targets (common/annual_targets.h): for the handlers and the statistics.
  AnnualTargets<v1::Target>& targets() { return *targets_; }
  const AnnualTargets<v1::Target>& targets() const { return *targets_; }

  const FactTable<LeadRow>& lead_rows() const { return lead_rows_; }
  const FactTable<TalentRow>& talent_rows() const { return talent_rows_; }

  // Creates the lead of a checked `request`: output-only fields dropped (AIP-203), the sector its
  // field's when it names none, the stage IDENTIFIED when unset, and the first stage change on the
  // request's stage_date (today when unset). `done` gets it once durable (ResourceStore::
  // CreateQueued); `request` must live until then.
  void CreateLead(const v1::CreateLeadRequest& request,
                  std::function<void(absl::StatusOr<v1::Lead>)> done);
  absl::StatusOr<v1::Lead> GetLead(absl::string_view id) const;
  // GetLead, PERMISSION_DENIED first when the lead is outside the caller's scope: for a change
  // that starts elsewhere (LandLead) before it writes here.
  absl::StatusOr<v1::Lead> GetLeadToChange(absl::string_view id) const;
  // A page of the leads the request's filters select, walked by its most selective index.
  absl::StatusOr<ListPage<v1::Lead>> ListLeads(const v1::ListLeadsRequest& request,
                                               int page_size) const;
  absl::StatusOr<v1::Lead> UpdateLead(const v1::UpdateLeadRequest& request);
  // Checks the move by the stage rules (lead_rules.h) against `today`, then records it.
  absl::StatusOr<v1::Lead> AdvanceLead(const v1::AdvanceLeadRequest& request, const Date& today);
  // The first `max_leads` leads of `tier` in the tier table's stages, in id order.
  absl::StatusOr<std::vector<v1::Lead>> TierTableLeads(const google::protobuf::Message& request,
                                                       v1::Tier tier, int max_leads) const;
  // A lead's follow-ups; NOT_FOUND when the lead does not exist.
  absl::StatusOr<std::vector<v1::FollowUp>> ListFollowUps(absl::string_view lead_id) const;

  // Talents. CreateTalent takes a checked request (its stage set: CONTACTING unless named).
  absl::StatusOr<v1::Talent> CreateTalent(const v1::CreateTalentRequest& request);
  absl::StatusOr<v1::Talent> GetTalent(absl::string_view id) const;
  absl::StatusOr<ListPage<v1::Talent>> ListTalents(const v1::ListTalentsRequest& request,
                                                   int page_size) const;
  absl::StatusOr<v1::Talent> UpdateTalent(const v1::UpdateTalentRequest& request);
  absl::Status DeleteTalent(absl::string_view id, absl::string_view etag);

  // Creates a follow-up under its lead's lock (so it never outlives a lead deleted at the same
  // moment) and counts it as activity on the lead.
  absl::StatusOr<v1::FollowUp> CreateFollowUp(const v1::CreateFollowUpRequest& request);
  // Deletes a lead with its follow-ups (and the record of its landing, if one was begun).
  absl::Status DeleteLead(absl::string_view id, absl::string_view etag);

  // LandLead's records of the project requests it sends (landings.h).
  Landings& landings() { return *landings_; }
  // Marks SIGNED lead `id` LANDED on `landed` as project `project_id`, and drops its landing's
  // record, in one write. A lead landed already is returned as it is; FAILED_PRECONDITION when
  // it is neither SIGNED nor LANDED.
  absl::StatusOr<v1::Lead> CompleteLanding(const std::string& id, const std::string& project_id,
                                           const Date& landed);

 private:
  RecruitmentStore() = default;

  FactTable<LeadRow> lead_rows_;
  FactTable<TalentRow> talent_rows_;
  std::unique_ptr<ResourceStore<v1::Lead>> leads_;
  std::unique_ptr<ResourceStore<v1::FollowUp>> follow_ups_;
  std::unique_ptr<ResourceStore<v1::Talent>> talents_;
  std::unique_ptr<AnnualTargets<v1::Target>> targets_;
  std::unique_ptr<Landings> landings_;
};

}  // namespace district::recruitment

#endif  // DISTRICT_SERVICES_RECRUITMENT_RECRUITMENT_STORE_H_
