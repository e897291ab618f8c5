// The ParkMetricsService API through a real client on loopback.
#include <chrono>
#include <limits>
#include <thread>

#include <gtest/gtest.h>

#include "common/date.h"
#include "district/audit/v1/audit.grpc.pb.h"
#include "tests/support/expect.h"
#include "tests/support/parks_server.h"

namespace district::parks {
namespace {

using district::testing::ExpectInvalid;
using grpc::StatusCode;
constexpr int64_t kWan = 10000;  // 1 万元

class ParksApiTest : public ::testing::Test {
 protected:
  v1::ParkMetricsService::Stub& stub() { return server_.stub(); }

  v1::Park CreatePark(const std::string& name) {
    grpc::ClientContext ctx;
    v1::CreateParkRequest req;
    req.mutable_park()->set_name(name);
    req.mutable_park()->set_kind(v1::PARK_KIND_THEMED_PARK);
    v1::Park out;
    EXPECT_TRUE(stub().CreatePark(&ctx, req, &out).ok());
    return out;
  }

  grpc::Status CreateBuilding(const std::string& name, const std::string& park_id,
                              v1::Building* out, double area = 20000) {
    grpc::ClientContext ctx;
    v1::CreateBuildingRequest req;
    req.mutable_building()->set_name(name);
    req.mutable_building()->set_park_id(park_id);
    req.mutable_building()->set_floor_area_m2(area);
    req.mutable_building()->set_status(v1::BUILDING_STATUS_COMPLETED);
    *req.mutable_building()->mutable_completion_date() = MakeDate(2019, 6, 1);
    return stub().CreateBuilding(&ctx, req, out);
  }

  static v1::BuildingMonth Month(const std::string& building, int year, int month, int64_t tax,
                                 double occupancy = 0.9) {
    v1::BuildingMonth m;
    m.set_building_id(building);
    m.mutable_month()->set_year(year);
    m.mutable_month()->set_month(month);
    m.set_tax_revenue_yuan(tax);
    m.set_occupancy(occupancy);
    return m;
  }

  grpc::Status Record(const v1::BuildingMonth& m) {
    grpc::ClientContext ctx;
    v1::RecordMetricsRequest req;
    *req.mutable_metrics() = m;
    v1::BuildingMonth out;
    return stub().RecordMetrics(&ctx, req, &out);
  }

  // A target of 2020, created or the test fails.
  v1::Target CreateTarget2020(v1::Metric metric, const std::string& name, int64_t threshold_yuan,
                              int64_t value) {
    grpc::ClientContext ctx;
    v1::CreateTargetRequest req;
    req.mutable_target()->set_year(2020);
    req.mutable_target()->set_name(name);
    req.mutable_target()->set_metric(metric);
    req.mutable_target()->set_threshold_yuan(threshold_yuan);
    req.mutable_target()->set_target_value(value);
    v1::Target out;
    grpc::Status s = stub().CreateTarget(&ctx, req, &out);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return out;
  }

  // Every audit entry so far.
  int AuditEntries() {
    auto audit = audit::v1::AuditService::NewStub(server_.channel());
    grpc::ClientContext ctx;
    audit::v1::ListAuditEntriesRequest req;
    req.set_page_size(1000);
    audit::v1::ListAuditEntriesResponse resp;
    grpc::Status s = audit->ListAuditEntries(&ctx, req, &resp);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return resp.entries_size();
  }

