#include "common/store.h"

#include <atomic>
#include <future>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

#include "district/common/v1/date.pb.h"
#include "tests/support/temp_dir.h"

namespace district {
namespace {

using common::v1::Date;

Date D(int y, int m, int d) {
  Date date;
  date.set_year(y);
  date.set_month(m);
  date.set_day(d);
  return date;
}

class StoreTest : public ::testing::Test {
 protected:
  void SetUp() override { Reopen(); }
  void Reopen() {
    store_.reset();
    Store::Options options;
    options.path = dir_.Sub("db");
    absl::StatusOr<std::unique_ptr<Store>> store = Store::Open(options);
    ASSERT_TRUE(store.ok()) << store.status();
    store_ = *std::move(store);
  }

  district::testing::TempDir dir_;
  std::unique_ptr<Store> store_;
  const Table<Date> dates_{"date", "日期"};
  const Index by_year_{"date.year"};
};

TEST(StoreOpen, CreatesMissingParentDirectories) {
  district::testing::TempDir dir;
  Store::Options options;
  options.path = dir.Sub("a/b/c");
  EXPECT_TRUE(Store::Open(options).ok());
  options.path = "";
  EXPECT_EQ(Store::Open(options).status().code(), absl::StatusCode::kInvalidArgument);
}

TEST_F(StoreTest, PutGetAndNotFound) {
  WriteBatch batch;
  dates_.Put(&batch, "a", D(2020, 3, 30));
  ASSERT_TRUE(store_->Write(&batch).ok());
  absl::StatusOr<Date> got = dates_.Get(*store_, "a");
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->day(), 30);
  absl::StatusOr<Date> missing = dates_.Get(*store_, "b");
  EXPECT_EQ(missing.status().code(), absl::StatusCode::kNotFound);
  EXPECT_NE(missing.status().message().find("date b not found"), std::string::npos);
}

TEST_F(StoreTest, UnparsableRecordIsDataLoss) {
  WriteBatch batch;
  batch.PutRaw(dates_.Key("bad"), "\xff\xff\xff");
  ASSERT_TRUE(store_->Write(&batch).ok());
  EXPECT_EQ(dates_.Get(*store_, "bad").status().code(), absl::StatusCode::kDataLoss);
}

TEST_F(StoreTest, ScanIsOrderedBoundedAndResumable) {
  WriteBatch batch;
  for (const char* id : {"c", "a", "b"}) dates_.Put(&batch, id, D(2020, 1, 1));
  batch.PutRaw("datex/z", "");  // a neighbouring table must not leak into the scan
  ASSERT_TRUE(store_->Write(&batch).ok());
  std::vector<std::string> ids;
  ASSERT_TRUE(dates_
                  .Scan(*store_, "", "",
                        [&](absl::string_view id, const Date&) {
                          ids.emplace_back(id);
                          return true;
                        })
                  .ok());
  EXPECT_EQ(ids, (std::vector<std::string>{"a", "b", "c"}));
  ids.clear();
  ASSERT_TRUE(dates_
                  .Scan(*store_, "", "a",
                        [&](absl::string_view id, const Date&) {
                          ids.emplace_back(id);
                          return ids.size() < 1;
                        })
                  .ok());
  EXPECT_EQ(ids, (std::vector<std::string>{"b"}));
}

TEST_F(StoreTest, IndexValuesNeverOverlap) {
  WriteBatch batch;
  by_year_.Put(&batch, "ab", "1");
  by_year_.Put(&batch, "a", "2");  // "a" is a prefix of "ab": must not see "ab"'s entries
  by_year_.Put(&batch, "a", "3");
  ASSERT_TRUE(store_->Write(&batch).ok());
  // The ids indexed under "a", in id order.
  auto ids_under_a = [&] {
    std::vector<std::string> ids;
    EXPECT_TRUE(by_year_
                    .Scan(*store_, "a", "",
                          [&](absl::string_view id) {
                            ids.emplace_back(id);
                            return true;
                          })
                    .ok());
    return ids;
  };
  EXPECT_EQ(ids_under_a(), (std::vector<std::string>{"2", "3"}));
  WriteBatch remove;
  by_year_.Delete(&remove, "a", "2");
  ASSERT_TRUE(store_->Write(&remove).ok());
  EXPECT_EQ(ids_under_a(), (std::vector<std::string>{"3"}));
}

TEST_F(StoreTest, ScanAllGivesValueAndId) {
  WriteBatch batch;
  by_year_.Put(&batch, "20200301", "m2");
  by_year_.Put(&batch, "20200101", "m1");
  ASSERT_TRUE(store_->Write(&batch).ok());
  std::vector<std::string> seen;
  ASSERT_TRUE(by_year_
                  .ScanAll(*store_,
                           [&](absl::string_view value, absl::string_view id) {
                             seen.push_back(std::string(value) + "/" + std::string(id));
                             return true;
                           })
                  .ok());
  EXPECT_EQ(seen, (std::vector<std::string>{"20200101/m1", "20200301/m2"}));
}

TEST_F(StoreTest, BatchIsAllOrNothingAcrossReopen) {
  WriteBatch batch;
  dates_.Put(&batch, "x", D(2020, 1, 1));
  by_year_.Put(&batch, "2020", "x");
  ASSERT_TRUE(store_->Write(&batch).ok());
  Reopen();
  EXPECT_TRUE(dates_.Get(*store_, "x").ok());
  int n = 0;
  ASSERT_TRUE(by_year_.Scan(*store_, "2020", "", [&](absl::string_view) { return ++n; }).ok());
  EXPECT_EQ(n, 1);
}

TEST_F(StoreTest, IdsContinueAfterTheLastRecordOnReopen) {
  const Table<Date> things{"thing", "记录"};
  auto seq = *IdSequence::Load(*store_, "thing", "T");
  WriteBatch batch;
  const std::string first = seq->Next();
  const std::string second = seq->Next();
  EXPECT_EQ(first, "T00000001");
  EXPECT_EQ(second, "T00000002");
  things.Put(&batch, first, D(2020, 1, 1));
  things.Put(&batch, second, D(2020, 1, 2));
  ASSERT_TRUE(store_->Write(&batch).ok());
  Reopen();
  seq = *IdSequence::Load(*store_, "thing", "T");
  EXPECT_EQ(seq->Next(), "T00000003");
  // An id handed out whose record never committed nobody has seen: it may come again.
  Reopen();
  seq = *IdSequence::Load(*store_, "thing", "T");
  EXPECT_EQ(seq->Next(), "T00000003");
}

TEST_F(StoreTest, IdsAreNeverReusedAfterDeletingTheLastRecord) {
  const Table<Date> things{"thing", "记录"};
  auto seq = *IdSequence::Load(*store_, "thing", "T");
  WriteBatch create;
  for (int i = 0; i < 3; ++i) things.Put(&create, seq->Next(), D(2020, 1, 1));
  ASSERT_TRUE(store_->Write(&create).ok());
  // Delete the last two, newest first: the table alone would now say T00000001.
  for (const char* id : {"T00000003", "T00000002"}) {
    WriteBatch remove;
    things.Delete(&remove, id);
    seq->Retire(&remove, id);
    ASSERT_TRUE(store_->Write(&remove).ok());
  }
  Reopen();
  seq = *IdSequence::Load(*store_, "thing", "T");
  EXPECT_EQ(seq->Next(), "T00000004");
}

TEST_F(StoreTest, IdSequenceRefusesATableWhoseLastKeyIsNoId) {
  WriteBatch batch;
  batch.PutRaw("thing/not-an-id", "");
  ASSERT_TRUE(store_->Write(&batch).ok());
  absl::StatusOr<std::unique_ptr<IdSequence>> seq = IdSequence::Load(*store_, "thing", "T");
  EXPECT_EQ(seq.status().code(), absl::StatusCode::kDataLoss) << seq.status();
}

TEST_F(StoreTest, LastKeyIsTheLastUnderItsPrefixOnly) {
  WriteBatch batch;
  for (const char* key : {"a/1", "a/2", "a0", "b/1", "a/"}) batch.PutRaw(key, "");
  ASSERT_TRUE(store_->Write(&batch).ok());
  EXPECT_EQ(*store_->LastKey("a/"), "a/2");
  EXPECT_EQ(*store_->LastKey("b/"), "b/1");
  EXPECT_EQ(*store_->LastKey("c/"), "");
  EXPECT_EQ(*store_->LastKey("a0"), "a0");
}

TEST_F(StoreTest, CounterKeepsMaximumWhateverTheCommitOrder) {
  WriteBatch high, low;
  high.RaiseCounter("!c", 9);
  low.RaiseCounter("!c", 4);
  ASSERT_TRUE(store_->Write(&high).ok());
  ASSERT_TRUE(store_->Write(&low).ok());
  EXPECT_EQ(*store_->GetCounter("!c"), 9u);
  Reopen();
  EXPECT_EQ(*store_->GetCounter("!c"), 9u);
  EXPECT_EQ(*store_->GetCounter("!never"), 0u);
}

TEST_F(StoreTest, ConcurrentWritersAllLand) {
  std::vector<std::thread> threads;
  auto seq = *IdSequence::Load(*store_, "c", "C");
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 50; ++i) {
        WriteBatch batch;
        dates_.Put(&batch, seq->Next(), D(2020, 1, 1));
        ASSERT_TRUE(store_->Write(&batch).ok());
      }
    });
  }
  for (auto& t : threads) t.join();
  int n = 0;
  ASSERT_TRUE(
      dates_.Scan(*store_, "", "", [&](absl::string_view, const Date&) { return ++n; }).ok());
  EXPECT_EQ(n, 400);
}

