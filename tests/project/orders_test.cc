// Supervision orders (督办): issued, responded, closed or escalated only in the orders the rules
// allow (FAILED_PRECONDITION otherwise), closed and escalated only by the issuer or an admin, a
// leader-scoped editor only on its own projects, every change audited, overdue as of the day.
#include <gtest/gtest.h>

#include "common/auth.h"
#include "common/date.h"
#include "district/audit/v1/audit.grpc.pb.h"
#include "tests/support/call_as.h"
#include "tests/support/project_server.h"

namespace district::project {
namespace {

using district::testing::CallAs;
using grpc::StatusCode;
using Stub = v1::ProjectService::Stub;

class OrdersTest : public ::testing::Test {
 protected:
  void SetUp() override {
    InstallAuthenticator(*Authenticator::Parse(
        Sha256Hex("admin") + " 管理员 admin\n" + Sha256Hex("office") + " 督查室 editor\n" +
        Sha256Hex("unit") + " 住建局 editor\n" + Sha256Hex("zhang") +
        " 张书记联络员 editor leader=张书记\n" + Sha256Hex("zhujian") +
        " 住建局填报员 editor unit=区住房和城乡建设局\n"));
    project_ = Project("张书记");
    other_ = Project("李区长");
  }
  void TearDown() override { InstallAuthenticator(nullptr); }

  Stub& stub() { return server_.stub(); }

  v1::Project Project(const std::string& leader) {
    v1::CreateProjectRequest req;
    req.mutable_project()->set_name("督办测试项目 " + leader);
    req.mutable_project()->set_leader(leader);
    v1::Project out;
    EXPECT_TRUE(CallAs("admin", stub(), &Stub::CreateProject, req, &out).ok());
    return out;
  }

  grpc::Status Issue(const std::string& as, const std::string& project_id,
                     v1::SupervisionOrder* out, const Date& deadline = MakeDate(2099, 1, 1)) {
    v1::CreateOrderRequest req;
    req.mutable_order()->set_project_id(project_id);
    req.mutable_order()->set_responsible_unit("区住房和城乡建设局");
    req.mutable_order()->set_subject("协调解决用地指标，月底前开工");
    *req.mutable_order()->mutable_deadline() = deadline;
    return CallAs(as, stub(), &Stub::CreateOrder, req, out);
  }
  grpc::Status Respond(const std::string& as, const std::string& id, v1::SupervisionOrder* out) {
    v1::RespondOrderRequest req;
    req.set_id(id);
    req.set_response("已协调国土部门，指标下周到位");
    return CallAs(as, stub(), &Stub::RespondOrder, req, out);
  }
  grpc::Status Close(const std::string& as, const std::string& id, v1::SupervisionOrder* out) {
    v1::CloseOrderRequest req;
    req.set_id(id);
    req.set_closing_note("已开工");
    return CallAs(as, stub(), &Stub::CloseOrder, req, out);
  }
  grpc::Status Escalate(const std::string& as, const std::string& id, v1::SupervisionOrder* out) {
    v1::EscalateOrderRequest req;
    req.set_id(id);
    req.set_reason("逾期未办");
    *req.mutable_new_deadline() = MakeDate(2099, 6, 1);
    return CallAs(as, stub(), &Stub::EscalateOrder, req, out);
  }

