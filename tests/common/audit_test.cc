// The audit trail: an entry per changed resource, written in the change's own batch (so with it
// and never without it), by the caller's principal and method, listed by admins per resource and
// per principal. Through real servers on loopback, and the store directly.
#include "common/audit_log.h"

#include <atomic>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "common/auth.h"
#include "common/date.h"
#include "district/audit/v1/audit.grpc.pb.h"
#include "tests/support/call_as.h"
#include "tests/support/parks_server.h"
#include "tests/support/project_server.h"
#include "tests/support/temp_dir.h"

namespace district {
namespace {

using district::testing::CallAs;
using grpc::StatusCode;
using Projects = project::v1::ProjectService::Stub;
using Audit = audit::v1::AuditService::Stub;

class AuditTest : public ::testing::Test {
 protected:
  void SetUp() override {
    InstallAuthenticator(*Authenticator::Parse(Sha256Hex("admin") + " 管理员 admin\n" +
                                               Sha256Hex("editor") + " 李主任 editor\n" +
                                               Sha256Hex("viewer") + " 王科员 viewer\n"));
    audit_ = audit::v1::AuditService::NewStub(server_.channel());
  }
  void TearDown() override { InstallAuthenticator(nullptr); }

  project::v1::Project Create(const std::string& request_id = "") {
    project::v1::CreateProjectRequest req;
    req.mutable_project()->set_name("林德液压精密智驱动系列产品项目");
    req.set_request_id(request_id);
    project::v1::Project out;
    EXPECT_TRUE(CallAs("editor", server_.stub(), &Projects::CreateProject, req, &out).ok());
    return out;
  }
  grpc::Status Rename(const std::string& id, const std::string& name, const std::string& etag,
                      project::v1::Project* out) {
    project::v1::UpdateProjectRequest req;
    req.mutable_project()->set_id(id);
    req.mutable_project()->set_name(name);
    req.mutable_update_mask()->add_paths("name");
    req.set_etag(etag);
    return CallAs("editor", server_.stub(), &Projects::UpdateProject, req, out);
  }
  // Every entry of the query, following page tokens `page_size` at a time.
  std::vector<audit::v1::AuditEntry> List(const std::string& resource,
                                          const std::string& principal = "", int page_size = 0) {
    audit::v1::ListAuditEntriesRequest req;
    req.set_resource(resource);
    req.set_principal(principal);
    req.set_page_size(page_size);
    std::vector<audit::v1::AuditEntry> all;
    do {
      audit::v1::ListAuditEntriesResponse page;
      grpc::Status s = CallAs("admin", *audit_, &Audit::ListAuditEntries, req, &page);
      EXPECT_TRUE(s.ok()) << s.error_message();
      if (!s.ok()) break;
      all.insert(all.end(), page.entries().begin(), page.entries().end());
      req.set_page_token(page.next_page_token());
    } while (!req.page_token().empty());
    return all;
  }

