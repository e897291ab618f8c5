// The restore drill, on real processes: writes go on while a backup is taken; more are written;
// the server is killed (kill -9); the backup is restored into a new directory and served. The
// restored store must be the image of one instant during the backup: every create acknowledged
// before the backup began is there, none sent after it ended is, and what is there is whole (each
// project with its audit entry, each request id with its project). A damaged backup is found out.
#include <signal.h>
#include <sys/wait.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <map>
#include <mutex>
#include <set>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include "absl/strings/match.h"
#include "absl/strings/str_cat.h"
#include "district/admin/v1/admin.grpc.pb.h"
#include "district/audit/v1/audit.grpc.pb.h"
#include "district/project/v1/project_service.grpc.pb.h"
#include "tests/support/spawned_server.h"
#include "tests/support/temp_dir.h"

namespace district {
namespace {

using district::testing::SpawnedServer;
namespace pv1 = project::v1;
using Clock = std::chrono::steady_clock;

// One create as the client saw it.
struct Create {
  std::string request_id;
  Clock::time_point sent, acknowledged;
  bool ok = false;
  std::string id;  // the project's, when ok
};

class BackupRestoreTest : public ::testing::Test {
 protected:
  absl::StatusOr<SpawnedServer> Serve(const std::string& data, const std::string& log) {
    return SpawnedServer::Start(
        PROJECT_SERVER_PATH,
        {"--data_dir=" + dir_.Sub(data), "--backup_dir=" + dir_.Sub("backups"), "--backup_keep=3"},
        dir_.Sub(log));
  }
  // Runs project_server --restore_from; returns its exit code.
  int Restore(const std::string& data, const std::vector<std::string>& more = {}) {
    std::string command = absl::StrCat(PROJECT_SERVER_PATH, " --restore_from=", dir_.Sub("backups"),
                                       " --data_dir=", dir_.Sub(data));
    for (const std::string& m : more) absl::StrAppend(&command, " ", m);
    absl::StrAppend(&command, " 2>>", dir_.Sub("restore.log"));
    const int status = std::system(command.c_str());
    return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
  }
  static std::unique_ptr<admin::v1::AdminService::Stub> Admin(const SpawnedServer& s) {
    return admin::v1::AdminService::NewStub(
        grpc::CreateChannel(s.address(), grpc::InsecureChannelCredentials()));
  }

  district::testing::TempDir dir_;
};

// Every project, paged.
std::map<std::string, pv1::Project> AllProjects(pv1::ProjectService::Stub& stub) {
  std::map<std::string, pv1::Project> all;
  pv1::ListProjectsRequest req;
  req.set_page_size(1000);
  for (;;) {
    grpc::ClientContext ctx;
    pv1::ListProjectsResponse resp;
    EXPECT_TRUE(stub.ListProjects(&ctx, req, &resp).ok());
    for (const pv1::Project& p : resp.projects()) all[p.id()] = p;
    if (resp.next_page_token().empty()) return all;
    req.set_page_token(resp.next_page_token());
  }
}

// The resources that have a create entry in the audit trail.
std::set<std::string> AuditedCreates(audit::v1::AuditService::Stub& stub) {
  std::set<std::string> created;
  audit::v1::ListAuditEntriesRequest req;
  req.set_page_size(1000);
  for (;;) {
    grpc::ClientContext ctx;
    audit::v1::ListAuditEntriesResponse resp;
    EXPECT_TRUE(stub.ListAuditEntries(&ctx, req, &resp).ok());
    for (const audit::v1::AuditEntry& e : resp.entries()) {
      if (e.etag_before().empty()) created.insert(e.resource());
    }
    if (resp.next_page_token().empty()) return created;
    req.set_page_token(resp.next_page_token());
  }
}

TEST_F(BackupRestoreTest, ARestoredBackupIsTheImageOfOneInstantDuringIt) {
  absl::StatusOr<SpawnedServer> server = Serve("data", "server.log");
  ASSERT_TRUE(server.ok()) << server.status();
  auto channel = grpc::CreateChannel(server->address(), grpc::InsecureChannelCredentials());
  auto projects = pv1::ProjectService::NewStub(channel);

  std::mutex mu;
  std::vector<Create> creates;
  std::atomic<bool> stop{false};
  std::atomic<int> counter{0};
  auto writer = [&] {
    while (!stop.load()) {
      Create c;
      c.request_id = absl::StrCat("drill-", counter.fetch_add(1));
      pv1::CreateProjectRequest req;
      req.set_request_id(c.request_id);
      req.mutable_project()->set_name(absl::StrCat("备份演练项目 ", c.request_id));
      req.mutable_project()->set_total_investment_yuan(200000000);
      grpc::ClientContext ctx;
      ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(10));
      pv1::Project made;
      c.sent = Clock::now();
      const grpc::Status s = projects->CreateProject(&ctx, req, &made);
      c.acknowledged = Clock::now();
      c.ok = s.ok();
      c.id = made.id();
      std::lock_guard<std::mutex> lock(mu);
      creates.push_back(std::move(c));
    }
  };
  std::vector<std::thread> writers;
  for (int i = 0; i < 4; ++i) writers.emplace_back(writer);
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // data before the backup

