// Monthly returns (月报, issue #33): a unit's clerk fills in and submits, a reviewer approves or
// sends back with an opinion; only approved figures count (the projects' investment to date, the
// reports, the statistics); a unit-scoped clerk only for its own unit, only reviewers review and
// never their own submission; after the month's lock day only a reopened return changes; every
// step audited. Through a real server on loopback over RocksDB in a temp dir, with tokens.
#include <gtest/gtest.h>

#include <atomic>

#include "common/access_token.h"
#include "common/auth.h"
#include "common/date.h"
#include "district/audit/v1/audit.grpc.pb.h"
#include "services/project/project_service.h"
#include "tests/support/call_as.h"
#include "tests/support/expect.h"
#include "tests/support/in_process_server.h"

namespace district::project {
namespace {

using district::testing::CallAs;
using district::testing::ExpectInvalid;
using district::testing::ExpectLocalized;
using grpc::StatusCode;
using Stub = v1::ProjectService::Stub;
using v1::MonthlyReturn;

constexpr char kUnit[] = "区住房和城乡建设局";
constexpr char kOtherUnit[] = "区教育和体育局";

// The project service with the returns' clock set by the test (lock day the 25th).
class ReturnsServer : public district::testing::InProcessServer {
 public:
  explicit ReturnsServer(std::atomic<int64_t>* today)
      : InProcessServer(v1::ProjectService::service_full_name(), [today](Store* store) {
          ReturnCalendar calendar;
          calendar.lock_day = 25;
          calendar.today = [today] { return DateFromDays(today->load()); };
          return std::unique_ptr<grpc::Service>(
              *ProjectServiceImpl::Open(store, LightThresholds(), calendar));
        }) {
    Start();
  }
  Stub& stub() { return *stub_; }

 private:
  void OnStarted() override { stub_ = v1::ProjectService::NewStub(channel()); }
  std::unique_ptr<Stub> stub_;
};

class MonthlyReturnsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    InstallAuthenticator(*Authenticator::Parse(
        Sha256Hex("admin") + " 管理员 admin\n" +                            //
        Sha256Hex("clerk") + " 住建局填报员 editor unit=" + kUnit + "\n" +  //
        Sha256Hex("other-clerk") + " 教体局填报员 editor unit=" + kOtherUnit + "\n" +
        Sha256Hex("leader-clerk") + " 张书记联络员 editor leader=张书记\n" + Sha256Hex("editor") +
        " 李主任 editor\n" +  //
        Sha256Hex("reviewer") + " 发改局审核员 reviewer\n" + Sha256Hex("reviewer2") +
        " 发改局科长 reviewer\n"));
    mine_ = CreateProject(kUnit, 100'000'000);
    second_ = CreateProject(kUnit, 0);
    theirs_ = CreateProject(kOtherUnit, 0);
  }
  void TearDown() override {
    InstallAccessTokenVerifier(nullptr);
    InstallAuthenticator(nullptr);
  }

  Stub& stub() { return server_.stub(); }

  v1::Project CreateProject(const std::string& unit, int64_t planned_2020) {
    v1::CreateProjectRequest req;
    req.mutable_project()->set_name(unit + " 月报测试项目");
    req.mutable_project()->set_responsible_unit(unit);
    req.mutable_project()->set_leader("张书记");
    if (planned_2020 > 0) {
      v1::ProgrammeEntry* e = req.mutable_project()->add_programme();
      e->set_year(2020);
      e->set_planned_investment_yuan(planned_2020);
      v1::ProjectPlan* plan = req.mutable_project()->add_plans();  // for the bulletin
      plan->set_year(2020);
      for (int m = 0; m < 12; ++m) plan->add_monthly_investment_yuan(planned_2020 / 12);
    }
    v1::Project out;
    EXPECT_TRUE(CallAs("admin", stub(), &Stub::CreateProject, req, &out).ok());
    return out;
  }

