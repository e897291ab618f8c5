// ResourceStore's creates under concurrency: one request_id makes one resource however many calls
// carry it at once, whether they wait (Create) or are called back (CreateQueued).
#include "common/resource_store.h"

#include <atomic>
#include <set>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "district/project/v1/project.pb.h"
#include "tests/support/temp_dir.h"

namespace district {
namespace {

using project::v1::Milestone;

class ResourceStoreTest : public ::testing::Test {
 protected:
  void SetUp() override { Reopen(); }
  void Reopen() {
    milestones_.reset();
    store_.reset();
    Store::Options options;
    options.path = dir_.Sub("db");
    store_ = *Store::Open(options);
    ResourceStore<Milestone>::Config config;
    config.kind = "milestone";
    config.id_prefix = "M";
    config.on_commit = [this](const std::string&, const Milestone*) { ++commits_; };
    milestones_ = *ResourceStore<Milestone>::Open(store_.get(), config);
  }

  static Milestone Titled(const std::string& title) {
    Milestone m;
    m.set_title(title);
    return m;
  }

  district::testing::TempDir dir_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<ResourceStore<Milestone>> milestones_;
  std::atomic<int> commits_{0};
};

TEST_F(ResourceStoreTest, OneRequestIdMakesOneResourceUnderConcurrentCalls) {
  const Milestone request = Titled("开工");  // stands for the whole Create request
  std::mutex mu;
  std::set<std::string> ids;
  std::vector<std::thread> threads;
  for (int t = 0; t < 16; ++t) {
    threads.emplace_back([&] {
      absl::StatusOr<Milestone> m = milestones_->Create(request, "retry-1", request);
      ASSERT_TRUE(m.ok()) << m.status();
      std::lock_guard<std::mutex> lock(mu);
      ids.insert(m->id());
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(ids.size(), 1u);
  EXPECT_EQ(milestones_->All()->size(), 1u);
  EXPECT_EQ(commits_.load(), 1);
}

TEST_F(ResourceStoreTest, QueuedCreatesAreCalledBackOnceEachAndDeduplicated) {
  // 200 calls from 4 threads over 50 request ids: 50 resources, every call answered once, and the
  // calls sharing a request_id answered with the same resource.
  std::vector<Milestone> requests;
  for (int i = 0; i < 50; ++i) requests.push_back(Titled("节点 " + std::to_string(i)));
  std::mutex mu;
  std::vector<std::set<std::string>> ids(50);
  std::atomic<int> answered{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 50; ++i) {
        milestones_->CreateQueued(requests[i], "r" + std::to_string(i), requests[i],
                                  [&, i](absl::StatusOr<Milestone> m) {
                                    ASSERT_TRUE(m.ok()) << m.status();
                                    std::lock_guard<std::mutex> lock(mu);
                                    ids[i].insert(m->id());
                                    ++answered;
                                  });
      }
    });
  }
  for (auto& t : threads) t.join();
  for (int i = 0; i < 200 && answered.load() < 200; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_EQ(answered.load(), 200);
  for (const auto& one : ids) EXPECT_EQ(one.size(), 1u);
  EXPECT_EQ(milestones_->All()->size(), 50u);
  EXPECT_EQ(commits_.load(), 50);
}

TEST_F(ResourceStoreTest, ARequestIdReusedForAnotherRequestIsRefused) {
  ASSERT_TRUE(milestones_->Create(Titled("开工"), "same", Titled("开工")).ok());
  absl::StatusOr<Milestone> other = milestones_->Create(Titled("竣工"), "same", Titled("竣工"));
  EXPECT_EQ(other.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(ResourceStoreTest, ADeletedNewestResourceKeepsItsIdAfterRestart) {
  const std::string first = milestones_->Create(Titled("签约"), "", Titled("签约"))->id();
  const std::string second = milestones_->Create(Titled("开工"), "", Titled("开工"))->id();
  ASSERT_TRUE(milestones_->Delete(second, "").ok());
  Reopen();
  const absl::StatusOr<Milestone> third = milestones_->Create(Titled("投产"), "", Titled("投产"));
  ASSERT_TRUE(third.ok()) << third.status();
  EXPECT_EQ(first, "M00000001");
  EXPECT_EQ(third->id(), "M00000003");  // not M00000002 again
}

}  // namespace
}  // namespace district
