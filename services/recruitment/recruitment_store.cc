#include "services/recruitment/recruitment_store.h"

#include <algorithm>

#include "absl/strings/str_cat.h"
#include "common/annual_targets.h"
#include "common/date.h"
#include "common/errors.h"
#include "common/list_page.h"
#include "common/sectors.h"
#include "common/stage_history.h"
#include "services/recruitment/lead_rules.h"
#include "services/recruitment/recruitment_stats.h"
#include "services/recruitment/recruitment_validation.h"

namespace district::recruitment {
namespace {

using Values = std::vector<std::string>;

int64_t DayOrZero(const Date& d) { return IsEmpty(d) ? 0 : DaysSinceEpoch(d); }

LeadRow RowOf(const v1::Lead& l) {
  LeadRow row;
  row.stage = l.stage();
  row.tier = l.tier();
  if (l.has_intended_investment_yuan()) row.intended_yuan = l.intended_investment_yuan();
  row.signed_year = l.signed_date().year();
  row.signed_yuan = l.signed_amount_yuan();
  row.landed_year = l.landed_date().year();
  row.last_activity_day = 0;
  row.entered_year = l.stage_history().empty() ? 0 : l.stage_history(0).effective_date().year();
  for (const auto& change : l.stage_history()) {
    row.last_activity_day = std::max(row.last_activity_day, DayOrZero(change.effective_date()));
  }
  return row;
}

ScopeTags ScopeOf(const v1::Lead& l) { return ScopeTags{l.target_park_id(), l.leader(), ""}; }

// The scope of a lead's follow-ups: their lead's, looked up by id.
using LeadScope = std::function<absl::StatusOr<ScopeTags>(absl::string_view lead_id)>;

ResourceStore<v1::Lead>::Config LeadConfig(FactTable<LeadRow>* rows) {
  ResourceStore<v1::Lead>::Config c;
  c.kind = "lead";
  c.label = "招商项目";
  c.id_prefix = "L";
  c.updatable = {
      "name",   "investor",       "field",       "sector", "intended_investment_yuan", "tier",
      "leader", "target_park_id", "description", "source", "responsible_unit"};
  c.validate = ValidateLead;
  c.indexes["tier"] = [](const v1::Lead& l) { return Values{v1::Tier_Name(l.tier())}; };
  c.indexes["stage"] = [](const v1::Lead& l) { return Values{v1::LeadStage_Name(l.stage())}; };
  c.indexes["field"] = [](const v1::Lead& l) { return Values{v1::Field_Name(l.field())}; };
  c.indexes["leader"] = [](const v1::Lead& l) { return Values{l.leader()}; };
  c.indexes["park"] = [](const v1::Lead& l) { return Values{l.target_park_id()}; };
  c.scope = ScopeOf;
  c.indexes["signed_year"] = [](const v1::Lead& l) {
    return l.signed_date().year() == 0 ? Values{} : Values{absl::StrCat(l.signed_date().year())};
  };
  c.on_commit = [rows](const std::string& id, const v1::Lead* after) {
    if (after == nullptr) return rows->Erase(id);
    // Keep activity from follow-ups, which the lead itself does not record.
    LeadRow row = RowOf(*after);
    int64_t followed = 0;
    rows->Modify(id, [&](LeadRow& old) { followed = old.last_activity_day; });
    row.last_activity_day = std::max(row.last_activity_day, followed);
    rows->Put(id, row);
  };
  return c;
}

ResourceStore<v1::FollowUp>::Config FollowUpConfig(FactTable<LeadRow>* rows,
                                                   const LeadScope& lead_scope) {
  ResourceStore<v1::FollowUp>::Config c;
  c.scope = [lead_scope](const v1::FollowUp& f) { return lead_scope(f.lead_id()); };
  c.kind = "follow_up";
  c.label = "跟进记录";
  c.id_prefix = "F";
  c.updatable = {"date", "kind", "summary", "who"};
  c.validate = ValidateFollowUp;
  c.indexes["lead"] = [](const v1::FollowUp& f) { return Values{f.lead_id()}; };
  c.on_commit = [rows](const std::string&, const v1::FollowUp* after) {
    if (after == nullptr) return;
    const int64_t day = DayOrZero(after->date());
    rows->Modify(after->lead_id(), [day](LeadRow& row) {
      row.last_activity_day = std::max(row.last_activity_day, day);
    });
  };
  return c;
}

ResourceStore<v1::Talent>::Config TalentConfig(FactTable<TalentRow>* rows) {
  ResourceStore<v1::Talent>::Config c;
  c.kind = "talent";
  c.label = "人才";
  c.id_prefix = "T";
  c.updatable = {"name",        "kind",         "field",     "origin",   "policies",    "stage",
                 "agreed_date", "arrived_date", "team_size", "employer", "description", "source"};
  c.validate = ValidateTalent;
  c.indexes["kind"] = [](const v1::Talent& t) { return Values{v1::TalentKind_Name(t.kind())}; };
  c.indexes["stage"] = [](const v1::Talent& t) { return Values{v1::TalentStage_Name(t.stage())}; };
  c.indexes["field"] = [](const v1::Talent& t) { return Values{v1::Field_Name(t.field())}; };
  c.indexes["arrived_year"] = [](const v1::Talent& t) {
    return t.arrived_date().year() == 0 ? Values{} : Values{absl::StrCat(t.arrived_date().year())};
  };
  c.on_commit = [rows](const std::string& id, const v1::Talent* after) {
    if (after == nullptr) return rows->Erase(id);
    rows->Put(id, TalentRow{after->kind(), after->stage(), after->arrived_date().year()});
  };
  return c;
}

bool LeadMatches(const v1::Lead& l, const v1::ListLeadsRequest& r) {
  if (r.tier() != v1::TIER_UNSPECIFIED && l.tier() != r.tier()) return false;
  if (r.stage() != v1::LEAD_STAGE_UNSPECIFIED && l.stage() != r.stage()) return false;
  if (r.field() != v1::FIELD_UNSPECIFIED && l.field() != r.field()) return false;
  if (!r.leader().empty() && l.leader() != r.leader()) return false;
  if (!r.responsible_unit().empty() && l.responsible_unit() != r.responsible_unit()) return false;
  if (!r.target_park_id().empty() && l.target_park_id() != r.target_park_id()) return false;
  if (!r.sector().empty() && LeadSector(l) != r.sector()) return false;
  // An amount bound selects only leads whose amount is known.
  const bool bounded = r.min_amount_yuan() > 0 || r.max_amount_yuan() > 0;
  if (bounded && !l.has_intended_investment_yuan()) return false;
  if (l.intended_investment_yuan() < r.min_amount_yuan()) return false;
  if (r.max_amount_yuan() > 0 && l.intended_investment_yuan() > r.max_amount_yuan()) return false;
  if (r.signed_year() != 0 && l.signed_date().year() != r.signed_year()) return false;
  return true;
}

bool TalentMatches(const v1::Talent& t, const v1::ListTalentsRequest& r) {
  if (r.kind() != v1::TALENT_KIND_UNSPECIFIED && t.kind() != r.kind()) return false;
  if (r.stage() != v1::TALENT_STAGE_UNSPECIFIED && t.stage() != r.stage()) return false;
  if (r.field() != v1::FIELD_UNSPECIFIED && t.field() != r.field()) return false;
  if (r.origin() != v1::ORIGIN_UNSPECIFIED && t.origin() != r.origin()) return false;
  if (r.arrived_year() != 0 && t.arrived_date().year() != r.arrived_year()) return false;
  return true;
}

}  // namespace

absl::StatusOr<std::unique_ptr<RecruitmentStore>> RecruitmentStore::Open(Store* store) {
  std::unique_ptr<RecruitmentStore> s(new RecruitmentStore());
  auto leads = ResourceStore<v1::Lead>::Open(store, LeadConfig(&s->lead_rows_));
  if (!leads.ok()) return leads.status();
  const LeadScope lead_scope = [r = s.get()](absl::string_view id) {
    absl::StatusOr<v1::Lead> lead = r->leads_->Get(id);
    return lead.ok() ? absl::StatusOr<ScopeTags>(ScopeOf(*lead)) : lead.status();
  };
  auto follow_ups =
      ResourceStore<v1::FollowUp>::Open(store, FollowUpConfig(&s->lead_rows_, lead_scope));
  if (!follow_ups.ok()) return follow_ups.status();
  auto talents = ResourceStore<v1::Talent>::Open(store, TalentConfig(&s->talent_rows_));
  if (!talents.ok()) return talents.status();
  auto targets = AnnualTargets<v1::Target>::Open(
      store, {"name", "metric", "target_value", "min_amount_yuan", "talent_kind", "source"},
      ValidateTarget);
  if (!targets.ok()) return targets.status();
  s->leads_ = *std::move(leads);
  s->follow_ups_ = *std::move(follow_ups);
  s->talents_ = *std::move(talents);
  s->targets_ = *std::move(targets);
  s->landings_ = std::make_unique<Landings>(store);

  // Fill the statistics' rows from the store, as each commit would have.
  auto all_leads = s->leads_->All();
  if (!all_leads.ok()) return all_leads.status();
  for (const v1::Lead& l : *all_leads) s->lead_rows_.Put(l.id(), RowOf(l));
  auto all_follow_ups = s->follow_ups_->All();
  if (!all_follow_ups.ok()) return all_follow_ups.status();
  for (const v1::FollowUp& f : *all_follow_ups) {
    s->lead_rows_.Modify(f.lead_id(), [&](LeadRow& row) {
      row.last_activity_day = std::max(row.last_activity_day, DayOrZero(f.date()));
    });
  }
  auto all_talents = s->talents_->All();
  if (!all_talents.ok()) return all_talents.status();
  for (const v1::Talent& t : *all_talents) {
    s->talent_rows_.Put(t.id(), TalentRow{t.kind(), t.stage(), t.arrived_date().year()});
  }
  return s;
}

void RecruitmentStore::CreateLead(const v1::CreateLeadRequest& request,
                                  std::function<void(absl::StatusOr<v1::Lead>)> done) {
  v1::Lead lead = request.lead();
  // Output-only fields are the server's to set (AIP-203): whatever the client sent is dropped.
  lead.clear_stage_history();
  lead.clear_signed_date();
  lead.clear_signed_amount_yuan();
  lead.clear_lost_reason();
  lead.clear_project_id();
  lead.clear_landed_date();
  lead.clear_stalled();
  lead.clear_last_activity_date();
  if (lead.sector().empty()) lead.set_sector(FieldSector(lead.field()));
  if (lead.stage() == v1::LEAD_STAGE_UNSPECIFIED) lead.set_stage(v1::LEAD_STAGE_IDENTIFIED);
  StartStageHistory(&lead, IsEmpty(request.stage_date()) ? Today() : request.stage_date());
  leads_->CreateQueued(std::move(lead), request.request_id(), request, std::move(done));
}

absl::StatusOr<v1::FollowUp> RecruitmentStore::CreateFollowUp(
    const v1::CreateFollowUpRequest& request) {
  const std::string& lead_id = request.follow_up().lead_id();
  std::lock_guard<std::mutex> lock(leads_->LockFor(lead_id));
  absl::StatusOr<v1::Lead> lead = leads_->Get(lead_id);
  if (absl::Status s = leads_->CheckScope(lead); !s.ok()) return s;  // a follow-up is the lead's
  if (!lead.ok()) return lead.status();
  return follow_ups_->Create(request.follow_up(), request.request_id(), request);
}

absl::Status RecruitmentStore::DeleteLead(absl::string_view id, absl::string_view etag) {
  return leads_->Delete(id, etag, [&](WriteBatch* batch, const v1::Lead*, const v1::Lead*) {
    auto follow_ups = follow_ups_->All("lead", id);
    if (!follow_ups.ok()) return follow_ups.status();
    for (const v1::FollowUp& f : *follow_ups) follow_ups_->DeleteInBatch(batch, f);
    return landings_->Remove(batch, std::string(id));
  });
}

absl::StatusOr<v1::Lead> RecruitmentStore::CompleteLanding(const std::string& id,
                                                           const std::string& project_id,
                                                           const Date& landed) {
  bool landed_before = false;  // by a concurrent call: then nothing is written
  absl::StatusOr<v1::Lead> lead = leads_->Mutate(
      id, "",
      [&](v1::Lead& l) -> absl::Status {
        if (l.stage() == v1::LEAD_STAGE_LANDED) {
          landed_before = true;
          return absl::AbortedError("landed before");
        }
        if (l.stage() != v1::LEAD_STAGE_SIGNED) {
          return FailedPreconditionError(
              "the lead changed while landing: it is " + v1::LeadStage_Name(l.stage()),
              absl::StrCat("落地过程中该招商项目已变为", LeadStageLabel(l.stage()), "，未能落地"));
        }
        MoveToStage(&l, v1::LEAD_STAGE_LANDED, landed, "");
        l.set_project_id(project_id);
        *l.mutable_landed_date() = landed;
        return absl::OkStatus();
      },
      [&](WriteBatch* batch, const v1::Lead*, const v1::Lead*) {
        return landings_->Remove(batch, id);
      });
  return landed_before ? leads_->Get(id) : lead;
}

absl::StatusOr<v1::Lead> RecruitmentStore::GetLead(absl::string_view id) const {
  return leads_->Get(id);
}

absl::StatusOr<v1::Lead> RecruitmentStore::GetLeadToChange(absl::string_view id) const {
  absl::StatusOr<v1::Lead> lead = leads_->Get(id);
  if (absl::Status s = leads_->CheckScope(lead); !s.ok()) return s;
  return lead;
}

absl::StatusOr<ListPage<v1::Lead>> RecruitmentStore::ListLeads(const v1::ListLeadsRequest& r,
                                                               int page_size) const {
  const auto [index, value] = FirstSetFilter({
      {"leader", r.leader()},
      {"park", r.target_park_id()},
      {"signed_year", r.signed_year() != 0 ? std::to_string(r.signed_year()) : ""},
      {"stage", r.stage() != v1::LEAD_STAGE_UNSPECIFIED ? v1::LeadStage_Name(r.stage()) : ""},
      {"tier", r.tier() != v1::TIER_UNSPECIFIED ? v1::Tier_Name(r.tier()) : ""},
      {"field", r.field() != v1::FIELD_UNSPECIFIED ? v1::Field_Name(r.field()) : ""},
  });
  const int64_t today = DaysSinceEpoch(Today());
  return leads_->List(r, page_size, r.page_token(), index, value, [&](const v1::Lead& l) {
    if (!LeadMatches(l, r)) return false;
    if (!r.stalled_only()) return true;
    const std::optional<LeadRow> row = lead_rows_.Find(l.id());
    return row.has_value() && IsStalled(*row, today);
  });
}

absl::StatusOr<v1::Lead> RecruitmentStore::UpdateLead(const v1::UpdateLeadRequest& request) {
  return leads_->Update(request.lead(), request.update_mask(), DeprecatedRequestEtag(request));
}

absl::StatusOr<v1::Lead> RecruitmentStore::AdvanceLead(const v1::AdvanceLeadRequest& request,
                                                       const Date& today) {
  return leads_->Mutate(request.id(), request.etag(), [&](v1::Lead& l) {
    absl::Status s = CheckLeadChange(l, request, today);
    if (s.ok()) ApplyLeadChange(request, &l);
    return s;
  });
}

absl::StatusOr<std::vector<v1::Lead>> RecruitmentStore::TierTableLeads(
    const google::protobuf::Message& request, v1::Tier tier, int max_leads) const {
  auto page = leads_->List(request, max_leads, "", "tier", v1::Tier_Name(tier),
                           [](const v1::Lead& l) { return InTierTable(l.stage()); });
  if (!page.ok()) return page.status();
  return std::move(page->items);
}

absl::StatusOr<std::vector<v1::FollowUp>> RecruitmentStore::ListFollowUps(
    absl::string_view lead_id) const {
  if (absl::StatusOr<v1::Lead> lead = leads_->Get(lead_id); !lead.ok()) return lead.status();
  return follow_ups_->All("lead", lead_id);
}

absl::StatusOr<v1::Talent> RecruitmentStore::CreateTalent(const v1::CreateTalentRequest& request) {
  return talents_->Create(request.talent(), request.request_id(), request);
}

absl::StatusOr<v1::Talent> RecruitmentStore::GetTalent(absl::string_view id) const {
  return talents_->Get(id);
}

absl::StatusOr<ListPage<v1::Talent>> RecruitmentStore::ListTalents(const v1::ListTalentsRequest& r,
                                                                   int page_size) const {
  const auto [index, value] = FirstSetFilter({
      {"arrived_year", r.arrived_year() != 0 ? std::to_string(r.arrived_year()) : ""},
      {"kind", r.kind() != v1::TALENT_KIND_UNSPECIFIED ? v1::TalentKind_Name(r.kind()) : ""},
      {"stage", r.stage() != v1::TALENT_STAGE_UNSPECIFIED ? v1::TalentStage_Name(r.stage()) : ""},
      {"field", r.field() != v1::FIELD_UNSPECIFIED ? v1::Field_Name(r.field()) : ""},
  });
  return talents_->List(r, page_size, r.page_token(), index, value,
                        [&](const v1::Talent& t) { return TalentMatches(t, r); });
}

absl::StatusOr<v1::Talent> RecruitmentStore::UpdateTalent(const v1::UpdateTalentRequest& request) {
  return talents_->Update(request.talent(), request.update_mask(), DeprecatedRequestEtag(request));
}

absl::Status RecruitmentStore::DeleteTalent(absl::string_view id, absl::string_view etag) {
  return talents_->Delete(id, etag);
}

}  // namespace district::recruitment
