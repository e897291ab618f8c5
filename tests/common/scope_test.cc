// Scoped editors: an editor limited to one park or one leader's records, through real servers on
// loopback. Outside its scope every write is PERMISSION_DENIED, before anything shows whether the
// record exists, and nothing is written; inside it the editor works as any editor. Reads are not
// scoped.
#include <gtest/gtest.h>

#include "common/auth.h"
#include "common/date.h"
#include "tests/support/call_as.h"
#include "tests/support/parks_server.h"
#include "tests/support/project_server.h"
#include "tests/support/recruitment_server.h"

namespace district {
namespace {

using district::testing::CallAs;
using grpc::StatusCode;

TEST(TokensFile, ScopesOnlyEditorsAndReviewersToAParkALeaderOrAUnit) {
  auto parsed = Authenticator::Parse(
      Sha256Hex("t") + " 园区专员 editor park=K00000001\n" + Sha256Hex("u") +
      " 联络员 editor leader=张书记\n" + Sha256Hex("v") + " 填报员 editor unit=区住建局\n" +
      Sha256Hex("w") + " 审核员 reviewer unit=区住建局\n" + Sha256Hex("x") + " 科长 reviewer\n");
  ASSERT_TRUE(parsed.ok()) << parsed.status();
  auto clerk = (*parsed)->AuthenticateToken("v");
  ASSERT_TRUE(clerk.ok());
  EXPECT_EQ((*clerk)->role, Role::kEditor);
  EXPECT_EQ((*clerk)->scope.dimension, Scope::Dimension::kUnit);
  EXPECT_EQ((*clerk)->scope.value, "区住建局");
  auto reviewer = (*parsed)->AuthenticateToken("x");
  ASSERT_TRUE(reviewer.ok());
  EXPECT_EQ((*reviewer)->role, Role::kReviewer);
  EXPECT_EQ((*reviewer)->scope.dimension, Scope::Dimension::kNone);
  for (const std::string& line :
       {Sha256Hex("t") + " a viewer park=K00000001", Sha256Hex("t") + " a admin leader=张书记",
        Sha256Hex("t") + " a editor building=B00000001",
        Sha256Hex("t") + " a editor park=", Sha256Hex("t") + " a viewer unit=区住建局",
        Sha256Hex("t") + " a editor unit=", Sha256Hex("t") + " a auditor"}) {
    auto bad = Authenticator::Parse(line);
    EXPECT_EQ(bad.status().code(), absl::StatusCode::kInvalidArgument) << line;
  }
}

// The park metrics service with an admin who sets up two parks with a building each, an editor
// scoped to the first park, and an unscoped editor to compare with.
class ParkScopeTest : public ::testing::Test {
 protected:
  using Stub = parks::v1::ParkMetricsService::Stub;

  void SetUp() override {
    InstallAuthenticator(*Authenticator::Parse(Sha256Hex("admin") + " 管理员 admin\n" +
                                               Sha256Hex("editor") + " 统计员 editor\n"));
    park_a_ = CreatePark("金融商务产业园");
    park_b_ = CreatePark("平台经济产业园");
    building_a_ = CreateBuilding("admin", "金融大厦", park_a_);
    building_b_ = CreateBuilding("admin", "平台大厦", park_b_);
    ASSERT_FALSE(building_a_.empty());
    ASSERT_FALSE(building_b_.empty());
    InstallAuthenticator(*Authenticator::Parse(
        Sha256Hex("admin") + " 管理员 admin\n" + Sha256Hex("editor") + " 统计员 editor\n" +
        Sha256Hex("scoped") + " 金融园专员 editor park=" + park_a_ + "\n"));
  }
  void TearDown() override { InstallAuthenticator(nullptr); }

