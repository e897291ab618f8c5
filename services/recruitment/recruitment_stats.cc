#include "services/recruitment/recruitment_stats.h"


#include "common/date.h"
#include "common/tally.h"
#include "services/recruitment/lead_rules.h"

namespace district::recruitment {
namespace {

// Emits a tally keyed by an enum's values, in enum order, under the values' names.
template <typename Enum>
void EmitCounts(const Tally& tally, const std::string& (*name)(Enum),
                google::protobuf::RepeatedPtrField<v1::StageCount>* out) {
  tally.ForEach([&](size_t key, const Tally::Sum& sum) {
    v1::StageCount* c = out->Add();
    c->set_key(name(static_cast<Enum>(key)));
    c->set_count(sum.count);
    c->set_amount_yuan(sum.total);
  });
}

const std::string& StageName(v1::LeadStage s) { return v1::LeadStage_Name(s); }
const std::string& TierName(v1::Tier t) { return v1::Tier_Name(t); }
const std::string& TalentStageName(v1::TalentStage s) { return v1::TalentStage_Name(s); }
const std::string& TalentKindName(v1::TalentKind k) { return v1::TalentKind_Name(k); }

}  // namespace

bool InTierTable(v1::LeadStage stage) {
  return IsOpenStage(stage) || stage == v1::LEAD_STAGE_SIGNED;
}

int64_t TargetActual(const RecruitmentStore& store, const v1::Target& t) {
  int64_t actual = 0;
  switch (t.metric()) {
    case v1::METRIC_LEADS_SIGNED:
      store.lead_rows().ForEach([&](const LeadRow& r) {
        actual += r.signed_year == t.year() && r.signed_yuan > t.min_amount_yuan();
      });
      break;
    case v1::METRIC_SIGNED_AMOUNT_YUAN:
      store.lead_rows().ForEach([&](const LeadRow& r) {
        if (r.signed_year == t.year()) actual += r.signed_yuan;
      });
      break;
    case v1::METRIC_LEADS_LANDED:
      store.lead_rows().ForEach([&](const LeadRow& r) { actual += r.landed_year == t.year(); });
      break;
    case v1::METRIC_TALENTS_ARRIVED:
      store.talent_rows().ForEach([&](const TalentRow& r) {
        actual += r.arrived_year == t.year() &&
                  (t.talent_kind() == v1::TALENT_KIND_UNSPECIFIED || r.kind == t.talent_kind());
      });
      break;
    default:
      break;
  }
  return actual;
}

bool IsStalled(const LeadRow& row, int64_t today) {
  return IsOpenStage(row.stage) && row.last_activity_day < today - kStalledAfterDays;
}

absl::StatusOr<v1::RecruitmentStats> ComputeRecruitmentStats(const RecruitmentStore& store,
                                                             int year, const Date& today) {
  v1::RecruitmentStats stats;
  stats.set_year(year);
  Tally by_stage, by_tier;
  const int64_t today_day = DaysSinceEpoch(today);
  store.lead_rows().ForEach([&](const LeadRow& r) {
    stats.set_lead_count(stats.lead_count() + 1);
    by_stage.Add(r.stage, r.intended_yuan);
    if (InTierTable(r.stage)) by_tier.Add(r.tier, r.intended_yuan);
    if (r.signed_year == year) {
      stats.set_signed_in_year(stats.signed_in_year() + 1);
      stats.set_signed_amount_in_year_yuan(stats.signed_amount_in_year_yuan() + r.signed_yuan);
    }
    if (r.landed_year == year) stats.set_landed_in_year(stats.landed_in_year() + 1);
    if (IsStalled(r, today_day)) stats.set_stalled_leads(stats.stalled_leads() + 1);
  });
  EmitCounts(by_stage, StageName, stats.mutable_leads_by_stage());
  EmitCounts(by_tier, TierName, stats.mutable_open_leads_by_tier());

  Tally talents_by_stage, arrived_by_kind;
  store.talent_rows().ForEach([&](const TalentRow& r) {
    stats.set_talent_count(stats.talent_count() + 1);
    talents_by_stage.Add(r.stage, 0);
    if (r.arrived_year == year) arrived_by_kind.Add(r.kind, 0);
  });
  EmitCounts(talents_by_stage, TalentStageName, stats.mutable_talents_by_stage());
  EmitCounts(arrived_by_kind, TalentKindName, stats.mutable_talents_arrived_by_kind());

  absl::StatusOr<std::vector<v1::Target>> targets =
      store.targets().All("year", std::to_string(year));
  if (!targets.ok()) return targets.status();
  for (v1::Target& t : *targets) {
    v1::TargetProgress* p = stats.add_targets();
    p->set_actual(TargetActual(store, t));
    p->set_share(static_cast<double>(p->actual()) / t.target_value());
    *p->mutable_target() = std::move(t);
  }
  return stats;
}

}  // namespace district::recruitment
