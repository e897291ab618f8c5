// ResourceStore, on disk and resident in memory alike: one request_id makes one resource however
// many calls carry it at once, whether they wait (Create) or are called back (CreateQueued); ids
// are never reused; what reads return after concurrent changes is what a restart finds on disk;
// List pages walk every match once.
#include "common/resource_store.h"

#include <atomic>
#include <set>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "absl/strings/str_format.h"
#include "district/project/v1/project.pb.h"
#include "tests/support/temp_dir.h"

namespace district {
namespace {

using project::v1::Milestone;

Milestone Titled(const std::string& title) {
  Milestone m;
  m.set_title(title);
  return m;
}

// The parameter: whether the kind is resident (Config::resident).
class ResourceStoreTest : public ::testing::TestWithParam<bool> {
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
    config.label = "节点";
    config.id_prefix = "M";
    config.on_commit = [this](const std::string&, const Milestone*) { ++commits_; };
    config.resident = GetParam();
    milestones_ = *ResourceStore<Milestone>::Open(store_.get(), config);
  }

  district::testing::TempDir dir_;
  std::unique_ptr<Store> store_;
  std::unique_ptr<ResourceStore<Milestone>> milestones_;
  std::atomic<int> commits_{0};
};

TEST_P(ResourceStoreTest, OneRequestIdMakesOneResourceUnderConcurrentCalls) {
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

TEST_P(ResourceStoreTest, QueuedCreatesAreCalledBackOnceEachAndDeduplicated) {
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

TEST_P(ResourceStoreTest, ARequestIdReusedForAnotherRequestIsRefused) {
  ASSERT_TRUE(milestones_->Create(Titled("开工"), "same", Titled("开工")).ok());
  absl::StatusOr<Milestone> other = milestones_->Create(Titled("竣工"), "same", Titled("竣工"));
  EXPECT_EQ(other.status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_P(ResourceStoreTest, ADeletedNewestResourceKeepsItsIdAfterRestart) {
  const std::string first = milestones_->Create(Titled("签约"), "", Titled("签约"))->id();
  const std::string second = milestones_->Create(Titled("开工"), "", Titled("开工"))->id();
  ASSERT_TRUE(milestones_->Delete(second, "").ok());
  Reopen();
  const absl::StatusOr<Milestone> third = milestones_->Create(Titled("投产"), "", Titled("投产"));
  ASSERT_TRUE(third.ok()) << third.status();
  EXPECT_EQ(first, "M00000001");
  EXPECT_EQ(third->id(), "M00000003");  // not M00000002 again
}

// Every stored milestone, serialized, in id order.
std::vector<std::string> Serialized(const ResourceStore<Milestone>& store) {
  std::vector<std::string> out;
  const absl::StatusOr<std::vector<Milestone>> all = store.All();
  for (const Milestone& m : *all) out.push_back(m.SerializeAsString());
  return out;
}

TEST_P(ResourceStoreTest, ReadsAfterConcurrentChangesAreWhatARestartFindsOnDisk) {
  std::vector<std::string> ids;
  for (int i = 0; i < 8; ++i) {
    ids.push_back(milestones_->Create(Titled("节点"), "", Titled(""))->id());
  }
  // 4 threads change the same 8 milestones 25 times each, and delete two of them.
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 25; ++i) {
        const std::string& id = ids[(t + i) % ids.size()];
        absl::StatusOr<Milestone> m = milestones_->Mutate(id, "", [&](Milestone& m) {
          m.set_title(absl::StrCat("线程 ", t, " 第 ", i, " 次"));
          return absl::OkStatus();
        });
        ASSERT_TRUE(m.ok() || absl::IsNotFound(m.status())) << m.status();
      }
      if (t < 2) {
        ASSERT_TRUE(milestones_->Delete(ids[t], "").ok());
      }
    });
  }
  for (auto& t : threads) t.join();
  const std::vector<std::string> before = Serialized(*milestones_);
  ASSERT_EQ(before.size(), 6u);
  ASSERT_TRUE(absl::IsNotFound(milestones_->Get(ids[0]).status()));
  const Milestone last = *milestones_->Get(ids[7]);
  std::string etag = NextEtag("");  // created, then changed 12 times: (t + i) % 8 == 7
  for (int i = 0; i < 12; ++i) etag = NextEtag(etag);
  EXPECT_EQ(last.etag(), etag);
  Reopen();
  EXPECT_EQ(Serialized(*milestones_), before);
  EXPECT_EQ(milestones_->Get(ids[7])->SerializeAsString(), last.SerializeAsString());
}

TEST_P(ResourceStoreTest, ListPagesWalkEveryMatchOnceInIdOrder) {
  for (int i = 0; i < 25; ++i) {
    ASSERT_TRUE(milestones_->Create(Titled(i % 2 == 0 ? "偶" : "奇"), "", Titled("")).ok());
  }
  ASSERT_TRUE(milestones_->Delete("M00000003", "").ok());
  const Milestone request = Titled("偶");  // stands for the List request and its filters
  auto even = [](const Milestone& m) { return m.title() == "偶"; };
  std::vector<std::string> seen;
  std::string token;
  int pages = 0;
  do {
    absl::StatusOr<ResourceStore<Milestone>::Page> page =
        milestones_->List(request, 4, token, "", "", even);
    ASSERT_TRUE(page.ok()) << page.status();
    for (const Milestone& m : page->items) seen.push_back(m.id());
    token = page->next_page_token;
    ++pages;
  } while (!token.empty() && pages < 10);
  // M00000001, M00000005, ... M00000025: 13 created with "偶", one of them deleted.
  std::vector<std::string> expected;
  for (int i = 1; i <= 25; i += 2) {
    if (i != 3) expected.push_back(absl::StrFormat("M%08d", i));
  }
  EXPECT_EQ(seen, expected);
  EXPECT_EQ(pages, 3);
  // A token is bound to its query.
  absl::StatusOr<ResourceStore<Milestone>::Page> first =
      milestones_->List(request, 4, "", "", "", even);
  ASSERT_FALSE(first->next_page_token.empty());
  EXPECT_EQ(
      milestones_->List(Titled("奇"), 4, first->next_page_token, "", "", even).status().code(),
      absl::StatusCode::kInvalidArgument);
}

TEST_P(ResourceStoreTest, AMissingResourceIsNotFoundNamingKindAndId) {
  absl::StatusOr<Milestone> missing = milestones_->Get("M00000042");
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kNotFound);
  EXPECT_EQ(missing.status().message(), "milestone M00000042 not found");
  EXPECT_EQ(milestones_->Delete("M00000042", "").code(), absl::StatusCode::kNotFound);
}