  // A March 2020 return of `unit` with `mine_` at `invested` yuan and `second_` unknown.
  grpc::Status Create(const std::string& as, const std::string& unit, int64_t invested,
                      MonthlyReturn* out) {
    v1::CreateMonthlyReturnRequest req;
    MonthlyReturn* r = req.mutable_monthly_return();
    r->mutable_month()->set_year(2020);
    r->mutable_month()->set_month(3);
    r->set_responsible_unit(unit);
    if (unit == kUnit) {
      v1::MonthlyReturnEntry* e = r->add_entries();
      e->set_project_id(mine_.id());
      e->set_invested_yuan(invested);
      e->set_progress("主体结构施工至三层");
      r->add_entries()->set_project_id(second_.id());  // its figure not known yet
      r->mutable_entries(1)->set_problems("用地指标未落实");
    }
    r->set_state(MonthlyReturn::APPROVED);  // output-only: dropped
    return CallAs(as, stub(), &Stub::CreateMonthlyReturn, req, out);
  }
  grpc::Status Submit(const std::string& as, const MonthlyReturn& r, MonthlyReturn* out) {
    v1::SubmitMonthlyReturnRequest req;
    req.set_id(r.id());
    req.set_etag(r.etag());
    return CallAs(as, stub(), &Stub::SubmitMonthlyReturn, req, out);
  }
  grpc::Status Approve(const std::string& as, const MonthlyReturn& r, MonthlyReturn* out) {
    v1::ApproveMonthlyReturnRequest req;
    req.set_id(r.id());
    req.set_etag(r.etag());
    return CallAs(as, stub(), &Stub::ApproveMonthlyReturn, req, out);
  }
  grpc::Status Reject(const std::string& as, const MonthlyReturn& r, const std::string& opinion,
                      MonthlyReturn* out) {
    v1::RejectMonthlyReturnRequest req;
    req.set_id(r.id());
    req.set_etag(r.etag());
    req.set_opinion(opinion);
    return CallAs(as, stub(), &Stub::RejectMonthlyReturn, req, out);
  }
  grpc::Status SetFigure(const std::string& as, const MonthlyReturn& r, int64_t invested,
                         MonthlyReturn* out) {
    v1::UpdateMonthlyReturnRequest req;
    *req.mutable_monthly_return() = r;
    req.mutable_monthly_return()->mutable_entries(0)->set_invested_yuan(invested);
    req.mutable_update_mask()->add_paths("entries");
    return CallAs(as, stub(), &Stub::UpdateMonthlyReturn, req, out);
  }

  int64_t InvestedToDate(const v1::Project& p) {
    v1::GetProjectRequest req;
    req.set_id(p.id());
    v1::Project out;
    EXPECT_TRUE(CallAs("admin", stub(), &Stub::GetProject, req, &out).ok());
    return out.invested_to_date_yuan();
  }
  v1::ListInvestmentReportsResponse Reports(const v1::Project& p) {
    v1::ListInvestmentReportsRequest req;
    req.set_project_id(p.id());
    v1::ListInvestmentReportsResponse out;
    EXPECT_TRUE(CallAs("admin", stub(), &Stub::ListInvestmentReports, req, &out).ok());
    return out;
  }
  v1::ProjectStats Stats() {
    v1::GetProjectStatsRequest req;
    req.set_year(2020);
    v1::ProjectStats out;
    EXPECT_TRUE(CallAs("admin", stub(), &Stub::GetProjectStats, req, &out).ok());
    return out;
  }
  v1::Bulletin Bulletin() {
    v1::GetBulletinRequest req;
    req.mutable_month()->set_year(2020);
    req.mutable_month()->set_month(3);
    v1::Bulletin out;
    EXPECT_TRUE(CallAs("admin", stub(), &Stub::GetBulletin, req, &out).ok());
    return out;
  }
  audit::v1::ListAuditEntriesResponse Audit(const std::string& resource) {
    auto audit = audit::v1::AuditService::NewStub(server_.channel());
    audit::v1::ListAuditEntriesRequest req;
    req.set_resource(resource);
    audit::v1::ListAuditEntriesResponse entries;
    EXPECT_TRUE(
        CallAs("admin", *audit, &audit::v1::AuditService::Stub::ListAuditEntries, req, &entries)
            .ok());
    return entries;
  }