  auto admin = Admin(*server);
  const Clock::time_point began = Clock::now();
  admin::v1::Backup backup;
  {
    grpc::ClientContext ctx;
    const grpc::Status s = admin->CreateBackup(&ctx, {}, &backup);
    ASSERT_TRUE(s.ok()) << s.error_message();
  }
  const Clock::time_point ended = Clock::now();
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // data after it
  stop = true;
  for (std::thread& t : writers) t.join();
  EXPECT_EQ(backup.name(), absl::StrCat("backups/", backup.backup_id()));
  EXPECT_EQ(backup.service(), "project");
  EXPECT_FALSE(backup.suite_version().empty());
  EXPECT_GT(backup.size_bytes(), 0);
  EXPECT_GT(backup.create_time().seconds(), 0);

  int before = 0, after = 0;
  for (const Create& c : creates) {
    ASSERT_TRUE(c.ok) << c.request_id;
    before += c.acknowledged < began;
    after += c.sent > ended;
  }
  std::cerr << creates.size() << " creates: " << before << " acknowledged before the backup, "
            << after << " sent after it\n";
  ASSERT_GT(before, 10) << "too few writes before the backup to tell";
  ASSERT_GT(after, 10) << "too few writes after the backup to tell";

  ASSERT_EQ(server->Stop(SIGKILL), SIGKILL);  // kill -9

  // Restore into a new directory; never over data unless told.
  ASSERT_EQ(Restore("restored"), 0);
  EXPECT_NE(Restore("restored"), 0);
  {
    std::ifstream log(dir_.Sub("restore.log"));
    std::stringstream text;
    text << log.rdbuf();
    EXPECT_TRUE(absl::StrContains(text.str(), "--restore_overwrite")) << text.str();
  }
  EXPECT_NE(Restore("data"), 0);  // the killed server's directory holds files

