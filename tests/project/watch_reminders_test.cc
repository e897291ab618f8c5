// WatchReminders pushes a reminder to a connected client within a second of the change that causes
// it, and its going; only the watched leader's; a client that loses its stream to a restart calls
// again with its resume token and gets what it missed, each reminder once
// (tools/rpc/reminder_feed).
#include <chrono>
#include <condition_variable>
#include <map>
#include <mutex>

#include <gtest/gtest.h>

#include "absl/strings/escaping.h"
#include "common/date.h"
#include "common/status.h"
#include "services/project/project_store.h"
#include "services/project/reminder_watches.h"
#include "tests/support/project_server.h"
#include "tools/rpc/reminder_feed.h"

namespace district::project {
namespace {

using Clock = std::chrono::steady_clock;
using rpc::ReminderFeed;

Date InDays(int days) { return DateFromDays(DaysSinceEpoch(Today()) + days); }

// What a feed has heard, for the test to wait on.
class Heard {
 public:
  void Add(const ReminderFeed::Update& u) {
    std::lock_guard<std::mutex> lock(mu_);
    for (const v1::Reminder& r : u.added) {
      ++added_[r.subject_id()];
      keys_[r.subject_id()] = r.key();
    }
    for (const std::string& k : u.removed_keys) ++removed_[k];
    changed_.notify_all();
  }
  void Ended(const grpc::Status& s) {
    std::lock_guard<std::mutex> lock(mu_);
    ended_.push_back(s.error_code());
  }
  // Waits until `subject` has been added `times` times, at most until `deadline`.
  bool WaitAdded(const std::string& subject, Clock::time_point deadline, int times = 1) {
    std::unique_lock<std::mutex> lock(mu_);
    return changed_.wait_until(lock, deadline, [&] { return added_[subject] >= times; });
  }
  bool WaitRemoved(const std::string& subject, Clock::time_point deadline) {
    std::unique_lock<std::mutex> lock(mu_);
    return changed_.wait_until(lock, deadline, [&] {
      auto key = keys_.find(subject);
      return key != keys_.end() && removed_[key->second] > 0;
    });
  }
  std::map<std::string, int> added() {
    std::lock_guard<std::mutex> lock(mu_);
    return added_;
  }
  std::vector<grpc::StatusCode> ended() {
    std::lock_guard<std::mutex> lock(mu_);
    return ended_;
  }

 private:
  std::mutex mu_;
  std::condition_variable changed_;
  std::map<std::string, int> added_;         // by subject (milestone id)
  std::map<std::string, std::string> keys_;  // by subject
  std::map<std::string, int> removed_;       // by key
  std::vector<grpc::StatusCode> ended_;
};

class WatchRemindersTest : public ::testing::Test {
 protected:
  v1::ProjectService::Stub& stub() { return server_.stub(); }

  std::string CreateProject(const std::string& leader) {
    grpc::ClientContext ctx;
    v1::CreateProjectRequest req;
    req.mutable_project()->set_name(leader + "的项目");
    req.mutable_project()->set_leader(leader);
    v1::Project out;
    EXPECT_TRUE(stub().CreateProject(&ctx, req, &out).ok());
    return out.id();
  }
  v1::Milestone CreateMilestone(const std::string& project_id, const Date& planned) {
    grpc::ClientContext ctx;
    v1::CreateMilestoneRequest req;
    req.mutable_milestone()->set_project_id(project_id);
    req.mutable_milestone()->set_title("主体封顶");
    *req.mutable_milestone()->mutable_planned_date() = planned;
    v1::Milestone out;
    grpc::Status s = stub().CreateMilestone(&ctx, req, &out);
    EXPECT_TRUE(s.ok()) << s.error_message();
    return out;
  }
  std::unique_ptr<ReminderFeed> Follow(const std::string& leader) {
    v1::WatchRemindersRequest req;
    req.set_leader(leader);
    return std::make_unique<ReminderFeed>(
        // Reconnects within a tenth of a second of the server's return, not gRPC's second.
        grpc::CreateCustomChannel(server_.address(), grpc::InsecureChannelCredentials(),
                                  [] {
                                    grpc::ChannelArguments args;
                                    args.SetInt(GRPC_ARG_INITIAL_RECONNECT_BACKOFF_MS, 100);
                                    args.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, 200);
                                    return args;
                                  }()),
        req, "", [this](const ReminderFeed::Update& u) { heard_.Add(u); },
        [this](const grpc::Status& s) { heard_.Ended(s); });
  }
  std::vector<std::string> Listed(const std::string& leader) {
    grpc::ClientContext ctx;
    v1::ListRemindersRequest req;
    req.set_leader(leader);
    v1::ListRemindersResponse resp;
    EXPECT_TRUE(stub().ListReminders(&ctx, req, &resp).ok());
    std::vector<std::string> keys;
    for (const v1::Reminder& r : resp.reminders()) keys.push_back(r.key());
    std::sort(keys.begin(), keys.end());
    return keys;
  }
  static std::vector<std::string> KeysOf(const ReminderFeed& feed) {
    std::vector<std::string> keys;
    for (const auto& [key, r] : feed.Held()) keys.push_back(key);
    return keys;
  }