  district::testing::ProjectServer server_;
  v1::Project project_, other_;
};

TEST_F(OrdersTest, AnOrderMovesOnlyInTheAllowedOrder) {
  v1::SupervisionOrder o;
  ASSERT_TRUE(Issue("office", project_.id(), &o).ok());
  EXPECT_EQ(o.state(), v1::ORDER_STATE_ISSUED);
  EXPECT_EQ(o.issued_by(), "督查室");
  EXPECT_EQ(o.escalation_level(), 0);
  v1::SupervisionOrder out;
  // Closing before a response, responding twice, anything after closing: FAILED_PRECONDITION.
  EXPECT_EQ(Close("office", o.id(), &out).error_code(), StatusCode::FAILED_PRECONDITION);
  ASSERT_TRUE(Respond("unit", o.id(), &o).ok());
  EXPECT_EQ(o.state(), v1::ORDER_STATE_RESPONDED);
  EXPECT_FALSE(IsEmpty(o.responded_date()));
  EXPECT_EQ(Respond("unit", o.id(), &out).error_code(), StatusCode::FAILED_PRECONDITION);
  // Escalating a responded order sends it back, one level up, with its new deadline.
  ASSERT_TRUE(Escalate("office", o.id(), &o).ok());
  EXPECT_EQ(o.state(), v1::ORDER_STATE_ISSUED);
  EXPECT_EQ(o.escalation_level(), 1);
  EXPECT_EQ(o.escalation_reason(), "逾期未办");
  EXPECT_EQ(o.deadline().year(), 2099);
  EXPECT_TRUE(o.response().empty());
  ASSERT_TRUE(Respond("unit", o.id(), &o).ok());
  ASSERT_TRUE(Close("office", o.id(), &o).ok());
  EXPECT_EQ(o.state(), v1::ORDER_STATE_CLOSED);
  EXPECT_EQ(Respond("unit", o.id(), &out).error_code(), StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(Escalate("office", o.id(), &out).error_code(), StatusCode::FAILED_PRECONDITION);
  EXPECT_EQ(Close("office", o.id(), &out).error_code(), StatusCode::FAILED_PRECONDITION);
}

TEST_F(OrdersTest, OnlyTheIssuerOrAnAdminClosesOrEscalates) {
  v1::SupervisionOrder o, out;
  ASSERT_TRUE(Issue("office", project_.id(), &o).ok());
  ASSERT_TRUE(Respond("unit", o.id(), &o).ok());
  EXPECT_EQ(Close("unit", o.id(), &out).error_code(), StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(Escalate("unit", o.id(), &out).error_code(), StatusCode::PERMISSION_DENIED);
  EXPECT_TRUE(Escalate("admin", o.id(), &o).ok());
  // No token: unauthenticated.
  EXPECT_EQ(Issue("", project_.id(), &out).error_code(), StatusCode::UNAUTHENTICATED);
}

// A unit's clerk changes its unit's projects (not another's, nor moves one out of its unit) and
// answers the orders addressed to its unit, whichever unit answers for their project.
TEST_F(OrdersTest, AUnitScopedEditorChangesItsUnitsProjectsAndAnswersItsUnitsOrders) {
  v1::CreateProjectRequest create;
  create.mutable_project()->set_name("住建局的项目");
  create.mutable_project()->set_responsible_unit("区住房和城乡建设局");
  v1::Project ours, out_project;
  ASSERT_TRUE(CallAs("zhujian", stub(), &Stub::CreateProject, create, &ours).ok());
  create.mutable_project()->set_name("发改局的项目");
  create.mutable_project()->set_responsible_unit("区发展和改革局");
  grpc::Status s = CallAs("zhujian", stub(), &Stub::CreateProject, create, &out_project);
  EXPECT_EQ(s.error_code(), StatusCode::PERMISSION_DENIED);
  EXPECT_NE(s.error_message().find("区住房和城乡建设局"), std::string::npos) << s.error_message();

  v1::UpdateProjectRequest update;
  update.mutable_project()->set_id(ours.id());
  update.mutable_project()->set_leader("王副区长");
  update.mutable_update_mask()->add_paths("leader");
  EXPECT_TRUE(CallAs("zhujian", stub(), &Stub::UpdateProject, update, &out_project).ok());
  update.mutable_project()->set_responsible_unit("区发展和改革局");
  update.mutable_update_mask()->add_paths("responsible_unit");
  EXPECT_EQ(CallAs("zhujian", stub(), &Stub::UpdateProject, update, &out_project).error_code(),
            StatusCode::PERMISSION_DENIED);
  update.mutable_project()->set_id(project_.id());  // no unit: outside every unit scope
  update.mutable_update_mask()->clear_paths();
  update.mutable_update_mask()->add_paths("leader");
  EXPECT_EQ(CallAs("zhujian", stub(), &Stub::UpdateProject, update, &out_project).error_code(),
            StatusCode::PERMISSION_DENIED);

  // Issue() addresses its orders to 区住房和城乡建设局; project_ has no unit.
  v1::SupervisionOrder addressed, elsewhere, out;
  ASSERT_TRUE(Issue("office", project_.id(), &addressed).ok());
  EXPECT_TRUE(Respond("zhujian", addressed.id(), &out).ok());
  v1::CreateOrderRequest req;
  req.mutable_order()->set_project_id(ours.id());
  req.mutable_order()->set_responsible_unit("区自然资源局");
  req.mutable_order()->set_subject("落实用地指标");
  *req.mutable_order()->mutable_deadline() = MakeDate(2099, 1, 1);
  ASSERT_TRUE(CallAs("office", stub(), &Stub::CreateOrder, req, &elsewhere).ok());
  EXPECT_EQ(Respond("zhujian", elsewhere.id(), &out).error_code(), StatusCode::PERMISSION_DENIED);
}

TEST_F(OrdersTest, ALeaderScopedEditorIssuesAndAnswersOnlyItsOwnProjectsOrders) {
  v1::SupervisionOrder mine, theirs, out;
  ASSERT_TRUE(Issue("zhang", project_.id(), &mine).ok());
  EXPECT_EQ(Issue("zhang", other_.id(), &out).error_code(), StatusCode::PERMISSION_DENIED);
  ASSERT_TRUE(Issue("office", other_.id(), &theirs).ok());
  EXPECT_EQ(Respond("zhang", theirs.id(), &out).error_code(), StatusCode::PERMISSION_DENIED);
  EXPECT_TRUE(Respond("zhang", mine.id(), &out).ok());
}

TEST_F(OrdersTest, FieldsAreCheckedAndEveryChangeIsAudited) {
  v1::CreateOrderRequest bad;
  bad.mutable_order()->set_project_id(project_.id());
  bad.mutable_order()->set_subject("无责任单位");
  *bad.mutable_order()->mutable_deadline() = MakeDate(2099, 1, 1);
  v1::SupervisionOrder out;
  grpc::Status s = CallAs("office", stub(), &Stub::CreateOrder, bad, &out);
  EXPECT_EQ(s.error_code(), StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(s.error_message().find("order.responsible_unit"), std::string::npos)
      << s.error_message();
  bad.mutable_order()->set_responsible_unit("区住建局");
  bad.mutable_order()->set_obstacle_id("O99999999");
  s = CallAs("office", stub(), &Stub::CreateOrder, bad, &out);
  EXPECT_EQ(s.error_code(), StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(s.error_message().find("order.obstacle_id"), std::string::npos) << s.error_message();

  // No id is bad input, not a missing order: INVALID_ARGUMENT naming id, for each method.
  for (const grpc::Status& no_id :
       {Respond("unit", "", &out), Close("office", "", &out), Escalate("office", "", &out)}) {
    EXPECT_EQ(no_id.error_code(), StatusCode::INVALID_ARGUMENT) << no_id.error_message();
    EXPECT_EQ(no_id.error_message().rfind("id: ", 0), 0u) << no_id.error_message();
  }
  {
    v1::GetOrderRequest get;
    s = CallAs("office", stub(), &Stub::GetOrder, get, &out);
    EXPECT_EQ(s.error_code(), StatusCode::INVALID_ARGUMENT) << s.error_message();
  }

  v1::SupervisionOrder o;
  ASSERT_TRUE(Issue("office", project_.id(), &o).ok());
  ASSERT_TRUE(Respond("unit", o.id(), &o).ok());
  ASSERT_TRUE(Escalate("office", o.id(), &o).ok());
  auto audit = audit::v1::AuditService::NewStub(server_.channel());
  audit::v1::ListAuditEntriesRequest req;
  req.set_resource("order/" + o.id());
  audit::v1::ListAuditEntriesResponse entries;
  ASSERT_TRUE(
      CallAs("admin", *audit, &audit::v1::AuditService::Stub::ListAuditEntries, req, &entries)
          .ok());
  ASSERT_EQ(entries.entries_size(), 3);
  EXPECT_EQ(entries.entries(0).principal(), "督查室");
  EXPECT_EQ(entries.entries(1).method(), "RespondOrder");
  EXPECT_EQ(entries.entries(1).principal(), "住建局");
  EXPECT_EQ(entries.entries(2).method(), "EscalateOrder");
  bool level_changed = false;
  for (const auto& change : entries.entries(2).changes()) {
    level_changed |= change.field() == "escalation_level" && change.new_value() == "1";
  }
  EXPECT_TRUE(level_changed) << entries.entries(2).DebugString();
}

TEST_F(OrdersTest, AnOrderPastItsDeadlineIsOverdueAndCounted) {
  v1::SupervisionOrder late, due_today, out;
  ASSERT_TRUE(Issue("office", project_.id(), &late, MakeDate(2020, 1, 1)).ok());
  ASSERT_TRUE(Issue("office", project_.id(), &due_today, Today()).ok());
  EXPECT_TRUE(late.overdue());
  EXPECT_FALSE(due_today.overdue());  // due today is not overdue
  v1::ListOrdersRequest list;
  list.set_overdue_only(true);
  v1::ListOrdersResponse page;
  ASSERT_TRUE(CallAs("office", stub(), &Stub::ListOrders, list, &page).ok());
  ASSERT_EQ(page.orders_size(), 1);
  EXPECT_EQ(page.orders(0).id(), late.id());
  v1::GetProjectStatsRequest stats_req;
  stats_req.set_year(2020);
  v1::ProjectStats stats;
  ASSERT_TRUE(CallAs("office", stub(), &Stub::GetProjectStats, stats_req, &stats).ok());
  EXPECT_EQ(stats.open_order_count(), 2);
  EXPECT_EQ(stats.overdue_order_count(), 1);
  // Closed, it is no longer overdue nor open.
  ASSERT_TRUE(Respond("unit", late.id(), &out).ok());
  ASSERT_TRUE(Close("office", late.id(), &out).ok());
  EXPECT_FALSE(out.overdue());
  ASSERT_TRUE(CallAs("office", stub(), &Stub::GetProjectStats, stats_req, &stats).ok());
  EXPECT_EQ(stats.open_order_count(), 1);
  EXPECT_EQ(stats.overdue_order_count(), 0);
}

}  // namespace
}  // namespace district::project
