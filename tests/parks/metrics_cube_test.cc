// The in-memory cube of building months (services/parks/metrics_cube.h): year-to-date rollups,
// months not reported, replacement of a month, and a building's removal.
#include "services/parks/metrics_cube.h"

#include <map>

#include <gtest/gtest.h>

namespace district::parks {
namespace {

v1::BuildingMonth Month(const std::string& building, int year, int month, int64_t tax,
                        double occupancy) {
  v1::BuildingMonth m;
  m.set_building_id(building);
  m.mutable_month()->set_year(year);
  m.mutable_month()->set_month(month);
  m.set_tax_revenue_yuan(tax);
  m.set_occupancy(occupancy);
  return m;
}

std::map<std::string, MetricsCube::YearFigures> Rollup(const MetricsCube& cube, int year,
                                                       int through) {
  std::map<std::string, MetricsCube::YearFigures> out;
  cube.ForEachBuilding(
      year, through,
      [&](const std::string& id, const MetricsCube::YearFigures& f) { out[id] = f; });
  return out;
}

TEST(MetricsCube, YearToDateSumsTheMonthsReportedUpToTheMonthAsked) {
  MetricsCube cube;
  cube.Put(Month("B1", 2020, 1, 100, 0.5));
  cube.Put(Month("B1", 2020, 3, 300, 0.7));
  cube.Put(Month("B1", 2020, 7, 700, 0.9));
  cube.Put(Month("B1", 2019, 12, 5000, 0.1));  // another year
  auto march = Rollup(cube, 2020, 3);
  ASSERT_EQ(march.count("B1"), 1u);
  EXPECT_EQ(march["B1"].tax_yuan, 400);
  EXPECT_EQ(march["B1"].months_reported, 2);
  EXPECT_DOUBLE_EQ(march["B1"].latest_occupancy, 0.7);
  auto year = Rollup(cube, 2020, 12);
  EXPECT_EQ(year["B1"].tax_yuan, 1100);
  EXPECT_EQ(year["B1"].months_reported, 3);
  EXPECT_DOUBLE_EQ(year["B1"].latest_occupancy, 0.9);
}

TEST(MetricsCube, ABuildingWithNothingReportedInTheRangeIsLeftOut) {
  MetricsCube cube;
  cube.Put(Month("B1", 2020, 6, 100, 0.5));
  cube.Put(Month("B2", 2020, 1, 0, 0.0));  // reported, even as zero
  auto q1 = Rollup(cube, 2020, 3);
  EXPECT_EQ(q1.count("B1"), 0u);
  ASSERT_EQ(q1.count("B2"), 1u);
  EXPECT_EQ(q1["B2"].months_reported, 1);
  EXPECT_TRUE(Rollup(cube, 2021, 12).empty());
}

TEST(MetricsCube, AMonthPutAgainReplacesItAndErasingABuildingDropsIt) {
  MetricsCube cube;
  cube.Put(Month("B1", 2020, 2, 100, 0.5));
  cube.Put(Month("B1", 2020, 2, 250, 0.6));
  auto feb = Rollup(cube, 2020, 2);
  EXPECT_EQ(feb["B1"].tax_yuan, 250);
  EXPECT_EQ(feb["B1"].months_reported, 1);
  cube.EraseBuilding("B1");
  EXPECT_TRUE(Rollup(cube, 2020, 12).empty());
}

}  // namespace
}  // namespace district::parks