  Heard heard_;
  district::testing::ProjectServer server_;
};

TEST_F(WatchRemindersTest, ARemindersArrivalAndGoingArePushedWithinASecond) {
  const std::string mine = CreateProject("王书记");
  const std::string theirs = CreateProject("李区长");
  std::unique_ptr<ReminderFeed> feed = Follow("王书记");
  // The first response (nothing yet) has come once the feed holds a token.
  for (auto until = Clock::now() + std::chrono::seconds(5);
       feed->resume_token().empty() && Clock::now() < until;) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ASSERT_FALSE(feed->resume_token().empty());

  CreateMilestone(theirs, InDays(1));  // another leader's: not this feed's
  const v1::Milestone due = CreateMilestone(mine, InDays(1));
  EXPECT_TRUE(heard_.WaitAdded(due.id(), Clock::now() + std::chrono::seconds(1)))
      << "the milestone due tomorrow did not arrive within a second";
  // Outside the window (7 days): no reminder; due today: one, not overdue.
  const v1::Milestone later = CreateMilestone(mine, InDays(30));
  const v1::Milestone today = CreateMilestone(mine, Today());
  ASSERT_TRUE(heard_.WaitAdded(today.id(), Clock::now() + std::chrono::seconds(1)));
  for (const auto& [key, r] : feed->Held()) {
    if (r.subject_id() == today.id()) EXPECT_EQ(r.days_overdue(), 0) << "due today: not overdue";
  }
  EXPECT_EQ(heard_.added().count(later.id()), 0u);
  EXPECT_EQ(feed->Held().size(), 2u) << "only 王书记's milestones in the window";

  // Reached: gone within a second.
  {
    grpc::ClientContext ctx;
    v1::UpdateMilestoneRequest req;
    req.mutable_milestone()->set_id(due.id());
    *req.mutable_milestone()->mutable_actual_date() = Today();
    req.mutable_update_mask()->add_paths("actual_date");
    v1::Milestone out;
    grpc::Status s = stub().UpdateMilestone(&ctx, req, &out);
    ASSERT_TRUE(s.ok()) << s.error_message();
  }
  EXPECT_TRUE(heard_.WaitRemoved(due.id(), Clock::now() + std::chrono::seconds(1)))
      << "the reached milestone's reminder did not go within a second";
  EXPECT_EQ(KeysOf(*feed), Listed("王书记"));
  EXPECT_EQ(feed->streams(), 1);
}

TEST_F(WatchRemindersTest, AClientResumesAcrossARestartWithoutLosingOrRepeatingAny) {
  const std::string mine = CreateProject("王书记");
  std::unique_ptr<ReminderFeed> feed = Follow("王书记");
  const v1::Milestone before = CreateMilestone(mine, InDays(2));
  const v1::Milestone dropped = CreateMilestone(mine, InDays(3));
  ASSERT_TRUE(heard_.WaitAdded(dropped.id(), Clock::now() + std::chrono::seconds(5)));

  // While the server is down, one milestone comes and one goes: no stream could have told.
  std::string while_down;
  const auto stop_started = Clock::now();
  server_.Restart([&](Store* store) {
    std::unique_ptr<ProjectStore> projects = *ProjectStore::Open(store);
    v1::CreateMilestoneRequest req;
    req.mutable_milestone()->set_project_id(mine);
    req.mutable_milestone()->set_title("设备安装");
    *req.mutable_milestone()->mutable_planned_date() = InDays(4);
    absl::StatusOr<v1::Milestone> m = projects->CreateMilestone(req);
    ASSERT_TRUE(m.ok()) << m.status();
    while_down = m->id();
    ASSERT_TRUE(projects->DeleteMilestone(dropped.id()).ok());
  });
  // The watch ended at once (UNAVAILABLE), not at the end of the 5 s grace.
  EXPECT_LT(Clock::now() - stop_started, std::chrono::seconds(4));

  ASSERT_TRUE(heard_.WaitAdded(while_down, Clock::now() + std::chrono::seconds(10)))
      << "the milestone made while the server was down never arrived";
  ASSERT_TRUE(heard_.WaitRemoved(dropped.id(), Clock::now() + std::chrono::seconds(5)));
  const v1::Milestone after = CreateMilestone(mine, InDays(5));
  ASSERT_TRUE(heard_.WaitAdded(after.id(), Clock::now() + std::chrono::seconds(1)));

  EXPECT_GE(feed->streams(), 2);
  ASSERT_FALSE(heard_.ended().empty());
  EXPECT_EQ(heard_.ended().front(), grpc::StatusCode::UNAVAILABLE);
  // Each once: the resumed stream did not repeat what the first had brought.
  for (const std::string& id : {before.id(), dropped.id(), while_down, after.id()}) {
    EXPECT_EQ(heard_.added()[id], 1) << id;
  }
  EXPECT_EQ(KeysOf(*feed), Listed("王书记"));
}

TEST_F(WatchRemindersTest, ABadScopeOrTokenIsRefused) {
  auto refused = [&](const v1::WatchRemindersRequest& req) {
    grpc::ClientContext ctx;
    auto reader = stub().WatchReminders(&ctx, req);
    v1::WatchRemindersResponse resp;
    EXPECT_FALSE(reader->Read(&resp));
    return reader->Finish();
  };
  v1::WatchRemindersRequest req;
  req.set_resume_token("not-a-token");
  grpc::Status s = refused(req);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(s.error_message().find("resume_token"), std::string::npos) << s.error_message();
  req.set_resume_token("r1.AAAA");  // three bytes: not whole keys
  EXPECT_EQ(refused(req).error_code(), grpc::StatusCode::INVALID_ARGUMENT);

  req.Clear();
  req.set_leader("王书记");
  req.set_park_id("kuiwen-park");
  s = refused(req);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(s.error_message().find("at most one"), std::string::npos) << s.error_message();
  req.clear_park_id();
  req.set_within_days(367);
  s = refused(req);
  EXPECT_EQ(s.error_code(), grpc::StatusCode::INVALID_ARGUMENT);
  EXPECT_NE(s.error_message().find("within_days"), std::string::npos) << s.error_message();
}

// The first response of a watch, or the status that ended it instead.
absl::StatusOr<v1::WatchRemindersResponse> FirstResponse(v1::ProjectService::Stub& stub,
                                                         const v1::WatchRemindersRequest& req) {
  grpc::ClientContext ctx;
  auto reader = stub.WatchReminders(&ctx, req);
  v1::WatchRemindersResponse resp;
  if (reader->Read(&resp)) {
    ctx.TryCancel();
    reader->Finish();
    return resp;
  }
  return FromGrpcStatus(reader->Finish());
}

void ExpectTokenRefused(const absl::StatusOr<v1::WatchRemindersResponse>& r) {
  ASSERT_FALSE(r.ok()) << "accepted, with " << r->removed_keys_size() << " removed keys";
  EXPECT_EQ(r.status().code(), absl::StatusCode::kInvalidArgument) << r.status();
  EXPECT_NE(r.status().message().find("resume_token"), std::string::npos) << r.status();
}

// A viewer's made-up token of 4 MB would have had the server decode and echo back 393,216 keys:
// refused by its size alone, before any of it is decoded.
TEST_F(WatchRemindersTest, AForgedTokenOfFourMegabytesIsRefused) {
  v1::WatchRemindersRequest req;
  req.set_leader("王书记");
  req.set_resume_token("r1." + std::string(4 << 20, 'A'));  // the old format: zero keys
  ExpectTokenRefused(FirstResponse(stub(), req));
  req.set_resume_token("r2." + std::string(4 << 20, 'A'));
  ExpectTokenRefused(FirstResponse(stub(), req));
  EXPECT_GT(MaxResumeTokenBytes(), kMaxResumeKeys * 8 * 4 / 3);
  EXPECT_LT(MaxResumeTokenBytes(), size_t{4} << 20);
}

// A token is the server's own: one changed in a key or in its MAC is refused, and so is one made
// for another leader's watch. A real one still resumes, after a restart too (the MAC key is kept
// in the database).
TEST_F(WatchRemindersTest, ATokenWithABadMacOrForAnotherScopeIsRefused) {
  const std::string mine = CreateProject("王书记");
  CreateMilestone(mine, InDays(1));
  v1::WatchRemindersRequest req;
  req.set_leader("王书记");
  absl::StatusOr<v1::WatchRemindersResponse> first = FirstResponse(stub(), req);
  ASSERT_TRUE(first.ok()) << first.status();
  ASSERT_EQ(first->added_size(), 1);
  const std::string token = first->resume_token();

  auto altered = [&](size_t byte_from_end) {
    std::string bytes;
    EXPECT_TRUE(absl::WebSafeBase64Unescape(absl::string_view(token).substr(3), &bytes));
    bytes[bytes.size() - 1 - byte_from_end] ^= 1;
    return token.substr(0, 3) + absl::WebSafeBase64Escape(bytes);
  };
  req.set_resume_token(altered(0));  // the MAC's last byte
  ExpectTokenRefused(FirstResponse(stub(), req));
  req.set_resume_token(altered(32));  // the key's last byte, under the MAC
  ExpectTokenRefused(FirstResponse(stub(), req));

  v1::WatchRemindersRequest theirs;
  theirs.set_leader("李区长");
  theirs.set_resume_token(token);
  ExpectTokenRefused(FirstResponse(stub(), theirs));
  v1::WatchRemindersRequest wider = req;
  wider.set_within_days(30);
  wider.set_resume_token(token);
  ExpectTokenRefused(FirstResponse(stub(), wider));

  req.set_resume_token(token);
  server_.Restart();
  absl::StatusOr<v1::WatchRemindersResponse> resumed = FirstResponse(stub(), req);
  ASSERT_TRUE(resumed.ok()) << resumed.status();
  EXPECT_EQ(resumed->added_size(), 0) << "the client holds it already";
  EXPECT_EQ(resumed->removed_keys_size(), 0);
  EXPECT_EQ(resumed->resume_token(), token);
}

TEST(ResumeTokenTest, KeysRoundTripSortedUnderTheirScopeAndKey) {
  const std::vector<uint64_t> keys = {42, 0, ~uint64_t{0}, 7};
  const std::string token = ResumeToken(keys, "scope", "secret");
  absl::StatusOr<std::vector<uint64_t>> back = ParseResumeToken(token, "scope", "secret");
  ASSERT_TRUE(back.ok()) << back.status();
  EXPECT_EQ(*back, (std::vector<uint64_t>{0, 7, 42, ~uint64_t{0}}));
  EXPECT_TRUE(ParseResumeToken("", "scope", "secret")->empty());
  EXPECT_EQ(ParseResumeToken(token, "scope", "another secret").status().code(),
            absl::StatusCode::kInvalidArgument);
  EXPECT_EQ(ParseResumeToken(token, "another scope", "secret").status().code(),
            absl::StatusCode::kInvalidArgument);
  v1::WatchRemindersRequest a, b;
  a.set_leader("王|1:x");
  b.set_leader("王");
  b.set_responsible_unit("x");
  EXPECT_NE(ResumeScope(a), ResumeScope(b));
}

}  // namespace
}  // namespace district::project