  absl::StatusOr<SpawnedServer> restored = Serve("restored", "restored.log");
  ASSERT_TRUE(restored.ok()) << restored.status();
  auto restored_channel =
      grpc::CreateChannel(restored->address(), grpc::InsecureChannelCredentials());
  auto restored_projects = pv1::ProjectService::NewStub(restored_channel);
  const std::map<std::string, pv1::Project> held = AllProjects(*restored_projects);
  std::map<std::string, std::string> request_of_id;
  for (const Create& c : creates) request_of_id[c.id] = c.request_id;
  for (const Create& c : creates) {
    if (c.acknowledged < began) EXPECT_TRUE(held.count(c.id)) << c.request_id << " lost";
    if (c.sent > ended) EXPECT_FALSE(held.count(c.id)) << c.request_id << " from after";
  }
  // Nothing held that the drill did not make.
  for (const auto& [id, project] : held) {
    ASSERT_TRUE(request_of_id.count(id)) << id << " was never made";
  }
  // Whole: each project has its audit entry and each audit entry its project.
  auto audit_stub = audit::v1::AuditService::NewStub(restored_channel);
  std::set<std::string> audited = AuditedCreates(*audit_stub);
  std::set<std::string> expected;
  for (const auto& [id, project] : held) expected.insert("project/" + id);
  EXPECT_EQ(audited, expected);
  // Each request id recorded leads to its project; one not in the backup makes a new one.
  for (const Create& c : creates) {
    pv1::CreateProjectRequest req;
    req.set_request_id(c.request_id);
    req.mutable_project()->set_name(absl::StrCat("备份演练项目 ", c.request_id));
    req.mutable_project()->set_total_investment_yuan(200000000);
    grpc::ClientContext ctx;
    pv1::Project again;
    ASSERT_TRUE(restored_projects->CreateProject(&ctx, req, &again).ok()) << c.request_id;
    if (held.count(c.id)) {
      EXPECT_EQ(again.id(), c.id) << c.request_id;
    } else {
      EXPECT_EQ(held.count(again.id()), 0u) << c.request_id << " answered with another project";
    }
    if (&c - &creates[0] > 60) break;  // enough retries to cover before, during and after
  }
}

TEST_F(BackupRestoreTest, BackupsAreListedKeptVerifiedAndDeleted) {
  absl::StatusOr<SpawnedServer> server = Serve("data", "server.log");
  ASSERT_TRUE(server.ok()) << server.status();
  auto admin = Admin(*server);
  auto projects = pv1::ProjectService::NewStub(
      grpc::CreateChannel(server->address(), grpc::InsecureChannelCredentials()));
  std::vector<uint32_t> ids;
  for (int i = 0; i < 4; ++i) {  // --backup_keep=3: the first is deleted by the fourth
    grpc::ClientContext c1;
    pv1::CreateProjectRequest req;
    req.mutable_project()->set_name(absl::StrCat("保留测试 ", i));
    req.mutable_project()->set_total_investment_yuan(1);
    pv1::Project made;
    ASSERT_TRUE(projects->CreateProject(&c1, req, &made).ok());
    grpc::ClientContext c2;
    admin::v1::Backup backup;
    ASSERT_TRUE(admin->CreateBackup(&c2, {}, &backup).ok());
    ids.push_back(backup.backup_id());
  }
  {
    grpc::ClientContext ctx;
    admin::v1::ListBackupsRequest req;
    req.set_page_size(2);
    admin::v1::ListBackupsResponse page1, page2;
    ASSERT_TRUE(admin->ListBackups(&ctx, req, &page1).ok());
    ASSERT_EQ(page1.backups_size(), 2);
    EXPECT_EQ(page1.backups(0).backup_id(), ids[1]);
    ASSERT_FALSE(page1.next_page_token().empty());
    grpc::ClientContext ctx2;
    req.set_page_token(page1.next_page_token());
    ASSERT_TRUE(admin->ListBackups(&ctx2, req, &page2).ok());
    ASSERT_EQ(page2.backups_size(), 1);
    EXPECT_EQ(page2.backups(0).backup_id(), ids[3]);
    EXPECT_TRUE(page2.next_page_token().empty());
    for (const char* bad : {"not-a-token", "-1", "99999999999999999999999"}) {
      grpc::ClientContext ctx3;
      req.set_page_token(bad);
      const grpc::Status s = admin->ListBackups(&ctx3, req, &page2);
      EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT) << bad;
      EXPECT_NE(s.error_message().find("page_token"), std::string::npos) << s.error_message();
    }
  }
  {
    grpc::ClientContext ctx;
    admin::v1::VerifyBackupRequest req;
    req.set_name(absl::StrCat("backups/", ids[3]));
    admin::v1::Backup verified;
    EXPECT_TRUE(admin->VerifyBackup(&ctx, req, &verified).ok());
  }
  {
    grpc::ClientContext ctx;
    admin::v1::VerifyBackupRequest req;
    req.set_name("backup/3");
    admin::v1::Backup out;
    const grpc::Status s = admin->VerifyBackup(&ctx, req, &out);
    EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
    EXPECT_TRUE(absl::StrContains(s.error_message(), "name")) << s.error_message();
  }
  {
    grpc::ClientContext ctx;
    admin::v1::DeleteBackupRequest req;
    req.set_name(absl::StrCat("backups/", ids[0]));  // already gone (keep)
    google::protobuf::Empty out;
    EXPECT_EQ(admin->DeleteBackup(&ctx, req, &out).error_code(), grpc::StatusCode::NOT_FOUND);
  }
  {
    grpc::ClientContext ctx;
    admin::v1::DeleteBackupRequest req;
    req.set_name(absl::StrCat("backups/", ids[1]));
    google::protobuf::Empty out;
    EXPECT_TRUE(admin->DeleteBackup(&ctx, req, &out).ok());
  }

