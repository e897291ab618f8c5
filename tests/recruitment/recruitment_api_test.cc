// The RecruitmentService API through a real client on loopback, with LandLead against a real
// project server (once, twice, concurrently, and with the project server stopped).
#include <limits>
#include <set>
#include <thread>

#include <google/protobuf/util/json_util.h>
#include <gtest/gtest.h>

#include "common/date.h"
#include "common/errors.h"
#include "common/server.h"
#include "common/status.h"
#include "tests/support/async_calls.h"
#include "tests/support/expect.h"
#include "tests/support/hung.h"
#include "tests/support/project_server.h"
#include "tests/support/recruitment_server.h"

namespace district::recruitment {
namespace {

using district::testing::ExpectInvalid;
using grpc::StatusCode;
constexpr int64_t kYi = 100000000;

class RecruitmentApiTest : public ::testing::Test {
 protected:
  v1::RecruitmentService::Stub& stub() { return recruitment_.stub(); }

  static v1::Lead Suning() {
    v1::Lead l;
    l.set_name("苏宁易购区域总部");
    l.set_investor("苏宁易购");
    l.set_field(v1::FIELD_PLATFORM_ECONOMY);
    l.set_intended_investment_yuan(12 * kYi);
    l.set_tier(v1::TIER_SIGN_NOW);
    l.set_leader("王书记");
    l.set_target_park_id("平台经济产业园");
    return l;
  }

  grpc::Status CreateLead(const v1::Lead& lead, v1::Lead* out, const std::string& request_id = "") {
    grpc::ClientContext ctx;
    v1::CreateLeadRequest req;
    *req.mutable_lead() = lead;
    req.set_request_id(request_id);
    *req.mutable_stage_date() = MakeDate(2020, 1, 2);
    return stub().CreateLead(&ctx, req, out);
  }

  grpc::Status Advance(const std::string& id, v1::LeadStage to, const Date& date,
                       int64_t amount = 0, const std::string& reason = "",
                       v1::Lead* out = nullptr) {
    grpc::ClientContext ctx;
    v1::AdvanceLeadRequest req;
    req.set_id(id);
    req.set_to_stage(to);
    *req.mutable_effective_date() = date;
    req.set_signed_amount_yuan(amount);
    req.set_reason(reason);
    v1::Lead ignored;
    return stub().AdvanceLead(&ctx, req, out != nullptr ? out : &ignored);
  }

  v1::Lead SignedLead() {
    v1::Lead lead;
    EXPECT_TRUE(CreateLead(Suning(), &lead).ok());
    EXPECT_TRUE(Advance(lead.id(), v1::LEAD_STAGE_SIGNED, MakeDate(2020, 3, 1), 15 * kYi).ok());
    return lead;
  }

  grpc::Status Land(const std::string& id, v1::Lead* out) {
    grpc::ClientContext ctx;
    ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
    v1::LandLeadRequest req;
    req.set_id(id);
    *req.mutable_landed_date() = MakeDate(2020, 4, 1);
    return stub().LandLead(&ctx, req, out);
  }

  int ProjectCount() {
    grpc::ClientContext ctx;
    project::v1::ListProjectsRequest req;
    req.set_page_size(1000);
    project::v1::ListProjectsResponse resp;
    EXPECT_TRUE(projects_.stub().ListProjects(&ctx, req, &resp).ok());
    return resp.projects_size();
  }

