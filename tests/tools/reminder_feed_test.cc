// ReminderFeed (tools/rpc/reminder_feed) holds no thread: a hundred feeds open against a real
// project server add only gRPC's few shared threads, and they go promptly; a feed waiting out its
// backoff, or given up, goes at once; the backoff doubles from a tenth of a second, and each call
// presents the token.
#include <dirent.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <memory>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include <grpcpp/grpcpp.h>
#include <gtest/gtest.h>

#include "common/date.h"
#include "district/project/v1/project_service.grpc.pb.h"
#include "tests/support/project_server.h"
#include "tools/rpc/reminder_feed.h"

namespace district::rpc {
namespace {

using Clock = std::chrono::steady_clock;
namespace v1 = project::v1;

// The threads of this process now.
int ThreadCount() {
  DIR* dir = opendir("/proc/self/task");
  if (dir == nullptr) return -1;
  int n = 0;
  while (dirent* entry = readdir(dir)) {
    if (entry->d_name[0] != '.') ++n;
  }
  closedir(dir);
  return n;
}

// A channel of its own connection, so that the feeds are spread over several connections rather
// than all held to one connection's max_concurrent_streams.
std::shared_ptr<grpc::Channel> OwnChannel(const std::string& address) {
  grpc::ChannelArguments args;
  args.SetInt(GRPC_ARG_USE_LOCAL_SUBCHANNEL_POOL, 1);
  return grpc::CreateCustomChannel(address, grpc::InsecureChannelCredentials(), args);
}

template <typename Duration>
int64_t Millis(Duration d) {
  return std::chrono::duration_cast<std::chrono::milliseconds>(d).count();
}

TEST(ReminderFeedTest, AHundredFeedsHoldNoThreadEachAndGoPromptly) {
  district::testing::ProjectServer server;
  // One reminder for the feeds' first update: a milestone of 王书记's due tomorrow.
  {
    grpc::ClientContext ctx;
    v1::CreateProjectRequest req;
    req.mutable_project()->set_name("王书记的项目");
    req.mutable_project()->set_leader("王书记");
    v1::Project project;
    ASSERT_TRUE(server.stub().CreateProject(&ctx, req, &project).ok());
    grpc::ClientContext mctx;
    v1::CreateMilestoneRequest mreq;
    mreq.mutable_milestone()->set_project_id(project.id());
    mreq.mutable_milestone()->set_title("主体封顶");
    *mreq.mutable_milestone()->mutable_planned_date() = DateFromDays(DaysSinceEpoch(Today()) + 1);
    v1::Milestone milestone;
    ASSERT_TRUE(server.stub().CreateMilestone(&mctx, mreq, &milestone).ok());
  }
  v1::WatchRemindersRequest request;
  request.set_leader("王书记");

  std::mutex mu;
  std::condition_variable changed;
  int updated = 0;                      // feeds that have had their first update
  std::atomic<bool> overlapped{false};  // a feed's updates ran concurrently
  struct Watcher {
    std::atomic<bool> in_update{false};
    bool heard = false;
    std::unique_ptr<ReminderFeed> feed;
  };
  auto open = [&](Watcher* w, std::shared_ptr<grpc::Channel> channel) {
    w->feed = std::make_unique<ReminderFeed>(
        std::move(channel), request, "", [&, w](const ReminderFeed::Update& update) {
          if (w->in_update.exchange(true)) overlapped = true;
          std::this_thread::sleep_for(std::chrono::milliseconds(1));
          {
            std::lock_guard<std::mutex> lock(mu);
            if (!update.added.empty() && !w->heard) {
              w->heard = true;
              ++updated;
              changed.notify_all();
            }
          }
          w->in_update.store(false);
        });
  };
  auto wait_updated = [&](int n) {
    std::unique_lock<std::mutex> lock(mu);
    return changed.wait_until(lock, Clock::now() + std::chrono::seconds(30),
                              [&] { return updated >= n; });
  };

  // gRPC's own threads (pollers, executor, callbacks) start with the first calls: one feed first.
  std::vector<std::shared_ptr<grpc::Channel>> channels;
  for (int i = 0; i < 4; ++i) channels.push_back(OwnChannel(server.address()));
  Watcher first;
  open(&first, channels[0]);
  ASSERT_TRUE(wait_updated(1));
  const int before = ThreadCount();

  constexpr int kFeeds = 100;
  std::vector<Watcher> watchers(kFeeds);
  for (int i = 0; i < kFeeds; ++i) open(&watchers[i], channels[i % channels.size()]);
  ASSERT_TRUE(wait_updated(1 + kFeeds)) << updated - 1 << " of " << kFeeds << " feeds updated";
  const int after = ThreadCount();
  std::cout << "threads: " << before << " with one feed, " << after << " with " << kFeeds + 1
            << "\n";
  EXPECT_LT(after - before, 10) << "threads grew from " << before << " to " << after;
  for (const Watcher& w : watchers) EXPECT_EQ(w.feed->Held().size(), 1u);

  const auto destroy_started = Clock::now();
  for (Watcher& w : watchers) w.feed.reset();
  first.feed.reset();
  const auto took = Clock::now() - destroy_started;
  std::cout << "destroying " << kFeeds + 1 << " feeds: " << Millis(took) << " ms\n";
  EXPECT_LT(took, std::chrono::seconds(2));
  EXPECT_FALSE(overlapped) << "a feed delivered two updates at once";
}

// A project service whose WatchReminders always ends at once with `code`, noting each call.
class EndingService final : public v1::ProjectService::Service {
 public:
  explicit EndingService(grpc::StatusCode code) : code_(code) {}