TEST_F(StoreTest, QueuedWritesAreVisibleWhenDone) {
  auto seq = *IdSequence::Load(*store_, "q", "Q");
  std::atomic<int> done{0};
  std::atomic<int> missing{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 50; ++i) {
        WriteBatch batch;
        const std::string id = seq->Next();
        dates_.Put(&batch, id, D(2020, 1, 1));
        store_->WriteAsync(std::move(batch), [&, id](absl::Status s) {
          EXPECT_TRUE(s.ok()) << s;
          if (!dates_.Get(*store_, id).ok()) ++missing;  // written before it is reported
          ++done;
        });
      }
    });
  }
  for (auto& t : threads) t.join();
  for (int i = 0; i < 500 && done.load() < 400; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  EXPECT_EQ(done.load(), 400);
  EXPECT_EQ(missing.load(), 0);
}

TEST_F(StoreTest, AWaitingWriteFromACallbackIsRefusedNotDeadlocked) {
  std::promise<absl::Status> nested;
  WriteBatch batch;
  batch.PutRaw("k/1", "v");
  store_->WriteAsync(std::move(batch), [&](absl::Status) {
    WriteBatch inner;
    inner.PutRaw("k/2", "v");
    nested.set_value(store_->Write(&inner));
  });
  EXPECT_EQ(nested.get_future().get().code(), absl::StatusCode::kInternal);
}

TEST_F(StoreTest, ClosingWritesWhatIsQueuedFirst) {
  auto seq = *IdSequence::Load(*store_, "q", "Q");
  std::atomic<int> done{0};
  for (int i = 0; i < 300; ++i) {
    WriteBatch batch;
    dates_.Put(&batch, seq->Next(), D(2020, 1, 1));
    store_->WriteAsync(std::move(batch), [&](absl::Status s) {
      EXPECT_TRUE(s.ok()) << s;
      ++done;
    });
  }
  Reopen();  // closes at once, with writes still queued
  EXPECT_EQ(done.load(), 300);
  int n = 0;
  ASSERT_TRUE(
      dates_.Scan(*store_, "", "", [&](absl::string_view, const Date&) { return ++n; }).ok());
  EXPECT_EQ(n, 300);
}

}  // namespace
}  // namespace district
