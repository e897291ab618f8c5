// The DistrictService views with all four servers on loopback, including a backend stopped
// mid-test and one too slow for the caller's deadline.
#include <thread>

#include <gtest/gtest.h>

#include "common/date.h"
#include "tests/support/aggregator_server.h"
#include "tests/support/async_calls.h"
#include "tests/support/hung.h"
#include "tests/support/parks_server.h"
#include "tests/support/project_server.h"
#include "tests/support/recruitment_server.h"

namespace district::aggregator {
namespace {

using grpc::StatusCode;
namespace pv1 = project::v1;
namespace rv1 = recruitment::v1;
namespace kv1 = parks::v1;
constexpr int64_t kYi = 100000000;

class AggregatorTest : public ::testing::Test {
 protected:
  void SetUp() override {
    // Kuiwen-like figures: the 2020 programme, the Linde project, one signed lead, one park.
    grpc::ClientContext c1;
    pv1::UpdateProgrammeRequest prog;
    prog.mutable_programme()->set_year(2020);
    prog.mutable_programme()->set_planned_project_count(115);
    prog.mutable_programme()->set_planned_investment_yuan(691 * kYi);
    prog.mutable_programme()->set_land_start_target_share(0.5);
    pv1::AnnualProgramme saved;
    ASSERT_TRUE(projects_.stub().UpdateProgramme(&c1, prog, &saved).ok());

    grpc::ClientContext c2;
    kv1::CreateParkRequest park;
    park.mutable_park()->set_name("平台经济产业园");
    ASSERT_TRUE(parks_.stub().CreatePark(&c2, park, &park_).ok());

    grpc::ClientContext c3;
    pv1::CreateProjectRequest p;
    p.mutable_project()->set_name("林德液压精密智驱动系列产品项目");
    p.mutable_project()->set_total_investment_yuan(10 * kYi);
    p.mutable_project()->set_land_area_mu(240);
    p.mutable_project()->set_sector("高端装备");
    p.mutable_project()->set_leader("王书记");
    p.mutable_project()->set_park_id(park_.id());
    p.mutable_project()->add_programme()->set_year(2020);
    p.mutable_project()->set_stage(pv1::STAGE_UNDER_CONSTRUCTION);
    *p.mutable_stage_date() = MakeDate(2020, 3, 1);
    ASSERT_TRUE(projects_.stub().CreateProject(&c3, p, &linde_).ok());

    grpc::ClientContext c4;
    pv1::CreateMilestoneRequest m;
    m.mutable_milestone()->set_project_id(linde_.id());
    m.mutable_milestone()->set_title("主体完工");
    *m.mutable_milestone()->mutable_planned_date() = MakeDate(2020, 6, 30);
    pv1::Milestone milestone;
    ASSERT_TRUE(projects_.stub().CreateMilestone(&c4, m, &milestone).ok());

    grpc::ClientContext c5;
    rv1::CreateLeadRequest l;
    l.mutable_lead()->set_name("猪八戒网区域总部");
    l.mutable_lead()->set_investor("猪八戒网");
    l.mutable_lead()->set_field(rv1::FIELD_PLATFORM_ECONOMY);
    l.mutable_lead()->set_intended_investment_yuan(12 * kYi);
    l.mutable_lead()->set_leader("王书记");
    l.mutable_lead()->set_target_park_id(park_.id());
    l.mutable_lead()->set_tier(rv1::TIER_SIGN_NOW);
    *l.mutable_stage_date() = MakeDate(2020, 1, 2);
    rv1::Lead lead;
    ASSERT_TRUE(recruitment_.stub().CreateLead(&c5, l, &lead).ok());
    grpc::ClientContext c6;
    rv1::AdvanceLeadRequest sign;
    sign.set_id(lead.id());
    sign.set_to_stage(rv1::LEAD_STAGE_SIGNED);
    *sign.mutable_effective_date() = MakeDate(2020, 4, 1);
    sign.set_signed_amount_yuan(12 * kYi);
    ASSERT_TRUE(recruitment_.stub().AdvanceLead(&c6, sign, &lead).ok());

    grpc::ClientContext c7;
    rv1::CreateTargetRequest target;
    target.mutable_target()->set_year(2020);
    target.mutable_target()->set_name("引进10亿元以上项目");
    target.mutable_target()->set_metric(rv1::METRIC_LEADS_SIGNED);
    target.mutable_target()->set_min_amount_yuan(10 * kYi);
    target.mutable_target()->set_target_value(10);
    rv1::Target created;
    ASSERT_TRUE(recruitment_.stub().CreateTarget(&c7, target, &created).ok());
  }