  grpc::Status WatchReminders(grpc::ServerContext* context, const v1::WatchRemindersRequest*,
                              grpc::ServerWriter<v1::WatchRemindersResponse>*) override {
    std::lock_guard<std::mutex> lock(mu_);
    auto auth = context->client_metadata().find("authorization");
    authorizations_.emplace_back(auth == context->client_metadata().end()
                                     ? ""
                                     : std::string(auth->second.data(), auth->second.size()));
    return grpc::Status(code_, "not now");
  }
  std::vector<std::string> authorizations() {
    std::lock_guard<std::mutex> lock(mu_);
    return authorizations_;
  }

 private:
  const grpc::StatusCode code_;
  std::mutex mu_;
  std::vector<std::string> authorizations_;
};

class EndingServer {
 public:
  explicit EndingServer(grpc::StatusCode code) : service_(code) {
    grpc::ServerBuilder builder;
    builder.AddListeningPort("127.0.0.1:0", grpc::InsecureServerCredentials(), &port_);
    builder.RegisterService(&service_);
    server_ = builder.BuildAndStart();
  }
  ~EndingServer() { server_->Shutdown(std::chrono::system_clock::now()); }
  std::string address() const { return "127.0.0.1:" + std::to_string(port_); }
  EndingService& service() { return service_; }

 private:
  EndingService service_;
  int port_ = 0;
  std::unique_ptr<grpc::Server> server_;
};

// The ends a feed has heard of, with when.
class Ends {
 public:
  void Add(const grpc::Status& status) {
    std::lock_guard<std::mutex> lock(mu_);
    at_.push_back(Clock::now());
    codes_.push_back(status.error_code());
    changed_.notify_all();
  }
  bool Wait(size_t n, std::chrono::seconds within = std::chrono::seconds(10)) {
    std::unique_lock<std::mutex> lock(mu_);
    return changed_.wait_for(lock, within, [&] { return at_.size() >= n; });
  }
  std::vector<Clock::time_point> at() {
    std::lock_guard<std::mutex> lock(mu_);
    return at_;
  }
  std::vector<grpc::StatusCode> codes() {
    std::lock_guard<std::mutex> lock(mu_);
    return codes_;
  }