  district::testing::ParksServer server_;
};

TEST_F(ParksApiTest, ParksBuildingsAndReferences) {
  v1::Park park = CreatePark("金融商务产业园");
  v1::Building building;
  ASSERT_TRUE(CreateBuilding("潍坊区域金融中心", park.id(), &building).ok());
  EXPECT_EQ(building.park_id(), park.id());
  ExpectInvalid(CreateBuilding("无园区楼宇", "K99999999", &building), "building.park_id");
  ExpectInvalid(CreateBuilding("", park.id(), &building), "building.name");
  ExpectInvalid(CreateBuilding("负面积", park.id(), &building, -1), "building.floor_area_m2");

  grpc::ClientContext c1;
  v1::DeleteParkRequest del;
  del.set_id(park.id());
  google::protobuf::Empty empty;
  EXPECT_EQ(stub().DeletePark(&c1, del, &empty).error_code(), StatusCode::FAILED_PRECONDITION);

  grpc::ClientContext c2;
  v1::ListBuildingsRequest list;
  list.set_park_id(park.id());
  v1::ListBuildingsResponse resp;
  ASSERT_TRUE(stub().ListBuildings(&c2, list, &resp).ok());
  ASSERT_EQ(resp.buildings_size(), 1);
  EXPECT_EQ(resp.buildings(0).name(), "潍坊区域金融中心");

  grpc::ClientContext c3;
  v1::UpdateBuildingRequest up;
  up.mutable_building()->set_id(building.id());
  up.mutable_building()->set_park_id("K99999999");
  up.mutable_update_mask()->add_paths("park_id");
  v1::Building updated;
  ExpectInvalid(stub().UpdateBuilding(&c3, up, &updated), "building.park_id");
}

TEST_F(ParksApiTest, EnterprisesCountAsNewHeadquartersAndBranches) {
  v1::Park park = CreatePark("平台经济产业园");
  v1::Building building;
  ASSERT_TRUE(CreateBuilding("阳光100城市广场三期商务楼", park.id(), &building).ok());
  auto create = [&](const std::string& name, v1::EnterpriseKind kind, const Date& settled,
                    const std::string& building_id, v1::Enterprise* out) {
    grpc::ClientContext ctx;
    v1::CreateEnterpriseRequest req;
    req.mutable_enterprise()->set_name(name);
    req.mutable_enterprise()->set_kind(kind);
    req.mutable_enterprise()->set_building_id(building_id);
    req.mutable_enterprise()->set_park_id(park.id());
    req.mutable_enterprise()->add_categories("小巨人");
    *req.mutable_enterprise()->mutable_settled_date() = settled;
    return stub().CreateEnterprise(&ctx, req, out);
  };
  v1::Enterprise e;
  ASSERT_TRUE(
      create("全影科技", v1::ENTERPRISE_KIND_HEADQUARTERS, MakeDate(2020, 2, 1), building.id(), &e)
          .ok());
  ASSERT_TRUE(
      create("发生影业", v1::ENTERPRISE_KIND_BRANCH, MakeDate(2020, 3, 1), building.id(), &e).ok());
  ASSERT_TRUE(create("浩泰机械", v1::ENTERPRISE_KIND_BRANCH, MakeDate(2019, 3, 1), "", &e).ok());
  ExpectInvalid(create("无楼宇", v1::ENTERPRISE_KIND_OTHER, Date(), "B99999999", &e),
                "enterprise.building_id");
  ExpectInvalid(create("无类型", v1::ENTERPRISE_KIND_UNSPECIFIED, Date(), "", &e),
                "enterprise.kind");

  grpc::ClientContext c1;
  v1::DeleteBuildingRequest del;
  del.set_id(building.id());
  google::protobuf::Empty empty;
  EXPECT_EQ(stub().DeleteBuilding(&c1, del, &empty).error_code(), StatusCode::FAILED_PRECONDITION);

  grpc::ClientContext c2;
  v1::ListEnterprisesRequest list;
  list.set_category("小巨人");
  list.set_settled_year(2020);
  v1::ListEnterprisesResponse resp;
  ASSERT_TRUE(stub().ListEnterprises(&c2, list, &resp).ok());
  EXPECT_EQ(resp.enterprises_size(), 2);

  grpc::ClientContext c3;
  v1::GetParkStatsRequest sreq;
  sreq.set_year(2020);
  v1::ParkStats stats;
  ASSERT_TRUE(stub().GetParkStats(&c3, sreq, &stats).ok());
  EXPECT_EQ(stats.new_headquarters(), 1);
  EXPECT_EQ(stats.new_branches(), 1);
  EXPECT_EQ(stats.enterprise_count(), 3);
}

TEST_F(ParksApiTest, MetricsAreValidatedAndReplaceTheirMonth) {
  v1::Building b;
  ASSERT_TRUE(CreateBuilding("中央御园商务楼", "", &b).ok());
  ExpectInvalid(Record(Month(b.id(), 2020, 1, 100, 1.2)), "metrics.occupancy");
  ExpectInvalid(Record(Month(b.id(), 2020, 1, -1)), "metrics.tax_revenue_yuan");
  ExpectInvalid(Record(Month(b.id(), 2020, 13, 1)), "metrics.month");
  ExpectInvalid(Record(Month("B99999999", 2020, 1, 1)), "metrics.building_id");

  ASSERT_TRUE(Record(Month(b.id(), 2020, 1, 100 * kWan)).ok());
  ASSERT_TRUE(Record(Month(b.id(), 2020, 1, 300 * kWan)).ok());  // replaces January
  ASSERT_TRUE(Record(Month(b.id(), 2020, 2, 200 * kWan, 0.95)).ok());
  ASSERT_TRUE(Record(Month(b.id(), 2021, 1, 999 * kWan)).ok());

  grpc::ClientContext c1;
  v1::GetBuildingSeriesRequest series;
  series.set_building_id(b.id());
  series.mutable_to()->set_year(2020);
  series.mutable_to()->set_month(12);
  v1::GetBuildingSeriesResponse months;
  ASSERT_TRUE(stub().GetBuildingSeries(&c1, series, &months).ok());
  ASSERT_EQ(months.months_size(), 2);
  EXPECT_EQ(months.months(0).tax_revenue_yuan(), 300 * kWan);

  grpc::ClientContext c2;
  v1::GetTaxTotalsRequest totals_req;
  totals_req.set_year(2020);
  totals_req.set_through_month(1);
  v1::TaxTotals totals;
  ASSERT_TRUE(stub().GetTaxTotals(&c2, totals_req, &totals).ok());
  EXPECT_EQ(totals.district_tax_revenue_yuan(), 300 * kWan);
  totals_req.set_through_month(0);
  grpc::ClientContext c3;
  ASSERT_TRUE(stub().GetTaxTotals(&c3, totals_req, &totals).ok());
  EXPECT_EQ(totals.district_tax_revenue_yuan(), 500 * kWan);
  ASSERT_EQ(totals.buildings_size(), 1);
  EXPECT_DOUBLE_EQ(totals.buildings(0).tax_per_m2_yuan(), 500.0 * kWan / 20000);
  EXPECT_DOUBLE_EQ(totals.buildings(0).latest_occupancy(), 0.95);
}

TEST_F(ParksApiTest, BatchIsAllOrNothing) {
  v1::Building b;
  ASSERT_TRUE(CreateBuilding("大有金融广场", "", &b).ok());
  grpc::ClientContext c1;
  v1::BatchRecordMetricsRequest batch;
  for (int m = 1; m <= 12; ++m) *batch.add_metrics() = Month(b.id(), 2020, m, 500 * kWan);
  *batch.add_metrics() = Month("B99999999", 2020, 1, 1);  // one bad month spoils the batch
  v1::BatchRecordMetricsResponse resp;
  ExpectInvalid(stub().BatchRecordMetrics(&c1, batch, &resp), "metrics[12].building_id");

  grpc::ClientContext c2;
  v1::GetTaxTotalsRequest totals_req;
  totals_req.set_year(2020);
  v1::TaxTotals totals;
  ASSERT_TRUE(stub().GetTaxTotals(&c2, totals_req, &totals).ok());
  EXPECT_EQ(totals.district_tax_revenue_yuan(), 0);

  batch.mutable_metrics()->RemoveLast();
  grpc::ClientContext c3;
  ASSERT_TRUE(stub().BatchRecordMetrics(&c3, batch, &resp).ok());
  EXPECT_EQ(resp.recorded(), 12);
}

// A return imported again with the same figures writes nothing: no audit entry, each month's
// update_time as it was. One figure changed is one month written.
TEST_F(ParksApiTest, AnIdenticalReimportWritesNothing) {
  v1::Building b;
  ASSERT_TRUE(CreateBuilding("大有金融广场", "", &b).ok());
  v1::BatchRecordMetricsRequest batch;
  for (int m = 1; m <= 3; ++m) *batch.add_metrics() = Month(b.id(), 2020, m, 500 * kWan);
  auto import = [&] {
    grpc::ClientContext ctx;
    v1::BatchRecordMetricsResponse resp;
    grpc::Status s = stub().BatchRecordMetrics(&ctx, batch, &resp);
    EXPECT_TRUE(s.ok()) << s.error_message();
  };
  auto march_time = [&] {
    grpc::ClientContext ctx;
    v1::GetBuildingSeriesRequest req;
    req.set_building_id(b.id());
    v1::GetBuildingSeriesResponse series;
    EXPECT_TRUE(stub().GetBuildingSeries(&ctx, req, &series).ok());
    if (series.months_size() != 3) return int64_t{-1};
    const google::protobuf::Timestamp& t = series.months(2).update_time();
    return t.seconds() * 1000000000 + t.nanos();
  };
  import();
  const int entries = AuditEntries();
  const int64_t written = march_time();
  std::this_thread::sleep_for(std::chrono::milliseconds(2));
  import();
  EXPECT_EQ(AuditEntries(), entries) << "the same return again wrote audit entries";
  EXPECT_EQ(march_time(), written);
  batch.mutable_metrics(2)->set_occupancy(0.5);
  import();
  EXPECT_EQ(AuditEntries(), entries + 1);
  EXPECT_NE(march_time(), written);
}

// AIP-154: park.etag is checked as the request's etag is; an update that changes nothing keeps
// the etag.
TEST_F(ParksApiTest, TheParksOwnEtagIsCheckedAndANoOpKeepsIt) {
  const v1::Park park = CreatePark("奎文科技园");
  auto update = [&](const std::string& request_etag, const std::string& resource_etag,
                    const std::string& name, v1::Park* out) {
    grpc::ClientContext ctx;
    v1::UpdateParkRequest req;
    req.mutable_park()->set_id(park.id());
    req.mutable_park()->set_name(name);
    req.mutable_park()->set_etag(resource_etag);
    req.set_etag(request_etag);
    return stub().UpdatePark(&ctx, req, out);
  };
  v1::Park same;
  ASSERT_TRUE(update("", park.etag(), park.name(), &same).ok());
  EXPECT_EQ(same.etag(), park.etag());
  v1::Park renamed;
  ASSERT_TRUE(update("", park.etag(), "奎文数字经济园", &renamed).ok());
  EXPECT_NE(renamed.etag(), park.etag());
  EXPECT_EQ(update("", park.etag(), "又一个名字", &renamed).error_code(),
            grpc::StatusCode::ABORTED);
  ExpectInvalid(update(park.etag(), renamed.etag(), "又一个名字", &renamed), "etag");
}

// "税收过5000万元楼宇或园区" counts a yuan of tax once: a park alone with its one building of
// 6000万 is one, not two; a park of three buildings of 2000万 each is one (the park).
TEST_F(ParksApiTest, BuildingsOrParksAboveTaxCountEachYuanOnce) {
  v1::Park alone = CreatePark("平台经济产业园");
  v1::Park many = CreatePark("文化创意产业园");
  v1::Building big;
  ASSERT_TRUE(CreateBuilding("数字大厦", alone.id(), &big).ok());
  grpc::ClientContext c1;
  v1::BatchRecordMetricsRequest batch;
  *batch.add_metrics() = Month(big.id(), 2020, 6, 6000 * kWan);
  for (int i = 0; i < 3; ++i) {
    v1::Building small;
    ASSERT_TRUE(CreateBuilding("创意楼" + std::to_string(i), many.id(), &small).ok());
    *batch.add_metrics() = Month(small.id(), 2020, 6, 2000 * kWan);
  }
  v1::BatchRecordMetricsResponse recorded;
  ASSERT_TRUE(stub().BatchRecordMetrics(&c1, batch, &recorded).ok());

  CreateTarget2020(v1::METRIC_BUILDINGS_OR_PARKS_ABOVE_TAX, "税收过5000万元楼宇或园区", 5000 * kWan,
                   8);

  grpc::ClientContext c3;
  v1::GetParkStatsRequest request;
  request.set_year(2020);
  v1::ParkStats stats;
  ASSERT_TRUE(stub().GetParkStats(&c3, request, &stats).ok());
  ASSERT_EQ(stats.targets_size(), 1);
  EXPECT_EQ(stats.targets(0).actual(), 2);  // 数字大厦, and 文化创意产业园 for its 6000万
  EXPECT_EQ(stats.buildings_above_50m_yuan(), 1);
}

// Before any month of the year is recorded, tax targets and the district's tax are not known,
// and neither are new headquarters before any enterprise settled in the year.
TEST_F(ParksApiTest, TargetsWithNothingReportedHaveNoActual) {
  for (v1::Metric metric : {v1::METRIC_TOTAL_TAX_YUAN, v1::METRIC_NEW_HEADQUARTERS_AND_BRANCHES}) {
    CreateTarget2020(metric, v1::Metric_Name(metric), 0, 60);
  }
  auto stats = [&] {
    grpc::ClientContext ctx;
    v1::GetParkStatsRequest req;
    req.set_year(2020);
    v1::ParkStats out;
    EXPECT_TRUE(stub().GetParkStats(&ctx, req, &out).ok());
    return out;
  };
  v1::ParkStats before = stats();
  EXPECT_FALSE(before.has_district_tax_revenue_yuan());
  ASSERT_EQ(before.targets_size(), 2);
  for (const auto& t : before.targets()) EXPECT_FALSE(t.has_actual()) << t.target().name();

  v1::Park park = CreatePark("金融商务产业园");
  v1::Building b;
  ASSERT_TRUE(CreateBuilding("金融大厦", park.id(), &b).ok());
  ASSERT_TRUE(Record(Month(b.id(), 2020, 1, 0)).ok());  // a reported zero
  v1::ParkStats after = stats();
  EXPECT_TRUE(after.has_district_tax_revenue_yuan());
  for (const auto& t : after.targets()) {
    EXPECT_EQ(t.has_actual(), t.target().metric() == v1::METRIC_TOTAL_TAX_YUAN)
        << t.target().name();
  }
}

// An enterprise's building is in its park: another park's building is refused, and a building
// with enterprises does not move to another park without them.
TEST_F(ParksApiTest, TaxBeyondTheBoundIsRefused) {
  v1::Park park = CreatePark("金融商务产业园");
  v1::Building b;
  ASSERT_TRUE(CreateBuilding("金融大厦", park.id(), &b).ok());
  ExpectInvalid(Record(Month(b.id(), 2020, 1, std::numeric_limits<int64_t>::max())),
                "metrics.tax_revenue_yuan");
  for (int m = 1; m <= 12; ++m)
    ASSERT_TRUE(Record(Month(b.id(), 2020, m, 10'000'000'000'000)).ok());
  grpc::ClientContext ctx;
  v1::GetTaxTotalsRequest req;
  req.set_year(2020);
  v1::TaxTotals totals;
  ASSERT_TRUE(stub().GetTaxTotals(&ctx, req, &totals).ok());
  EXPECT_EQ(totals.district_tax_revenue_yuan(), 120'000'000'000'000);  // exact, no wrap
}

TEST_F(ParksApiTest, ABatchWithAMonthTwiceIsRefused) {
  v1::Park park = CreatePark("金融商务产业园");
  v1::Building b;
  ASSERT_TRUE(CreateBuilding("金融大厦", park.id(), &b).ok());
  grpc::ClientContext ctx;
  v1::BatchRecordMetricsRequest batch;
  *batch.add_metrics() = Month(b.id(), 2020, 3, 100 * kWan);
  *batch.add_metrics() = Month(b.id(), 2020, 3, 200 * kWan);  // which one would count?
  v1::BatchRecordMetricsResponse out;
  ExpectInvalid(stub().BatchRecordMetrics(&ctx, batch, &out), "metrics[1].month");
}

TEST_F(ParksApiTest, AnEnterprisesBuildingIsInItsPark) {
  v1::Park k1 = CreatePark("平台经济产业园"), k2 = CreatePark("金融商务产业园");
  v1::Building in_k2;
  ASSERT_TRUE(CreateBuilding("金融大厦", k2.id(), &in_k2).ok());
  grpc::ClientContext c1;
  v1::CreateEnterpriseRequest ce;
  ce.mutable_enterprise()->set_name("猪八戒网");
  ce.mutable_enterprise()->set_kind(v1::ENTERPRISE_KIND_BRANCH);
  ce.mutable_enterprise()->set_park_id(k1.id());
  ce.mutable_enterprise()->set_building_id(in_k2.id());
  v1::Enterprise e;
  ExpectInvalid(stub().CreateEnterprise(&c1, ce, &e), "enterprise.building_id");
  ce.mutable_enterprise()->set_park_id(k2.id());
  grpc::ClientContext c2;
  ASSERT_TRUE(stub().CreateEnterprise(&c2, ce, &e).ok());

  grpc::ClientContext c3;
  v1::UpdateBuildingRequest move;
  move.mutable_building()->set_id(in_k2.id());
  move.mutable_building()->set_park_id(k1.id());
  move.mutable_update_mask()->add_paths("park_id");
  v1::Building moved;
  EXPECT_EQ(stub().UpdateBuilding(&c3, move, &moved).error_code(), StatusCode::FAILED_PRECONDITION);
}

TEST_F(ParksApiTest, StatsAndTargetsAgainstThresholds) {
  v1::Park park = CreatePark("金融商务产业园");
  std::vector<std::string> ids;
  for (int i = 0; i < 3; ++i) {
    v1::Building b;
    ASSERT_TRUE(CreateBuilding("楼宇" + std::to_string(i), park.id(), &b).ok());
    ids.push_back(b.id());
  }
  // Year taxes: 1.2亿, 6000万, 1200万 → two above 5000万, one above 1亿; the park 1.92亿.
  const int64_t monthly[] = {1000 * kWan, 500 * kWan, 100 * kWan};
  grpc::ClientContext c1;
  v1::BatchRecordMetricsRequest batch;
  for (int i = 0; i < 3; ++i) {
    for (int m = 1; m <= 12; ++m) *batch.add_metrics() = Month(ids[i], 2020, m, monthly[i]);
  }
  v1::BatchRecordMetricsResponse resp;
  ASSERT_TRUE(stub().BatchRecordMetrics(&c1, batch, &resp).ok());

  CreateTarget2020(v1::METRIC_BUILDINGS_OR_PARKS_ABOVE_TAX, "税收过5000万元楼宇或园区", 5000 * kWan,
                   8);

  grpc::ClientContext c3;
  v1::GetParkStatsRequest sreq;
  sreq.set_year(2020);
  v1::ParkStats stats;
  ASSERT_TRUE(stub().GetParkStats(&c3, sreq, &stats).ok());
  EXPECT_EQ(stats.district_tax_revenue_yuan(), 19200 * kWan);
  EXPECT_EQ(stats.buildings_above_50m_yuan(), 2);
  EXPECT_EQ(stats.buildings_above_100m_yuan(), 1);
  ASSERT_EQ(stats.parks_size(), 1);
  EXPECT_EQ(stats.parks(0).name(), "金融商务产业园");
  ASSERT_EQ(stats.targets_size(), 1);
  // The two buildings; the park's other building (1200万) does not pass on its own, and the
  // park's 1.92亿 is those buildings' tax, already counted.
  EXPECT_EQ(stats.targets(0).actual(), 2);
  EXPECT_DOUBLE_EQ(stats.targets(0).share(), 2.0 / 8);

  server_.Restart();  // the rollups' memory is rebuilt from the store
  grpc::ClientContext c4;
  ASSERT_TRUE(stub().GetParkStats(&c4, sreq, &stats).ok());
  EXPECT_EQ(stats.district_tax_revenue_yuan(), 19200 * kWan);

  grpc::ClientContext c5;
  sreq.set_year(10000);
  ExpectInvalid(stub().GetParkStats(&c5, sreq, &stats), "year");
}

}  // namespace
}  // namespace district::parks