  district::testing::ProjectServer server_;
  std::unique_ptr<Audit> audit_;
};

TEST_F(AuditTest, EachChangeRecordsWhoWhenMethodAndEtags) {
  const auto before = Now().seconds();
  project::v1::Project p = Create();
  ASSERT_TRUE(Rename(p.id(), "林德液压", p.etag(), &p).ok());
  project::v1::DeleteProjectRequest del;
  del.set_id(p.id());
  google::protobuf::Empty empty;
  ASSERT_TRUE(CallAs("admin", server_.stub(), &Projects::DeleteProject, del, &empty).ok());

  const std::vector<audit::v1::AuditEntry> entries = List("project/" + p.id());
  ASSERT_EQ(entries.size(), 3u);
  EXPECT_EQ(entries[0].method(), "CreateProject");
  EXPECT_EQ(entries[0].principal(), "李主任");
  EXPECT_EQ(entries[0].etag_before(), "");
  EXPECT_EQ(entries[1].method(), "UpdateProject");
  EXPECT_EQ(entries[1].etag_before(), entries[0].etag_after());
  EXPECT_EQ(entries[1].etag_after(), p.etag());
  EXPECT_EQ(entries[2].method(), "DeleteProject");
  EXPECT_EQ(entries[2].principal(), "管理员");
  EXPECT_EQ(entries[2].etag_before(), p.etag());
  EXPECT_EQ(entries[2].etag_after(), "");
  for (const auto& e : entries) {
    EXPECT_EQ(e.resource(), "project/" + p.id());
    EXPECT_GE(e.time().seconds(), before);
    EXPECT_LE(e.time().seconds(), Now().seconds());
  }
  EXPECT_LT(entries[0].id(), entries[1].id());
  EXPECT_LT(entries[1].id(), entries[2].id());
}

TEST_F(AuditTest, AnUpdateRecordsWhichFieldsChangedFromWhatToWhat) {
  project::v1::Project p = Create();
  project::v1::UpdateProjectRequest req;
  req.mutable_project()->set_id(p.id());
  req.mutable_project()->set_leader("李区长");
  req.mutable_project()->set_total_investment_yuan(1200000000);
  req.mutable_project()->set_name(p.name());  // in the mask, unchanged: not a change
  for (const char* path : {"leader", "total_investment_yuan", "name"}) {
    req.mutable_update_mask()->add_paths(path);
  }
  ASSERT_TRUE(CallAs("editor", server_.stub(), &Projects::UpdateProject, req, &p).ok());
  req.mutable_project()->set_leader("");  // cleared
  req.mutable_update_mask()->clear_paths();
  req.mutable_update_mask()->add_paths("leader");
  ASSERT_TRUE(CallAs("editor", server_.stub(), &Projects::UpdateProject, req, &p).ok());

  const std::vector<audit::v1::AuditEntry> entries = List("project/" + p.id());
  ASSERT_EQ(entries.size(), 3u);
  EXPECT_EQ(entries[0].changes_size(), 0);  // a create: the record itself is its first version
  ASSERT_EQ(entries[1].changes_size(), 2) << entries[1].DebugString();
  EXPECT_EQ(entries[1].changes(0).field(), "total_investment_yuan");
  EXPECT_EQ(entries[1].changes(0).old_value(), "");
  EXPECT_EQ(entries[1].changes(0).new_value(), "\"1200000000\"");  // int64 as JSON: a string
  EXPECT_EQ(entries[1].changes(1).field(), "leader");
  EXPECT_EQ(entries[1].changes(1).old_value(), "");
  EXPECT_EQ(entries[1].changes(1).new_value(), "\"李区长\"");
  ASSERT_EQ(entries[2].changes_size(), 1) << entries[2].DebugString();
  EXPECT_EQ(entries[2].changes(0).field(), "leader");
  EXPECT_EQ(entries[2].changes(0).old_value(), "\"李区长\"");
  EXPECT_EQ(entries[2].changes(0).new_value(), "");
}

TEST_F(AuditTest, NothingIsRecordedForAFailedOrRepeatedCall) {
  project::v1::Project p = Create("req-1");
  project::v1::Project out;
  EXPECT_EQ(Rename(p.id(), "林德液压", "stale", &out).error_code(), StatusCode::ABORTED);
  EXPECT_EQ(Rename(p.id(), "", "", &out).error_code(), StatusCode::INVALID_ARGUMENT);
  EXPECT_EQ(Rename("P99999999", "名", "", &out).error_code(), StatusCode::NOT_FOUND);
  EXPECT_EQ(Create("req-1").id(), p.id());  // the retry returns the first project, writes nothing
  EXPECT_EQ(List("").size(), 1u);
}

TEST_F(AuditTest, ConcurrentUpdatesRecordExactlyTheOnesThatCommitted) {
  project::v1::Project p = Create();
  // Eight writers race with etags: some commit, the rest are ABORTED as stale.
  std::atomic<int> committed{0};
  std::vector<std::thread> writers;
  for (int w = 0; w < 8; ++w) {
    writers.emplace_back([&, w] {
      project::v1::GetProjectRequest get;
      get.set_id(p.id());
      for (int i = 0; i < 20; ++i) {
        project::v1::Project current, out;
        if (!CallAs("editor", server_.stub(), &Projects::GetProject, get, &current).ok()) continue;
        if (Rename(p.id(), "项目" + std::to_string(w * 100 + i), current.etag(), &out).ok()) {
          ++committed;
        }
      }
    });
  }
  for (auto& t : writers) t.join();
  EXPECT_GT(committed.load(), 0);
  server_.Restart();  // and they are durable together
  audit_ = audit::v1::AuditService::NewStub(server_.channel());
  const std::vector<audit::v1::AuditEntry> entries = List("project/" + p.id());
  ASSERT_EQ(static_cast<int>(entries.size()), 1 + committed.load());
  for (size_t i = 1; i < entries.size(); ++i) {  // one unbroken chain of etags
    EXPECT_EQ(entries[i].etag_before(), entries[i - 1].etag_after());
  }
}

TEST_F(AuditTest, ADeleteRecordsWhatWentWithIt) {
  project::v1::Project p = Create();
  project::v1::CreateMilestoneRequest m;
  m.mutable_milestone()->set_project_id(p.id());
  m.mutable_milestone()->set_title("开工");
  *m.mutable_milestone()->mutable_planned_date() = MakeDate(2020, 6, 1);
  project::v1::Milestone milestone;
  ASSERT_TRUE(CallAs("editor", server_.stub(), &Projects::CreateMilestone, m, &milestone).ok());
  project::v1::DeleteProjectRequest del;
  del.set_id(p.id());
  google::protobuf::Empty empty;
  ASSERT_TRUE(CallAs("admin", server_.stub(), &Projects::DeleteProject, del, &empty).ok());
  const auto entries = List("milestone/" + milestone.id());
  ASSERT_EQ(entries.size(), 2u);
  EXPECT_EQ(entries[1].method(), "DeleteProject");
  EXPECT_EQ(entries[1].etag_after(), "");
}

TEST_F(AuditTest, ListsPerPrincipalInPagesForAdminsOnly) {
  for (int i = 0; i < 5; ++i) Create();
  project::v1::DeleteProjectRequest del;
  del.set_id("P00000001");
  google::protobuf::Empty empty;
  ASSERT_TRUE(CallAs("admin", server_.stub(), &Projects::DeleteProject, del, &empty).ok());
  EXPECT_EQ(List("", "李主任", 2).size(), 5u);
  EXPECT_EQ(List("", "管理员").size(), 1u);
  EXPECT_EQ(List("", "", 4).size(), 6u);

  audit::v1::ListAuditEntriesRequest req;
  audit::v1::ListAuditEntriesResponse page;
  EXPECT_EQ(CallAs("editor", *audit_, &Audit::ListAuditEntries, req, &page).error_code(),
            StatusCode::PERMISSION_DENIED);
  EXPECT_EQ(CallAs("", *audit_, &Audit::ListAuditEntries, req, &page).error_code(),
            StatusCode::UNAUTHENTICATED);
  // Bad input is INVALID_ARGUMENT naming the field.
  auto expect_invalid = [&](const audit::v1::ListAuditEntriesRequest& bad,
                            const std::string& field) {
    grpc::Status s = CallAs("admin", *audit_, &Audit::ListAuditEntries, bad, &page);
    EXPECT_EQ(s.error_code(), StatusCode::INVALID_ARGUMENT) << field;
    EXPECT_EQ(s.error_message().rfind(field, 0), 0u) << s.error_message();
  };
  req.set_resource("project/P00000001");
  req.set_principal("李主任");
  expect_invalid(req, "resource, principal:");
  req.clear_principal();
  req.set_page_size(1001);
  expect_invalid(req, "page_size:");
  req.set_page_size(-1);
  expect_invalid(req, "page_size:");
  req.set_page_size(1);
  ASSERT_TRUE(CallAs("admin", *audit_, &Audit::ListAuditEntries, req, &page).ok());
  req.set_resource("project/P00000002");  // a token is bound to its query
  req.set_page_token(page.next_page_token());
  expect_invalid(req, "page_token:");
  req.set_page_token("not a token");
  expect_invalid(req, "page_token:");
}

TEST(AuditParks, EachRecordedMonthIsAnEntry) {
  district::testing::ParksServer server;
  using Stub = parks::v1::ParkMetricsService::Stub;
  parks::v1::CreateBuildingRequest create;
  create.mutable_building()->set_name("金融大厦");
  create.mutable_building()->set_status(parks::v1::BUILDING_STATUS_COMPLETED);
  *create.mutable_building()->mutable_completion_date() = MakeDate(2019, 6, 1);
  parks::v1::Building building;
  ASSERT_TRUE(CallAs("", server.stub(), &Stub::CreateBuilding, create, &building).ok());
  parks::v1::BatchRecordMetricsRequest batch;
  for (int month = 1; month <= 12; ++month) {
    parks::v1::BuildingMonth* m = batch.add_metrics();
    m->set_building_id(building.id());
    m->mutable_month()->set_year(2020);
    m->mutable_month()->set_month(month);
  }
  parks::v1::BatchRecordMetricsResponse recorded;
  ASSERT_TRUE(CallAs("", server.stub(), &Stub::BatchRecordMetrics, batch, &recorded).ok());
  auto audit = audit::v1::AuditService::NewStub(server.channel());
  audit::v1::ListAuditEntriesRequest req;
  req.set_principal("anonymous");  // no tokens file: local development
  audit::v1::ListAuditEntriesResponse page;
  ASSERT_TRUE(CallAs("", *audit, &Audit::ListAuditEntries, req, &page).ok());
  ASSERT_EQ(page.entries_size(), 13);
  EXPECT_EQ(page.entries(12).resource(), "metrics/" + building.id() + "/202012");
  EXPECT_EQ(page.entries(12).method(), "BatchRecordMetrics");
}

// Below the services: a batch that declares no change writes no entry; one that does writes its
// entries with it, as "system" outside any call.
TEST(AuditLogStore, EntriesGoInTheBatchThatDeclaresThem) {
  district::testing::TempDir dir;
  Store::Options options;
  options.path = dir.Sub("db");
  auto store = *Store::Open(options);
  WriteBatch plain;
  plain.PutRaw("k/1", "v");
  ASSERT_TRUE(store->Write(&plain).ok());
  audit::v1::ListAuditEntriesRequest all;
  EXPECT_EQ(store->audit().List(*store, all)->entries_size(), 0);

  WriteBatch declared;
  declared.PutRaw("k/2", "v");
  declared.Audit("k/2", "", "1");
  ASSERT_TRUE(store->Write(&declared).ok());
  store.reset();
  store = *Store::Open(options);
  auto listed = store->audit().List(*store, all);
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->entries_size(), 1);
  EXPECT_EQ(listed->entries(0).principal(), "system");
  EXPECT_EQ(listed->entries(0).resource(), "k/2");
  EXPECT_EQ(listed->entries(0).id(), "A000000000001");
}

}  // namespace
}  // namespace district
