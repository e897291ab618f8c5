// Reminders appear and disappear as the facts change: a milestone entering the window, reached; an
// obstacle past its deadline, resolved; last month's report missing, recorded; an order open,
// closed. Only the asked leader's projects; most overdue first.
#include <gtest/gtest.h>

#include "common/date.h"
#include "tests/support/project_server.h"

namespace district::project {
namespace {

using grpc::StatusCode;

class RemindersTest : public ::testing::Test {
 protected:
  v1::ProjectService::Stub& stub() { return server_.stub(); }

  v1::Project Create(const std::string& name, const std::string& leader) {
    grpc::ClientContext ctx;
    v1::CreateProjectRequest req;
    req.mutable_project()->set_name(name);
    req.mutable_project()->set_leader(leader);
    req.mutable_project()->set_total_investment_yuan(100000000);
    req.mutable_project()->set_stage(v1::STAGE_UNDER_CONSTRUCTION);
    *req.mutable_stage_date() = MakeDate(2020, 1, 1);
    v1::Project out;
    EXPECT_TRUE(stub().CreateProject(&ctx, req, &out).ok());
    return out;
  }
  // Kinds and subjects of the reminders of 王书记's projects as of `day`, within `days`.
  std::vector<std::pair<v1::ReminderKind, std::string>> Reminders(const Date& day, int days = 7) {
    grpc::ClientContext ctx;
    v1::ListRemindersRequest req;
    req.set_leader("王书记");
    req.set_within_days(days);
    *req.mutable_as_of() = day;
    v1::ListRemindersResponse resp;
    grpc::Status s = stub().ListReminders(&ctx, req, &resp);
    EXPECT_TRUE(s.ok()) << s.error_message();
    std::vector<std::pair<v1::ReminderKind, std::string>> out;
    for (const v1::Reminder& r : resp.reminders()) out.emplace_back(r.kind(), r.subject_id());
    return out;
  }
  void Report(const std::string& project_id, int month) {
    grpc::ClientContext ctx;
    v1::RecordInvestmentRequest req;
    req.set_project_id(project_id);
    req.mutable_month()->set_year(2020);
    req.mutable_month()->set_month(month);
    req.set_invested_yuan(1000000);
    v1::InvestmentReport out;
    ASSERT_TRUE(stub().RecordInvestment(&ctx, req, &out).ok());
  }