  std::atomic<int64_t> today_{DaysSinceEpoch(MakeDate(2020, 4, 10))};
  ReturnsServer server_{&today_};
  v1::Project mine_, second_, theirs_;
};

TEST_F(MonthlyReturnsTest, OnlyAnApprovedReturnCounts) {
  MonthlyReturn r;
  ASSERT_TRUE(Create("clerk", kUnit, 5'000'000, &r).ok());
  EXPECT_EQ(r.id().rfind("R", 0), 0u) << r.id();
  EXPECT_EQ(r.state(), MonthlyReturn::DRAFT);
  ASSERT_EQ(r.entries_size(), 2);
  EXPECT_FALSE(r.entries(1).has_invested_yuan());  // unknown stays unknown

  v1::GetMonthlyReturnRequest get;
  get.set_id(r.id());
  MonthlyReturn read;
  ASSERT_TRUE(CallAs("editor", stub(), &Stub::GetMonthlyReturn, get, &read).ok());
  EXPECT_EQ(read.etag(), r.etag());

  ASSERT_TRUE(Submit("clerk", r, &r).ok());
  EXPECT_EQ(r.state(), MonthlyReturn::SUBMITTED);
  // Submitted, not approved: nothing counts anywhere.
  EXPECT_EQ(InvestedToDate(mine_), 0);
  EXPECT_EQ(Reports(mine_).reports_size(), 0);
  EXPECT_FALSE(Stats().programme().has_invested_yuan());
  const v1::Bulletin submitted_bulletin = Bulletin();
  ASSERT_EQ(submitted_bulletin.projects_size(), 1);
  EXPECT_FALSE(submitted_bulletin.projects(0).has_invested_yuan());
  // Nor can it change while under review.
  MonthlyReturn out;
  ExpectLocalized(SetFigure("clerk", r, 1, &out), StatusCode::FAILED_PRECONDITION);

  ASSERT_TRUE(Approve("reviewer", r, &r).ok());
  EXPECT_EQ(r.state(), MonthlyReturn::APPROVED);
  EXPECT_EQ(InvestedToDate(mine_), 5'000'000);
  const v1::ListInvestmentReportsResponse reports = Reports(mine_);
  ASSERT_EQ(reports.reports_size(), 1);
  EXPECT_EQ(reports.reports(0).invested_yuan(), 5'000'000);
  EXPECT_EQ(reports.reports(0).month().month(), 3);
  EXPECT_EQ(reports.reports(0).note(), "月报 " + r.id());
  EXPECT_EQ(Reports(second_).reports_size(), 0);  // unknown writes no report
  const v1::ProjectStats stats = Stats();
  ASSERT_TRUE(stats.programme().has_invested_yuan());
  EXPECT_EQ(stats.programme().invested_yuan(), 5'000'000);
  const v1::Bulletin approved_bulletin = Bulletin();
  ASSERT_EQ(approved_bulletin.projects_size(), 1);
  EXPECT_EQ(approved_bulletin.projects(0).invested_yuan(), 5'000'000);

  // Who did what, on the return and in the audit trail.
  ASSERT_EQ(r.history_size(), 3);
  EXPECT_EQ(r.history(0).state(), MonthlyReturn::DRAFT);
  EXPECT_EQ(r.history(0).actor(), "住建局填报员");
  EXPECT_EQ(r.history(1).state(), MonthlyReturn::SUBMITTED);
  EXPECT_EQ(r.history(2).state(), MonthlyReturn::APPROVED);
  EXPECT_EQ(r.history(2).actor(), "发改局审核员");
  EXPECT_TRUE(r.history(2).has_event_time());
  const auto entries = Audit("monthly_return/" + r.id());
  ASSERT_EQ(entries.entries_size(), 3);
  EXPECT_EQ(entries.entries(0).method(), "CreateMonthlyReturn");
  EXPECT_EQ(entries.entries(1).method(), "SubmitMonthlyReturn");
  EXPECT_EQ(entries.entries(2).method(), "ApproveMonthlyReturn");
  EXPECT_EQ(entries.entries(2).principal(), "发改局审核员");
  const auto project_entries = Audit("project/" + mine_.id());
  ASSERT_GE(project_entries.entries_size(), 2);
  EXPECT_EQ(project_entries.entries(project_entries.entries_size() - 1).method(),
            "ApproveMonthlyReturn");

  // Approved is final.
  ExpectLocalized(Approve("reviewer", r, &out), StatusCode::FAILED_PRECONDITION);
  ExpectLocalized(SetFigure("clerk", r, 1, &out), StatusCode::FAILED_PRECONDITION);
  ExpectLocalized(Submit("clerk", r, &out), StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(InvestedToDate(mine_), 5'000'000);
}

TEST_F(MonthlyReturnsTest, AReturnedReturnCarriesTheOpinionAndCountsOnlyOnceApproved) {
  MonthlyReturn r, out;
  ASSERT_TRUE(Create("clerk", kUnit, 5'000'000, &r).ok());
  ASSERT_TRUE(Submit("clerk", r, &r).ok());
  ExpectInvalid(Reject("reviewer", r, "", &out), "opinion");
  ASSERT_TRUE(Reject("reviewer", r, "本月投资与形象进度不符，请核实", &r).ok());
  EXPECT_EQ(r.state(), MonthlyReturn::RETURNED);
  EXPECT_EQ(r.review_opinion(), "本月投资与形象进度不符，请核实");
  EXPECT_EQ(r.history(r.history_size() - 1).opinion(), "本月投资与形象进度不符，请核实");
  EXPECT_EQ(InvestedToDate(mine_), 0);  // a returned figure does not count
  ExpectLocalized(Approve("reviewer", r, &out), StatusCode::FAILED_PRECONDITION);

  // The clerk fixes it (a stale etag is refused) and submits again.
  MonthlyReturn stale = r;
  ASSERT_TRUE(SetFigure("clerk", r, 3'000'000, &r).ok());
  EXPECT_EQ(SetFigure("clerk", stale, 4'000'000, &out).error_code(), StatusCode::ABORTED);
  EXPECT_EQ(r.entries(0).invested_yuan(), 3'000'000);
  // The same entries again change nothing: same etag, no audit entry.
  MonthlyReturn again;
  ASSERT_TRUE(SetFigure("clerk", r, 3'000'000, &again).ok());
  EXPECT_EQ(again.etag(), r.etag());
  ASSERT_TRUE(Submit("clerk", r, &r).ok());
  EXPECT_EQ(InvestedToDate(mine_), 0);
  ASSERT_TRUE(Approve("reviewer", r, &r).ok());
  EXPECT_EQ(InvestedToDate(mine_), 3'000'000);
  const auto entries = Audit("monthly_return/" + r.id());
  ASSERT_EQ(entries.entries_size(), 6);  // create, submit, reject, update, submit, approve
  EXPECT_EQ(entries.entries(2).method(), "RejectMonthlyReturn");
  EXPECT_EQ(entries.entries(3).method(), "UpdateMonthlyReturn");
}

TEST_F(MonthlyReturnsTest, ClerksFillOnlyTheirUnitsAndOnlyOthersReview) {
  MonthlyReturn r, out;
  // Another unit's clerk, and a leader-scoped one, cannot start this unit's return.
  ExpectLocalized(Create("other-clerk", kUnit, 1, &out), StatusCode::PERMISSION_DENIED);
  ExpectLocalized(Create("leader-clerk", kUnit, 1, &out), StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(Create("clerk", kUnit, 5'000'000, &r).ok());
  // One return per unit and month.
  ExpectLocalized(Create("editor", kUnit, 1, &out), StatusCode::ALREADY_EXISTS);
  // Nor change or submit it.
  ExpectLocalized(SetFigure("other-clerk", r, 1, &out), StatusCode::PERMISSION_DENIED);
  ExpectLocalized(Submit("other-clerk", r, &out), StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(Submit("clerk", r, &r).ok());
  // A clerk, even the unit's own, cannot approve or send back: the contract asks a reviewer.
  ExpectLocalized(Approve("clerk", r, &out), StatusCode::PERMISSION_DENIED);
  ExpectLocalized(Reject("editor", r, "不行", &out), StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(InvestedToDate(mine_), 0);

  // A return's entries are its unit's projects, and existing ones.
  v1::CreateMonthlyReturnRequest req;
  req.mutable_monthly_return()->mutable_month()->set_year(2020);
  req.mutable_monthly_return()->mutable_month()->set_month(3);
  req.mutable_monthly_return()->set_responsible_unit(kOtherUnit);
  req.mutable_monthly_return()->add_entries()->set_project_id(mine_.id());
  ExpectInvalid(CallAs("other-clerk", stub(), &Stub::CreateMonthlyReturn, req, &out),
                "monthly_return.entries[0].project_id");
  req.mutable_monthly_return()->mutable_entries(0)->set_project_id("P99999999");
  ExpectLocalized(CallAs("other-clerk", stub(), &Stub::CreateMonthlyReturn, req, &out),
                  StatusCode::NOT_FOUND);
  req.mutable_monthly_return()->mutable_entries(0)->set_project_id(theirs_.id());
  req.mutable_monthly_return()->mutable_entries(0)->set_invested_yuan(-1);
  ExpectInvalid(CallAs("other-clerk", stub(), &Stub::CreateMonthlyReturn, req, &out),
                "monthly_return.entries[0].invested_yuan");
  req.mutable_monthly_return()->mutable_entries(0)->set_invested_yuan(700);
  req.mutable_monthly_return()->add_entries()->set_project_id(theirs_.id());
  ExpectInvalid(CallAs("other-clerk", stub(), &Stub::CreateMonthlyReturn, req, &out),
                "monthly_return.entries[1].project_id");

  // A reviewer never reviews what it submitted itself; another reviewer may.
  MonthlyReturn own;
  req.mutable_monthly_return()->mutable_entries()->RemoveLast();
  ASSERT_TRUE(CallAs("reviewer", stub(), &Stub::CreateMonthlyReturn, req, &own).ok());
  ASSERT_TRUE(Submit("reviewer", own, &own).ok());
  ExpectLocalized(Approve("reviewer", own, &out), StatusCode::PERMISSION_DENIED);
  ExpectLocalized(Reject("reviewer", own, "自己退回", &out), StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(Approve("reviewer2", own, &own).ok());
  EXPECT_EQ(InvestedToDate(theirs_), 700);

  // Listed by month, unit and state.
  v1::ListMonthlyReturnsRequest list;
  list.mutable_month()->set_year(2020);
  list.mutable_month()->set_month(3);
  v1::ListMonthlyReturnsResponse page;
  ASSERT_TRUE(CallAs("editor", stub(), &Stub::ListMonthlyReturns, list, &page).ok());
  EXPECT_EQ(page.monthly_returns_size(), 2);
  list.set_state(MonthlyReturn::SUBMITTED);
  ASSERT_TRUE(CallAs("editor", stub(), &Stub::ListMonthlyReturns, list, &page).ok());
  ASSERT_EQ(page.monthly_returns_size(), 1);
  EXPECT_EQ(page.monthly_returns(0).responsible_unit(), kUnit);
  list.mutable_month()->set_month(4);
  list.clear_state();
  ASSERT_TRUE(CallAs("editor", stub(), &Stub::ListMonthlyReturns, list, &page).ok());
  EXPECT_EQ(page.monthly_returns_size(), 0);
}

TEST_F(MonthlyReturnsTest, AfterTheLockDayOnlyAReopenedReturnChanges) {
  MonthlyReturn r, out;
  ASSERT_TRUE(Create("clerk", kUnit, 5'000'000, &r).ok());
  today_ = DaysSinceEpoch(MakeDate(2020, 4, 25));  // the lock day itself: still open
  ASSERT_TRUE(SetFigure("clerk", r, 4'000'000, &r).ok());
  today_ = DaysSinceEpoch(MakeDate(2020, 4, 26));
  const std::string why =
      ExpectLocalized(SetFigure("clerk", r, 1, &out), StatusCode::FAILED_PRECONDITION);
  EXPECT_NE(why.find("锁定"), std::string::npos) << why;
  ExpectLocalized(Submit("clerk", r, &out), StatusCode::FAILED_PRECONDITION);

  // Only a reviewer reopens, with a reason.
  v1::ReopenMonthlyReturnRequest reopen;
  reopen.set_id(r.id());
  reopen.set_reason("单位申请补报");
  ExpectLocalized(CallAs("clerk", stub(), &Stub::ReopenMonthlyReturn, reopen, &out),
                  StatusCode::PERMISSION_DENIED);
  reopen.clear_reason();
  ExpectInvalid(CallAs("reviewer", stub(), &Stub::ReopenMonthlyReturn, reopen, &out), "reason");
  reopen.set_reason("单位申请补报");
  ASSERT_TRUE(CallAs("reviewer", stub(), &Stub::ReopenMonthlyReturn, reopen, &r).ok());
  EXPECT_TRUE(r.reopened());
  EXPECT_TRUE(r.history(r.history_size() - 1).reopening());
  EXPECT_EQ(r.history(r.history_size() - 1).opinion(), "单位申请补报");
  ASSERT_TRUE(SetFigure("clerk", r, 4'500'000, &r).ok());
  ASSERT_TRUE(Submit("clerk", r, &r).ok());
  ASSERT_TRUE(Approve("reviewer", r, &r).ok());
  EXPECT_FALSE(r.reopened());
  EXPECT_EQ(InvestedToDate(mine_), 4'500'000);
  const auto entries = Audit("monthly_return/" + r.id());
  bool reopened = false;
  for (const auto& e : entries.entries()) {
    reopened |= e.method() == "ReopenMonthlyReturn" && e.principal() == "发改局审核员";
  }
  EXPECT_TRUE(reopened);
  // An approved return is not reopened.
  reopen.set_etag(r.etag());
  ExpectLocalized(CallAs("reviewer", stub(), &Stub::ReopenMonthlyReturn, reopen, &out),
                  StatusCode::FAILED_PRECONDITION);
}

TEST_F(MonthlyReturnsTest, TheMonthByUnitSaysWhoReportedAndWhoDidNot) {
  const auto status = [&] {
    v1::GetReportingStatusRequest req;
    req.mutable_month()->set_year(2020);
    req.mutable_month()->set_month(3);
    v1::ReportingStatus out;
    EXPECT_TRUE(CallAs("editor", stub(), &Stub::GetReportingStatus, req, &out).ok());
    return out;
  };
  const auto state_of = [](const v1::ReportingStatus& s, const std::string& unit) {
    for (const auto& row : s.units()) {
      if (row.responsible_unit() == unit) return row.state();
    }
    return v1::UnitReportingStatus::STATE_UNSPECIFIED;
  };
  v1::ReportingStatus s = status();
  ASSERT_EQ(s.units_size(), 2);  // both units have projects, neither a return
  EXPECT_EQ(s.not_reported_count(), 2);
  EXPECT_EQ(state_of(s, kUnit), v1::UnitReportingStatus::NOT_REPORTED);
  EXPECT_EQ(state_of(s, kOtherUnit), v1::UnitReportingStatus::NOT_REPORTED);
  EXPECT_EQ(s.units(0).responsible_unit() == kUnit ? s.units(0).project_count()
                                                   : s.units(1).project_count(),
            2);

  MonthlyReturn r, out;
  ASSERT_TRUE(Create("clerk", kUnit, 1'000, &r).ok());
  EXPECT_EQ(state_of(status(), kUnit), v1::UnitReportingStatus::NOT_REPORTED);  // a draft
  ASSERT_TRUE(Submit("clerk", r, &r).ok());
  s = status();
  EXPECT_EQ(state_of(s, kUnit), v1::UnitReportingStatus::SUBMITTED);
  EXPECT_EQ(s.submitted_count(), 1);
  EXPECT_EQ(s.not_reported_count(), 1);
  ASSERT_TRUE(Reject("reviewer", r, "请补充形象进度", &r).ok());
  EXPECT_EQ(state_of(status(), kUnit), v1::UnitReportingStatus::RETURNED);
  ASSERT_TRUE(Submit("clerk", r, &r).ok());
  ASSERT_TRUE(Approve("reviewer", r, &r).ok());
  s = status();
  EXPECT_EQ(state_of(s, kUnit), v1::UnitReportingStatus::APPROVED);
  EXPECT_EQ(s.approved_count(), 1);
  EXPECT_EQ(state_of(s, kOtherUnit), v1::UnitReportingStatus::NOT_REPORTED);
  for (const auto& row : s.units()) {
    EXPECT_EQ(row.monthly_return_id().empty(), row.responsible_unit() != kUnit);
  }
}

// The same rules for people's tokens from the identity service (ES256 JWTs): its "reviewer"
// reviews, its unit-scoped "editor" fills in only its unit's return.
TEST_F(MonthlyReturnsTest, PeoplesTokensCarryTheReviewerRoleAndTheUnitScope) {
  absl::StatusOr<KeyPairPem> key = GenerateSigningKeyPair();
  ASSERT_TRUE(key.ok());
  auto verifier = std::make_shared<AccessTokenVerifier>("district-identity", kAccessTokenAudience);
  verifier->SetKeys({{"k1", key->public_key_pem}});
  InstallAccessTokenVerifier(verifier);
  const auto token = [&](const std::string& person, const std::string& role,
                         const std::string& unit) {
    AccessClaims claims;
    claims.person_id = person;
    claims.roles = {role};
    claims.scope_unit = unit;
    claims.issuer = "district-identity";
    claims.issued_at = absl::Now();
    claims.expires_at = absl::Now() + absl::Minutes(5);
    return *SignAccessToken(claims, "k1", key->private_key_pem);
  };
  const std::string clerk = token("U00000001", "editor", kUnit);
  const std::string other_clerk = token("U00000002", "editor", kOtherUnit);
  const std::string reviewer = token("U00000003", "reviewer", "");

  MonthlyReturn r, out;
  ExpectLocalized(Create(other_clerk, kUnit, 1, &out), StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(Create(clerk, kUnit, 2'000'000, &r).ok());
  ExpectLocalized(Submit(other_clerk, r, &out), StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(Submit(clerk, r, &r).ok());
  ExpectLocalized(Approve(clerk, r, &out), StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(InvestedToDate(mine_), 0);
  ASSERT_TRUE(Approve(reviewer, r, &r).ok());
  EXPECT_EQ(r.history(r.history_size() - 1).actor(), "U00000003");
  EXPECT_EQ(InvestedToDate(mine_), 2'000'000);
}

}  // namespace
}  // namespace district::project
