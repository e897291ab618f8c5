// The Lists that grow without bound come in pages (AIP-158), the same way on every server: a
// project's milestones, investment reports and obstacles, the reminders, a lead's follow-ups and
// the year's targets of recruitment and of the parks. And UpdateProgramme takes an update_mask and
// allow_missing (AIP-134). Real servers on loopback ports, RocksDB in temporary directories.
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "common/date.h"
#include "tests/support/expect.h"
#include "tests/support/leads.h"
#include "tests/support/parks_server.h"
#include "tests/support/project_server.h"
#include "tests/support/recruitment_server.h"

namespace district {
namespace {

namespace pv1 = project::v1;
using district::testing::ExpectInvalid;
using grpc::StatusCode;

// Every page of a List from the first, each at most `page_size` long, until one ends without a
// token: the ids of `Items(response)` in the order served, and the number of pages.
template <typename Request, typename Response, typename Call, typename Ids>
std::vector<std::string> AllPages(Request request, int page_size, Call call, Ids ids,
                                  int* pages = nullptr) {
  std::vector<std::string> out;
  request.set_page_size(page_size);
  int count = 0;
  do {
    grpc::ClientContext ctx;
    Response response;
    grpc::Status s = call(&ctx, request, &response);
    EXPECT_TRUE(s.ok()) << s.error_message();
    if (!s.ok()) break;
    std::vector<std::string> page = ids(response);
    EXPECT_LE(static_cast<int>(page.size()), page_size);
    out.insert(out.end(), page.begin(), page.end());
    request.set_page_token(response.next_page_token());
    ++count;
  } while (!request.page_token().empty() && count < 1000);
  if (pages != nullptr) *pages = count;
  return out;
}

class ProjectListPagesTest : public ::testing::Test {
 protected:
  pv1::ProjectService::Stub& stub() { return server_.stub(); }

  void SetUp() override {
    grpc::ClientContext ctx;
    pv1::CreateProjectRequest req;
    req.mutable_project()->set_name("林德液压精密智驱动系列产品项目");
    req.mutable_project()->set_sector("高端装备");
    req.mutable_project()->set_leader("王书记");
    *req.mutable_stage_date() = MakeDate(2020, 1, 2);
    ASSERT_TRUE(stub().CreateProject(&ctx, req, &project_).ok());
  }

  std::string AddMilestone(const std::string& title, const Date& planned) {
    grpc::ClientContext ctx;
    pv1::CreateMilestoneRequest req;
    req.mutable_milestone()->set_project_id(project_.id());
    req.mutable_milestone()->set_title(title);
    *req.mutable_milestone()->mutable_planned_date() = planned;
    pv1::Milestone m;
    EXPECT_TRUE(stub().CreateMilestone(&ctx, req, &m).ok());
    return m.id();
  }

  std::vector<std::string> Milestones(int page_size, int* pages = nullptr) {
    pv1::ListMilestonesRequest req;
    req.set_project_id(project_.id());
    return AllPages<pv1::ListMilestonesRequest, pv1::ListMilestonesResponse>(
        req, page_size,
        [&](grpc::ClientContext* c, const auto& r, auto* out) {
          return stub().ListMilestones(c, r, out);
        },
        [](const pv1::ListMilestonesResponse& r) {
          std::vector<std::string> ids;
          for (const auto& m : r.milestones()) ids.push_back(m.id());
          return ids;
        },
        pages);
  }