namespace district::parks {
namespace {

TEST_F(ParksApiTest, RemainingStandardMethods) {
  v1::Park park = CreatePark("国际文创产业园");
  grpc::ClientContext c1;
  v1::GetParkRequest gp;
  gp.set_id(park.id());
  v1::Park got;
  ASSERT_TRUE(stub().GetPark(&c1, gp, &got).ok());
  EXPECT_EQ(got.name(), "国际文创产业园");
  EXPECT_FALSE(got.has_area_mu());  // never given: unknown, not 0
  grpc::ClientContext c2;
  v1::UpdateParkRequest up;
  up.mutable_park()->set_id(park.id());
  up.mutable_park()->set_area_mu(-3);
  up.mutable_update_mask()->add_paths("area_mu");
  ExpectInvalid(stub().UpdatePark(&c2, up, &got), "park.area_mu");
  up.mutable_park()->set_area_mu(300);
  grpc::ClientContext c3;
  ASSERT_TRUE(stub().UpdatePark(&c3, up, &got).ok());
  EXPECT_DOUBLE_EQ(got.area_mu(), 300);
  // Cleared through the mask: unknown again.
  up.mutable_park()->clear_area_mu();
  grpc::ClientContext c3b;
  ASSERT_TRUE(stub().UpdatePark(&c3b, up, &got).ok());
  EXPECT_FALSE(got.has_area_mu());
  grpc::ClientContext c4;
  v1::ListParksRequest lp;
  lp.set_kind(v1::PARK_KIND_THEMED_PARK);
  v1::ListParksResponse parks;
  ASSERT_TRUE(stub().ListParks(&c4, lp, &parks).ok());
  EXPECT_EQ(parks.parks_size(), 1);
  grpc::ClientContext c5;
  lp.set_kind(static_cast<v1::ParkKind>(8));
  ExpectInvalid(stub().ListParks(&c5, lp, &parks), "kind");

  v1::Building building;
  ASSERT_TRUE(CreateBuilding("文创大厦", park.id(), &building).ok());
  grpc::ClientContext c6;
  v1::GetBuildingRequest gb;
  gb.set_id(building.id());
  v1::Building got_building;
  ASSERT_TRUE(stub().GetBuilding(&c6, gb, &got_building).ok());
  EXPECT_EQ(got_building.park_id(), park.id());

  grpc::ClientContext c7;
  v1::CreateEnterpriseRequest ce;
  ce.mutable_enterprise()->set_name("发生影业");
  ce.mutable_enterprise()->set_kind(v1::ENTERPRISE_KIND_OTHER);
  v1::Enterprise enterprise;
  ASSERT_TRUE(stub().CreateEnterprise(&c7, ce, &enterprise).ok());
  grpc::ClientContext c8;
  v1::UpdateEnterpriseRequest ue;
  ue.mutable_enterprise()->set_id(enterprise.id());
  ue.mutable_enterprise()->set_building_id("B99999999");
  ue.mutable_update_mask()->add_paths("building_id");
  ExpectInvalid(stub().UpdateEnterprise(&c8, ue, &enterprise), "enterprise.building_id");
  ue.mutable_enterprise()->set_building_id(building.id());
  grpc::ClientContext c8b;  // the building is in a park, the enterprise in none
  ExpectInvalid(stub().UpdateEnterprise(&c8b, ue, &enterprise), "enterprise.building_id");
  ue.mutable_enterprise()->set_park_id(park.id());
  ue.mutable_update_mask()->add_paths("park_id");
  grpc::ClientContext c9;
  ASSERT_TRUE(stub().UpdateEnterprise(&c9, ue, &enterprise).ok());
  grpc::ClientContext c10;
  v1::GetEnterpriseRequest ge;
  ge.set_id(enterprise.id());
  ASSERT_TRUE(stub().GetEnterprise(&c10, ge, &enterprise).ok());
  EXPECT_EQ(enterprise.building_id(), building.id());
  google::protobuf::Empty empty;
  grpc::ClientContext c11;
  v1::DeleteEnterpriseRequest de;
  de.set_id(enterprise.id());
  ASSERT_TRUE(stub().DeleteEnterprise(&c11, de, &empty).ok());
  grpc::ClientContext c12;
  v1::DeleteBuildingRequest db;
  db.set_id(building.id());
  ASSERT_TRUE(stub().DeleteBuilding(&c12, db, &empty).ok());  // no enterprise left in it
  grpc::ClientContext c13;
  EXPECT_EQ(stub().GetBuilding(&c13, gb, &got_building).error_code(), StatusCode::NOT_FOUND);

  grpc::ClientContext c14;
  v1::CreateTargetRequest tr;
  tr.mutable_target()->set_year(2020);
  tr.mutable_target()->set_name("首个亿元楼宇");
  tr.mutable_target()->set_metric(v1::METRIC_BUILDINGS_ABOVE_TAX);
  tr.mutable_target()->set_threshold_yuan(10000 * kWan);
  tr.mutable_target()->set_target_value(1);
  v1::Target target;
  ASSERT_TRUE(stub().CreateTarget(&c14, tr, &target).ok());
  grpc::ClientContext c15;
  v1::UpdateTargetRequest ut;
  ut.mutable_target()->set_id(target.id());
  ut.mutable_target()->set_threshold_yuan(-1);
  ut.mutable_update_mask()->add_paths("threshold_yuan");
  ExpectInvalid(stub().UpdateTarget(&c15, ut, &target), "target.threshold_yuan");
  grpc::ClientContext c16;
  v1::ListTargetsRequest lt;
  lt.set_year(2020);
  v1::ListTargetsResponse targets;
  ASSERT_TRUE(stub().ListTargets(&c16, lt, &targets).ok());
  EXPECT_EQ(targets.targets_size(), 1);
  grpc::ClientContext c17;
  v1::DeleteTargetRequest dt;
  dt.set_id(target.id());
  ASSERT_TRUE(stub().DeleteTarget(&c17, dt, &empty).ok());
  grpc::ClientContext c18;
  ASSERT_TRUE(stub().ListTargets(&c18, lt, &targets).ok());
  EXPECT_EQ(targets.targets_size(), 0);
}

// Errors as data (AIP-193): the client receives the field at fault in a google.rpc.BadRequest and a
// zh-CN google.rpc.LocalizedMessage.
TEST_F(ParksApiTest, RefusalsCarryTheFieldAndAChineseSentence) {
  v1::Park park = CreatePark("平台经济产业园");
  v1::Building building;
  const grpc::Status no_park = CreateBuilding("无园区楼宇", "K99999999", &building);
  google::rpc::BadRequest bad;
  ASSERT_TRUE(testing::DetailIn(no_park, &bad)) << no_park.error_message();
  ASSERT_EQ(bad.field_violations_size(), 1);
  EXPECT_EQ(bad.field_violations(0).field(), "building.park_id");
  EXPECT_EQ(testing::ExpectLocalized(no_park, StatusCode::INVALID_ARGUMENT),
            "找不到园区 K99999999");

  const grpc::Status occupancy = Record(Month("B99999999", 2020, 3, kWan, 1.5));
  ASSERT_TRUE(testing::DetailIn(occupancy, &bad));
  EXPECT_EQ(bad.field_violations(0).field(), "metrics.occupancy");
  EXPECT_EQ(testing::ExpectLocalized(occupancy, StatusCode::INVALID_ARGUMENT),
            "出租率须在0至1之间");

  ASSERT_TRUE(CreateBuilding("潍坊区域金融中心", park.id(), &building).ok());
  grpc::ClientContext c1;
  v1::DeleteParkRequest del;
  del.set_id(park.id());
  google::protobuf::Empty empty;
  const grpc::Status occupied = stub().DeletePark(&c1, del, &empty);
  EXPECT_FALSE(testing::DetailIn(occupied, &bad));  // no field is at fault
  EXPECT_EQ(testing::ExpectLocalized(occupied, StatusCode::FAILED_PRECONDITION),
            "该园区还有楼宇，请先迁出或删除楼宇，再删除园区");
  grpc::ClientContext c2;
  v1::GetParkRequest get;
  get.set_id("K99999999");
  v1::Park missing;
  EXPECT_EQ(testing::ExpectLocalized(stub().GetPark(&c2, get, &missing), StatusCode::NOT_FOUND),
            "找不到园区 K99999999");
}

}  // namespace
}  // namespace district::parks