  district::testing::ProjectServer projects_;
  district::testing::RecruitmentServer recruitment_{projects_.address()};
};

TEST_F(RecruitmentApiTest, CreateGetAndValidate) {
  v1::Lead lead;
  ASSERT_TRUE(CreateLead(Suning(), &lead, "suning-1").ok());
  EXPECT_EQ(lead.stage(), v1::LEAD_STAGE_IDENTIFIED);
  v1::Lead again;
  ASSERT_TRUE(CreateLead(Suning(), &again, "suning-1").ok());
  EXPECT_EQ(again.id(), lead.id());

  grpc::ClientContext ctx;
  v1::GetLeadRequest get;
  get.set_id(lead.id());
  v1::Lead got;
  ASSERT_TRUE(stub().GetLead(&ctx, get, &got).ok());
  EXPECT_EQ(got.investor(), "苏宁易购");
  EXPECT_EQ(got.target_park_id(), "平台经济产业园");

  v1::Lead bad = Suning();
  bad.set_investor("");
  ExpectInvalid(CreateLead(bad, &got), "lead.investor");
  bad = Suning();
  bad.set_intended_investment_yuan(-1);
  ExpectInvalid(CreateLead(bad, &got), "lead.intended_investment_yuan");
  bad = Suning();
  bad.set_tier(static_cast<v1::Tier>(9));
  ExpectInvalid(CreateLead(bad, &got), "lead.tier");
  bad = Suning();
  bad.set_stage(v1::LEAD_STAGE_SIGNED);
  ExpectInvalid(CreateLead(bad, &got), "lead.stage");

  grpc::ClientContext ctx2;
  get.set_id("L99999999");
  EXPECT_EQ(stub().GetLead(&ctx2, get, &got).error_code(), StatusCode::NOT_FOUND);
}

TEST_F(RecruitmentApiTest, StagesSigningAndLoss) {
  v1::Lead lead;
  ASSERT_TRUE(CreateLead(Suning(), &lead).ok());
  ASSERT_TRUE(Advance(lead.id(), v1::LEAD_STAGE_NEGOTIATING, MakeDate(2020, 2, 1)).ok());
  ExpectInvalid(Advance(lead.id(), v1::LEAD_STAGE_CONTACTED, MakeDate(2020, 2, 2)), "reason");
  ExpectInvalid(Advance(lead.id(), v1::LEAD_STAGE_SIGNED, MakeDate(2020, 2, 2)),
                "signed_amount_yuan");
  ExpectInvalid(Advance(lead.id(), v1::LEAD_STAGE_LANDED, MakeDate(2020, 2, 2)), "to_stage");
  v1::Lead signed_lead;
  ASSERT_TRUE(
      Advance(lead.id(), v1::LEAD_STAGE_SIGNED, MakeDate(2020, 3, 1), 15 * kYi, "", &signed_lead)
          .ok());
  EXPECT_EQ(signed_lead.signed_amount_yuan(), 15 * kYi);
  EXPECT_EQ(DateToString(signed_lead.signed_date()), "2020-03-01");
  EXPECT_EQ(Advance(lead.id(), v1::LEAD_STAGE_LOST, MakeDate(2020, 3, 2), 0, "放弃").error_code(),
            StatusCode::FAILED_PRECONDITION);

  v1::Lead other;
  ASSERT_TRUE(CreateLead(Suning(), &other).ok());
  ExpectInvalid(Advance(other.id(), v1::LEAD_STAGE_LOST, MakeDate(2020, 2, 1)), "reason");
  ASSERT_TRUE(Advance(other.id(), v1::LEAD_STAGE_LOST, MakeDate(2020, 2, 1), 0, "选址外地").ok());
  EXPECT_EQ(
      Advance(other.id(), v1::LEAD_STAGE_CONTACTED, MakeDate(2020, 2, 2), 0, "再谈").error_code(),
      StatusCode::FAILED_PRECONDITION);
}

TEST_F(RecruitmentApiTest, LandLeadCreatesOneProjectAndIsIdempotent) {
  v1::Lead lead = SignedLead();
  v1::Lead landed;
  ASSERT_TRUE(Land(lead.id(), &landed).ok());
  EXPECT_EQ(landed.stage(), v1::LEAD_STAGE_LANDED);
  ASSERT_FALSE(landed.project_id().empty());

  grpc::ClientContext ctx;
  project::v1::GetProjectRequest get;
  get.set_id(landed.project_id());
  project::v1::Project project;
  ASSERT_TRUE(projects_.stub().GetProject(&ctx, get, &project).ok());
  EXPECT_EQ(project.name(), "苏宁易购区域总部");
  EXPECT_EQ(project.owner(), "苏宁易购");
  EXPECT_EQ(project.total_investment_yuan(), 15 * kYi);
  EXPECT_EQ(project.stage(), project::v1::STAGE_SIGNED);
  EXPECT_EQ(project.sector(), "平台经济");

  v1::Lead twice;
  ASSERT_TRUE(Land(lead.id(), &twice).ok());
  EXPECT_EQ(twice.project_id(), landed.project_id());
  EXPECT_EQ(ProjectCount(), 1);
}

// One classification for leads and projects: a lead takes its field's sector unless it names one,
// lands as a project of that sector, and ListLeads selects by it.
TEST_F(RecruitmentApiTest, LeadsShareTheProjectsSectors) {
  v1::Lead suning;
  ASSERT_TRUE(CreateLead(Suning(), &suning).ok());
  EXPECT_EQ(suning.sector(), "平台经济");

  v1::Lead equipment = Suning();
  equipment.set_name("液压件扩产");
  equipment.set_field(v1::FIELD_OTHER);
  equipment.set_sector("高端装备");
  v1::Lead created;
  ASSERT_TRUE(CreateLead(equipment, &created).ok());
  EXPECT_EQ(created.sector(), "高端装备");
  ASSERT_TRUE(Advance(created.id(), v1::LEAD_STAGE_SIGNED, MakeDate(2020, 3, 1), 2 * kYi).ok());
  v1::Lead landed;
  ASSERT_TRUE(Land(created.id(), &landed).ok());
  grpc::ClientContext c1;
  project::v1::GetProjectRequest get;
  get.set_id(landed.project_id());
  project::v1::Project project;
  ASSERT_TRUE(projects_.stub().GetProject(&c1, get, &project).ok());
  EXPECT_EQ(project.sector(), "高端装备");

  grpc::ClientContext c2;
  v1::ListLeadsRequest list;
  list.set_sector("高端装备");
  v1::ListLeadsResponse listed;
  ASSERT_TRUE(stub().ListLeads(&c2, list, &listed).ok());
  ASSERT_EQ(listed.leads_size(), 1);
  EXPECT_EQ(listed.leads(0).id(), created.id());

  equipment.set_sector("装备制造");  // not a sector of the classification
  ExpectInvalid(CreateLead(equipment, &created), "lead.sector");
  grpc::ClientContext c3;
  list.set_sector("装备制造");
  ExpectInvalid(stub().ListLeads(&c3, list, &listed), "sector");
}

// An intended investment nobody reported is absent (not 0) in the lead, in its JSON, in the tier
// table and in the statistics; an amount bound never selects it.
TEST_F(RecruitmentApiTest, AnUnknownAmountIsAbsentNotZero) {
  v1::Lead unknown = Suning();
  unknown.clear_intended_investment_yuan();
  v1::Lead created;
  ASSERT_TRUE(CreateLead(unknown, &created).ok());
  EXPECT_FALSE(created.has_intended_investment_yuan());
  std::string json;
  ASSERT_TRUE(google::protobuf::util::MessageToJsonString(created, &json).ok());
  EXPECT_EQ(json.find("intendedInvestmentYuan"), std::string::npos) << json;
  v1::Lead known;
  ASSERT_TRUE(CreateLead(Suning(), &known).ok());  // 12亿

  grpc::ClientContext c1;
  v1::TierTable table;
  ASSERT_TRUE(stub().GetTierTable(&c1, v1::GetTierTableRequest(), &table).ok());
  ASSERT_EQ(table.rows_size(), 1);
  EXPECT_EQ(table.rows(0).count(), 2);
  EXPECT_EQ(table.rows(0).intended_investment_yuan(), 12 * kYi);
  EXPECT_EQ(table.rows(0).unknown_amount_count(), 1);

  grpc::ClientContext c2;
  v1::GetRecruitmentStatsRequest stats_request;
  stats_request.set_year(2020);
  v1::RecruitmentStats stats;
  ASSERT_TRUE(stub().GetRecruitmentStats(&c2, stats_request, &stats).ok());
  ASSERT_EQ(stats.open_leads_by_tier_size(), 1);
  EXPECT_EQ(stats.open_leads_by_tier(0).amount_yuan(), 12 * kYi);
  EXPECT_EQ(stats.open_leads_by_tier(0).unknown_amount_count(), 1);

  grpc::ClientContext c3;
  v1::ListLeadsRequest small;
  small.set_max_amount_yuan(20 * kYi);
  v1::ListLeadsResponse listed;
  ASSERT_TRUE(stub().ListLeads(&c3, small, &listed).ok());
  ASSERT_EQ(listed.leads_size(), 1);
  EXPECT_EQ(listed.leads(0).id(), known.id());

  // Only an unknown amount: the row has none.
  grpc::ClientContext c4;
  v1::DeleteLeadRequest del;
  del.set_id(known.id());
  google::protobuf::Empty empty;
  ASSERT_TRUE(stub().DeleteLead(&c4, del, &empty).ok());
  grpc::ClientContext c5;
  ASSERT_TRUE(stub().GetTierTable(&c5, v1::GetTierTableRequest(), &table).ok());
  ASSERT_EQ(table.rows_size(), 1);
  EXPECT_FALSE(table.rows(0).has_intended_investment_yuan());
}

// A target of a year in which nothing was reported has no actual; once a lead is in the pipeline,
// a zero is a zero.
TEST_F(RecruitmentApiTest, ATargetWithNothingReportedHasNoActual) {
  grpc::ClientContext c1;
  v1::CreateTargetRequest target;
  target.mutable_target()->set_year(2020);
  target.mutable_target()->set_name("引进10亿元以上项目");
  target.mutable_target()->set_metric(v1::METRIC_LEADS_SIGNED);
  target.mutable_target()->set_target_value(10);
  v1::Target created;
  ASSERT_TRUE(stub().CreateTarget(&c1, target, &created).ok());
  auto progress = [&] {
    grpc::ClientContext ctx;
    v1::GetRecruitmentStatsRequest req;
    req.set_year(2020);
    v1::RecruitmentStats stats;
    EXPECT_TRUE(stub().GetRecruitmentStats(&ctx, req, &stats).ok());
    EXPECT_EQ(stats.targets_size(), 1);
    return stats.targets_size() == 1 ? stats.targets(0) : v1::TargetProgress();
  };
  EXPECT_FALSE(progress().has_actual());
  EXPECT_FALSE(progress().has_share());
  v1::Lead lead;
  ASSERT_TRUE(CreateLead(Suning(), &lead).ok());  // entered 2020-01-02
  EXPECT_TRUE(progress().has_actual());
  EXPECT_EQ(progress().actual(), 0);
}

TEST_F(RecruitmentApiTest, AmountsBeyondTheBoundAreRefused) {
  v1::Lead lead = Suning();
  lead.set_intended_investment_yuan(int64_t{4611686018427387904});
  v1::Lead created;
  ExpectInvalid(CreateLead(lead, &created), "lead.intended_investment_yuan");
  ASSERT_TRUE(CreateLead(Suning(), &created).ok());
  ExpectInvalid(Advance(created.id(), v1::LEAD_STAGE_SIGNED, MakeDate(2020, 3, 1),
                        std::numeric_limits<int64_t>::max()),
                "signed_amount_yuan");
}

TEST_F(RecruitmentApiTest, ConcurrentLandingsMakeOneProject) {
  v1::Lead lead = SignedLead();
  std::vector<std::thread> threads;
  std::vector<std::string> project_ids(4);
  for (int i = 0; i < 4; ++i) {
    threads.emplace_back([&, i] {
      v1::Lead out;
      const grpc::Status s = Land(lead.id(), &out);
      EXPECT_TRUE(s.ok()) << s.error_message();
      project_ids[i] = out.project_id();
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(std::set<std::string>(project_ids.begin(), project_ids.end()).size(), 1u);
  EXPECT_EQ(ProjectCount(), 1);
}

TEST_F(RecruitmentApiTest, LandLeadWithTheProjectServiceDownIsUnavailableAndChangesNothing) {
  v1::Lead lead = SignedLead();
  v1::Lead unsigned_lead;
  ASSERT_TRUE(CreateLead(Suning(), &unsigned_lead).ok());
  v1::Lead out;
  EXPECT_EQ(Land(unsigned_lead.id(), &out).error_code(), StatusCode::FAILED_PRECONDITION);

  projects_.Stop();
  grpc::Status s = Land(lead.id(), &out);
  EXPECT_EQ(s.error_code(), StatusCode::UNAVAILABLE) << s.error_message();
  grpc::ClientContext ctx;
  v1::GetLeadRequest get;
  get.set_id(lead.id());
  v1::Lead after;
  ASSERT_TRUE(stub().GetLead(&ctx, get, &after).ok());
  EXPECT_EQ(after.stage(), v1::LEAD_STAGE_SIGNED);
  EXPECT_TRUE(after.project_id().empty());

  projects_.Start();  // back on the same port: a retry lands it once the channel reconnects
  grpc::Status retried;
  for (int i = 0; i < 50 && !(retried = Land(lead.id(), &out)).ok(); ++i) {
    EXPECT_EQ(retried.error_code(), StatusCode::UNAVAILABLE);
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  ASSERT_TRUE(retried.ok()) << retried.error_message();
  EXPECT_EQ(out.stage(), v1::LEAD_STAGE_LANDED);
  EXPECT_EQ(ProjectCount(), 1);
}

// More landings than the server has blocking threads (64), all waiting on a hung project service:
// none holds a thread, so an unrelated write is not delayed, and each landing fails at its own
// deadline, changing nothing.
TEST_F(RecruitmentApiTest, LandingsWaitingOnAHungProjectServiceHoldNoThreads) {
  district::testing::HungProjects hung;
  auto hung_server = *Server::Start("127.0.0.1:0", {{&hung, "district.project.v1.ProjectService"}});
  district::testing::RecruitmentServer recruitment("127.0.0.1:" +
                                                   std::to_string(hung_server->port()));
  auto& stub = recruitment.stub();
  // Above the pool's threads, below the 100 streams a connection may open (ServerLimits).
  constexpr int kLandings = 90;
  std::vector<std::string> ids;
  for (int i = 0; i <= kLandings; ++i) {
    grpc::ClientContext c1;
    v1::CreateLeadRequest create;
    *create.mutable_lead() = Suning();
    *create.mutable_stage_date() = MakeDate(2020, 1, 2);
    v1::Lead lead;
    ASSERT_TRUE(stub.CreateLead(&c1, create, &lead).ok());
    if (i < kLandings) {
      grpc::ClientContext c2;
      v1::AdvanceLeadRequest sign;
      sign.set_id(lead.id());
      sign.set_to_stage(v1::LEAD_STAGE_SIGNED);
      *sign.mutable_effective_date() = MakeDate(2020, 3, 1);
      sign.set_signed_amount_yuan(kYi);
      ASSERT_TRUE(stub.AdvanceLead(&c2, sign, &lead).ok());
    }
    ids.push_back(lead.id());
  }
  const auto deadline = std::chrono::milliseconds(1500);
  district::testing::AsyncCalls<v1::LandLeadRequest, v1::Lead> calls(kLandings);
  for (int i = 0; i < kLandings; ++i) {
    calls[i].request.set_id(ids[i]);
    calls.Start(calls[i], deadline, [&](auto... a) { stub.async()->LandLead(a...); });
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(200));  // all are waiting now
  const auto start = std::chrono::steady_clock::now();
  grpc::ClientContext ctx;
  v1::AdvanceLeadRequest contact;
  contact.set_id(ids.back());
  contact.set_to_stage(v1::LEAD_STAGE_CONTACTED);
  *contact.mutable_effective_date() = MakeDate(2020, 2, 1);
  v1::Lead contacted;
  ASSERT_TRUE(stub.AdvanceLead(&ctx, contact, &contacted).ok());
  const auto advance_took = std::chrono::steady_clock::now() - start;
  EXPECT_LT(advance_took, std::chrono::milliseconds(500))
      << std::chrono::duration_cast<std::chrono::milliseconds>(advance_took).count() << " ms";
  calls.WaitAll();
  for (const auto& c : calls) {
    EXPECT_FALSE(c.status.ok());
    EXPECT_LT(c.took, deadline + std::chrono::milliseconds(500));
  }
  grpc::ClientContext get_ctx;
  v1::GetLeadRequest get;
  get.set_id(ids[0]);
  v1::Lead first;
  ASSERT_TRUE(stub.GetLead(&get_ctx, get, &first).ok());
  EXPECT_EQ(first.stage(), v1::LEAD_STAGE_SIGNED);
  hung_server->Shutdown(absl::ZeroDuration());
}

TEST_F(RecruitmentApiTest, ListFiltersAndTierTable) {
  for (int i = 0; i < 7; ++i) {
    v1::Lead l = Suning();
    l.set_name("线索" + std::to_string(i));
    l.set_tier(i < 4 ? v1::TIER_SIGN_NOW : v1::TIER_RESERVE);
    l.set_intended_investment_yuan((i + 1) * kYi);
    v1::Lead out;
    ASSERT_TRUE(CreateLead(l, &out).ok());
  }
  grpc::ClientContext c1;
  v1::ListLeadsRequest req;
  req.set_tier(v1::TIER_SIGN_NOW);
  req.set_min_amount_yuan(2 * kYi);
  req.set_page_size(2);
  v1::ListLeadsResponse resp;
  ASSERT_TRUE(stub().ListLeads(&c1, req, &resp).ok());
  EXPECT_EQ(resp.leads_size(), 2);
  EXPECT_FALSE(resp.next_page_token().empty());
  req.set_page_token(resp.next_page_token());
  grpc::ClientContext c2;
  ASSERT_TRUE(stub().ListLeads(&c2, req, &resp).ok());
  EXPECT_EQ(resp.leads_size(), 1);  // 2, 3, 4 亿 in SIGN_NOW
  EXPECT_TRUE(resp.next_page_token().empty());

  grpc::ClientContext c3;
  v1::GetTierTableRequest treq;
  v1::TierTable table;
  ASSERT_TRUE(stub().GetTierTable(&c3, treq, &table).ok());
  ASSERT_EQ(table.rows_size(), 2);
  EXPECT_EQ(table.rows(0).tier(), v1::TIER_SIGN_NOW);
  EXPECT_EQ(table.rows(0).count(), 4);
  EXPECT_EQ(table.rows(0).intended_investment_yuan(), 10 * kYi);
  EXPECT_EQ(table.rows(1).count(), 3);
  EXPECT_EQ(table.rows(1).leads_size(), 3);

  grpc::ClientContext c4;
  v1::ListLeadsRequest bad;
  bad.set_page_size(5000);
  ExpectInvalid(stub().ListLeads(&c4, bad, &resp), "page_size");
}

TEST_F(RecruitmentApiTest, FollowUpsTalentsTargetsAndStats) {
  v1::Lead lead = SignedLead();
  grpc::ClientContext c1;
  v1::CreateFollowUpRequest fu;
  fu.mutable_follow_up()->set_lead_id(lead.id());
  *fu.mutable_follow_up()->mutable_date() = MakeDate(2020, 3, 5);
  fu.mutable_follow_up()->set_kind(v1::FOLLOW_UP_KIND_VISIT);
  fu.mutable_follow_up()->set_summary("实地考察平台经济产业园");
  v1::FollowUp follow_up;
  ASSERT_TRUE(stub().CreateFollowUp(&c1, fu, &follow_up).ok());
  fu.mutable_follow_up()->set_lead_id("L99999999");
  grpc::ClientContext c2;
  EXPECT_EQ(stub().CreateFollowUp(&c2, fu, &follow_up).error_code(), StatusCode::NOT_FOUND);

  grpc::ClientContext c3;
  v1::CreateTalentRequest tr;
  tr.mutable_talent()->set_name("某海外领军团队");
  tr.mutable_talent()->set_kind(v1::TALENT_KIND_LEADING_TEAM);
  tr.mutable_talent()->set_origin(v1::ORIGIN_OVERSEAS);
  tr.mutable_talent()->add_policies("人才新政20条");
  tr.mutable_talent()->set_stage(v1::TALENT_STAGE_ARRIVED);
  v1::Talent talent;
  ExpectInvalid(stub().CreateTalent(&c3, tr, &talent), "talent.agreed_date");
  *tr.mutable_talent()->mutable_agreed_date() = MakeDate(2020, 2, 1);
  *tr.mutable_talent()->mutable_arrived_date() = MakeDate(2020, 5, 1);
  grpc::ClientContext c4;
  ASSERT_TRUE(stub().CreateTalent(&c4, tr, &talent).ok());

  auto target = [&](const std::string& name, v1::Metric metric, int64_t value, int64_t min) {
    grpc::ClientContext ctx;
    v1::CreateTargetRequest req;
    req.mutable_target()->set_year(2020);
    req.mutable_target()->set_name(name);
    req.mutable_target()->set_metric(metric);
    req.mutable_target()->set_target_value(value);
    req.mutable_target()->set_min_amount_yuan(min);
    v1::Target out;
    return stub().CreateTarget(&ctx, req, &out);
  };
  ASSERT_TRUE(target("引进10亿元以上项目", v1::METRIC_LEADS_SIGNED, 10, 10 * kYi).ok());
  ASSERT_TRUE(target("高层次人才团队", v1::METRIC_TALENTS_ARRIVED, 4, 0).ok());
  // 以上 includes its bound: the 15亿 lead is one of the 15亿元以上.
  ASSERT_TRUE(target("引进15亿元以上项目", v1::METRIC_LEADS_SIGNED, 2, 15 * kYi).ok());
  ExpectInvalid(target("", v1::METRIC_LEADS_SIGNED, 1, 0), "target.name");
  ExpectInvalid(target("x", v1::METRIC_LEADS_SIGNED, 0, 0), "target.target_value");

  grpc::ClientContext c5;
  v1::GetRecruitmentStatsRequest sreq;
  sreq.set_year(2020);
  v1::RecruitmentStats stats;
  ASSERT_TRUE(stub().GetRecruitmentStats(&c5, sreq, &stats).ok());
  EXPECT_EQ(stats.lead_count(), 1);
  EXPECT_EQ(stats.signed_in_year(), 1);
  EXPECT_EQ(stats.signed_amount_in_year_yuan(), 15 * kYi);
  EXPECT_EQ(stats.talent_count(), 1);
  ASSERT_EQ(stats.targets_size(), 3);
  EXPECT_EQ(stats.targets(0).actual(), 1);
  EXPECT_DOUBLE_EQ(stats.targets(0).share(), 0.1);
  EXPECT_EQ(stats.targets(1).actual(), 1);
  EXPECT_EQ(stats.targets(2).actual(), 1);

  grpc::ClientContext c6;
  sreq.set_year(0);
  ExpectInvalid(stub().GetRecruitmentStats(&c6, sreq, &stats), "year");
}

// A lead is stalled while open with no stage change nor follow-up for 90 days: what a Get, a List
// and the statistics say alike (and the aggregator's leader view, which reads it from the lead).
TEST_F(RecruitmentApiTest, StalledIsJudgedFromStageChangesAndFollowUps) {
  auto get = [&](const std::string& id) {
    grpc::ClientContext ctx;
    v1::GetLeadRequest req;
    req.set_id(id);
    v1::Lead out;
    EXPECT_TRUE(stub().GetLead(&ctx, req, &out).ok());
    return out;
  };
  auto listed_stalled = [&] {
    grpc::ClientContext ctx;
    v1::ListLeadsResponse out;
    EXPECT_TRUE(stub().ListLeads(&ctx, v1::ListLeadsRequest(), &out).ok());
    int n = 0;
    for (const auto& l : out.leads()) n += l.stalled();
    return n;
  };
  auto stats_stalled = [&] {
    grpc::ClientContext ctx;
    v1::GetRecruitmentStatsRequest req;
    req.set_year(2020);
    v1::RecruitmentStats out;
    EXPECT_TRUE(stub().GetRecruitmentStats(&ctx, req, &out).ok());
    return out.stalled_leads();
  };

  v1::Lead quiet;
  ASSERT_TRUE(CreateLead(Suning(), &quiet).ok());  // identified on 2020-01-02, nothing since
  EXPECT_TRUE(quiet.stalled());
  EXPECT_TRUE(get(quiet.id()).stalled());
  v1::Lead fresh = Suning();
  {
    grpc::ClientContext ctx;
    v1::CreateLeadRequest req;
    *req.mutable_lead() = fresh;
    req.mutable_lead()->set_stalled(true);                   // output only: ignored
    ASSERT_TRUE(stub().CreateLead(&ctx, req, &fresh).ok());  // identified today
  }
  EXPECT_FALSE(fresh.stalled());
  const v1::Lead signed_lead = SignedLead();  // signed: no longer open, never stalled
  EXPECT_FALSE(get(signed_lead.id()).stalled());
  EXPECT_EQ(listed_stalled(), 1);
  EXPECT_EQ(stats_stalled(), 1);
  EXPECT_EQ(DateToString(get(quiet.id()).last_activity_date()), "2020-01-02");
  EXPECT_EQ(DateToString(fresh.last_activity_date()), DateToString(Today()));
  auto stalled_only = [&](const std::string& unit) {
    grpc::ClientContext ctx;
    v1::ListLeadsRequest req;
    req.set_stalled_only(true);
    req.set_responsible_unit(unit);
    v1::ListLeadsResponse out;
    EXPECT_TRUE(stub().ListLeads(&ctx, req, &out).ok());
    std::vector<std::string> ids;
    for (const auto& l : out.leads()) ids.push_back(l.id());
    return ids;
  };
  EXPECT_EQ(stalled_only(""), std::vector<std::string>{quiet.id()});
  EXPECT_TRUE(stalled_only("区投资促进中心").empty());
  {
    grpc::ClientContext ctx;
    v1::UpdateLeadRequest req;
    req.mutable_lead()->set_id(quiet.id());
    req.mutable_lead()->set_responsible_unit("区投资促进中心");
    req.mutable_update_mask()->add_paths("responsible_unit");
    v1::Lead out;
    ASSERT_TRUE(stub().UpdateLead(&ctx, req, &out).ok());
    EXPECT_EQ(out.responsible_unit(), "区投资促进中心");
  }
  EXPECT_EQ(stalled_only("区投资促进中心"), std::vector<std::string>{quiet.id()});

  grpc::ClientContext ctx;
  v1::CreateFollowUpRequest fu;  // a visit today wakes the quiet lead
  fu.mutable_follow_up()->set_lead_id(quiet.id());
  *fu.mutable_follow_up()->mutable_date() = Today();
  fu.mutable_follow_up()->set_kind(v1::FOLLOW_UP_KIND_VISIT);
  fu.mutable_follow_up()->set_summary("回访");
  v1::FollowUp follow_up;
  ASSERT_TRUE(stub().CreateFollowUp(&ctx, fu, &follow_up).ok());
  EXPECT_FALSE(get(quiet.id()).stalled());
  EXPECT_EQ(listed_stalled(), 0);
  EXPECT_EQ(stats_stalled(), 0);
}

// AIP-154: lead.etag is checked as the request's etag is; two that differ are INVALID_ARGUMENT.
// An update that changes nothing keeps the etag.
TEST_F(RecruitmentApiTest, TheLeadsOwnEtagIsCheckedAndANoOpKeepsIt) {
  v1::Lead created;
  ASSERT_TRUE(CreateLead(Suning(), &created).ok());
  auto update = [&](const std::string& request_etag, const std::string& resource_etag,
                    const std::string& leader, v1::Lead* out) {
    grpc::ClientContext ctx;
    v1::UpdateLeadRequest req;
    req.mutable_lead()->set_id(created.id());
    req.mutable_lead()->set_leader(leader);
    req.mutable_lead()->set_etag(resource_etag);
    req.set_etag(request_etag);
    return stub().UpdateLead(&ctx, req, out);
  };
  v1::Lead same;
  ASSERT_TRUE(update("", created.etag(), created.leader(), &same).ok());
  EXPECT_EQ(same.etag(), created.etag()) << "nothing changed";
  v1::Lead updated;
  ASSERT_TRUE(update("", created.etag(), "刘副区长", &updated).ok());
  EXPECT_NE(updated.etag(), created.etag());
  EXPECT_EQ(update("", created.etag(), "张主任", &updated).error_code(), StatusCode::ABORTED);
  ExpectInvalid(update(created.etag(), updated.etag(), "张主任", &updated), "etag");
}

TEST_F(RecruitmentApiTest, DataSurvivesARestart) {
  v1::Lead lead = SignedLead();
  recruitment_.Restart();
  grpc::ClientContext ctx;
  v1::GetRecruitmentStatsRequest sreq;
  sreq.set_year(2020);
  v1::RecruitmentStats stats;
  ASSERT_TRUE(stub().GetRecruitmentStats(&ctx, sreq, &stats).ok());
  EXPECT_EQ(stats.signed_in_year(), 1);  // the statistics' rows are rebuilt from the store
}

}  // namespace
}  // namespace district::recruitment

namespace district::recruitment {
namespace {

TEST_F(RecruitmentApiTest, RemainingStandardMethods) {
  v1::Lead lead;
  ASSERT_TRUE(CreateLead(Suning(), &lead).ok());
  grpc::ClientContext c1;
  v1::UpdateLeadRequest up;
  up.mutable_lead()->set_id(lead.id());
  up.mutable_lead()->set_tier(v1::TIER_RESERVE);
  up.mutable_update_mask()->add_paths("tier");
  up.set_etag(lead.etag());
  v1::Lead updated;
  ASSERT_TRUE(stub().UpdateLead(&c1, up, &updated).ok());
  EXPECT_EQ(updated.tier(), v1::TIER_RESERVE);
  grpc::ClientContext c2;
  EXPECT_EQ(stub().UpdateLead(&c2, up, &updated).error_code(), StatusCode::ABORTED);
  grpc::ClientContext c3;
  up.clear_etag();
  up.mutable_update_mask()->add_paths("stage");  // output only
  ExpectInvalid(stub().UpdateLead(&c3, up, &updated), "update_mask");

  grpc::ClientContext c4;
  v1::CreateFollowUpRequest fu;
  fu.mutable_follow_up()->set_lead_id(lead.id());
  *fu.mutable_follow_up()->mutable_date() = MakeDate(2020, 3, 5);
  fu.mutable_follow_up()->set_kind(v1::FOLLOW_UP_KIND_CALL);
  fu.mutable_follow_up()->set_summary("电话沟通");
  v1::FollowUp follow_up;
  ASSERT_TRUE(stub().CreateFollowUp(&c4, fu, &follow_up).ok());
  grpc::ClientContext c5;
  v1::ListFollowUpsRequest lf;
  lf.set_lead_id(lead.id());
  v1::ListFollowUpsResponse follow_ups;
  ASSERT_TRUE(stub().ListFollowUps(&c5, lf, &follow_ups).ok());
  EXPECT_EQ(follow_ups.follow_ups_size(), 1);

  google::protobuf::Empty empty;
  grpc::ClientContext c6;
  v1::DeleteLeadRequest dl;
  dl.set_id(lead.id());
  ASSERT_TRUE(stub().DeleteLead(&c6, dl, &empty).ok());
  grpc::ClientContext c7;
  EXPECT_EQ(stub().ListFollowUps(&c7, lf, &follow_ups).error_code(), StatusCode::NOT_FOUND);

  grpc::ClientContext c8;
  v1::CreateTalentRequest ct;
  ct.mutable_talent()->set_name("某高层次人才");
  ct.mutable_talent()->set_kind(v1::TALENT_KIND_HIGH_LEVEL);
  ct.mutable_talent()->add_policies("鸢都惠才卡");
  v1::Talent talent;
  ASSERT_TRUE(stub().CreateTalent(&c8, ct, &talent).ok());
  EXPECT_EQ(talent.stage(), v1::TALENT_STAGE_CONTACTING);
  grpc::ClientContext c9;
  v1::UpdateTalentRequest ut;
  ut.mutable_talent()->set_id(talent.id());
  ut.mutable_talent()->set_stage(v1::TALENT_STAGE_AGREED);
  ut.mutable_update_mask()->add_paths("stage");
  ExpectInvalid(stub().UpdateTalent(&c9, ut, &talent), "talent.agreed_date");
  *ut.mutable_talent()->mutable_agreed_date() = MakeDate(2020, 4, 1);
  ut.mutable_update_mask()->add_paths("agreed_date");
  grpc::ClientContext c10;
  ASSERT_TRUE(stub().UpdateTalent(&c10, ut, &talent).ok());
  grpc::ClientContext c11;
  v1::GetTalentRequest gt;
  gt.set_id(talent.id());
  ASSERT_TRUE(stub().GetTalent(&c11, gt, &talent).ok());
  EXPECT_EQ(talent.stage(), v1::TALENT_STAGE_AGREED);
  grpc::ClientContext c12;
  v1::ListTalentsRequest lt;
  lt.set_kind(v1::TALENT_KIND_HIGH_LEVEL);
  v1::ListTalentsResponse talents;
  ASSERT_TRUE(stub().ListTalents(&c12, lt, &talents).ok());
  EXPECT_EQ(talents.talents_size(), 1);
  grpc::ClientContext c13;
  lt.set_origin(static_cast<v1::Origin>(9));
  ExpectInvalid(stub().ListTalents(&c13, lt, &talents), "origin");
  grpc::ClientContext c14;
  v1::DeleteTalentRequest dt;
  dt.set_id(talent.id());
  ASSERT_TRUE(stub().DeleteTalent(&c14, dt, &empty).ok());
  grpc::ClientContext c15;
  EXPECT_EQ(stub().GetTalent(&c15, gt, &talent).error_code(), StatusCode::NOT_FOUND);

  grpc::ClientContext c16;
  v1::CreateTargetRequest tr;
  tr.mutable_target()->set_year(2020);
  tr.mutable_target()->set_name("签约额");
  tr.mutable_target()->set_metric(v1::METRIC_SIGNED_AMOUNT_YUAN);
  tr.mutable_target()->set_target_value(100 * kYi);
  v1::Target target;
  ASSERT_TRUE(stub().CreateTarget(&c16, tr, &target).ok());
  grpc::ClientContext c17;
  v1::UpdateTargetRequest utr;
  utr.mutable_target()->set_id(target.id());
  utr.mutable_target()->set_target_value(-1);
  utr.mutable_update_mask()->add_paths("target_value");
  ExpectInvalid(stub().UpdateTarget(&c17, utr, &target), "target.target_value");
  grpc::ClientContext c18;
  v1::ListTargetsRequest ltr;
  ltr.set_year(2020);
  v1::ListTargetsResponse targets;
  ASSERT_TRUE(stub().ListTargets(&c18, ltr, &targets).ok());
  ASSERT_EQ(targets.targets_size(), 1);
  EXPECT_EQ(targets.targets(0).target_value(), 100 * kYi);
  grpc::ClientContext c19;
  v1::DeleteTargetRequest dtr;
  dtr.set_id(target.id());
  ASSERT_TRUE(stub().DeleteTarget(&c19, dtr, &empty).ok());
  grpc::ClientContext c20;
  ASSERT_TRUE(stub().ListTargets(&c20, ltr, &targets).ok());
  EXPECT_EQ(targets.targets_size(), 0);
}

// A project service that refuses every CreateProject as a bad field, with its details.
class RefusingProjects : public project::v1::ProjectService::CallbackService {
 public:
  grpc::ServerUnaryReactor* CreateProject(grpc::CallbackServerContext* context,
                                          const project::v1::CreateProjectRequest*,
                                          project::v1::Project*) override {
    grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
    reactor->Finish(ToGrpcStatus(FieldError(
        "project.sector", "must be one of the district's sectors", "领域须为本区的产业领域之一")));
    return reactor;
  }
};

// Errors as data (AIP-193): the client receives the field at fault in a google.rpc.BadRequest and a
// zh-CN google.rpc.LocalizedMessage; LandLead passes on the project service's own.
TEST_F(RecruitmentApiTest, RefusalsCarryTheFieldAndAChineseSentence) {
  v1::Lead got;
  v1::Lead bad = Suning();
  bad.set_investor("");
  const grpc::Status empty = CreateLead(bad, &got);
  google::rpc::BadRequest violations;
  ASSERT_TRUE(testing::DetailIn(empty, &violations)) << empty.error_message();
  ASSERT_EQ(violations.field_violations_size(), 1);
  EXPECT_EQ(violations.field_violations(0).field(), "lead.investor");
  EXPECT_EQ(testing::ExpectLocalized(empty, StatusCode::INVALID_ARGUMENT), "投资方不能为空");

  v1::Lead lead;
  ASSERT_TRUE(CreateLead(Suning(), &lead).ok());
  const grpc::Status landed = Advance(lead.id(), v1::LEAD_STAGE_LANDED, MakeDate(2020, 2, 1));
  ASSERT_TRUE(testing::DetailIn(landed, &violations));
  EXPECT_EQ(violations.field_violations(0).field(), "to_stage");
  testing::ExpectLocalized(landed, StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(testing::ExpectLocalized(Land(lead.id(), &got), StatusCode::FAILED_PRECONDITION),
            "只有已签约的招商项目才能落地，该项目现为线索");
  EXPECT_EQ(testing::ExpectLocalized(Land("L99999999", &got), StatusCode::NOT_FOUND),
            "找不到招商项目 L99999999");

  // The project service's refusal of the landing reaches the client with its details.
  RefusingProjects refusing;
  auto refusing_server =
      *Server::Start("127.0.0.1:0", {{&refusing, "district.project.v1.ProjectService"}});
  district::testing::RecruitmentServer recruitment("127.0.0.1:" +
                                                   std::to_string(refusing_server->port()));
  grpc::ClientContext c1;
  v1::CreateLeadRequest create;
  *create.mutable_lead() = Suning();
  *create.mutable_stage_date() = MakeDate(2020, 1, 2);
  ASSERT_TRUE(recruitment.stub().CreateLead(&c1, create, &lead).ok());
  grpc::ClientContext c2;
  v1::AdvanceLeadRequest sign;
  sign.set_id(lead.id());
  sign.set_to_stage(v1::LEAD_STAGE_SIGNED);
  *sign.mutable_effective_date() = MakeDate(2020, 3, 1);
  sign.set_signed_amount_yuan(kYi);
  ASSERT_TRUE(recruitment.stub().AdvanceLead(&c2, sign, &lead).ok());
  grpc::ClientContext c3;
  v1::LandLeadRequest land;
  land.set_id(lead.id());
  const grpc::Status forwarded = recruitment.stub().LandLead(&c3, land, &got);
  EXPECT_EQ(forwarded.error_message().rfind("project service: ", 0), 0u)
      << forwarded.error_message();
  ASSERT_TRUE(testing::DetailIn(forwarded, &violations)) << forwarded.error_message();
  EXPECT_EQ(violations.field_violations(0).field(), "project.sector");
  EXPECT_EQ(testing::ExpectLocalized(forwarded, StatusCode::INVALID_ARGUMENT),
            "领域须为本区的产业领域之一");
  refusing_server->Shutdown(absl::ZeroDuration());
}

}  // namespace
}  // namespace district::recruitment
