#include "services/parks/parks_stats.h"

#include <algorithm>

#include "common/money.h"

namespace district::parks {

absl::StatusOr<v1::TaxTotals> ComputeTaxTotals(const ParksStore& store, int year,
                                               int through_month) {
  const int months = through_month == 0 ? 12 : through_month;
  const auto buildings = store.building_rows().Snapshot();
  const auto park_names = store.park_names().Snapshot();
  absl::flat_hash_map<std::string, v1::ParkTotal> parks;
  absl::flat_hash_map<std::string, CheckedSum> park_tax;
  CheckedSum district;

  v1::TaxTotals totals;
  totals.set_year(year);
  totals.set_through_month(through_month);
  store.cube().ForEachBuilding(year, months,
                               [&](const std::string& id, const MetricsCube::YearFigures& f) {
                                 v1::BuildingTotal* b = totals.add_buildings();
                                 b->set_building_id(id);
                                 b->set_tax_revenue_yuan(f.tax_yuan);
                                 b->set_months_reported(f.months_reported);
                                 b->set_latest_occupancy(f.latest_occupancy);
                                 district.Add(f.tax_yuan);
                                 auto row = buildings.find(id);
                                 if (row == buildings.end())
                                   return;  // deleted since; its figures still count for the year
                                 b->set_name(row->second.name);
                                 b->set_park_id(row->second.park_id);
                                 if (row->second.floor_area_m2 > 0)
                                   b->set_tax_per_m2_yuan(f.tax_yuan / row->second.floor_area_m2);
                                 if (row->second.park_id.empty()) return;
                                 v1::ParkTotal& park = parks[row->second.park_id];
                                 park.set_park_id(row->second.park_id);
                                 CheckedSum& tax = park_tax[row->second.park_id];
                                 tax.Add(f.tax_yuan);
                                 park.set_tax_revenue_yuan(tax.value());
                                 park.set_building_count(park.building_count() + 1);
                               });
  bool overflowed = district.overflowed();
  for (const auto& [id, tax] : park_tax) overflowed |= tax.overflowed();
  if (overflowed) return SumOutOfRange("the buildings' tax", "楼宇税收");
  totals.set_district_tax_revenue_yuan(district.value());
  std::sort(totals.mutable_buildings()->begin(), totals.mutable_buildings()->end(),
            [](const v1::BuildingTotal& a, const v1::BuildingTotal& b) {
              return a.tax_revenue_yuan() != b.tax_revenue_yuan()
                         ? a.tax_revenue_yuan() > b.tax_revenue_yuan()
                         : a.building_id() < b.building_id();
            });
  for (auto& [id, park] : parks) {
    auto name = park_names.find(id);
    if (name != park_names.end()) park.set_name(name->second);
    *totals.add_parks() = std::move(park);
  }
  std::sort(totals.mutable_parks()->begin(), totals.mutable_parks()->end(),
            [](const v1::ParkTotal& a, const v1::ParkTotal& b) {
              return a.tax_revenue_yuan() != b.tax_revenue_yuan()
                         ? a.tax_revenue_yuan() > b.tax_revenue_yuan()
                         : a.park_id() < b.park_id();
            });
  return totals;
}

absl::StatusOr<v1::ParkStats> ComputeParkStats(const ParksStore& store, int year) {
  absl::StatusOr<v1::TaxTotals> computed = ComputeTaxTotals(store, year, 0);
  if (!computed.ok()) return computed.status();
  const v1::TaxTotals& totals = *computed;
  v1::ParkStats stats;
  stats.set_year(year);
  stats.set_park_count(static_cast<int32_t>(store.park_names().size()));
  stats.set_building_count(static_cast<int32_t>(store.building_rows().size()));
  if (totals.buildings_size() > 0) {
    stats.set_district_tax_revenue_yuan(totals.district_tax_revenue_yuan());
  }
  // Buildings above the threshold, and with count_parks also each park whose other buildings
  // (those not counted on their own) pass it together: a yuan of tax is never counted twice.
  auto above = [&](int64_t threshold, bool count_parks) {
    int64_t n = 0;
    absl::flat_hash_map<std::string, int64_t> park_rest;
    for (const auto& b : totals.buildings()) {
      if (b.tax_revenue_yuan() > threshold) {
        ++n;
      } else if (count_parks && !b.park_id().empty()) {
        park_rest[b.park_id()] += b.tax_revenue_yuan();  // each under the threshold, ≤ kMaxYuan
      }
    }
    for (const auto& [park, rest] : park_rest) n += rest > threshold;
    return n;
  };
  stats.set_buildings_above_50m_yuan(static_cast<int32_t>(above(kTax50MillionYuan, false)));
  stats.set_buildings_above_100m_yuan(static_cast<int32_t>(above(kTax100MillionYuan, false)));
  int settled_in_year = 0;
  store.enterprise_rows().ForEach([&](const EnterpriseRow& e) {
    stats.set_enterprise_count(stats.enterprise_count() + 1);
    if (e.settled_year != year) return;
    ++settled_in_year;
    if (e.kind == v1::ENTERPRISE_KIND_HEADQUARTERS) {
      stats.set_new_headquarters(stats.new_headquarters() + 1);
    } else if (e.kind == v1::ENTERPRISE_KIND_BRANCH) {
      stats.set_new_branches(stats.new_branches() + 1);
    }
  });
  *stats.mutable_parks() = totals.parks();

  auto targets = store.targets().OfYear(year);
  if (!targets.ok()) return targets.status();
  // What was reported for the year: a building's month (tax metrics), an enterprise settled in it.
  const bool tax_reported = totals.buildings_size() > 0;
  for (v1::Target& t : *targets) {
    int64_t actual = 0;
    bool reported = tax_reported;
    switch (t.metric()) {
      case v1::METRIC_BUILDINGS_ABOVE_TAX:
        actual = above(t.threshold_yuan(), false);
        break;
      case v1::METRIC_BUILDINGS_OR_PARKS_ABOVE_TAX:
        actual = above(t.threshold_yuan(), true);
        break;
      case v1::METRIC_NEW_HEADQUARTERS_AND_BRANCHES:
        actual = stats.new_headquarters() + stats.new_branches();
        reported = settled_in_year > 0;
        break;
      case v1::METRIC_TOTAL_TAX_YUAN:
        actual = stats.district_tax_revenue_yuan();
        break;
      default:
        break;
    }
    v1::TargetProgress* p = stats.add_targets();
    if (reported) {
      p->set_actual(actual);
      p->set_share(static_cast<double>(actual) / t.target_value());
    }
    *p->mutable_target() = std::move(t);
  }
  return stats;
}

}  // namespace district::parks