  v1::Overview Overview(std::chrono::milliseconds deadline = std::chrono::milliseconds(3000),
                        grpc::Status* status = nullptr) {
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + deadline);
    v1::GetOverviewRequest req;
    req.set_year(2020);
    v1::Overview out;
    grpc::Status s = aggregator_.stub().GetOverview(&ctx, req, &out);
    if (status != nullptr) *status = s;
    EXPECT_TRUE(s.ok()) << s.error_message();
    return out;
  }

  static bool Whole(const v1::Overview& o) {
    for (const auto& part : o.parts()) {
      if (!part.available()) return false;
    }
    return o.parts_size() == 3;
  }

  district::testing::ProjectServer projects_;
  district::testing::RecruitmentServer recruitment_{projects_.address()};
  district::testing::ParksServer parks_;
  district::testing::AggregatorServer aggregator_{projects_.address(), recruitment_.address(),
                                                  parks_.address()};
  kv1::Park park_;
  pv1::Project linde_;
};

TEST_F(AggregatorTest, OverviewComposesAllThreeServices) {
  v1::Overview o = Overview();
  ASSERT_TRUE(Whole(o));
  EXPECT_EQ(o.projects().project_count(), 1);
  EXPECT_EQ(o.projects().total_investment_yuan(), 10 * kYi);
  EXPECT_EQ(o.projects().programme().declared_project_count(), 115);
  EXPECT_EQ(o.projects().programme().declared_investment_yuan(), 691 * kYi);
  EXPECT_EQ(o.recruitment().signed_in_year(), 1);
  EXPECT_EQ(o.parks().park_count(), 1);
  EXPECT_EQ(o.warnings().overdue_milestones(), 1);
  ASSERT_EQ(o.warnings().overdue_size(), 1);
  EXPECT_EQ(o.warnings().overdue(0).project_name(), "林德液压精密智驱动系列产品项目");

  grpc::ClientContext ctx;
  v1::GetOverviewRequest bad;
  v1::Overview out;
  grpc::Status s = aggregator_.stub().GetOverview(&ctx, bad, &out);
  EXPECT_EQ(s.error_code(), StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(s.error_message().rfind("year:", 0), 0u);
}

TEST_F(AggregatorTest, ABackendDownLeavesTheRestWholeAndComesBack) {
  parks_.Stop();
  const auto start = std::chrono::steady_clock::now();
  v1::Overview o = Overview(std::chrono::milliseconds(1500));
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(1500));
  ASSERT_EQ(o.parts_size(), 3);
  EXPECT_TRUE(o.parts(0).available());
  EXPECT_TRUE(o.parts(1).available());
  EXPECT_FALSE(o.parts(2).available());
  EXPECT_EQ(o.parts(2).service(), "parks");
  EXPECT_NE(o.parts(2).error().find("UNAVAILABLE"), std::string::npos) << o.parts(2).error();
  // No backend address for the viewer: it is in the aggregator's log.
  EXPECT_EQ(o.parts(2).error().find("127.0.0.1"), std::string::npos) << o.parts(2).error();
  EXPECT_EQ(o.parts(2).error().find("ipv4"), std::string::npos) << o.parts(2).error();
  EXPECT_EQ(o.projects().project_count(), 1);  // the other parts are complete
  EXPECT_EQ(o.recruitment().signed_in_year(), 1);

  parks_.Start();  // same port, same data; no other restart
  bool whole = false;
  for (int i = 0; i < 50 && !whole; ++i) {
    whole = Whole(Overview());
    if (!whole) std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  EXPECT_TRUE(whole);
  EXPECT_EQ(Overview().parks().park_count(), 1);
}

// A project service that answers too late for any reasonable deadline.
class SlowProjects : public pv1::ProjectService::Service {
 public:
  grpc::Status GetProjectStats(grpc::ServerContext* ctx, const pv1::GetProjectStatsRequest*,
                               pv1::ProjectStats*) override {
    for (int i = 0; i < 50 && !ctx->IsCancelled(); ++i) {
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    return grpc::Status::OK;
  }
};

TEST_F(AggregatorTest, ASlowBackendIsCutOffAtTheCallersDeadline) {
  SlowProjects slow;
  auto slow_server = *Server::Start("127.0.0.1:0", {{&slow, "district.project.v1.ProjectService"}});
  district::testing::AggregatorServer aggregator("127.0.0.1:" + std::to_string(slow_server->port()),
                                                 recruitment_.address(), parks_.address());
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::milliseconds(800));
  v1::GetOverviewRequest req;
  req.set_year(2020);
  v1::Overview o;
  const auto start = std::chrono::steady_clock::now();
  grpc::Status s = aggregator.stub().GetOverview(&ctx, req, &o);
  // OK, not DEADLINE_EXCEEDED, is what shows the answer reached the caller before its deadline.
  // The clock only shows the aggregator did not wait for the backend's 5 s: it is read after
  // the call returns, so on a loaded machine it may pass 800 ms by the time it takes to return.
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::milliseconds(2000));
  EXPECT_FALSE(o.parts(0).available());
  EXPECT_NE(o.parts(0).error().find("DEADLINE_EXCEEDED"), std::string::npos) << o.parts(0).error();
  EXPECT_TRUE(o.parts(1).available());
  EXPECT_TRUE(o.parts(2).available());
  slow_server->Shutdown(absl::ZeroDuration());
}

// More concurrent views than the server has blocking threads (64), all waiting on a hung backend:
// none waits for a thread, so each answers at its backend deadline (counted from its arrival), not
// in waves one deadline apart.
TEST_F(AggregatorTest, ViewsWaitingOnAHungBackendHoldNoThreads) {
  district::testing::HungProjects hung;
  auto hung_server = *Server::Start("127.0.0.1:0", {{&hung, "district.project.v1.ProjectService"}});
  const auto backend_timeout = std::chrono::milliseconds(1000);
  district::testing::AggregatorServer aggregator("127.0.0.1:" + std::to_string(hung_server->port()),
                                                 recruitment_.address(), parks_.address(),
                                                 absl::FromChrono(backend_timeout));
  // Above the pool's 64 threads, below the 100 streams a connection may open (ServerLimits).
  constexpr int kCalls = 96;
  district::testing::AsyncCalls<v1::GetOverviewRequest, v1::Overview> calls(kCalls);
  for (auto& c : calls) {
    c.request.set_year(2020);
    calls.Start(c, std::chrono::seconds(10),
                [&](auto... a) { aggregator.stub().async()->GetOverview(a...); });
  }
  calls.WaitAll();
  for (const auto& c : calls) {
    ASSERT_TRUE(c.status.ok()) << c.status.error_message();
    EXPECT_FALSE(c.response.parts(0).available());
    EXPECT_TRUE(c.response.parts(1).available());
  }
  const auto slowest = calls.Slowest();
  EXPECT_LT(slowest, backend_timeout + std::chrono::milliseconds(500))
      << std::chrono::duration_cast<std::chrono::milliseconds>(slowest).count() << " ms";
  EXPECT_GE(slowest, backend_timeout - std::chrono::milliseconds(100));  // it did wait
  hung_server->Shutdown(absl::ZeroDuration());
}

TEST_F(AggregatorTest, ScoreboardJudgesTargetsAgainstTheYearElapsed) {
  grpc::ClientContext ctx;
  v1::GetScoreboardRequest req;
  req.set_year(2020);
  *req.mutable_as_of() = MakeDate(2020, 7, 2);  // about half the year
  v1::Scoreboard board;
  ASSERT_TRUE(aggregator_.stub().GetScoreboard(&ctx, req, &board).ok());
  EXPECT_NEAR(board.year_elapsed(), 0.5, 0.01);
  bool saw_programme = false, saw_signed = false, saw_investment = false;
  for (const auto& e : board.entries()) {
    if (e.unit() == "projects") {
      saw_programme = true;
      EXPECT_EQ(e.target(), 115);
      EXPECT_EQ(e.actual(), 1);  // Linde, in the register and under construction
      EXPECT_EQ(e.status(), v1::TARGET_STATUS_BEHIND);
    }
    if (e.unit() == "yuan" && e.service() == "project") {
      saw_investment = true;  // no programme project has reported a month of 2020
      EXPECT_FALSE(e.has_actual());
      EXPECT_FALSE(e.has_share_done());
      EXPECT_EQ(e.status(), v1::TARGET_STATUS_NO_DATA);
    }
    if (e.name() == "引进10亿元以上项目") {
      saw_signed = true;
      EXPECT_DOUBLE_EQ(e.share_done(), 0.1);
      EXPECT_EQ(e.status(), v1::TARGET_STATUS_BEHIND);
    }
  }
  EXPECT_TRUE(saw_programme);
  EXPECT_TRUE(saw_signed);
  EXPECT_TRUE(saw_investment);
  // The programme is measured by its projects under construction, and the register's coverage of
  // it is labelled as such.
  ASSERT_GE(board.entries_size(), 2);
  EXPECT_NE(board.entries(0).name().find("开工"), std::string::npos) << board.entries(0).name();
  EXPECT_NE(board.entries(1).name().find("入库"), std::string::npos) << board.entries(1).name();
}

// The overview names the leads the district's readers know: the sign-now tier, by investor, and
// stalled leads in the warnings; an amount nobody reported is absent, not 0.
TEST_F(AggregatorTest, OverviewNamesTheSignNowTierAndStalledLeads) {
  grpc::ClientContext c1;
  rv1::CreateLeadRequest l;
  l.mutable_lead()->set_name("苏宁易购项目");
  l.mutable_lead()->set_investor("苏宁易购");
  l.mutable_lead()->set_field(rv1::FIELD_PLATFORM_ECONOMY);
  l.mutable_lead()->set_tier(rv1::TIER_SIGN_NOW);
  l.mutable_lead()->set_stage(rv1::LEAD_STAGE_SIGNABLE);
  *l.mutable_stage_date() = MakeDate(2020, 3, 30);  // and nothing since: stalled
  rv1::Lead suning;
  ASSERT_TRUE(recruitment_.stub().CreateLead(&c1, l, &suning).ok());
  EXPECT_FALSE(suning.has_intended_investment_yuan());

  v1::Overview o = Overview();
  ASSERT_TRUE(Whole(o));
  ASSERT_EQ(o.tiers().rows_size(), 1);
  const rv1::TierRow& sign_now = o.tiers().rows(0);
  EXPECT_EQ(sign_now.tier(), rv1::TIER_SIGN_NOW);
  EXPECT_EQ(sign_now.count(), 2);
  std::vector<std::string> investors;
  for (const auto& lead : sign_now.leads()) investors.push_back(lead.investor());
  EXPECT_EQ(investors, (std::vector<std::string>{"猪八戒网", "苏宁易购"}));
  EXPECT_EQ(sign_now.intended_investment_yuan(), 12 * kYi);  // the known one's
  EXPECT_EQ(sign_now.unknown_amount_count(), 1);

  EXPECT_EQ(o.warnings().stalled_leads(), 1);
  ASSERT_EQ(o.warnings().stalled_size(), 1);
  EXPECT_EQ(o.warnings().stalled(0).name(), "苏宁易购项目");
  EXPECT_EQ(o.warnings().stalled(0).investor(), "苏宁易购");
  EXPECT_EQ(DateToString(o.warnings().stalled(0).last_activity_date()), "2020-03-30");
}

// Stalled leads in a leader's view are the ones the recruitment service calls stalled, follow-ups
// included.
TEST_F(AggregatorTest, LeaderViewStalledLeadsAreTheRecruitmentServices) {
  grpc::ClientContext c1;
  rv1::CreateLeadRequest l;
  l.mutable_lead()->set_name("滴滴区域总部");
  l.mutable_lead()->set_investor("滴滴");
  l.mutable_lead()->set_field(rv1::FIELD_PLATFORM_ECONOMY);
  l.mutable_lead()->set_leader("王书记");
  *l.mutable_stage_date() = MakeDate(2020, 2, 1);  // and nothing since
  rv1::Lead quiet;
  ASSERT_TRUE(recruitment_.stub().CreateLead(&c1, l, &quiet).ok());
  auto stalled_ids = [&] {
    grpc::ClientContext ctx;
    v1::GetLeaderViewRequest req;
    req.set_leader("王书记");
    v1::LeaderView view;
    EXPECT_TRUE(aggregator_.stub().GetLeaderView(&ctx, req, &view).ok());
    return std::vector<std::string>(view.stalled_lead_ids().begin(), view.stalled_lead_ids().end());
  };
  EXPECT_EQ(stalled_ids(), std::vector<std::string>{quiet.id()});

  grpc::ClientContext c2;
  rv1::CreateFollowUpRequest fu;
  fu.mutable_follow_up()->set_lead_id(quiet.id());
  *fu.mutable_follow_up()->mutable_date() = Today();
  fu.mutable_follow_up()->set_kind(rv1::FOLLOW_UP_KIND_CALL);
  fu.mutable_follow_up()->set_summary("电话回访");
  rv1::FollowUp follow_up;
  ASSERT_TRUE(recruitment_.stub().CreateFollowUp(&c2, fu, &follow_up).ok());
  EXPECT_TRUE(stalled_ids().empty());
}

// The district's reminders of a unit: the project service's and the stalled leads, in one list by
// urgency; with the recruitment service down, the project's still come, its part marked.
TEST_F(AggregatorTest, RemindersComposeProjectsAndStalledLeadsByUrgency) {
  {
    grpc::ClientContext ctx;
    pv1::UpdateProjectRequest u;
    u.mutable_project()->set_id(linde_.id());
    u.mutable_project()->set_responsible_unit("区发改局");
    u.mutable_update_mask()->add_paths("responsible_unit");
    pv1::Project out;
    ASSERT_TRUE(projects_.stub().UpdateProject(&ctx, u, &out).ok());
  }
  rv1::Lead quiet, other;
  for (auto [lead, unit] : {std::pair{&quiet, "区发改局"}, std::pair{&other, "区商务局"}}) {
    grpc::ClientContext ctx;
    rv1::CreateLeadRequest l;
    l.mutable_lead()->set_name(std::string(unit) + "的线索");
    l.mutable_lead()->set_investor("滴滴");
    l.mutable_lead()->set_field(rv1::FIELD_PLATFORM_ECONOMY);
    l.mutable_lead()->set_responsible_unit(unit);
    *l.mutable_stage_date() = MakeDate(2020, 2, 1);  // and nothing since
    ASSERT_TRUE(recruitment_.stub().CreateLead(&ctx, l, lead).ok());
  }
  EXPECT_EQ(quiet.responsible_unit(), "区发改局");
  auto reminders = [&] {
    grpc::ClientContext ctx;
    v1::GetRemindersRequest req;
    req.set_responsible_unit("区发改局");
    v1::Reminders out;
    grpc::Status s = aggregator_.stub().GetReminders(&ctx, req, &out);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return out;
  };
  v1::Reminders r = reminders();
  ASSERT_EQ(r.parts_size(), 2);
  EXPECT_TRUE(r.parts(0).available() && r.parts(1).available());
  // The milestone of 2020-06-30 and the lead quiet since 2020-02-01 (due 2020-05-01): the lead's
  // is older, so first; the other unit's lead is not there.
  // And last month's investment report, missing: the project is building.
  ASSERT_EQ(r.reminders_size(), 3) << r.DebugString();
  EXPECT_EQ(r.reminders(0).kind(), pv1::REMINDER_KIND_STALLED_LEAD);
  EXPECT_EQ(r.reminders(0).subject_id(), quiet.id());
  EXPECT_EQ(r.reminders(0).project_name(), "区发改局的线索");
  EXPECT_EQ(DateToString(r.reminders(0).due_date()), "2020-05-01");
  EXPECT_EQ(r.reminders(0).key().size(), 16u);
  EXPECT_EQ(r.reminders(1).kind(), pv1::REMINDER_KIND_MILESTONE);
  for (int i = 1; i < r.reminders_size(); ++i) {
    EXPECT_GE(r.reminders(i - 1).days_overdue(), r.reminders(i).days_overdue());
  }

  recruitment_.Stop();
  r = reminders();
  ASSERT_EQ(r.parts_size(), 2);
  EXPECT_TRUE(r.parts(0).available());
  EXPECT_FALSE(r.parts(1).available());
  EXPECT_EQ(r.reminders_size(), 2);  // the project's still

  grpc::ClientContext ctx;
  v1::GetRemindersRequest bad;
  bad.set_leader("王书记");
  bad.set_responsible_unit("区发改局");
  v1::Reminders out;
  grpc::Status s = aggregator_.stub().GetReminders(&ctx, bad, &out);
  EXPECT_EQ(s.error_code(), StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(s.error_message().find("at most one"), std::string::npos) << s.error_message();
}

TEST_F(AggregatorTest, LeaderParkAndSectorViews) {
  grpc::ClientContext c1;
  v1::GetLeaderViewRequest leader;
  leader.set_leader("王书记");
  v1::LeaderView lv;
  ASSERT_TRUE(aggregator_.stub().GetLeaderView(&c1, leader, &lv).ok());
  EXPECT_EQ(lv.projects_size(), 1);
  EXPECT_EQ(lv.leads_size(), 1);
  ASSERT_EQ(lv.project_warnings_size(), 1);
  EXPECT_EQ(lv.project_warnings(0).overdue_milestones(), 1);
  // The leader's lights: the milestone long overdue makes the project red, and says why.
  ASSERT_EQ(lv.lights().projects_size(), 1);
  EXPECT_EQ(lv.lights().red_count(), 1);
  ASSERT_GT(lv.lights().projects(0).reasons_size(), 0);
  EXPECT_NE(lv.lights().projects(0).reasons(0).find("节点"), std::string::npos)
      << lv.lights().projects(0).reasons(0);

  grpc::ClientContext c2;
  v1::GetParkViewRequest park;
  park.set_park_id(park_.id());
  park.set_year(2020);
  v1::ParkView pv;
  ASSERT_TRUE(aggregator_.stub().GetParkView(&c2, park, &pv).ok());
  EXPECT_EQ(pv.park().name(), "平台经济产业园");
  EXPECT_EQ(pv.projects_size(), 1);
  EXPECT_EQ(pv.leads_size(), 1);
  grpc::ClientContext c3;
  park.set_park_id("K99999999");
  EXPECT_EQ(aggregator_.stub().GetParkView(&c3, park, &pv).error_code(), StatusCode::NOT_FOUND);

  grpc::ClientContext c4;
  v1::GetSectorViewRequest sector;
  sector.set_field(rv1::FIELD_PLATFORM_ECONOMY);
  v1::SectorView sv;
  ASSERT_TRUE(aggregator_.stub().GetSectorView(&c4, sector, &sv).ok());
  EXPECT_EQ(sv.sector(), "平台经济");
  EXPECT_EQ(sv.projects_size(), 0);
  ASSERT_EQ(sv.leads_size(), 1);
  EXPECT_EQ(sv.lead_intended_investment_yuan(), 12 * kYi);
  grpc::ClientContext c5;
  sector.set_field(static_cast<rv1::Field>(99));
  EXPECT_EQ(aggregator_.stub().GetSectorView(&c5, sector, &sv).error_code(),
            StatusCode::INVALID_ARGUMENT);
}

// A sector as the data names it: the Linde project is 高端装备, which is none of the six fields.
TEST_F(AggregatorTest, SectorViewTakesTheSectorAsNamedInTheData) {
  grpc::ClientContext c1;
  rv1::CreateLeadRequest l;
  l.mutable_lead()->set_name("液压件配套");
  l.mutable_lead()->set_investor("林德配套商");
  l.mutable_lead()->set_field(rv1::FIELD_OTHER);
  l.mutable_lead()->set_sector("高端装备");
  rv1::Lead lead;
  ASSERT_TRUE(recruitment_.stub().CreateLead(&c1, l, &lead).ok());

  grpc::ClientContext c2;
  v1::GetSectorViewRequest request;
  request.set_sector("高端装备");
  v1::SectorView sv;
  ASSERT_TRUE(aggregator_.stub().GetSectorView(&c2, request, &sv).ok());
  EXPECT_EQ(sv.sector(), "高端装备");
  EXPECT_EQ(sv.field(), rv1::FIELD_UNSPECIFIED);
  ASSERT_EQ(sv.projects_size(), 1);
  EXPECT_EQ(sv.projects(0).name(), "林德液压精密智驱动系列产品项目");
  EXPECT_EQ(sv.project_investment_yuan(), 10 * kYi);
  ASSERT_EQ(sv.leads_size(), 1);
  EXPECT_EQ(sv.leads(0).id(), lead.id());

  grpc::ClientContext c3;
  request.set_sector("装备");
  grpc::Status unknown = aggregator_.stub().GetSectorView(&c3, request, &sv);
  EXPECT_EQ(unknown.error_code(), StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(unknown.error_message().rfind("sector:", 0), 0u) << unknown.error_message();
  grpc::ClientContext c4;
  EXPECT_EQ(aggregator_.stub().GetSectorView(&c4, v1::GetSectorViewRequest(), &sv).error_code(),
            StatusCode::INVALID_ARGUMENT);
}

}  // namespace
}  // namespace district::aggregator