  // Damage one byte of every table file of the backups: VerifyBackup finds it.
  int damaged = 0;
  for (const auto& entry : std::filesystem::recursive_directory_iterator(dir_.Sub("backups"))) {
    if (entry.path().extension() != ".sst") continue;
    std::fstream file(entry.path(), std::ios::in | std::ios::out | std::ios::binary);
    file.seekg(10);
    char byte = 0;
    file.read(&byte, 1);
    byte = static_cast<char>(byte ^ 0x5a);
    file.seekp(10);
    file.write(&byte, 1);
    ++damaged;
  }
  ASSERT_GT(damaged, 0);
  grpc::ClientContext ctx;
  admin::v1::VerifyBackupRequest req;
  req.set_name(absl::StrCat("backups/", ids[3]));
  admin::v1::Backup out;
  const grpc::Status s = admin->VerifyBackup(&ctx, req, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::DATA_LOSS) << s.error_message();
  // And a restore of it refuses to hand the damage on.
  EXPECT_NE(Restore("from-damaged"), 0);
}

// Runs `command`, its output into `out`; returns its exit code.
int RunCommand(const std::string& command, std::string* out) {
  out->clear();
  FILE* pipe = popen((command + " 2>&1").c_str(), "r");
  if (pipe == nullptr) return -1;
  char buffer[4096];
  while (size_t n = fread(buffer, 1, sizeof buffer, pipe)) out->append(buffer, n);
  const int status = pclose(pipe);
  return WIFEXITED(status) ? WEXITSTATUS(status) : -1;
}

TEST_F(BackupRestoreTest, DistrictctlTakesListsVerifiesAndRestoresBackups) {
  absl::StatusOr<SpawnedServer> server = Serve("data", "server.log");
  ASSERT_TRUE(server.ok()) << server.status();
  const std::string ctl = absl::StrCat(DISTRICTCTL_PATH, " --project_addr=", server->address());
  std::string out;
  ASSERT_EQ(
      RunCommand(ctl + " create project '{\"name\": \"恢复演练\", \"total_investment_yuan\": 1}'",
                 &out),
      0)
      << out;
  ASSERT_EQ(RunCommand(ctl + " backup create project", &out), 0) << out;
  EXPECT_TRUE(absl::StrContains(out, "backups/1")) << out;
  ASSERT_EQ(RunCommand(ctl + " backup list project", &out), 0) << out;
  EXPECT_TRUE(absl::StrContains(out, "project")) << out;
  ASSERT_EQ(RunCommand(ctl + " backup verify project 1", &out), 0) << out;
  EXPECT_EQ(RunCommand(ctl + " backup verify project 9", &out), 1) << out;  // no such backup
  EXPECT_TRUE(absl::StrContains(out, "NOT_FOUND")) << out;
  EXPECT_EQ(RunCommand(ctl + " backup verify 1", &out), 2) << out;  // which server?
  EXPECT_EQ(RunCommand(ctl + " backup create", &out), 2) << out;

  const std::string restore =
      absl::StrCat(DISTRICTCTL_PATH, " restore ", dir_.Sub("backups"), " ", dir_.Sub("copy"));
  ASSERT_EQ(RunCommand(restore, &out), 0) << out;
  EXPECT_EQ(RunCommand(restore, &out), 1) << out;  // it holds files now
  EXPECT_TRUE(absl::StrContains(out, "--restore_overwrite") || absl::StrContains(out, "overwrite"))
      << out;
  ASSERT_EQ(RunCommand(restore + " --overwrite", &out), 0) << out;

  absl::StatusOr<SpawnedServer> copy = SpawnedServer::Start(
      PROJECT_SERVER_PATH, {"--data_dir=" + dir_.Sub("copy")}, dir_.Sub("copy.log"));
  ASSERT_TRUE(copy.ok()) << copy.status();
  ASSERT_EQ(RunCommand(absl::StrCat(DISTRICTCTL_PATH, " --project_addr=", copy->address(),
                                    " list projects"),
                       &out),
            0);
  EXPECT_TRUE(absl::StrContains(out, "恢复演练")) << out;
}

TEST_F(BackupRestoreTest, WithoutABackupDirTheAdminServiceSaysSo) {
  absl::StatusOr<SpawnedServer> server = SpawnedServer::Start(
      PROJECT_SERVER_PATH, {"--data_dir=" + dir_.Sub("data")}, dir_.Sub("server.log"));
  ASSERT_TRUE(server.ok()) << server.status();
  grpc::ClientContext ctx;
  admin::v1::Backup out;
  const grpc::Status s = Admin(*server)->CreateBackup(&ctx, {}, &out);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::FAILED_PRECONDITION);
  EXPECT_TRUE(absl::StrContains(s.error_message(), "--backup_dir")) << s.error_message();
}

}  // namespace
}  // namespace district
