// The whole ProjectService API through a real client, against a server on a loopback port with
// RocksDB in a temporary directory.
#include <set>
#include <thread>

#include <limits>

#include <map>

#include <gtest/gtest.h>

#include "absl/strings/str_cat.h"
#include "common/date.h"
#include "district/audit/v1/audit.grpc.pb.h"
#include "tests/support/expect.h"
#include "tests/support/project_server.h"

namespace district::project {
namespace {

using district::testing::ExpectInvalid;
using grpc::StatusCode;

constexpr int64_t kYi = 100000000;  // 1 亿元

class ProjectApiTest : public ::testing::Test {
 protected:
  v1::ProjectService::Stub& stub() { return server_.stub(); }

  v1::Project Linde() {
    v1::Project p;
    p.set_name("林德液压精密智驱动系列产品项目");
    p.set_owner("林德液压");
    p.set_sector("高端装备");
    p.set_level(v1::LEVEL_PROVINCIAL);
    p.set_total_investment_yuan(10 * kYi);
    p.set_land_area_mu(240);
    p.set_expected_annual_revenue_yuan(10 * kYi);
    p.set_leader("张三");
    p.set_park_id("park-1");
    p.add_tags("全省2020年重大项目");
    return p;
  }

  grpc::Status Create(const v1::Project& p, v1::Project* out, const std::string& request_id = "",
                      const Date& stage_date = Date()) {
    grpc::ClientContext ctx;
    v1::CreateProjectRequest req;
    *req.mutable_project() = p;
    req.set_request_id(request_id);
    *req.mutable_stage_date() = stage_date;
    return stub().CreateProject(&ctx, req, out);
  }

  v1::Project MustCreate(const v1::Project& p, const Date& stage_date = MakeDate(2020, 1, 2)) {
    v1::Project out;
    grpc::Status s = Create(p, &out, "", stage_date);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return out;
  }

  grpc::Status Advance(const std::string& id, v1::Stage to, const Date& date,
                       const std::string& reason = "", v1::Project* out = nullptr) {
    grpc::ClientContext ctx;
    v1::AdvanceStageRequest req;
    req.set_id(id);
    req.set_to_stage(to);
    *req.mutable_effective_date() = date;
    req.set_reason(reason);
    v1::Project ignored;
    return stub().AdvanceStage(&ctx, req, out != nullptr ? out : &ignored);
  }

  std::vector<std::string> ListIds(v1::ListProjectsRequest req) {
    std::vector<std::string> ids;
    do {
      grpc::ClientContext ctx;
      v1::ListProjectsResponse resp;
      grpc::Status s = stub().ListProjects(&ctx, req, &resp);
      EXPECT_TRUE(s.ok()) << s.error_message();
      if (!s.ok()) break;
      for (const auto& p : resp.projects()) ids.push_back(p.id());
      req.set_page_token(resp.next_page_token());
    } while (!req.page_token().empty());
    return ids;
  }

  // How many audit entries name `resource` ("project/P00000001").
  int AuditEntries(const std::string& resource) {
    auto audit = audit::v1::AuditService::NewStub(server_.channel());
    grpc::ClientContext ctx;
    audit::v1::ListAuditEntriesRequest req;
    req.set_resource(resource);
    req.set_page_size(1000);
    audit::v1::ListAuditEntriesResponse resp;
    grpc::Status s = audit->ListAuditEntries(&ctx, req, &resp);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return resp.entries_size();
  }

