#include "services/recruitment/recruitment_stats.h"

#include <algorithm>
#include <utility>
#include <vector>

#include "absl/strings/str_cat.h"
#include "common/date.h"
#include "common/money.h"
#include "common/tally.h"
#include "services/recruitment/lead_rules.h"

namespace district::recruitment {
namespace {

// Emits a tally keyed by an enum's values, in enum order, under the values' names; with
// `amounts`, the sum of the known amounts and how many were not known.
template <typename Enum>
void EmitCounts(const Tally& tally, const std::string& (*name)(Enum), bool amounts,
                google::protobuf::RepeatedPtrField<v1::StageCount>* out) {
  tally.ForEach([&](size_t key, const Tally::Sum& sum) {
    v1::StageCount* c = out->Add();
    c->set_key(name(static_cast<Enum>(key)));
    c->set_count(sum.count);
    if (!amounts) return;
    if (sum.known > 0) c->set_amount_yuan(sum.total.value());
    c->set_unknown_amount_count(sum.count - sum.known);
  });
}

const std::string& StageName(v1::LeadStage s) { return v1::LeadStage_Name(s); }
const std::string& TierName(v1::Tier t) { return v1::Tier_Name(t); }
const std::string& TalentStageName(v1::TalentStage s) { return v1::TalentStage_Name(s); }
const std::string& TalentKindName(v1::TalentKind k) { return v1::TalentKind_Name(k); }

// How many stalled leads the statistics name.
constexpr size_t kMaxStalledNamed = 20;

// Whether the lead had entered the pipeline by the end of `year` (its first stage change).
bool InPipelineBy(const LeadRow& r, int year) {
  return r.entered_year != 0 && r.entered_year <= year;
}

}  // namespace

bool InTierTable(v1::LeadStage stage) {
  return IsOpenStage(stage) || stage == v1::LEAD_STAGE_SIGNED;
}

absl::StatusOr<std::optional<int64_t>> TargetActual(const RecruitmentStore& store,
                                                    const v1::Target& t) {
  CheckedSum actual;  // counts cannot overflow; the signed amount is checked
  bool reported = false;
  switch (t.metric()) {
    case v1::METRIC_LEADS_SIGNED:
      store.lead_rows().ForEach([&](const LeadRow& r) {
        reported |= InPipelineBy(r, t.year());
        actual.Add(r.signed_year == t.year() && r.signed_yuan >= t.min_amount_yuan());
      });
      break;
    case v1::METRIC_SIGNED_AMOUNT_YUAN:
      store.lead_rows().ForEach([&](const LeadRow& r) {
        reported |= InPipelineBy(r, t.year());
        if (r.signed_year == t.year()) actual.Add(r.signed_yuan);
      });
      break;
    case v1::METRIC_LEADS_LANDED:
      store.lead_rows().ForEach([&](const LeadRow& r) {
        reported |= InPipelineBy(r, t.year());
        actual.Add(r.landed_year == t.year());
      });
      break;
    case v1::METRIC_TALENTS_ARRIVED:
      store.talent_rows().ForEach([&](const TalentRow& r) {
        reported = true;
        actual.Add(r.arrived_year == t.year() &&
                   (t.talent_kind() == v1::TALENT_KIND_UNSPECIFIED || r.kind == t.talent_kind()));
      });
      break;
    default:
      break;
  }
  if (actual.overflowed()) {
    return SumOutOfRange(absl::StrCat("target ", t.id(), "'s actual"),
                         absl::StrCat("目标“", t.name(), "”的完成值"));
  }
  if (!reported) return std::optional<int64_t>();
  return std::optional<int64_t>(actual.value());
}

bool IsStalled(const LeadRow& row, int64_t today) {
  return IsOpenStage(row.stage) && row.last_activity_day < today - kStalledAfterDays;
}

absl::StatusOr<v1::RecruitmentStats> ComputeRecruitmentStats(const RecruitmentStore& store,
                                                             int year, const Date& today) {
  v1::RecruitmentStats stats;
  stats.set_year(year);
  Tally by_stage, by_tier;
  CheckedSum signed_amount;
  const int64_t today_day = DaysSinceEpoch(today);
  // The longest idle stalled leads, kept as a max-heap on the last activity day so that the pass
  // copies an id only while it is among the oldest kMaxStalledNamed.
  std::vector<std::pair<int64_t, std::string>> stalled;  // last activity day, lead id
  store.lead_rows().ForEachWithId([&](const std::string& id, const LeadRow& r) {
    stats.set_lead_count(stats.lead_count() + 1);
    by_stage.Add(r.stage, r.intended_yuan);
    if (InTierTable(r.stage)) by_tier.Add(r.tier, r.intended_yuan);
    if (r.signed_year == year) {
      stats.set_signed_in_year(stats.signed_in_year() + 1);
      signed_amount.Add(r.signed_yuan);
    }
    if (r.landed_year == year) stats.set_landed_in_year(stats.landed_in_year() + 1);
    if (IsStalled(r, today_day)) {
      stats.set_stalled_leads(stats.stalled_leads() + 1);
      if (stalled.size() < kMaxStalledNamed) {
        stalled.emplace_back(r.last_activity_day, id);
        std::push_heap(stalled.begin(), stalled.end());
      } else if (std::make_pair(r.last_activity_day, id) < stalled.front()) {
        std::pop_heap(stalled.begin(), stalled.end());
        stalled.back() = {r.last_activity_day, id};
        std::push_heap(stalled.begin(), stalled.end());
      }
    }
  });
  std::sort_heap(stalled.begin(), stalled.end());
  for (size_t i = 0; i < stalled.size(); ++i) {
    absl::StatusOr<v1::Lead> lead = store.leads().Get(stalled[i].second);
    if (!lead.ok()) continue;  // deleted since the pass
    v1::StalledLead* s = stats.add_stalled();
    s->set_lead_id(lead->id());
    s->set_name(lead->name());
    s->set_investor(lead->investor());
    s->set_leader(lead->leader());
    *s->mutable_last_activity_date() = DateFromDays(stalled[i].first);
  }
  if (signed_amount.overflowed() || by_stage.overflowed() || by_tier.overflowed()) {
    return SumOutOfRange("the leads' amounts", "招商项目金额");
  }
  stats.set_signed_amount_in_year_yuan(signed_amount.value());
  EmitCounts(by_stage, StageName, true, stats.mutable_leads_by_stage());
  EmitCounts(by_tier, TierName, true, stats.mutable_open_leads_by_tier());

  Tally talents_by_stage, arrived_by_kind;
  store.talent_rows().ForEach([&](const TalentRow& r) {
    stats.set_talent_count(stats.talent_count() + 1);
    talents_by_stage.Add(r.stage, std::nullopt);  // talents have no amount
    if (r.arrived_year == year) arrived_by_kind.Add(r.kind, std::nullopt);
  });
  EmitCounts(talents_by_stage, TalentStageName, false, stats.mutable_talents_by_stage());
  EmitCounts(arrived_by_kind, TalentKindName, false, stats.mutable_talents_arrived_by_kind());

  absl::StatusOr<std::vector<v1::Target>> targets = store.targets().OfYear(year);
  if (!targets.ok()) return targets.status();
  for (v1::Target& t : *targets) {
    v1::TargetProgress* p = stats.add_targets();
    absl::StatusOr<std::optional<int64_t>> actual = TargetActual(store, t);
    if (!actual.ok()) return actual.status();
    if (actual->has_value()) {
      p->set_actual(**actual);
      p->set_share(static_cast<double>(**actual) / t.target_value());
    }
    *p->mutable_target() = std::move(t);
  }
  return stats;
}

}  // namespace district::recruitment