 private:
  std::mutex mu_;
  std::condition_variable changed_;
  std::vector<Clock::time_point> at_;
  std::vector<grpc::StatusCode> codes_;
};

TEST(ReminderFeedTest, TheBackoffDoublesAndAFeedInItGoesAtOnce) {
  EndingServer server(grpc::StatusCode::UNAVAILABLE);
  Ends ends;
  auto feed = std::make_unique<ReminderFeed>(
      grpc::CreateChannel(server.address(), grpc::InsecureChannelCredentials()),
      v1::WatchRemindersRequest(), "secret", nullptr, [&](const grpc::Status& s) { ends.Add(s); });
  // Waits of 100, 200, 400 and 800 ms between the five ends; the next is 1.6 s.
  ASSERT_TRUE(ends.Wait(5));
  const std::vector<Clock::time_point> at = ends.at();
  for (size_t i = 1; i < 5; ++i) {
    const int64_t wait = Millis(at[i] - at[i - 1]);
    EXPECT_GE(wait, (100 << (i - 1)) - 10) << "wait " << i;
  }
  const auto destroy_started = Clock::now();
  feed.reset();
  const auto took = Clock::now() - destroy_started;
  std::cout << "destroying a feed in its backoff: " << Millis(took) << " ms\n";
  EXPECT_LT(took, std::chrono::milliseconds(500));
  EXPECT_FALSE(ends.Wait(6, std::chrono::seconds(0)));
  for (const std::string& auth : server.service().authorizations()) {
    EXPECT_EQ(auth, "Bearer secret");
  }
  EXPECT_GE(server.service().authorizations().size(), 5u);
}

TEST(ReminderFeedTest, AFeedWhoseServerIsDownGoesAtOnce) {
  district::testing::ProjectServer server;
  Ends ends;
  v1::WatchRemindersRequest request;
  request.set_leader("王书记");
  auto feed = std::make_unique<ReminderFeed>(
      grpc::CreateChannel(server.address(), grpc::InsecureChannelCredentials()), request, "",
      nullptr, [&](const grpc::Status& s) { ends.Add(s); });
  for (auto until = Clock::now() + std::chrono::seconds(5);
       feed->resume_token().empty() && Clock::now() < until;) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ASSERT_FALSE(feed->resume_token().empty());
  server.Stop();
  ASSERT_TRUE(ends.Wait(1));
  EXPECT_EQ(ends.codes().front(), grpc::StatusCode::UNAVAILABLE);
  // In its backoff, or calling again and waiting for the server: either way it goes at once.
  const auto destroy_started = Clock::now();
  feed.reset();
  EXPECT_LT(Clock::now() - destroy_started, std::chrono::milliseconds(500));
}

TEST(ReminderFeedTest, ARefusedFeedGivesUpAndGoesAtOnce) {
  EndingServer server(grpc::StatusCode::PERMISSION_DENIED);
  Ends ends;
  int given_up_when_told = 0;  // 1 yes, 2 no, 0 not known (ended before `raw` was set)
  ReminderFeed* raw = nullptr;
  std::mutex mu;  // for `raw`, set after the constructor returns
  auto feed = std::make_unique<ReminderFeed>(
      grpc::CreateChannel(server.address(), grpc::InsecureChannelCredentials()),
      v1::WatchRemindersRequest(), "", nullptr, [&](const grpc::Status& s) {
        {
          std::lock_guard<std::mutex> lock(mu);
          if (raw != nullptr) given_up_when_told = raw->given_up() ? 1 : 2;
        }
        ends.Add(s);
      });
  {
    std::lock_guard<std::mutex> lock(mu);
    raw = feed.get();
  }
  ASSERT_TRUE(ends.Wait(1));
  EXPECT_TRUE(feed->given_up());
  {
    std::lock_guard<std::mutex> lock(mu);
    EXPECT_NE(given_up_when_told, 2) << "not given up yet when OnStreamEnd was called";
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // past a first backoff
  EXPECT_EQ(feed->streams(), 1);
  EXPECT_EQ(ends.codes(), std::vector<grpc::StatusCode>{grpc::StatusCode::PERMISSION_DENIED});
  const auto destroy_started = Clock::now();
  feed.reset();
  EXPECT_LT(Clock::now() - destroy_started, std::chrono::milliseconds(100));
}

// Feeds destroyed at any moment (calling, streaming, at a stream's end, in the backoff) return
// promptly, and none of their functions runs after.
TEST(ReminderFeedTest, AFeedDestroyedAtAnyMomentCallsNothingAfter) {
  EndingServer ending(grpc::StatusCode::UNAVAILABLE);
  district::testing::ProjectServer server;
  std::mt19937 random(20261207);
  std::atomic<int> late{0};  // calls of a feed's functions after its destruction
  std::atomic<int> calls{0};
  for (int round = 0; round < 10; ++round) {
    constexpr int kFeeds = 20;
    std::vector<std::unique_ptr<ReminderFeed>> feeds;
    std::vector<std::shared_ptr<std::atomic<bool>>> gone;
    for (int i = 0; i < kFeeds; ++i) {
      auto destroyed = std::make_shared<std::atomic<bool>>(false);
      gone.push_back(destroyed);
      v1::WatchRemindersRequest request;
      request.set_leader("王书记");
      feeds.push_back(std::make_unique<ReminderFeed>(
          grpc::CreateChannel(i % 2 == 0 ? ending.address() : server.address(),
                              grpc::InsecureChannelCredentials()),
          request, "", [&, destroyed](const ReminderFeed::Update&) { ++calls; },
          [&, destroyed](const grpc::Status&) {
            ++calls;
            std::this_thread::sleep_for(std::chrono::milliseconds(1));  // a slow owner
            if (destroyed->load()) ++late;
          }));
    }
    // Each destroyed at its own moment within the first 300 ms: the first backoffs are 100 and
    // 200 ms.
    std::vector<int> at(kFeeds);
    for (int& ms : at) ms = std::uniform_int_distribution<int>(0, 300)(random);
    std::vector<int> order(kFeeds);
    for (int i = 0; i < kFeeds; ++i) order[i] = i;
    std::sort(order.begin(), order.end(), [&](int a, int b) { return at[a] < at[b]; });
    const auto start = Clock::now();
    for (int i : order) {
      std::this_thread::sleep_until(start + std::chrono::milliseconds(at[i]));
      const auto destroy_started = Clock::now();
      feeds[i].reset();
      gone[i]->store(true);
      EXPECT_LT(Clock::now() - destroy_started, std::chrono::milliseconds(500)) << "feed " << i;
    }
  }
  std::this_thread::sleep_for(std::chrono::milliseconds(300));  // a late call would come by now
  EXPECT_EQ(late.load(), 0);
  EXPECT_GT(calls.load(), 0);
}

}  // namespace
}  // namespace district::rpc