  district::testing::ProjectServer server_;
};

TEST_F(ProjectApiTest, SectorIsOneOfTheDistrictsSectors) {
  v1::Project p = Linde();
  p.set_sector("高端装备制造");
  grpc::ClientContext ctx;
  v1::CreateProjectRequest req;
  *req.mutable_project() = p;
  v1::Project out;
  ExpectInvalid(stub().CreateProject(&ctx, req, &out), "project.sector");
  p.set_sector("");        // not classified yet
  p.clear_land_area_mu();  // not known: absent, not 0
  v1::Project created = MustCreate(p);
  EXPECT_EQ(created.sector(), "");
  EXPECT_FALSE(created.has_land_area_mu());
}

TEST_F(ProjectApiTest, CreateAndGetKeepChineseTextAndFigures) {
  v1::Project created = MustCreate(Linde());
  EXPECT_FALSE(created.id().empty());
  EXPECT_EQ(created.stage(), v1::STAGE_PLANNING);
  EXPECT_FALSE(created.etag().empty());
  EXPECT_GT(created.create_time().seconds(), 0);
  ASSERT_EQ(created.stage_history_size(), 1);
  EXPECT_EQ(DateToString(created.stage_history(0).effective_date()), "2020-01-02");

  grpc::ClientContext ctx;
  v1::GetProjectRequest req;
  req.set_id(created.id());
  v1::Project got;
  ASSERT_TRUE(stub().GetProject(&ctx, req, &got).ok());
  EXPECT_EQ(got.name(), "林德液压精密智驱动系列产品项目");
  EXPECT_EQ(got.total_investment_yuan(), 1000000000);
  EXPECT_DOUBLE_EQ(got.land_area_mu(), 240);
  EXPECT_EQ(got.tags(0), "全省2020年重大项目");
  EXPECT_EQ(got.etag(), created.etag());
}

TEST_F(ProjectApiTest, CreateInAStageAlreadyReached) {
  v1::Project p = Linde();
  p.set_stage(v1::STAGE_UNDER_CONSTRUCTION);
  v1::Project created = MustCreate(p, MakeDate(2020, 3, 1));
  EXPECT_EQ(created.stage(), v1::STAGE_UNDER_CONSTRUCTION);
  p.set_stage(v1::STAGE_CANCELLED);
  v1::Project out;
  ExpectInvalid(Create(p, &out), "project.stage");
}

TEST_F(ProjectApiTest, BadInputIsInvalidArgumentNamingTheField) {
  v1::Project out;
  v1::Project p = Linde();
  p.set_name("");
  ExpectInvalid(Create(p, &out), "project.name");
  p = Linde();
  p.set_total_investment_yuan(-1);
  ExpectInvalid(Create(p, &out), "project.total_investment_yuan");
  p = Linde();
  p.set_land_area_mu(-0.5);
  ExpectInvalid(Create(p, &out), "project.land_area_mu");
  p = Linde();
  p.set_level(static_cast<v1::Level>(99));
  ExpectInvalid(Create(p, &out), "project.level");
  p = Linde();
  p.add_programme()->set_year(2020);
  p.add_programme()->set_year(2020);
  ExpectInvalid(Create(p, &out), "project.programme[1].year");
  ExpectInvalid(Create(Linde(), &out, "", MakeDate(2020, 2, 30)), "stage_date");
  ExpectInvalid(Create(Linde(), &out, std::string(200, 'r')), "request_id");

  grpc::ClientContext ctx;
  v1::GetProjectRequest get;
  ExpectInvalid(stub().GetProject(&ctx, get, &out), "id");
}

TEST_F(ProjectApiTest, MissingResourcesAreNotFound) {
  v1::Project out;
  grpc::ClientContext ctx;
  v1::GetProjectRequest get;
  get.set_id("P99999999");
  EXPECT_EQ(stub().GetProject(&ctx, get, &out).error_code(), StatusCode::NOT_FOUND);
  EXPECT_EQ(Advance("P99999999", v1::STAGE_SIGNED, MakeDate(2020, 2, 1)).error_code(),
            StatusCode::NOT_FOUND);
  grpc::ClientContext ctx2;
  v1::DeleteProjectRequest del;
  del.set_id("P99999999");
  google::protobuf::Empty empty;
  EXPECT_EQ(stub().DeleteProject(&ctx2, del, &empty).error_code(), StatusCode::NOT_FOUND);
  grpc::ClientContext ctx3;
  v1::CreateMilestoneRequest ms;
  ms.mutable_milestone()->set_project_id("P99999999");
  ms.mutable_milestone()->set_title("开工");
  *ms.mutable_milestone()->mutable_planned_date() = MakeDate(2020, 5, 1);
  v1::Milestone m;
  EXPECT_EQ(stub().CreateMilestone(&ctx3, ms, &m).error_code(), StatusCode::NOT_FOUND);
}

TEST_F(ProjectApiTest, RetriedCreateWithRequestIdCreatesOnce) {
  v1::Project first, second;
  ASSERT_TRUE(Create(Linde(), &first, "req-linde-1").ok());
  ASSERT_TRUE(Create(Linde(), &second, "req-linde-1").ok());
  EXPECT_EQ(first.id(), second.id());
  EXPECT_EQ(first.create_time().nanos(), second.create_time().nanos());
  v1::Project other = Linde();
  other.set_name("另一个项目");
  v1::Project third;
  ExpectInvalid(Create(other, &third, "req-linde-1"), "request_id");
  EXPECT_EQ(ListIds({}).size(), 1u);
}

TEST_F(ProjectApiTest, ConcurrentRetriesWithOneRequestIdCreateOne) {
  std::vector<std::thread> threads;
  std::vector<std::string> ids(8);
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&, i] {
      v1::Project out;
      EXPECT_TRUE(Create(Linde(), &out, "same").ok());
      ids[i] = out.id();
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(std::set<std::string>(ids.begin(), ids.end()).size(), 1u);
  EXPECT_EQ(ListIds({}).size(), 1u);
}

TEST_F(ProjectApiTest, ListPagesInStableOrderWithFilters) {
  std::vector<std::string> all;
  for (int i = 0; i < 23; ++i) {
    v1::Project p = Linde();
    p.set_name("项目" + std::to_string(i));
    p.set_leader(i % 2 == 0 ? "王书记" : "李区长");
    p.set_sector(i % 3 == 0 ? "文化旅游" : "高端装备");
    if (i < 5) p.add_programme()->set_year(2020);
    if (i % 4 == 0) p.set_park_id("park-2");
    if (i % 5 == 0) p.set_level(v1::LEVEL_DISTRICT);
    all.push_back(MustCreate(p).id());
  }
  v1::ListProjectsRequest req;
  req.set_page_size(4);
  EXPECT_EQ(ListIds(req), all);

  req.set_leader("王书记");
  std::vector<std::string> wang = ListIds(req);
  EXPECT_EQ(wang.size(), 12u);
  EXPECT_TRUE(std::is_sorted(wang.begin(), wang.end()));

  req.set_sector("文化旅游");  // both filters: i % 6 == 0
  EXPECT_EQ(ListIds(req).size(), 4u);

  v1::ListProjectsRequest year;
  year.set_programme_year(2020);
  EXPECT_EQ(ListIds(year), std::vector<std::string>(all.begin(), all.begin() + 5));

  v1::ListProjectsRequest park;  // i % 4 == 0
  park.set_page_size(2);
  park.set_park_id("park-2");
  EXPECT_EQ(ListIds(park),
            (std::vector<std::string>{all[0], all[4], all[8], all[12], all[16], all[20]}));
  park.set_level(v1::LEVEL_DISTRICT);  // and i % 5 == 0
  EXPECT_EQ(ListIds(park), (std::vector<std::string>{all[0], all[20]}));

  v1::ListProjectsRequest exact;  // a full last page has no next token
  exact.set_page_size(23);
  grpc::ClientContext ctx;
  v1::ListProjectsResponse resp;
  ASSERT_TRUE(stub().ListProjects(&ctx, exact, &resp).ok());
  EXPECT_EQ(resp.projects_size(), 23);
  EXPECT_TRUE(resp.next_page_token().empty());
}

// A page of 1000 large records would pass the 8 MiB message limit: pages are capped by bytes too,
// ending early with a token, and every record is still listed once.
TEST_F(ProjectApiTest, PagesOfLargeRecordsStayWithinTheMessageLimit) {
  std::vector<std::string> all;
  for (int i = 0; i < 50; ++i) {
    v1::Project p = Linde();
    p.clear_tags();
    for (int t = 0; t < 50; ++t) p.add_tags(std::string(4000, 'a' + t % 26) + std::to_string(i));
    all.push_back(MustCreate(p).id());
  }
  v1::ListProjectsRequest req;
  req.set_page_size(1000);
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
  v1::ListProjectsResponse resp;
  grpc::Status s = stub().ListProjects(&ctx, req, &resp);
  ASSERT_TRUE(s.ok()) << s.error_message();
  EXPECT_GT(resp.projects_size(), 0);
  EXPECT_LT(resp.projects_size(), 50);
  EXPECT_LE(resp.ByteSizeLong(), (size_t{4} << 20) + 64);
  EXPECT_FALSE(resp.next_page_token().empty());
  EXPECT_EQ(ListIds(req), all);
}

TEST_F(ProjectApiTest, ListRejectsBadPagingAndFilters) {
  v1::ListProjectsResponse resp;
  v1::ListProjectsRequest req;
  req.set_page_size(1001);
  grpc::ClientContext c1;
  ExpectInvalid(stub().ListProjects(&c1, req, &resp), "page_size");
  req.set_page_size(-3);
  grpc::ClientContext c2;
  ExpectInvalid(stub().ListProjects(&c2, req, &resp), "page_size");
  req.set_page_size(1);
  req.set_page_token("garbage");
  grpc::ClientContext c3;
  ExpectInvalid(stub().ListProjects(&c3, req, &resp), "page_token");
  req.clear_page_token();
  req.set_stage(static_cast<v1::Stage>(77));
  grpc::ClientContext c4;
  ExpectInvalid(stub().ListProjects(&c4, req, &resp), "stage");

  MustCreate(Linde());
  MustCreate(Linde());
  v1::ListProjectsRequest first;
  first.set_page_size(1);
  grpc::ClientContext c5;
  ASSERT_TRUE(stub().ListProjects(&c5, first, &resp).ok());
  ASSERT_FALSE(resp.next_page_token().empty());
  first.set_page_token(resp.next_page_token());
  first.set_leader("someone else");  // a token from another query
  grpc::ClientContext c6;
  ExpectInvalid(stub().ListProjects(&c6, first, &resp), "page_token");
}

TEST_F(ProjectApiTest, UpdateWithMaskAndEtag) {
  v1::Project created = MustCreate(Linde());
  v1::UpdateProjectRequest req;
  req.mutable_project()->set_id(created.id());
  req.mutable_project()->set_leader("新领导");
  req.mutable_project()->set_name("ignored: not in the mask");
  req.mutable_update_mask()->add_paths("leader");
  req.set_etag(created.etag());
  v1::Project updated;
  grpc::ClientContext c1;
  ASSERT_TRUE(stub().UpdateProject(&c1, req, &updated).ok());
  EXPECT_EQ(updated.leader(), "新领导");
  EXPECT_EQ(updated.name(), created.name());
  EXPECT_NE(updated.etag(), created.etag());

  // The same stale etag again: ABORTED, nothing changes.
  req.mutable_project()->set_leader("第三位");
  grpc::ClientContext c2;
  EXPECT_EQ(stub().UpdateProject(&c2, req, &updated).error_code(), StatusCode::ABORTED);

  // Leader moved index: the old leader no longer finds it, the new one does.
  v1::ListProjectsRequest by_old;
  by_old.set_leader("张三");
  EXPECT_TRUE(ListIds(by_old).empty());
  v1::ListProjectsRequest by_new;
  by_new.set_leader("新领导");
  EXPECT_EQ(ListIds(by_new), std::vector<std::string>{created.id()});

  // No mask: only the fields the request populates change (AIP-134); the others stay.
  v1::UpdateProjectRequest rename;
  rename.mutable_project()->set_id(created.id());
  rename.mutable_project()->set_name("林德液压二期");
  grpc::ClientContext c1b;
  ASSERT_TRUE(stub().UpdateProject(&c1b, rename, &updated).ok());
  EXPECT_EQ(updated.name(), "林德液压二期");
  EXPECT_EQ(updated.leader(), "新领导");
  EXPECT_EQ(updated.total_investment_yuan(), created.total_investment_yuan());
  EXPECT_EQ(updated.land_area_mu(), created.land_area_mu());

  v1::UpdateProjectRequest bad;
  bad.mutable_project()->set_id(created.id());
  bad.mutable_update_mask()->add_paths("stage");  // output only: only AdvanceStage moves it
  grpc::ClientContext c3;
  ExpectInvalid(stub().UpdateProject(&c3, bad, &updated), "update_mask");
  bad.mutable_update_mask()->Clear();
  bad.mutable_update_mask()->add_paths("total_investment_yuan");
  bad.mutable_project()->set_total_investment_yuan(-5);
  grpc::ClientContext c4;
  ExpectInvalid(stub().UpdateProject(&c4, bad, &updated), "project.total_investment_yuan");
  bad.mutable_update_mask()->Clear();
  bad.mutable_update_mask()->add_paths("name");
  grpc::ClientContext c5;
  ExpectInvalid(stub().UpdateProject(&c5, bad, &updated), "project.name");
}

// AIP-154: the etag may come on the resource itself (project.etag) as well as on the request; a
// stale one is ABORTED either way, and two that differ are INVALID_ARGUMENT naming etag.
TEST_F(ProjectApiTest, TheResourcesOwnEtagIsCheckedAsTheRequestsIs) {
  const v1::Project created = MustCreate(Linde());
  auto update = [&](const std::string& request_etag, const std::string& resource_etag,
                    const std::string& leader, v1::Project* out) {
    grpc::ClientContext ctx;
    v1::UpdateProjectRequest req;
    req.mutable_project()->set_id(created.id());
    req.mutable_project()->set_leader(leader);
    req.mutable_project()->set_etag(resource_etag);
    req.set_etag(request_etag);
    return stub().UpdateProject(&ctx, req, out);
  };
  v1::Project updated;
  ASSERT_TRUE(update("", created.etag(), "李四", &updated).ok());
  EXPECT_NE(updated.etag(), created.etag());
  EXPECT_EQ(update("", created.etag(), "王五", &updated).error_code(), StatusCode::ABORTED)
      << "project.etag is stale";
  ExpectInvalid(update(created.etag(), updated.etag(), "王五", &updated), "etag");
  v1::Project again;
  ASSERT_TRUE(update(updated.etag(), updated.etag(), "王五", &again).ok());
  EXPECT_EQ(again.leader(), "王五");

  // The milestone's, obstacle's and programme's etags alike.
  v1::Milestone milestone;
  {
    grpc::ClientContext ctx;
    v1::CreateMilestoneRequest req;
    req.mutable_milestone()->set_project_id(created.id());
    req.mutable_milestone()->set_title("开工");
    *req.mutable_milestone()->mutable_planned_date() = MakeDate(2020, 5, 1);
    ASSERT_TRUE(stub().CreateMilestone(&ctx, req, &milestone).ok());
  }
  {
    grpc::ClientContext ctx;
    v1::UpdateMilestoneRequest req;
    *req.mutable_milestone() = milestone;
    req.mutable_milestone()->set_title("开工仪式");
    req.mutable_milestone()->set_etag("stale");
    req.mutable_update_mask()->add_paths("title");
    v1::Milestone out;
    EXPECT_EQ(stub().UpdateMilestone(&ctx, req, &out).error_code(), StatusCode::ABORTED);
  }
  v1::AnnualProgramme programme;
  {
    grpc::ClientContext ctx;
    v1::UpdateProgrammeRequest req;
    req.mutable_programme()->set_year(2020);
    req.mutable_programme()->set_planned_project_count(115);
    ASSERT_TRUE(stub().UpdateProgramme(&ctx, req, &programme).ok());
  }
  {
    grpc::ClientContext ctx;
    v1::UpdateProgrammeRequest req;
    *req.mutable_programme() = programme;
    req.mutable_programme()->set_planned_project_count(116);
    req.mutable_programme()->set_etag("stale");
    v1::AnnualProgramme out;
    EXPECT_EQ(stub().UpdateProgramme(&ctx, req, &out).error_code(), StatusCode::ABORTED);
    grpc::ClientContext ctx2;
    req.mutable_programme()->set_etag(programme.etag());
    req.set_etag("stale");
    ExpectInvalid(stub().UpdateProgramme(&ctx2, req, &out), "etag");
  }
}

// An update that changes nothing is no change: the same etag and update time, no audit entry.
TEST_F(ProjectApiTest, AnUpdateThatChangesNothingWritesNothing) {
  const v1::Project created = MustCreate(Linde());
  const std::string name = absl::StrCat("project/", created.id());
  ASSERT_EQ(AuditEntries(name), 1);
  auto update = [&](const v1::UpdateProjectRequest& req) {
    grpc::ClientContext ctx;
    v1::Project out;
    grpc::Status s = stub().UpdateProject(&ctx, req, &out);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return out;
  };
  v1::UpdateProjectRequest same;
  same.mutable_project()->set_id(created.id());
  same.mutable_project()->set_leader(created.leader());
  same.mutable_project()->set_name(created.name());
  same.mutable_update_mask()->add_paths("leader");
  same.mutable_update_mask()->add_paths("name");
  same.set_etag(created.etag());
  v1::Project out = update(same);
  EXPECT_EQ(out.etag(), created.etag());
  EXPECT_EQ(out.update_time().seconds(), created.update_time().seconds());
  EXPECT_EQ(out.update_time().nanos(), created.update_time().nanos());
  v1::UpdateProjectRequest empty;  // no field, no mask
  empty.mutable_project()->set_id(created.id());
  EXPECT_EQ(update(empty).etag(), created.etag());
  EXPECT_EQ(AuditEntries(name), 1) << "a no-op update wrote an audit entry";

  // The same programme again.
  v1::UpdateProgrammeRequest put;
  put.mutable_programme()->set_year(2020);
  put.mutable_programme()->set_planned_project_count(115);
  v1::AnnualProgramme first, second;
  grpc::ClientContext c1, c2;
  ASSERT_TRUE(stub().UpdateProgramme(&c1, put, &first).ok());
  ASSERT_TRUE(stub().UpdateProgramme(&c2, put, &second).ok());
  EXPECT_EQ(second.etag(), first.etag());
  EXPECT_EQ(AuditEntries("programme/2020"), 1);
}

// A month's investment imported again with the same figures changes nothing: the project keeps
// its etag, and no audit entry is written.
TEST_F(ProjectApiTest, AnIdenticalReimportWritesNothing) {
  const v1::Project created = MustCreate(Linde());
  const std::string name = absl::StrCat("project/", created.id());
  v1::BatchRecordInvestmentRequest batch;
  for (int month : {3, 4}) {
    v1::RecordInvestmentRequest* r = batch.add_reports();
    r->set_project_id(created.id());
    r->mutable_month()->set_year(2020);
    r->mutable_month()->set_month(month);
    r->set_invested_yuan(month * kYi);
    r->set_note("月报");
  }
  auto import = [&] {
    grpc::ClientContext ctx;
    v1::BatchRecordInvestmentResponse out;
    grpc::Status s = stub().BatchRecordInvestment(&ctx, batch, &out);
    EXPECT_TRUE(s.ok()) << s.error_message();
  };
  auto get = [&] {
    grpc::ClientContext ctx;
    v1::GetProjectRequest req;
    req.set_id(created.id());
    v1::Project p;
    EXPECT_TRUE(stub().GetProject(&ctx, req, &p).ok());
    return p;
  };
  import();
  const v1::Project imported = get();
  EXPECT_NE(imported.etag(), created.etag());
  const int entries = AuditEntries(name);
  import();
  EXPECT_EQ(get().etag(), imported.etag());
  EXPECT_EQ(get().invested_to_date_yuan(), 7 * kYi);
  EXPECT_EQ(AuditEntries(name), entries) << "the same import again wrote an audit entry";
  // One figure changed: that project changes, once.
  batch.mutable_reports(1)->set_invested_yuan(5 * kYi);
  import();
  EXPECT_NE(get().etag(), imported.etag());
  EXPECT_EQ(get().invested_to_date_yuan(), 8 * kYi);
  EXPECT_EQ(AuditEntries(name), entries + 1);
}

TEST_F(ProjectApiTest, StagesAdvanceWithHistoryAndIndexes) {
  v1::Project p = MustCreate(Linde());
  v1::Project out;
  ASSERT_TRUE(Advance(p.id(), v1::STAGE_SIGNED, MakeDate(2020, 2, 1), "", &out).ok());
  EXPECT_EQ(Advance(p.id(), v1::STAGE_LAND_ACQUIRED, MakeDate(2020, 2, 2)).error_code(),
            StatusCode::FAILED_PRECONDITION);
  ExpectInvalid(Advance(p.id(), v1::STAGE_APPROVED, MakeDate(2020, 1, 5)), "effective_date");
  ASSERT_TRUE(Advance(p.id(), v1::STAGE_APPROVED, MakeDate(2020, 2, 3), "", &out).ok());
  ASSERT_EQ(out.stage_history_size(), 3);
  EXPECT_EQ(out.stage_history(2).from_stage(), v1::STAGE_SIGNED);
  EXPECT_EQ(DateToString(out.stage_history(2).effective_date()), "2020-02-03");

  ASSERT_TRUE(Advance(p.id(), v1::STAGE_CANCELLED, MakeDate(2020, 3, 1), "撤资", &out).ok());
  EXPECT_EQ(Advance(p.id(), v1::STAGE_PLANNING, MakeDate(2020, 3, 2), "重启").error_code(),
            StatusCode::FAILED_PRECONDITION);
  v1::ListProjectsRequest cancelled;
  cancelled.set_stage(v1::STAGE_CANCELLED);
  EXPECT_EQ(ListIds(cancelled), std::vector<std::string>{p.id()});
  v1::ListProjectsRequest planning;
  planning.set_stage(v1::STAGE_PLANNING);
  EXPECT_TRUE(ListIds(planning).empty());
}

TEST_F(ProjectApiTest, DeleteRemovesProjectIndexesAndChildren) {
  v1::Project p = MustCreate(Linde());
  grpc::ClientContext c0;
  v1::CreateObstacleRequest ob;
  ob.mutable_obstacle()->set_project_id(p.id());
  ob.mutable_obstacle()->set_kind(v1::OBSTACLE_KIND_LAND);
  ob.mutable_obstacle()->set_description("用地指标");
  v1::Obstacle obstacle;
  ASSERT_TRUE(stub().CreateObstacle(&c0, ob, &obstacle).ok());

  grpc::ClientContext c1;
  v1::DeleteProjectRequest del;
  del.set_id(p.id());
  del.set_etag("stale");
  google::protobuf::Empty empty;
  EXPECT_EQ(stub().DeleteProject(&c1, del, &empty).error_code(), StatusCode::ABORTED);
  del.clear_etag();
  grpc::ClientContext c2;
  ASSERT_TRUE(stub().DeleteProject(&c2, del, &empty).ok());
  v1::ListProjectsRequest by_leader;
  by_leader.set_leader("张三");
  EXPECT_TRUE(ListIds(by_leader).empty());
  EXPECT_TRUE(ListIds({}).empty());
  grpc::ClientContext c3;
  v1::UpdateObstacleRequest up;
  up.mutable_obstacle()->set_id(obstacle.id());
  up.mutable_update_mask()->add_paths("owner");
  EXPECT_EQ(stub().UpdateObstacle(&c3, up, &obstacle).error_code(), StatusCode::NOT_FOUND);
  // Ids are not reused.
  EXPECT_NE(MustCreate(Linde()).id(), p.id());
}

TEST_F(ProjectApiTest, MilestonesAreFlaggedOverdue) {
  v1::Project p = MustCreate(Linde());
  auto create = [&](const std::string& title, const Date& planned, v1::Milestone* out) {
    grpc::ClientContext ctx;
    v1::CreateMilestoneRequest req;
    req.mutable_milestone()->set_project_id(p.id());
    req.mutable_milestone()->set_title(title);
    *req.mutable_milestone()->mutable_planned_date() = planned;
    return stub().CreateMilestone(&ctx, req, out);
  };
  v1::Milestone past, future;
  ASSERT_TRUE(create("主体封顶", MakeDate(2020, 6, 30), &past).ok());
  ASSERT_TRUE(create("竣工", MakeDate(9999, 1, 1), &future).ok());
  EXPECT_TRUE(past.overdue());
  EXPECT_FALSE(future.overdue());
  v1::Milestone bad;
  ExpectInvalid(create("", MakeDate(2020, 1, 1), &bad), "milestone.title");
  ExpectInvalid(create("x", MakeDate(2020, 0, 1), &bad), "milestone.planned_date");

  grpc::ClientContext c1;
  v1::ListMilestonesRequest list;
  list.set_project_id(p.id());
  list.set_overdue_only(true);
  v1::ListMilestonesResponse resp;
  ASSERT_TRUE(stub().ListMilestones(&c1, list, &resp).ok());
  ASSERT_EQ(resp.milestones_size(), 1);
  EXPECT_EQ(resp.milestones(0).title(), "主体封顶");

  // Reaching it clears the flag, and the stats stop counting it.
  grpc::ClientContext c2;
  v1::UpdateMilestoneRequest up;
  up.mutable_milestone()->set_id(past.id());
  *up.mutable_milestone()->mutable_actual_date() = MakeDate(2020, 7, 2);
  up.mutable_update_mask()->add_paths("actual_date");
  up.set_etag(past.etag());
  v1::Milestone reached;
  ASSERT_TRUE(stub().UpdateMilestone(&c2, up, &reached).ok());
  EXPECT_FALSE(reached.overdue());
  grpc::ClientContext c3;
  EXPECT_EQ(stub().UpdateMilestone(&c3, up, &reached).error_code(), StatusCode::ABORTED);

  grpc::ClientContext c4;
  v1::GetProjectStatsRequest sreq;
  sreq.set_year(2020);
  v1::ProjectStats stats;
  ASSERT_TRUE(stub().GetProjectStats(&c4, sreq, &stats).ok());
  EXPECT_EQ(stats.overdue_milestone_count(), 0);
}

TEST_F(ProjectApiTest, InvestmentReportsReplaceMonthsAndAccumulate) {
  v1::Project p = MustCreate(Linde());
  auto record = [&](int year, int month, int64_t amount, v1::InvestmentReport* out) {
    grpc::ClientContext ctx;
    v1::RecordInvestmentRequest req;
    req.set_project_id(p.id());
    req.mutable_month()->set_year(year);
    req.mutable_month()->set_month(month);
    req.set_invested_yuan(amount);
    return stub().RecordInvestment(&ctx, req, out);
  };
  v1::InvestmentReport r;
  ASSERT_TRUE(record(2020, 2, 3 * kYi, &r).ok());
  ASSERT_TRUE(record(2020, 1, 1 * kYi, &r).ok());
  EXPECT_EQ(r.cumulative_yuan(), 1 * kYi);
  ASSERT_TRUE(record(2020, 2, 2 * kYi, &r).ok());  // replaces February
  EXPECT_EQ(r.cumulative_yuan(), 3 * kYi);
  ASSERT_TRUE(record(2021, 1, 5 * kYi, &r).ok());
  ExpectInvalid(record(2020, 13, 1, &r), "month");
  ExpectInvalid(record(2020, 3, -1, &r), "invested_yuan");

  grpc::ClientContext c1;
  v1::GetProjectRequest get;
  get.set_id(p.id());
  v1::Project got;
  ASSERT_TRUE(stub().GetProject(&c1, get, &got).ok());
  EXPECT_EQ(got.invested_to_date_yuan(), 8 * kYi);
  EXPECT_EQ(got.invested_by_year_yuan().at(2020), 3 * kYi);

  grpc::ClientContext c2;
  v1::ListInvestmentReportsRequest list;
  list.set_project_id(p.id());
  list.set_year(2021);
  v1::ListInvestmentReportsResponse resp;
  ASSERT_TRUE(stub().ListInvestmentReports(&c2, list, &resp).ok());
  ASSERT_EQ(resp.reports_size(), 1);
  EXPECT_EQ(resp.reports(0).cumulative_yuan(), 8 * kYi);
}

// A month entered by mistake is deleted: the project's totals and the statistics go back to
// what the other months make, the deletion is audited, a stale etag deletes nothing, and a month
// without a report is NOT_FOUND naming the month.
TEST_F(ProjectApiTest, DeleteInvestmentReportMovesTotalsAndStatsBack) {
  v1::Project p = Linde();
  auto* e = p.add_programme();
  e->set_year(2020);
  e->set_planned_investment_yuan(2 * kYi);
  const std::string id = MustCreate(p).id();
  auto record = [&](int year, int month, int64_t amount) {
    grpc::ClientContext ctx;
    v1::RecordInvestmentRequest req;
    req.set_project_id(id);
    req.mutable_month()->set_year(year);
    req.mutable_month()->set_month(month);
    req.set_invested_yuan(amount);
    v1::InvestmentReport out;
    return stub().RecordInvestment(&ctx, req, &out);
  };
  auto get = [&] {
    grpc::ClientContext ctx;
    v1::GetProjectRequest req;
    req.set_id(id);
    v1::Project out;
    EXPECT_TRUE(stub().GetProject(&ctx, req, &out).ok());
    return out;
  };
  auto remove = [&](int year, int month, const std::string& etag) {
    grpc::ClientContext ctx;
    v1::DeleteInvestmentReportRequest req;
    req.set_project_id(id);
    req.mutable_month()->set_year(year);
    req.mutable_month()->set_month(month);
    req.set_etag(etag);
    google::protobuf::Empty out;
    return stub().DeleteInvestmentReport(&ctx, req, &out);
  };
  auto programme_invested = [&] {
    grpc::ClientContext ctx;
    v1::GetProjectStatsRequest req;
    req.set_year(2020);
    v1::ProjectStats stats;
    EXPECT_TRUE(stub().GetProjectStats(&ctx, req, &stats).ok());
    return stats.programme().invested_yuan();
  };
  ASSERT_TRUE(record(2020, 3, 1 * kYi).ok());
  ASSERT_TRUE(record(2020, 4, 2 * kYi).ok());
  ASSERT_TRUE(record(2031, 1, 5 * kYi).ok());  // the mistake
  const v1::Project before = get();
  ASSERT_EQ(before.invested_to_date_yuan(), 8 * kYi);
  ASSERT_EQ(programme_invested(), 3 * kYi);
  const std::string name = "project/" + id;
  const int entries = AuditEntries(name);

  grpc::Status stale = remove(2031, 1, "not-the-etag");
  EXPECT_EQ(stale.error_code(), StatusCode::ABORTED) << stale.error_message();
  EXPECT_EQ(get().invested_to_date_yuan(), 8 * kYi) << "a stale etag deleted the month";

  ASSERT_TRUE(remove(2031, 1, before.etag()).ok());
  v1::Project after = get();
  EXPECT_EQ(after.invested_to_date_yuan(), 3 * kYi);
  EXPECT_FALSE(after.invested_by_year_yuan().contains(2031)) << "a year with no report is unknown";
  EXPECT_FALSE(after.invested_by_month_yuan().contains(203101));
  EXPECT_NE(after.etag(), before.etag());
  EXPECT_EQ(AuditEntries(name), entries + 1);

  ASSERT_TRUE(remove(2020, 4, "").ok());
  after = get();
  EXPECT_EQ(after.invested_to_date_yuan(), 1 * kYi);
  EXPECT_EQ(after.invested_by_year_yuan().at(2020), 1 * kYi);
  EXPECT_EQ(programme_invested(), 1 * kYi);
  grpc::ClientContext c1;
  v1::ListInvestmentReportsRequest list;
  list.set_project_id(id);
  v1::ListInvestmentReportsResponse reports;
  ASSERT_TRUE(stub().ListInvestmentReports(&c1, list, &reports).ok());
  ASSERT_EQ(reports.reports_size(), 1);
  EXPECT_EQ(reports.reports(0).month().month(), 3);

  grpc::Status gone = remove(2020, 4, "");
  EXPECT_EQ(gone.error_code(), StatusCode::NOT_FOUND) << gone.error_message();
  ExpectInvalid(remove(2020, 13, ""), "month");
  server_.Restart();
  EXPECT_EQ(get().invested_to_date_yuan(), 1 * kYi);
  ASSERT_TRUE(record(2020, 4, 2 * kYi).ok());  // the month can be entered again
  EXPECT_EQ(get().invested_to_date_yuan(), 3 * kYi);
}

// Money cannot wrap: an amount beyond 10万亿元 is refused naming its field, a month that would
// take the investment to date beyond it is refused (and nothing of it stored), and the
// statistics of the largest amounts allowed are exact.
TEST_F(ProjectApiTest, MoneyIsBoundedAndNeverWraps) {
  constexpr int64_t kMax = 10'000'000'000'000;
  v1::Project huge = Linde();
  huge.set_total_investment_yuan(int64_t{4611686018427387904});
  grpc::ClientContext c1;
  v1::CreateProjectRequest req;
  *req.mutable_project() = huge;
  v1::Project out;
  ExpectInvalid(stub().CreateProject(&c1, req, &out), "project.total_investment_yuan");

  huge.set_total_investment_yuan(kMax);
  const std::string a = MustCreate(huge).id();
  MustCreate(huge);
  grpc::ClientContext c2;
  v1::GetProjectStatsRequest stats_request;
  stats_request.set_year(2020);
  v1::ProjectStats stats;
  ASSERT_TRUE(stub().GetProjectStats(&c2, stats_request, &stats).ok());
  EXPECT_EQ(stats.total_investment_yuan(), 2 * kMax);

  auto record = [&](int month, int64_t yuan) {
    grpc::ClientContext ctx;
    v1::RecordInvestmentRequest r;
    r.set_project_id(a);
    r.mutable_month()->set_year(2020);
    r.mutable_month()->set_month(month);
    r.set_invested_yuan(yuan);
    v1::InvestmentReport report;
    return stub().RecordInvestment(&ctx, r, &report);
  };
  ExpectInvalid(record(1, std::numeric_limits<int64_t>::max()), "invested_yuan");
  ASSERT_TRUE(record(1, kMax).ok());
  ExpectInvalid(record(2, 1), "invested_yuan");  // the total would pass the bound
  ASSERT_TRUE(record(1, kMax - 5).ok());         // replacing the month moves the total down
  ASSERT_TRUE(record(2, 5).ok());
  server_.Restart();
  grpc::ClientContext c3;
  v1::GetProjectRequest get;
  get.set_id(a);
  ASSERT_TRUE(stub().GetProject(&c3, get, &out).ok());
  EXPECT_EQ(out.invested_to_date_yuan(), kMax);
}

// A monthly return: all or nothing, and the same return twice changes nothing.
TEST_F(ProjectApiTest, BatchRecordInvestmentIsAllOrNothingAndIdempotent) {
  const std::string a = MustCreate(Linde()).id(), b = MustCreate(Linde()).id();
  auto report = [](const std::string& id, int month, int64_t yuan) {
    v1::RecordInvestmentRequest r;
    r.set_project_id(id);
    r.mutable_month()->set_year(2020);
    r.mutable_month()->set_month(month);
    r.set_invested_yuan(yuan);
    return r;
  };
  auto invested = [&](const std::string& id) {
    grpc::ClientContext ctx;
    v1::GetProjectRequest get;
    get.set_id(id);
    v1::Project p;
    EXPECT_TRUE(stub().GetProject(&ctx, get, &p).ok());
    return p.invested_to_date_yuan();
  };
  auto send = [&](const v1::BatchRecordInvestmentRequest& batch) {
    grpc::ClientContext ctx;
    v1::BatchRecordInvestmentResponse out;
    return stub().BatchRecordInvestment(&ctx, batch, &out);
  };

  v1::BatchRecordInvestmentRequest bad;
  *bad.add_reports() = report(a, 3, 5 * kYi);
  *bad.add_reports() = report("P09999999", 3, kYi);
  grpc::Status missing = send(bad);
  EXPECT_EQ(missing.error_code(), StatusCode::NOT_FOUND);
  EXPECT_EQ(missing.error_message().rfind("reports[1].project_id:", 0), 0u)
      << missing.error_message();
  google::rpc::BadRequest at;  // the report that names no project, as data
  ASSERT_TRUE(testing::DetailIn(missing, &at)) << missing.error_message();
  EXPECT_EQ(at.field_violations(0).field(), "reports[1].project_id");
  EXPECT_EQ(testing::ExpectLocalized(missing, StatusCode::NOT_FOUND), "找不到项目 P09999999");
  EXPECT_EQ(invested(a), 0);  // nothing of the batch was written

  bad.mutable_reports(1)->set_project_id(a);  // a's March twice
  ExpectInvalid(send(bad), "reports[1].month");
  bad.mutable_reports(1)->set_invested_yuan(-1);
  bad.mutable_reports(1)->mutable_month()->set_month(4);
  ExpectInvalid(send(bad), "reports[1].invested_yuan");

  v1::BatchRecordInvestmentRequest good;
  *good.add_reports() = report(a, 3, 5 * kYi);
  *good.add_reports() = report(a, 4, 2 * kYi);
  *good.add_reports() = report(b, 3, kYi);
  ASSERT_TRUE(send(good).ok());
  EXPECT_EQ(invested(a), 7 * kYi);
  EXPECT_EQ(invested(b), kYi);
  ASSERT_TRUE(send(good).ok());  // imported again
  EXPECT_EQ(invested(a), 7 * kYi);
  EXPECT_EQ(invested(b), kYi);
  server_.Restart();
  EXPECT_EQ(invested(a), 7 * kYi);
}

TEST_F(ProjectApiTest, ObstaclesOpenAndResolve) {
  v1::Project p = MustCreate(Linde());
  grpc::ClientContext c1;
  v1::CreateObstacleRequest req;
  req.mutable_obstacle()->set_project_id(p.id());
  req.mutable_obstacle()->set_kind(v1::OBSTACLE_KIND_ENERGY);
  req.mutable_obstacle()->set_description("用电容量不足");
  req.mutable_obstacle()->set_owner("区发改局");
  v1::Obstacle o;
  ASSERT_TRUE(stub().CreateObstacle(&c1, req, &o).ok());
  EXPECT_EQ(o.status(), v1::OBSTACLE_STATUS_OPEN);

  grpc::ClientContext c2;
  v1::CreateObstacleRequest bad = req;
  bad.mutable_obstacle()->set_kind(v1::OBSTACLE_KIND_UNSPECIFIED);
  ExpectInvalid(stub().CreateObstacle(&c2, bad, &o), "obstacle.kind");

  auto stats = [&] {
    grpc::ClientContext ctx;
    v1::GetProjectStatsRequest sreq;
    sreq.set_year(2020);
    v1::ProjectStats s;
    EXPECT_TRUE(stub().GetProjectStats(&ctx, sreq, &s).ok());
    return s;
  };
  EXPECT_EQ(stats().projects_with_open_obstacles(), 1);

  v1::UpdateObstacleRequest up;
  up.mutable_obstacle()->set_id(o.id());
  up.mutable_obstacle()->set_status(v1::OBSTACLE_STATUS_RESOLVED);
  up.mutable_update_mask()->add_paths("status");
  grpc::ClientContext c3;
  ExpectInvalid(stub().UpdateObstacle(&c3, up, &o), "obstacle.resolved_date");
  *up.mutable_obstacle()->mutable_resolved_date() = MakeDate(2020, 4, 1);
  up.mutable_update_mask()->add_paths("resolved_date");
  grpc::ClientContext c4;
  ASSERT_TRUE(stub().UpdateObstacle(&c4, up, &o).ok());
  EXPECT_EQ(stats().projects_with_open_obstacles(), 0);

  grpc::ClientContext c5;
  v1::ListObstaclesRequest list;
  list.set_project_id(p.id());
  list.set_status(v1::OBSTACLE_STATUS_RESOLVED);
  v1::ListObstaclesResponse resp;
  ASSERT_TRUE(stub().ListObstacles(&c5, list, &resp).ok());
  ASSERT_EQ(resp.obstacles_size(), 1);
  EXPECT_EQ(resp.obstacles(0).description(), "用电容量不足");
}

TEST_F(ProjectApiTest, StatsCountProgrammeAndLandStartRate) {
  grpc::ClientContext c0;
  v1::UpdateProgrammeRequest prog;
  prog.mutable_programme()->set_year(2020);
  prog.mutable_programme()->set_planned_project_count(115);
  prog.mutable_programme()->set_planned_investment_yuan(691 * kYi);
  prog.mutable_programme()->set_land_start_target_share(0.5);
  v1::AnnualProgramme saved;
  ASSERT_TRUE(stub().UpdateProgramme(&c0, prog, &saved).ok());
  prog.mutable_programme()->set_land_start_target_share(1.5);
  grpc::ClientContext c00;
  ExpectInvalid(stub().UpdateProgramme(&c00, prog, &saved), "programme.land_start_target_share");

  // Three projects acquire land in 2020: one starts in 10 days, one in 60, one not at all.
  std::vector<std::string> ids;
  for (int i = 0; i < 3; ++i) {
    v1::Project p = Linde();
    p.set_stage(v1::STAGE_APPROVED);
    auto* e = p.add_programme();
    e->set_year(2020);
    e->set_planned_investment_yuan(2 * kYi);
    ids.push_back(MustCreate(p, MakeDate(2020, 1, 1)).id());
    ASSERT_TRUE(Advance(ids.back(), v1::STAGE_LAND_ACQUIRED, MakeDate(2020, 3, 1)).ok());
  }
  ASSERT_TRUE(Advance(ids[0], v1::STAGE_UNDER_CONSTRUCTION, MakeDate(2020, 3, 11)).ok());
  ASSERT_TRUE(Advance(ids[1], v1::STAGE_UNDER_CONSTRUCTION, MakeDate(2020, 4, 30)).ok());
  v1::Project other = Linde();
  other.set_level(v1::LEVEL_DISTRICT);
  other.set_sector("文化旅游");
  other.set_total_investment_yuan(30 * kYi);
  MustCreate(other);
  grpc::ClientContext c1;
  v1::RecordInvestmentRequest inv;
  inv.set_project_id(ids[0]);
  inv.mutable_month()->set_year(2020);
  inv.mutable_month()->set_month(4);
  inv.set_invested_yuan(69 * kYi);
  v1::InvestmentReport report;
  ASSERT_TRUE(stub().RecordInvestment(&c1, inv, &report).ok());

  grpc::ClientContext c2;
  v1::GetProjectStatsRequest req;
  req.set_year(2020);
  v1::ProjectStats stats;
  ASSERT_TRUE(stub().GetProjectStats(&c2, req, &stats).ok());
  EXPECT_EQ(stats.project_count(), 4);
  EXPECT_EQ(stats.total_investment_yuan(), 60 * kYi);
  EXPECT_EQ(stats.programme().declared_project_count(), 115);
  EXPECT_EQ(stats.programme().project_count(), 3);
  EXPECT_EQ(stats.programme().started_project_count(), 2);  // under construction
  EXPECT_EQ(stats.programme().planned_investment_yuan(), 6 * kYi);
  EXPECT_EQ(stats.programme().invested_yuan(), 69 * kYi);
  EXPECT_DOUBLE_EQ(stats.programme().invested_share(), 69.0 / 691);  // of the declared 691亿元
  EXPECT_EQ(stats.land_start().land_acquired(), 3);
  EXPECT_EQ(stats.land_start().started_within_window(), 1);
  EXPECT_FALSE(stats.land_start().meets_target());
  bool saw_district = false;
  for (const auto& b : stats.by_level()) {
    if (b.key() == "LEVEL_DISTRICT") {
      saw_district = true;
      EXPECT_EQ(b.count(), 1);
      EXPECT_EQ(b.total_investment_yuan(), 30 * kYi);
    }
  }
  EXPECT_TRUE(saw_district);

  // A 60-day window counts the second project too: 2 of 3 meets the 50% target.
  req.set_land_start_window_days(60);
  grpc::ClientContext c3;
  ASSERT_TRUE(stub().GetProjectStats(&c3, req, &stats).ok());
  EXPECT_EQ(stats.land_start().started_within_window(), 2);
  EXPECT_TRUE(stats.land_start().meets_target());

  // A year with no land acquired and no month reported: rate and investment are not known.
  req.set_year(2019);
  grpc::ClientContext c5;
  ASSERT_TRUE(stub().GetProjectStats(&c5, req, &stats).ok());
  EXPECT_FALSE(stats.land_start().has_rate());
  EXPECT_FALSE(stats.programme().has_invested_yuan());
  EXPECT_FALSE(stats.programme().has_invested_share());

  req.set_year(0);
  grpc::ClientContext c4;
  ExpectInvalid(stub().GetProjectStats(&c4, req, &stats), "year");
}

TEST_F(ProjectApiTest, DataSurvivesARestart) {
  v1::Project p = MustCreate(Linde());
  ASSERT_TRUE(Advance(p.id(), v1::STAGE_SIGNED, MakeDate(2020, 2, 1)).ok());
  server_.Restart();
  grpc::ClientContext ctx;
  v1::GetProjectRequest get;
  get.set_id(p.id());
  v1::Project got;
  ASSERT_TRUE(stub().GetProject(&ctx, get, &got).ok());
  EXPECT_EQ(got.stage(), v1::STAGE_SIGNED);
  EXPECT_EQ(got.name(), p.name());
  EXPECT_GT(MustCreate(Linde()).id(), p.id());  // the id sequence resumes after the restart
}

}  // namespace
}  // namespace district::project