  district::testing::ProjectServer server_;
};

TEST_F(RemindersTest, RemindersFollowTheFacts) {
  const v1::Project mine = Create("王书记的项目", "王书记");
  const v1::Project theirs = Create("李区长的项目", "李区长");
  Report(mine.id(), 5);
  Report(theirs.id(), 5);
  using P = std::pair<v1::ReminderKind, std::string>;
  EXPECT_TRUE(Reminders(MakeDate(2020, 6, 1)).empty());  // May reported; nothing else
  // June not reported by 1 July: due.
  EXPECT_EQ(Reminders(MakeDate(2020, 7, 1)),
            (std::vector<P>{{v1::REMINDER_KIND_INVESTMENT_UNREPORTED, ""}}));
  Report(mine.id(), 6);
  EXPECT_TRUE(Reminders(MakeDate(2020, 7, 1)).empty());

  // A milestone on 10 July: in the window of 3 July (7 days), not of 2 July.
  v1::Milestone m;
  {
    grpc::ClientContext ctx;
    v1::CreateMilestoneRequest req;
    req.mutable_milestone()->set_project_id(mine.id());
    req.mutable_milestone()->set_title("主体封顶");
    *req.mutable_milestone()->mutable_planned_date() = MakeDate(2020, 7, 10);
    ASSERT_TRUE(stub().CreateMilestone(&ctx, req, &m).ok());
  }
  EXPECT_TRUE(Reminders(MakeDate(2020, 7, 2)).empty());
  EXPECT_EQ(Reminders(MakeDate(2020, 7, 3)),
            (std::vector<P>{{v1::REMINDER_KIND_MILESTONE, m.id()}}));

  // An obstacle past its deadline, and an order: the most overdue first.
  v1::Obstacle o;
  {
    grpc::ClientContext ctx;
    v1::CreateObstacleRequest req;
    req.mutable_obstacle()->set_project_id(mine.id());
    req.mutable_obstacle()->set_kind(v1::OBSTACLE_KIND_LAND);
    req.mutable_obstacle()->set_description("用地指标");
    *req.mutable_obstacle()->mutable_deadline() = MakeDate(2020, 6, 20);
    ASSERT_TRUE(stub().CreateObstacle(&ctx, req, &o).ok());
  }
  v1::SupervisionOrder order;
  {
    grpc::ClientContext ctx;
    v1::CreateOrderRequest req;
    req.mutable_order()->set_project_id(mine.id());
    req.mutable_order()->set_responsible_unit("区住建局");
    req.mutable_order()->set_subject("协调用地");
    *req.mutable_order()->mutable_deadline() = MakeDate(2020, 7, 5);
    ASSERT_TRUE(stub().CreateOrder(&ctx, req, &order).ok());
  }
  EXPECT_EQ(Reminders(MakeDate(2020, 7, 3)),
            (std::vector<P>{{v1::REMINDER_KIND_OBSTACLE, o.id()},
                            {v1::REMINDER_KIND_ORDER, order.id()},
                            {v1::REMINDER_KIND_MILESTONE, m.id()}}));

  // Facts change: the milestone reached, the obstacle resolved, the order answered and closed.
  {
    grpc::ClientContext ctx;
    v1::UpdateMilestoneRequest req;
    req.mutable_milestone()->set_id(m.id());
    *req.mutable_milestone()->mutable_actual_date() = MakeDate(2020, 7, 2);
    req.mutable_update_mask()->add_paths("actual_date");
    ASSERT_TRUE(stub().UpdateMilestone(&ctx, req, &m).ok());
  }
  {
    grpc::ClientContext ctx;
    v1::UpdateObstacleRequest req;
    req.mutable_obstacle()->set_id(o.id());
    req.mutable_obstacle()->set_status(v1::OBSTACLE_STATUS_RESOLVED);
    *req.mutable_obstacle()->mutable_resolved_date() = MakeDate(2020, 7, 2);
    req.mutable_obstacle()->set_resolution("指标已下达");
    for (const char* path : {"status", "resolved_date", "resolution"}) {
      req.mutable_update_mask()->add_paths(path);
    }
    grpc::Status s = stub().UpdateObstacle(&ctx, req, &o);
    ASSERT_TRUE(s.ok()) << s.error_message();
  }
  EXPECT_EQ(Reminders(MakeDate(2020, 7, 3)),
            (std::vector<P>{{v1::REMINDER_KIND_ORDER, order.id()}}));
  {
    grpc::ClientContext c1, c2;
    v1::RespondOrderRequest respond;
    respond.set_id(order.id());
    respond.set_response("已协调");
    ASSERT_TRUE(stub().RespondOrder(&c1, respond, &order).ok());
    v1::CloseOrderRequest close;
    close.set_id(order.id());
    ASSERT_TRUE(stub().CloseOrder(&c2, close, &order).ok());
  }
  EXPECT_TRUE(Reminders(MakeDate(2020, 7, 3)).empty());
}

TEST_F(RemindersTest, TheRequestIsChecked) {
  grpc::ClientContext ctx;
  v1::ListRemindersRequest req;
  req.set_leader("王书记");
  req.set_park_id("K00000001");
  v1::ListRemindersResponse resp;
  EXPECT_EQ(stub().ListReminders(&ctx, req, &resp).error_code(), StatusCode::INVALID_ARGUMENT);
  grpc::ClientContext ctx2;
  req.clear_park_id();
  req.set_within_days(400);
  grpc::Status s = stub().ListReminders(&ctx2, req, &resp);
  EXPECT_EQ(s.error_code(), StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(s.error_message().find("within_days"), std::string::npos) << s.error_message();
}

}  // namespace
}  // namespace district::project