  std::string CreatePark(const std::string& name) {
    parks::v1::CreateParkRequest req;
    req.mutable_park()->set_name(name);
    req.mutable_park()->set_kind(parks::v1::PARK_KIND_THEMED_PARK);
    parks::v1::Park out;
    EXPECT_TRUE(CallAs("admin", server_.stub(), &Stub::CreatePark, req, &out).ok());
    return out.id();
  }
  std::string CreateBuilding(const std::string& token, const std::string& name,
                             const std::string& park_id, grpc::Status* status = nullptr) {
    parks::v1::CreateBuildingRequest req;
    req.mutable_building()->set_name(name);
    req.mutable_building()->set_park_id(park_id);
    req.mutable_building()->set_status(parks::v1::BUILDING_STATUS_COMPLETED);
    *req.mutable_building()->mutable_completion_date() = MakeDate(2019, 6, 1);
    parks::v1::Building out;
    grpc::Status s = CallAs(token, server_.stub(), &Stub::CreateBuilding, req, &out);
    if (status != nullptr) *status = s;
    return out.id();
  }
  static parks::v1::BuildingMonth Month(const std::string& building_id, int month) {
    parks::v1::BuildingMonth m;
    m.set_building_id(building_id);
    m.mutable_month()->set_year(2020);
    m.mutable_month()->set_month(month);
    m.set_tax_revenue_yuan(60000000);
    return m;
  }
  grpc::Status Record(const std::string& token, const std::string& building_id) {
    parks::v1::RecordMetricsRequest req;
    *req.mutable_metrics() = Month(building_id, 3);
    parks::v1::BuildingMonth out;
    return CallAs(token, server_.stub(), &Stub::RecordMetrics, req, &out);
  }
  int MonthsOf(const std::string& building_id) {
    parks::v1::GetBuildingSeriesRequest req;
    req.set_building_id(building_id);
    parks::v1::GetBuildingSeriesResponse out;
    EXPECT_TRUE(CallAs("editor", server_.stub(), &Stub::GetBuildingSeries, req, &out).ok());
    return out.months_size();
  }