namespace district::project {
namespace {

TEST_F(ProjectApiTest, ProgrammeMilestoneAndObstacleDeletes) {
  grpc::ClientContext c0;
  v1::GetProgrammeRequest get;
  get.set_year(2020);
  v1::AnnualProgramme programme;
  EXPECT_EQ(stub().GetProgramme(&c0, get, &programme).error_code(), StatusCode::NOT_FOUND);
  grpc::ClientContext c1;
  v1::UpdateProgrammeRequest put;
  put.mutable_programme()->set_year(2020);
  put.mutable_programme()->set_planned_project_count(115);
  ASSERT_TRUE(stub().UpdateProgramme(&c1, put, &programme).ok());
  grpc::ClientContext c2;
  ASSERT_TRUE(stub().GetProgramme(&c2, get, &programme).ok());
  EXPECT_EQ(programme.planned_project_count(), 115);
  grpc::ClientContext c3;
  get.set_year(0);
  ExpectInvalid(stub().GetProgramme(&c3, get, &programme), "year");

  v1::Project p = MustCreate(Linde());
  grpc::ClientContext c4;
  v1::CreateMilestoneRequest m;
  m.mutable_milestone()->set_project_id(p.id());
  m.mutable_milestone()->set_title("开工");
  *m.mutable_milestone()->mutable_planned_date() = MakeDate(2020, 1, 1);
  v1::Milestone milestone;
  ASSERT_TRUE(stub().CreateMilestone(&c4, m, &milestone).ok());
  grpc::ClientContext c5;
  v1::CreateObstacleRequest o;
  o.mutable_obstacle()->set_project_id(p.id());
  o.mutable_obstacle()->set_kind(v1::OBSTACLE_KIND_FUNDS);
  o.mutable_obstacle()->set_description("资金缺口");
  v1::Obstacle obstacle;
  ASSERT_TRUE(stub().CreateObstacle(&c5, o, &obstacle).ok());

  google::protobuf::Empty empty;
  grpc::ClientContext c6;
  v1::DeleteMilestoneRequest dm;
  dm.set_id(milestone.id());
  ASSERT_TRUE(stub().DeleteMilestone(&c6, dm, &empty).ok());
  grpc::ClientContext c7;
  EXPECT_EQ(stub().DeleteMilestone(&c7, dm, &empty).error_code(), StatusCode::NOT_FOUND);
  grpc::ClientContext c8;
  v1::DeleteObstacleRequest dob;
  dob.set_id(obstacle.id());
  ASSERT_TRUE(stub().DeleteObstacle(&c8, dob, &empty).ok());
  grpc::ClientContext c9;
  dob.clear_id();
  ExpectInvalid(stub().DeleteObstacle(&c9, dob, &empty), "id");

  grpc::ClientContext c10;
  v1::GetProjectStatsRequest sreq;
  sreq.set_year(2020);
  v1::ProjectStats stats;
  ASSERT_TRUE(stub().GetProjectStats(&c10, sreq, &stats).ok());
  EXPECT_EQ(stats.overdue_milestone_count(), 0);  // the deleted milestone left its index too
  EXPECT_EQ(stats.open_obstacle_count(), 0);
}

// The light board follows the facts: a plan, the month's reports, a milestone due today (not
// overdue) and the next day (overdue), an obstacle past its deadline; the statistics count the
// same lights.
TEST_F(ProjectApiTest, TheLightBoardJudgesEachProjectAsOfADay) {
  v1::Project p = Linde();
  p.set_responsible_unit("区发改局");
  v1::ProjectPlan* plan = p.add_plans();
  plan->set_year(2020);
  for (int m = 0; m < 12; ++m) plan->add_monthly_investment_yuan(kYi);  // 1亿 a month
  *plan->mutable_planned_start_date() = MakeDate(2020, 3, 1);
  p = MustCreate(p);
  v1::Project unplanned = Linde();
  unplanned.set_name("无计划项目");
  unplanned = MustCreate(unplanned);

  auto board = [&](const Date& as_of, v1::LightBoard* out, const std::string& unit = "") {
    grpc::ClientContext ctx;
    v1::GetLightBoardRequest req;
    *req.mutable_as_of() = as_of;
    req.set_responsible_unit(unit);
    return stub().GetLightBoard(&ctx, req, out);
  };
  auto light_of = [&](const v1::LightBoard& b, const std::string& id) {
    for (const v1::ProjectLight& l : b.projects()) {
      if (l.project_id() == id) return l;
    }
    ADD_FAILURE() << id << " not on the board";
    return v1::ProjectLight();
  };
  auto record = [&](int month, int64_t amount) {
    grpc::ClientContext ctx;
    v1::RecordInvestmentRequest req;
    req.set_project_id(p.id());
    req.mutable_month()->set_year(2020);
    req.mutable_month()->set_month(month);
    req.set_invested_yuan(amount);
    v1::InvestmentReport out;
    ASSERT_TRUE(stub().RecordInvestment(&ctx, req, &out).ok());
  };

  // 1 March: the plan to date is January and February (2亿), nothing reported; the start date is
  // today, so not overdue.
  v1::LightBoard b;
  ASSERT_TRUE(board(MakeDate(2020, 3, 1), &b).ok());
  EXPECT_EQ(light_of(b, p.id()).light(), v1::LIGHT_RED);
  EXPECT_EQ(light_of(b, p.id()).planned_to_date_yuan(), 2 * kYi);
  EXPECT_FALSE(light_of(b, p.id()).has_invested_yuan());
  EXPECT_EQ(light_of(b, unplanned.id()).light(), v1::LIGHT_UNSPECIFIED);
  EXPECT_EQ(b.projects(0).project_id(), p.id());  // red first
  record(1, kYi);
  record(2, kYi);  // on plan
  ASSERT_TRUE(board(MakeDate(2020, 3, 1), &b).ok());
  EXPECT_EQ(light_of(b, p.id()).light(), v1::LIGHT_GREEN);
  EXPECT_EQ(light_of(b, p.id()).reasons_size(), 0);
  EXPECT_EQ(b.green_count(), 1);
  EXPECT_EQ(b.unspecified_count(), 1);

  // 2 March: the planned start has passed without construction: yellow, with the reason.
  ASSERT_TRUE(board(MakeDate(2020, 3, 2), &b).ok());
  v1::ProjectLight l = light_of(b, p.id());
  EXPECT_EQ(l.light(), v1::LIGHT_YELLOW);
  ASSERT_EQ(l.reasons_size(), 1);
  EXPECT_NE(l.reasons(0).find("计划开工 2020-03-01 逾期 1 天"), std::string::npos) << l.reasons(0);
  // Construction starts: green again.
  ASSERT_TRUE(Advance(p.id(), v1::STAGE_SIGNED, MakeDate(2020, 2, 1)).ok());
  ASSERT_TRUE(Advance(p.id(), v1::STAGE_APPROVED, MakeDate(2020, 2, 2)).ok());
  ASSERT_TRUE(Advance(p.id(), v1::STAGE_LAND_ACQUIRED, MakeDate(2020, 2, 3)).ok());
  ASSERT_TRUE(Advance(p.id(), v1::STAGE_UNDER_CONSTRUCTION, MakeDate(2020, 3, 2)).ok());
  ASSERT_TRUE(board(MakeDate(2020, 3, 2), &b).ok());
  EXPECT_EQ(light_of(b, p.id()).light(), v1::LIGHT_GREEN);

  // A milestone due on 10 March is not overdue that day, is the next, and red 31 days after.
  {
    grpc::ClientContext ctx;
    v1::CreateMilestoneRequest req;
    req.mutable_milestone()->set_project_id(p.id());
    req.mutable_milestone()->set_title("主体封顶");
    *req.mutable_milestone()->mutable_planned_date() = MakeDate(2020, 3, 10);
    v1::Milestone m;
    ASSERT_TRUE(stub().CreateMilestone(&ctx, req, &m).ok());
  }
  ASSERT_TRUE(board(MakeDate(2020, 3, 10), &b).ok());
  EXPECT_EQ(light_of(b, p.id()).light(), v1::LIGHT_GREEN);
  ASSERT_TRUE(board(MakeDate(2020, 3, 11), &b).ok());
  EXPECT_EQ(light_of(b, p.id()).light(), v1::LIGHT_YELLOW);
  record(3, kYi);  // April judges January..March: on plan
  ASSERT_TRUE(board(MakeDate(2020, 4, 9), &b).ok());
  EXPECT_EQ(light_of(b, p.id()).light(), v1::LIGHT_YELLOW);  // 30 days overdue: not yet red
  ASSERT_TRUE(board(MakeDate(2020, 4, 10), &b).ok());
  l = light_of(b, p.id());
  EXPECT_EQ(l.light(), v1::LIGHT_RED);
  EXPECT_NE(l.reasons(0).find("节点「主体封顶」"), std::string::npos) << l.reasons(0);

  // Filters, and the statistics count the same.
  ASSERT_TRUE(board(MakeDate(2020, 4, 10), &b, "区发改局").ok());
  ASSERT_EQ(b.projects_size(), 1);
  EXPECT_EQ(b.red_count(), 1);
  grpc::ClientContext ctx;
  v1::GetProjectStatsRequest sreq;
  sreq.set_year(2020);
  *sreq.mutable_as_of() = MakeDate(2020, 4, 10);
  v1::ProjectStats stats;
  ASSERT_TRUE(stub().GetProjectStats(&ctx, sreq, &stats).ok());
  std::map<std::string, int> by_light;
  for (const v1::Bucket& bucket : stats.by_light()) by_light[bucket.key()] = bucket.count();
  EXPECT_EQ(by_light, (std::map<std::string, int>{{"RED", 1}, {"UNSPECIFIED", 1}}));
}

TEST_F(ProjectApiTest, TheLightBoardRefusesABadDayOrLightNamingTheField) {
  auto refused = [&](const v1::GetLightBoardRequest& req) {
    grpc::ClientContext ctx;
    v1::LightBoard out;
    return stub().GetLightBoard(&ctx, req, &out);
  };
  v1::GetLightBoardRequest req;
  *req.mutable_as_of() = MakeDate(2020, 2, 30);
  grpc::Status s = refused(req);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(s.error_message().find("as_of"), std::string::npos) << s.error_message();
  req.Clear();
  req.set_light(static_cast<v1::Light>(9));
  s = refused(req);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(s.error_message().find("light"), std::string::npos) << s.error_message();
  req.set_light(v1::LIGHT_RED);  // a real light is a filter
  EXPECT_TRUE(refused(req).ok());
}

TEST_F(ProjectApiTest, APlanIsCheckedFieldByField) {
  v1::Project p = Linde();
  v1::ProjectPlan* plan = p.add_plans();
  plan->set_year(2020);
  plan->add_monthly_investment_yuan(kYi);  // one month of twelve
  v1::Project out;
  grpc::Status s = Create(p, &out);
  EXPECT_EQ(s.error_code(), StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(s.error_message().find("project.plans[0].monthly_investment_yuan"), std::string::npos)
      << s.error_message();
  plan->clear_monthly_investment_yuan();
  p.add_plans()->set_year(2020);
  s = Create(p, &out);
  EXPECT_EQ(s.error_code(), StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(s.error_message().find("project.plans[1].year"), std::string::npos)
      << s.error_message();
}

// The monthly bulletin: projects, units and leaders ranked by completion of the plan through the
// month, the month's new starts, the red projects with their reasons.
TEST_F(ProjectApiTest, TheBulletinRanksByCompletionOfThePlanThroughTheMonth) {
  auto planned = [&](const std::string& name, const std::string& unit, const std::string& leader,
                     int64_t monthly) {
    v1::Project p = Linde();
    p.set_name(name);
    p.set_responsible_unit(unit);
    p.set_leader(leader);
    v1::ProjectPlan* plan = p.add_plans();
    plan->set_year(2020);
    for (int m = 0; m < 12; ++m) plan->add_monthly_investment_yuan(monthly);
    return MustCreate(p);
  };
  auto record = [&](const std::string& id, int month, int64_t amount) {
    grpc::ClientContext ctx;
    v1::RecordInvestmentRequest req;
    req.set_project_id(id);
    req.mutable_month()->set_year(2020);
    req.mutable_month()->set_month(month);
    req.set_invested_yuan(amount);
    v1::InvestmentReport out;
    ASSERT_TRUE(stub().RecordInvestment(&ctx, req, &out).ok());
  };
  const v1::Project a = planned("甲", "区发改局", "王副区长", kYi);  // 2亿 through February
  const v1::Project b = planned("乙", "区发改局", "李副区长", kYi);
  const v1::Project c = planned("丙", "区住建局", "王副区长", kYi);
  const v1::Project d = planned("丁", "区商务局", "赵副区长", kYi);  // nothing reported: unknown
  record(a.id(), 1, kYi);
  record(a.id(), 2, kYi);          // 100%
  record(b.id(), 1, kYi);          // 50%: red
  record(c.id(), 2, 8 * kYi / 5);  // 80%: yellow
  record(a.id(), 3, 5 * kYi);      // March: after the bulletin's month, not in it
  ASSERT_TRUE(Advance(c.id(), v1::STAGE_SIGNED, MakeDate(2020, 1, 5)).ok());
  ASSERT_TRUE(Advance(c.id(), v1::STAGE_APPROVED, MakeDate(2020, 1, 6)).ok());
  ASSERT_TRUE(Advance(c.id(), v1::STAGE_LAND_ACQUIRED, MakeDate(2020, 1, 7)).ok());
  ASSERT_TRUE(Advance(c.id(), v1::STAGE_UNDER_CONSTRUCTION, MakeDate(2020, 2, 10)).ok());

  grpc::ClientContext ctx;
  v1::GetBulletinRequest req;
  req.mutable_month()->set_year(2020);
  req.mutable_month()->set_month(2);
  v1::Bulletin bulletin;
  ASSERT_TRUE(stub().GetBulletin(&ctx, req, &bulletin).ok());
  ASSERT_EQ(bulletin.projects_size(), 4);
  // Nothing reported is unknown, not 0元 nor 0%: ranked last, as are its unit and leader.
  EXPECT_EQ(bulletin.projects(3).project_id(), d.id());
  EXPECT_FALSE(bulletin.projects(3).has_invested_yuan());
  EXPECT_FALSE(bulletin.projects(3).has_completion());
  EXPECT_EQ(bulletin.projects(3).planned_yuan(), 2 * kYi);
  for (const auto* groups : {&bulletin.by_unit(), &bulletin.by_leader()}) {
    ASSERT_EQ(groups->size(), 3);
    const v1::BulletinGroup& last = groups->Get(2);
    EXPECT_TRUE(last.name() == "区商务局" || last.name() == "赵副区长") << last.name();
    EXPECT_FALSE(last.has_invested_yuan());
    EXPECT_FALSE(last.has_completion());
    EXPECT_EQ(last.planned_yuan(), 2 * kYi);
    EXPECT_EQ(last.red_count(), 1);
    EXPECT_TRUE(groups->Get(0).has_invested_yuan());
  }
  EXPECT_EQ(bulletin.projects(0).project_id(), a.id());
  EXPECT_DOUBLE_EQ(bulletin.projects(0).completion(), 1.0);
  EXPECT_EQ(bulletin.projects(0).invested_yuan(), 2 * kYi);  // not March's
  EXPECT_EQ(bulletin.projects(1).project_id(), c.id());
  EXPECT_EQ(bulletin.projects(1).light(), v1::LIGHT_YELLOW);
  EXPECT_EQ(bulletin.projects(2).project_id(), b.id());
  EXPECT_EQ(bulletin.projects(2).light(), v1::LIGHT_RED);
  EXPECT_EQ(bulletin.by_unit(0).name(), "区住建局");  // 80% before 区发改局's 75% (3亿 of 4亿)
  EXPECT_EQ(bulletin.by_unit(1).name(), "区发改局");
  EXPECT_EQ(bulletin.by_unit(1).planned_yuan(), 4 * kYi);
  EXPECT_EQ(bulletin.by_unit(1).invested_yuan(), 3 * kYi);
  EXPECT_EQ(bulletin.by_unit(1).red_count(), 1);
  EXPECT_EQ(bulletin.by_leader(0).name(), "王副区长");  // 3.6亿 of 4亿
  ASSERT_EQ(bulletin.new_starts_size(), 1);
  EXPECT_EQ(bulletin.new_starts(0).project_id(), c.id());
  EXPECT_EQ(bulletin.land_start().land_acquired(), 1);
  ASSERT_EQ(bulletin.red_size(), 2);  // 乙 behind its plan, 丁 with nothing reported against it
  EXPECT_EQ(bulletin.red(0).project_id(), b.id());
  EXPECT_GT(bulletin.red(0).reasons_size(), 0);
  EXPECT_EQ(bulletin.red(1).project_id(), d.id());
  EXPECT_EQ(bulletin.red_count(), 2);
  EXPECT_EQ(bulletin.yellow_count(), 1);
  EXPECT_EQ(bulletin.green_count(), 1);

  grpc::ClientContext bad_ctx;
  req.mutable_month()->set_month(13);
  grpc::Status s = stub().GetBulletin(&bad_ctx, req, &bulletin);
  EXPECT_EQ(s.error_code(), StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(s.error_message().find("month"), std::string::npos) << s.error_message();
}

TEST_F(ProjectApiTest, SigningNeedsAnAmountAndLandItsArea) {
  v1::Project bare;
  bare.set_name("无金额项目");
  bare = MustCreate(bare);
  v1::Project out;
  grpc::Status s = Advance(bare.id(), v1::STAGE_SIGNED, MakeDate(2020, 2, 1), "", &out);
  EXPECT_EQ(s.error_code(), StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(s.error_message().find("signed_amount_yuan"), std::string::npos) << s.error_message();
  {
    grpc::ClientContext ctx;
    v1::AdvanceStageRequest req;
    req.set_id(bare.id());
    req.set_to_stage(v1::STAGE_SIGNED);
    *req.mutable_effective_date() = MakeDate(2020, 2, 1);
    req.set_signed_amount_yuan(3 * kYi);
    ASSERT_TRUE(stub().AdvanceStage(&ctx, req, &out).ok());
    EXPECT_EQ(out.signed_amount_yuan(), 3 * kYi);
  }
  ASSERT_TRUE(Advance(bare.id(), v1::STAGE_APPROVED, MakeDate(2020, 2, 2)).ok());
  s = Advance(bare.id(), v1::STAGE_LAND_ACQUIRED, MakeDate(2020, 2, 3));
  EXPECT_EQ(s.error_code(), StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(s.error_message().find("project.land_area_mu"), std::string::npos) << s.error_message();
  // An expansion builds on its own land: from APPROVED straight to construction.
  v1::Project expansion = Linde();
  expansion.set_expansion(true);
  expansion = MustCreate(expansion);
  ASSERT_TRUE(Advance(expansion.id(), v1::STAGE_SIGNED, MakeDate(2020, 2, 1), "", &out).ok());
  EXPECT_EQ(out.signed_amount_yuan(), 10 * kYi);  // the total investment stands for it
  ASSERT_TRUE(Advance(expansion.id(), v1::STAGE_APPROVED, MakeDate(2020, 2, 2)).ok());
  EXPECT_TRUE(Advance(expansion.id(), v1::STAGE_UNDER_CONSTRUCTION, MakeDate(2020, 2, 3)).ok());
}

// Errors as data (AIP-193): what the client receives names the field in a google.rpc.BadRequest and
// says what is wrong in a zh-CN google.rpc.LocalizedMessage, whatever the English message says.
TEST_F(ProjectApiTest, RefusalsCarryTheFieldAndAChineseSentence) {
  v1::Project bare;
  bare.set_name("无用地面积项目");
  bare.set_total_investment_yuan(kYi);
  bare = MustCreate(bare);
  ASSERT_TRUE(Advance(bare.id(), v1::STAGE_SIGNED, MakeDate(2020, 2, 1)).ok());
  ASSERT_TRUE(Advance(bare.id(), v1::STAGE_APPROVED, MakeDate(2020, 2, 2)).ok());
  const grpc::Status land = Advance(bare.id(), v1::STAGE_LAND_ACQUIRED, MakeDate(2020, 2, 3));
  google::rpc::BadRequest bad;
  ASSERT_TRUE(testing::DetailIn(land, &bad)) << land.error_message();
  ASSERT_EQ(bad.field_violations_size(), 1);
  EXPECT_EQ(bad.field_violations(0).field(), "project.land_area_mu");
  EXPECT_EQ(testing::ExpectLocalized(land, StatusCode::INVALID_ARGUMENT),
            "取得土地前须先填写用地面积（亩）");

  v1::Project out;
  v1::Project nameless = Linde();
  nameless.set_name("");
  const grpc::Status empty = Create(nameless, &out);
  ASSERT_TRUE(testing::DetailIn(empty, &bad));
  EXPECT_EQ(bad.field_violations(0).field(), "project.name");
  EXPECT_EQ(testing::ExpectLocalized(empty, StatusCode::INVALID_ARGUMENT), "项目名称不能为空");

  // A refusal by the project's state, a missing record and a skipped stage: a sentence each.
  EXPECT_EQ(testing::ExpectLocalized(Advance(bare.id(), v1::STAGE_COMPLETED, MakeDate(2020, 2, 3)),
                                     StatusCode::FAILED_PRECONDITION),
            "阶段须逐级推进：立项审批之后是取得土地，不能直接转为竣工");
  EXPECT_EQ(testing::ExpectLocalized(Advance("P99999999", v1::STAGE_SIGNED, MakeDate(2020, 2, 1)),
                                     StatusCode::NOT_FOUND),
            "找不到项目 P99999999");
  grpc::ClientContext ctx;
  v1::GetProgrammeRequest programme;
  programme.set_year(0);
  v1::AnnualProgramme ignored;
  ExpectInvalid(stub().GetProgramme(&ctx, programme, &ignored), "year");
}

}  // namespace
}  // namespace district::project