INSTANTIATE_TEST_SUITE_P(OnDiskAndResident, ResourceStoreTest, ::testing::Bool(),
                         [](const ::testing::TestParamInfo<bool>& p) {
                           return p.param ? "Resident" : "OnDisk";
                         });

TEST(ResidentStoreTest, AResidentKindWithIndexesIsRefusedAtOpen) {
  district::testing::TempDir dir;
  Store::Options options;
  options.path = dir.Sub("db");
  std::unique_ptr<Store> store = *Store::Open(options);
  ResourceStore<Milestone>::Config config;
  config.kind = "milestone";
  config.label = "节点";
  config.id_prefix = "M";
  config.resident = true;
  config.indexes["project"] = [](const Milestone& m) {
    return std::vector<std::string>{m.project_id()};
  };
  EXPECT_EQ(ResourceStore<Milestone>::Open(store.get(), config).status().code(),
            absl::StatusCode::kInternal);
}

TEST(ResidentStoreTest, IndexKeysLeftByAnOnDiskVersionOfTheKindAreDroppedAtOpen) {
  district::testing::TempDir dir;
  Store::Options options;
  options.path = dir.Sub("db");
  ResourceStore<Milestone>::Config config;
  config.kind = "milestone";
  config.label = "节点";
  config.id_prefix = "M";
  auto count_index_keys = [](const Store& store) {
    int keys = 0;
    EXPECT_TRUE(store
                    .Scan("~milestone.", "",
                          [&](absl::string_view, absl::string_view) {
                            ++keys;
                            return true;
                          })
                    .ok());
    return keys;
  };
  {
    std::unique_ptr<Store> store = *Store::Open(options);
    ResourceStore<Milestone>::Config indexed = config;
    indexed.indexes["title"] = [](const Milestone& m) {
      return std::vector<std::string>{m.title()};
    };
    auto milestones = *ResourceStore<Milestone>::Open(store.get(), indexed);
    ASSERT_TRUE(milestones->Create(Titled("开工"), "", Titled("")).ok());
    ASSERT_TRUE(milestones->Create(Titled("投产"), "", Titled("")).ok());
    ASSERT_EQ(count_index_keys(*store), 2);
  }
  std::unique_ptr<Store> store = *Store::Open(options);
  config.resident = true;
  auto milestones = *ResourceStore<Milestone>::Open(store.get(), config);
  EXPECT_EQ(count_index_keys(*store), 0);
  EXPECT_EQ(milestones->Get("M00000002")->title(), "投产");
  EXPECT_EQ(milestones->All()->size(), 2u);
}

TEST(ResidentTableTest, ScansInIdOrderAfterAnIdAndReadersKeepTheVersionTheyFound) {
  ResidentTable<Milestone> table;
  for (const char* id : {"M3", "M1", "M2"}) {
    Milestone m = Titled(id);
    m.set_id(id);
    table.Put(m);
  }
  std::vector<std::string> ids;
  table.Scan("", [&](const Milestone& m) {
    ids.push_back(m.id());
    return true;
  });
  EXPECT_EQ(ids, (std::vector<std::string>{"M1", "M2", "M3"}));
  ids.clear();
  table.Scan("M1", [&](const Milestone& m) {
    ids.push_back(m.id());
    return false;  // stops after the first
  });
  EXPECT_EQ(ids, (std::vector<std::string>{"M2"}));

  std::shared_ptr<const Milestone> found = table.Find("M2");
  Milestone changed = *found;
  changed.set_title("改");
  table.Put(changed);
  EXPECT_EQ(found->title(), "M2");
  EXPECT_EQ(table.Find("M2")->title(), "改");
  table.Erase("M2");
  EXPECT_EQ(table.Find("M2"), nullptr);
  EXPECT_EQ(found->title(), "M2");
}

}  // namespace
}  // namespace district