  district::testing::ParksServer server_;
  std::string park_a_, park_b_, building_a_, building_b_;
};

TEST_F(ParkScopeTest, RecordsMetricsOnlyForItsParksBuildings) {
  EXPECT_TRUE(Record("scoped", building_a_).ok());
  EXPECT_EQ(Record("scoped", building_b_).error_code(), StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(MonthsOf(building_b_), 0);
  EXPECT_TRUE(Record("editor", building_b_).ok());  // an unscoped editor may
}

TEST_F(ParkScopeTest, AMissingBuildingIsDeniedNotReported) {
  EXPECT_EQ(Record("scoped", "B99999999").error_code(), StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Record("editor", "B99999999").error_code(), StatusCode::INVALID_ARGUMENT);
}

TEST_F(ParkScopeTest, ABatchWithOneBuildingOutsideWritesNothing) {
  parks::v1::BatchRecordMetricsRequest req;
  for (int month = 1; month <= 3; ++month) *req.add_metrics() = Month(building_a_, month);
  *req.add_metrics() = Month(building_b_, 1);
  parks::v1::BatchRecordMetricsResponse out;
  EXPECT_EQ(CallAs("scoped", server_.stub(), &Stub::BatchRecordMetrics, req, &out).error_code(),
            StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(MonthsOf(building_a_), 0);
  req.mutable_metrics()->RemoveLast();
  EXPECT_TRUE(CallAs("scoped", server_.stub(), &Stub::BatchRecordMetrics, req, &out).ok());
  EXPECT_EQ(MonthsOf(building_a_), 3);
}

TEST_F(ParkScopeTest, BuildingsAndParksOnlyInsideAndNeverMovedOut) {
  grpc::Status s;
  EXPECT_FALSE(CreateBuilding("scoped", "新楼", park_a_, &s).empty());
  EXPECT_TRUE(s.ok()) << s.error_message();
  CreateBuilding("scoped", "别处的楼", park_b_, &s);
  EXPECT_EQ(s.error_code(), StatusCode::PERMISSION_DENIED);
  CreateBuilding("scoped", "不存在的园区", "K99999999", &s);
  EXPECT_EQ(s.error_code(), StatusCode::PERMISSION_DENIED);  // not "no such park"

  parks::v1::UpdateBuildingRequest move;
  move.mutable_building()->set_id(building_a_);
  move.mutable_building()->set_park_id(park_b_);
  move.mutable_update_mask()->add_paths("park_id");
  parks::v1::Building building;
  EXPECT_EQ(CallAs("scoped", server_.stub(), &Stub::UpdateBuilding, move, &building).error_code(),
            StatusCode::PERMISSION_DENIED);
  parks::v1::GetBuildingRequest get;
  get.set_id(building_a_);
  ASSERT_TRUE(CallAs("scoped", server_.stub(), &Stub::GetBuilding, get, &building).ok());
  EXPECT_EQ(building.park_id(), park_a_);

  parks::v1::UpdateParkRequest rename;
  rename.mutable_park()->set_theme("金融");
  rename.mutable_update_mask()->add_paths("theme");
  parks::v1::Park park;
  rename.mutable_park()->set_id(park_a_);
  EXPECT_TRUE(CallAs("scoped", server_.stub(), &Stub::UpdatePark, rename, &park).ok());
  rename.mutable_park()->set_id(park_b_);
  EXPECT_EQ(CallAs("scoped", server_.stub(), &Stub::UpdatePark, rename, &park).error_code(),
            StatusCode::PERMISSION_DENIED);
}

// The project and recruitment services with an editor scoped to one leader's records.
class LeaderScopeTest : public ::testing::Test {
 protected:
  using Projects = project::v1::ProjectService::Stub;
  using Recruitment = recruitment::v1::RecruitmentService::Stub;

  void SetUp() override {
    InstallAuthenticator(*Authenticator::Parse(
        Sha256Hex("editor") + " 统计员 editor\n" + Sha256Hex("scoped") +
        " 张书记联络员 editor leader=张书记\n" + Sha256Hex("service") + " recruitment editor\n"));
    SetServiceToken("service");
    mine_ = CreateProject("editor", "张书记");
    theirs_ = CreateProject("editor", "王区长");
  }
  void TearDown() override {
    SetServiceToken("");
    InstallAuthenticator(nullptr);
  }

  std::string CreateProject(const std::string& token, const std::string& leader,
                            grpc::Status* status = nullptr) {
    project::v1::CreateProjectRequest req;
    req.mutable_project()->set_name("林德液压精密智驱动系列产品项目");
    req.mutable_project()->set_leader(leader);
    project::v1::Project out;
    grpc::Status s = CallAs(token, projects_.stub(), &Projects::CreateProject, req, &out);
    if (status != nullptr) *status = s;
    return out.id();
  }
  grpc::Status Rename(const std::string& token, const std::string& id) {
    project::v1::UpdateProjectRequest req;
    req.mutable_project()->set_id(id);
    req.mutable_project()->set_name("改名");
    req.mutable_update_mask()->add_paths("name");
    project::v1::Project out;
    return CallAs(token, projects_.stub(), &Projects::UpdateProject, req, &out);
  }
  project::v1::Project Get(const std::string& id) {
    project::v1::GetProjectRequest req;
    req.set_id(id);
    project::v1::Project out;
    EXPECT_TRUE(CallAs("scoped", projects_.stub(), &Projects::GetProject, req, &out).ok());
    return out;
  }

  district::testing::ProjectServer projects_;
  district::testing::RecruitmentServer recruitment_{projects_.address()};
  std::string mine_, theirs_;
};

TEST_F(LeaderScopeTest, ChangesOnlyItsLeadersProjects) {
  EXPECT_TRUE(Rename("scoped", mine_).ok());
  EXPECT_EQ(Rename("scoped", theirs_).error_code(), StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Rename("scoped", "P99999999").error_code(), StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Rename("editor", "P99999999").error_code(), StatusCode::NOT_FOUND);
  EXPECT_EQ(Get(theirs_).name(), "林德液压精密智驱动系列产品项目");  // reads are not scoped

  grpc::Status s;
  CreateProject("scoped", "王区长", &s);
  EXPECT_EQ(s.error_code(), StatusCode::PERMISSION_DENIED);
  CreateProject("scoped", "张书记", &s);
  EXPECT_TRUE(s.ok()) << s.error_message();

  project::v1::UpdateProjectRequest hand_over;  // nor may it hand its project to another leader
  hand_over.mutable_project()->set_id(mine_);
  hand_over.mutable_project()->set_leader("王区长");
  hand_over.mutable_update_mask()->add_paths("leader");
  project::v1::Project out;
  EXPECT_EQ(
      CallAs("scoped", projects_.stub(), &Projects::UpdateProject, hand_over, &out).error_code(),
      StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Get(mine_).leader(), "张书记");
}

TEST_F(LeaderScopeTest, AProjectsMilestonesStagesAndInvestmentAreItsLeaders) {
  project::v1::CreateMilestoneRequest milestone;
  milestone.mutable_milestone()->set_title("主体封顶");
  *milestone.mutable_milestone()->mutable_planned_date() = MakeDate(2020, 10, 1);
  project::v1::Milestone m;
  for (const auto& [id, expected] :
       {std::make_pair(mine_, StatusCode::OK),
        std::make_pair(theirs_, StatusCode::PERMISSION_DENIED),
        std::make_pair(std::string("P99999999"), StatusCode::PERMISSION_DENIED)}) {
    milestone.mutable_milestone()->set_project_id(id);
    EXPECT_EQ(
        CallAs("scoped", projects_.stub(), &Projects::CreateMilestone, milestone, &m).error_code(),
        expected)
        << id;
  }

  project::v1::AdvanceStageRequest advance;
  advance.set_id(theirs_);
  advance.set_to_stage(project::v1::STAGE_SIGNED);
  *advance.mutable_effective_date() = Today();
  project::v1::Project p;
  EXPECT_EQ(CallAs("scoped", projects_.stub(), &Projects::AdvanceStage, advance, &p).error_code(),
            StatusCode::PERMISSION_DENIED);

  project::v1::RecordInvestmentRequest invest;
  invest.set_project_id(theirs_);
  invest.mutable_month()->set_year(2020);
  invest.mutable_month()->set_month(3);
  invest.set_invested_yuan(1000000);
  project::v1::InvestmentReport report;
  EXPECT_EQ(
      CallAs("scoped", projects_.stub(), &Projects::RecordInvestment, invest, &report).error_code(),
      StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Get(theirs_).invested_to_date_yuan(), 0);
  EXPECT_EQ(Get(theirs_).stage(), project::v1::STAGE_PLANNING);
}

TEST_F(LeaderScopeTest, LandingAnotherLeadersLeadMakesNoProject) {
  recruitment::v1::CreateLeadRequest create;
  create.mutable_lead()->set_name("招商蛇口项目");
  create.mutable_lead()->set_investor("招商蛇口");
  create.mutable_lead()->set_field(recruitment::v1::FIELD_FINANCE_BUSINESS);
  create.mutable_lead()->set_leader("王区长");
  *create.mutable_stage_date() = MakeDate(2020, 1, 2);
  recruitment::v1::Lead lead;
  ASSERT_TRUE(CallAs("editor", recruitment_.stub(), &Recruitment::CreateLead, create, &lead).ok());
  recruitment::v1::AdvanceLeadRequest sign;
  sign.set_id(lead.id());
  sign.set_to_stage(recruitment::v1::LEAD_STAGE_SIGNED);
  *sign.mutable_effective_date() = MakeDate(2020, 5, 1);
  sign.set_signed_amount_yuan(1500000000);
  EXPECT_EQ(
      CallAs("scoped", recruitment_.stub(), &Recruitment::AdvanceLead, sign, &lead).error_code(),
      StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(CallAs("editor", recruitment_.stub(), &Recruitment::AdvanceLead, sign, &lead).ok());

  recruitment::v1::CreateFollowUpRequest follow;
  follow.mutable_follow_up()->set_lead_id(lead.id());
  follow.mutable_follow_up()->set_summary("洽谈");
  follow.mutable_follow_up()->set_kind(recruitment::v1::FOLLOW_UP_KIND_MEETING);
  *follow.mutable_follow_up()->mutable_date() = MakeDate(2020, 5, 2);
  recruitment::v1::FollowUp f;
  EXPECT_EQ(
      CallAs("scoped", recruitment_.stub(), &Recruitment::CreateFollowUp, follow, &f).error_code(),
      StatusCode::PERMISSION_DENIED);

  recruitment::v1::LandLeadRequest land;
  land.set_id(lead.id());
  EXPECT_EQ(CallAs("scoped", recruitment_.stub(), &Recruitment::LandLead, land, &lead).error_code(),
            StatusCode::PERMISSION_DENIED);
  project::v1::ListProjectsRequest list;
  project::v1::ListProjectsResponse listed;
  ASSERT_TRUE(CallAs("editor", projects_.stub(), &Projects::ListProjects, list, &listed).ok());
  EXPECT_EQ(listed.projects_size(), 2);  // the two of SetUp, none from the lead

  recruitment::v1::CreateTalentRequest talent;  // talents belong to no leader: not for it
  talent.mutable_talent()->set_name("李博士");
  talent.mutable_talent()->set_kind(recruitment::v1::TALENT_KIND_HIGH_LEVEL);
  talent.mutable_talent()->set_stage(recruitment::v1::TALENT_STAGE_CONTACTING);
  recruitment::v1::Talent t;
  EXPECT_EQ(
      CallAs("scoped", recruitment_.stub(), &Recruitment::CreateTalent, talent, &t).error_code(),
      StatusCode::PERMISSION_DENIED);
}

}  // namespace
}  // namespace district