  testing::ProjectServer server_;
  pv1::Project project_;
};

TEST_F(ProjectListPagesTest, MilestonesComeInPagesInIdOrderWithNoneRepeatedOrLost) {
  std::vector<std::string> created;
  for (int i = 1; i <= 7; ++i) {
    created.push_back(AddMilestone(absl::StrCat("节点", i), MakeDate(2020, i, 1)));
  }
  int pages = 0;
  EXPECT_EQ(Milestones(3, &pages), created);
  EXPECT_EQ(pages, 3);  // 3 + 3 + 1
  EXPECT_EQ(Milestones(7, &pages), created);
  EXPECT_EQ(pages, 1);  // a page that holds the rest exactly ends without a token

  // A client of v1 sends no page size and still gets every milestone of a project in one answer.
  grpc::ClientContext c0;
  pv1::ListMilestonesRequest all;
  all.set_project_id(project_.id());
  pv1::ListMilestonesResponse resp;
  ASSERT_TRUE(stub().ListMilestones(&c0, all, &resp).ok());
  EXPECT_EQ(resp.milestones_size(), 7);
  EXPECT_TRUE(resp.next_page_token().empty());

  // One added and one deleted between two pages: the second page neither repeats nor skips.
  grpc::ClientContext c1;
  pv1::ListMilestonesRequest first = all;
  first.set_page_size(3);
  ASSERT_TRUE(stub().ListMilestones(&c1, first, &resp).ok());
  ASSERT_FALSE(resp.next_page_token().empty());
  const std::string added = AddMilestone("新增节点", MakeDate(2021, 1, 1));
  grpc::ClientContext c2;
  pv1::DeleteMilestoneRequest del;
  del.set_id(created[3]);
  google::protobuf::Empty empty;
  ASSERT_TRUE(stub().DeleteMilestone(&c2, del, &empty).ok());
  grpc::ClientContext c3;
  pv1::ListMilestonesRequest next = first;
  next.set_page_size(100);
  next.set_page_token(resp.next_page_token());
  ASSERT_TRUE(stub().ListMilestones(&c3, next, &resp).ok());
  std::vector<std::string> rest;
  for (const auto& m : resp.milestones()) rest.push_back(m.id());
  EXPECT_EQ(rest, (std::vector<std::string>{created[4], created[5], created[6], added}));
}

TEST_F(ProjectListPagesTest, ATokenServesOnlyItsOwnQuery) {
  for (int i = 1; i <= 3; ++i) AddMilestone(absl::StrCat("节点", i), MakeDate(2020, i, 1));
  grpc::ClientContext c1;
  pv1::ListMilestonesRequest req;
  req.set_project_id(project_.id());
  req.set_page_size(1);
  pv1::ListMilestonesResponse resp;
  ASSERT_TRUE(stub().ListMilestones(&c1, req, &resp).ok());
  ASSERT_FALSE(resp.next_page_token().empty());

  grpc::ClientContext c2;
  pv1::ListMilestonesRequest other = req;
  other.set_overdue_only(true);  // another filter: the token is not this query's
  other.set_page_token(resp.next_page_token());
  ExpectInvalid(stub().ListMilestones(&c2, other, &resp), "page_token");

  grpc::ClientContext c3;
  pv1::ListObstaclesRequest obstacles;  // another List altogether
  obstacles.set_project_id(project_.id());
  obstacles.set_page_token(resp.next_page_token());
  pv1::ListObstaclesResponse oresp;
  ExpectInvalid(stub().ListObstacles(&c3, obstacles, &oresp), "page_token");

  grpc::ClientContext c4;
  req.set_page_size(-1);
  ExpectInvalid(stub().ListMilestones(&c4, req, &resp), "page_size");
  grpc::ClientContext c5;
  req.set_page_size(1001);
  ExpectInvalid(stub().ListMilestones(&c5, req, &resp), "page_size");
}

TEST_F(ProjectListPagesTest, InvestmentReportsPageByMonthAndKeepTheirRunningTotal) {
  pv1::BatchRecordInvestmentRequest batch;
  for (int month = 1; month <= 12; ++month) {
    pv1::RecordInvestmentRequest* r = batch.add_reports();
    r->set_project_id(project_.id());
    r->mutable_month()->set_year(2020);
    r->mutable_month()->set_month(month);
    r->set_invested_yuan(month * 1000000);
  }
  grpc::ClientContext c0;
  pv1::BatchRecordInvestmentResponse recorded;
  ASSERT_TRUE(stub().BatchRecordInvestment(&c0, batch, &recorded).ok());

  pv1::ListInvestmentReportsRequest req;
  req.set_project_id(project_.id());
  req.set_year(2020);
  std::vector<int64_t> cumulative;
  int pages = 0;
  std::vector<std::string> months =
      AllPages<pv1::ListInvestmentReportsRequest, pv1::ListInvestmentReportsResponse>(
          req, 5,
          [&](grpc::ClientContext* c, const auto& r, auto* out) {
            return stub().ListInvestmentReports(c, r, out);
          },
          [&](const pv1::ListInvestmentReportsResponse& r) {
            std::vector<std::string> ids;
            for (const auto& report : r.reports()) {
              ids.push_back(absl::StrCat(report.month().month()));
              cumulative.push_back(report.cumulative_yuan());
            }
            return ids;
          },
          &pages);
  EXPECT_EQ(pages, 3);  // 5 + 5 + 2
  EXPECT_EQ(months, (std::vector<std::string>{"1", "2", "3", "4", "5", "6", "7", "8", "9", "10",
                                              "11", "12"}));
  ASSERT_EQ(cumulative.size(), 12u);
  EXPECT_EQ(cumulative[5], 21000000);  // 1+2+...+6 million: the total runs on across pages
  EXPECT_EQ(cumulative[11], 78000000);
}

TEST_F(ProjectListPagesTest, ObstaclesAndRemindersComeInPages) {
  std::vector<std::string> created;
  for (int i = 1; i <= 5; ++i) {
    grpc::ClientContext ctx;
    pv1::CreateObstacleRequest req;
    req.mutable_obstacle()->set_project_id(project_.id());
    req.mutable_obstacle()->set_kind(pv1::OBSTACLE_KIND_LAND);
    req.mutable_obstacle()->set_description(absl::StrCat("用地指标", i));
    *req.mutable_obstacle()->mutable_deadline() = MakeDate(2020, 3, i);
    pv1::Obstacle o;
    ASSERT_TRUE(stub().CreateObstacle(&ctx, req, &o).ok());
    created.push_back(o.id());
  }
  pv1::ListObstaclesRequest obstacles;
  obstacles.set_project_id(project_.id());
  EXPECT_EQ((AllPages<pv1::ListObstaclesRequest, pv1::ListObstaclesResponse>(
                obstacles, 2,
                [&](grpc::ClientContext* c, const auto& r, auto* out) {
                  return stub().ListObstacles(c, r, out);
                },
                [](const pv1::ListObstaclesResponse& r) {
                  std::vector<std::string> ids;
                  for (const auto& o : r.obstacles()) ids.push_back(o.id());
                  return ids;
                })),
            created);

  // Reminders: the five obstacles past their deadlines and four milestones due, most urgent first.
  for (int i = 1; i <= 4; ++i) AddMilestone(absl::StrCat("节点", i), MakeDate(2020, 4, i));
  pv1::ListRemindersRequest reminders;
  reminders.set_leader("王书记");
  *reminders.mutable_as_of() = MakeDate(2020, 4, 2);
  auto keys = [](const pv1::ListRemindersResponse& r) {
    std::vector<std::string> out;
    for (const auto& reminder : r.reminders()) out.push_back(reminder.key());
    return out;
  };
  auto list = [&](grpc::ClientContext* c, const auto& r, auto* out) {
    return stub().ListReminders(c, r, out);
  };
  const std::vector<std::string> in_one =
      AllPages<pv1::ListRemindersRequest, pv1::ListRemindersResponse>(reminders, 1000, list, keys);
  EXPECT_EQ(in_one.size(), 9u);
  int pages = 0;
  EXPECT_EQ((AllPages<pv1::ListRemindersRequest, pv1::ListRemindersResponse>(reminders, 4, list,
                                                                             keys, &pages)),
            in_one);
  EXPECT_EQ(pages, 3);  // 4 + 4 + 1, in the same order as one page
}

TEST_F(ProjectListPagesTest, UpdateProgrammeTakesAMaskAndAllowMissing) {
  // allow_missing = false: a year with no programme is NOT_FOUND, and nothing is created.
  grpc::ClientContext c1;
  pv1::UpdateProgrammeRequest req;
  req.mutable_programme()->set_year(2021);
  req.mutable_programme()->set_planned_project_count(120);
  req.set_allow_missing(false);
  pv1::AnnualProgramme out;
  EXPECT_EQ(stub().UpdateProgramme(&c1, req, &out).error_code(), StatusCode::NOT_FOUND);
  grpc::ClientContext c2;
  pv1::GetProgrammeRequest get;
  get.set_year(2021);
  EXPECT_EQ(stub().GetProgramme(&c2, get, &out).error_code(), StatusCode::NOT_FOUND);

  // allow_missing = true creates it; so does a v1 client that sends no allow_missing at all.
  grpc::ClientContext c3;
  req.mutable_programme()->set_planned_investment_yuan(69100000000);
  req.mutable_programme()->set_source("区发改局");
  req.set_allow_missing(true);
  ASSERT_TRUE(stub().UpdateProgramme(&c3, req, &out).ok());
  EXPECT_EQ(out.planned_project_count(), 120);
  grpc::ClientContext c4;
  pv1::UpdateProgrammeRequest v1_client;
  v1_client.mutable_programme()->set_year(2022);
  v1_client.mutable_programme()->set_planned_project_count(10);
  pv1::AnnualProgramme v1_out;
  ASSERT_TRUE(stub().UpdateProgramme(&c4, v1_client, &v1_out).ok());

  // A mask replaces only the fields it names; the others keep their stored values.
  grpc::ClientContext c5;
  pv1::UpdateProgrammeRequest masked;
  masked.mutable_programme()->set_year(2021);
  masked.mutable_programme()->set_planned_project_count(115);
  masked.mutable_update_mask()->add_paths("planned_project_count");
  masked.mutable_programme()->set_etag(out.etag());
  pv1::AnnualProgramme after;
  ASSERT_TRUE(stub().UpdateProgramme(&c5, masked, &after).ok());
  EXPECT_EQ(after.planned_project_count(), 115);
  EXPECT_EQ(after.planned_investment_yuan(), 69100000000);
  EXPECT_EQ(after.source(), "区发改局");
  EXPECT_NE(after.etag(), out.etag());

  // The mask names only fields a client may set; the merged result is checked whole.
  grpc::ClientContext c6;
  masked.mutable_programme()->clear_etag();
  masked.mutable_update_mask()->set_paths(0, "update_time");
  ExpectInvalid(stub().UpdateProgramme(&c6, masked, &after), "update_mask");
  grpc::ClientContext c7;
  masked.mutable_update_mask()->set_paths(0, "land_start_target_share");
  masked.mutable_programme()->set_land_start_target_share(1.5);
  ExpectInvalid(stub().UpdateProgramme(&c7, masked, &after), "programme.land_start_target_share");
  // A stale etag in the programme is refused as the request's would be.
  grpc::ClientContext c8;
  masked.mutable_programme()->set_land_start_target_share(0.5);
  masked.mutable_programme()->set_etag(out.etag());
  EXPECT_EQ(stub().UpdateProgramme(&c8, masked, &after).error_code(), StatusCode::ABORTED);
}

TEST(RecruitmentListPagesTest, FollowUpsAndTargetsComeInPages) {
  testing::ProjectServer projects;
  testing::RecruitmentServer server(projects.address());
  recruitment::v1::Lead lead = testing::SignedLead(server.stub());
  std::vector<std::string> follow_ups;
  for (int i = 1; i <= 5; ++i) {
    grpc::ClientContext ctx;
    recruitment::v1::CreateFollowUpRequest req;
    req.mutable_follow_up()->set_lead_id(lead.id());
    *req.mutable_follow_up()->mutable_date() = MakeDate(2020, 3, i);
    req.mutable_follow_up()->set_kind(recruitment::v1::FOLLOW_UP_KIND_VISIT);
    req.mutable_follow_up()->set_summary(absl::StrCat("第", i, "次实地考察"));
    recruitment::v1::FollowUp f;
    ASSERT_TRUE(server.stub().CreateFollowUp(&ctx, req, &f).ok());
    follow_ups.push_back(f.id());
  }
  recruitment::v1::ListFollowUpsRequest list;
  list.set_lead_id(lead.id());
  int pages = 0;
  EXPECT_EQ(
      (AllPages<recruitment::v1::ListFollowUpsRequest, recruitment::v1::ListFollowUpsResponse>(
          list, 2,
          [&](grpc::ClientContext* c, const auto& r, auto* out) {
            return server.stub().ListFollowUps(c, r, out);
          },
          [](const recruitment::v1::ListFollowUpsResponse& r) {
            std::vector<std::string> ids;
            for (const auto& f : r.follow_ups()) ids.push_back(f.id());
            return ids;
          },
          &pages)),
      follow_ups);
  EXPECT_EQ(pages, 3);

  std::vector<std::string> targets;
  for (int i = 1; i <= 3; ++i) {
    grpc::ClientContext ctx;
    recruitment::v1::CreateTargetRequest req;
    req.mutable_target()->set_year(2020);
    req.mutable_target()->set_name(absl::StrCat("签约项目目标", i));
    req.mutable_target()->set_metric(recruitment::v1::METRIC_LEADS_SIGNED);
    req.mutable_target()->set_target_value(10 * i);
    recruitment::v1::Target t;
    ASSERT_TRUE(server.stub().CreateTarget(&ctx, req, &t).ok()) << i;
    targets.push_back(t.id());
  }
  recruitment::v1::ListTargetsRequest of_year;
  of_year.set_year(2020);
  EXPECT_EQ((AllPages<recruitment::v1::ListTargetsRequest, recruitment::v1::ListTargetsResponse>(
                of_year, 2,
                [&](grpc::ClientContext* c, const auto& r, auto* out) {
                  return server.stub().ListTargets(c, r, out);
                },
                [](const recruitment::v1::ListTargetsResponse& r) {
                  std::vector<std::string> ids;
                  for (const auto& t : r.targets()) ids.push_back(t.id());
                  return ids;
                },
                &pages)),
            targets);
  EXPECT_EQ(pages, 2);
}

TEST(ParksListPagesTest, TargetsComeInPages) {
  testing::ParksServer server;
  std::vector<std::string> targets;
  for (int i = 1; i <= 3; ++i) {
    grpc::ClientContext ctx;
    parks::v1::CreateTargetRequest req;
    req.mutable_target()->set_year(2020);
    req.mutable_target()->set_name(absl::StrCat("税收过亿元楼宇", i));
    req.mutable_target()->set_metric(parks::v1::METRIC_BUILDINGS_ABOVE_TAX);
    req.mutable_target()->set_threshold_yuan(100000000);
    req.mutable_target()->set_target_value(i);
    parks::v1::Target t;
    ASSERT_TRUE(server.stub().CreateTarget(&ctx, req, &t).ok()) << i;
    targets.push_back(t.id());
  }
  parks::v1::ListTargetsRequest of_year;
  of_year.set_year(2020);
  int pages = 0;
  EXPECT_EQ((AllPages<parks::v1::ListTargetsRequest, parks::v1::ListTargetsResponse>(
                of_year, 1,
                [&](grpc::ClientContext* c, const auto& r, auto* out) {
                  return server.stub().ListTargets(c, r, out);
                },
                [](const parks::v1::ListTargetsResponse& r) {
                  std::vector<std::string> ids;
                  for (const auto& t : r.targets()) ids.push_back(t.id());
                  return ids;
                },
                &pages)),
            targets);
  EXPECT_EQ(pages, 3);
}

}  // namespace
}  // namespace district
