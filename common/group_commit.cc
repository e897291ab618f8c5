#include "common/group_commit.h"

#include <pthread.h>

#include <chrono>

#include "common/metrics.h"

namespace district {
namespace {

// Copies the records of one batch into another: RocksDB has no public append of whole batches.
class Appender : public rocksdb::WriteBatch::Handler {
 public:
  explicit Appender(rocksdb::WriteBatch* to) : to_(to) {}
  void Put(const rocksdb::Slice& key, const rocksdb::Slice& value) override {
    status_ = to_->Put(key, value);
  }
  void Delete(const rocksdb::Slice& key) override { status_ = to_->Delete(key); }
  void Merge(const rocksdb::Slice& key, const rocksdb::Slice& value) override {
    status_ = to_->Merge(key, value);
  }
  bool Continue() override { return status_.ok(); }
  rocksdb::Status status() const { return status_; }

 private:
  rocksdb::WriteBatch* const to_;
  rocksdb::Status status_;
};

}  // namespace

GroupCommitter::GroupCommitter(rocksdb::DB* db, bool sync, Admit admit)
    : db_(db), admit_(std::move(admit)) {
  options_.sync = sync;
  thread_ = std::thread([this] {
    pthread_setname_np(pthread_self(), "committer");  // for top -H and perf
    Loop();
  });
}

GroupCommitter::~GroupCommitter() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
  }
  ready_.notify_one();
  thread_.join();
}

void GroupCommitter::Submit(rocksdb::WriteBatch batch, Done done) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    queue_.push_back({std::move(batch), std::move(done)});
  }
  ready_.notify_one();
}

void GroupCommitter::Loop() {
  std::vector<Pending> group;
  for (;;) {
    {
      std::unique_lock<std::mutex> lock(mu_);
      ready_.wait(lock, [this] { return !queue_.empty() || stopping_; });
      if (queue_.empty()) return;  // stopping, with nothing left to write
      group.swap(queue_);
    }
    const rocksdb::Status written = WriteGroup(group);
    for (Pending& p : group) p.done(written);
    group.clear();
  }
}

rocksdb::Status GroupCommitter::WriteGroup(std::vector<Pending>& group) {
  static Histogram* const batches = Metrics().GetHistogram(
      "district_group_commit_batches", "Write batches committed together in one group.", {},
      {1, 2, 4, 8, 16, 32, 64, 128, 256});
  static Histogram* const seconds = Metrics().GetHistogram(
      "district_group_commit_write_seconds",
      "Time to write one group, with its fsync when writes are synced.", {}, LatencyBuckets());
  static Counter* const failed = Metrics().GetCounter(
      "district_group_commit_failures_total", "Groups whose write failed (or was refused).", {});
  batches->Observe(static_cast<double>(group.size()));
  const auto start = std::chrono::steady_clock::now();
  const rocksdb::Status s = WriteGroupNow(group);
  seconds->Observe(std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count());
  if (!s.ok()) failed->Increment();
  return s;
}

rocksdb::Status GroupCommitter::WriteGroupNow(std::vector<Pending>& group) {
  if (admit_ != nullptr) {
    if (rocksdb::Status admitted = admit_(); !admitted.ok()) return admitted;
  }
  rocksdb::Status s;
  if (group.size() == 1) {
    s = db_->Write(options_, &group[0].batch);
  } else {
    rocksdb::WriteBatch all;
    for (Pending& p : group) {
      Appender appender(&all);
      s = p.batch.Iterate(&appender);
      if (s.ok()) s = appender.status();
      if (!s.ok()) break;
    }
    if (s.ok()) s = db_->Write(options_, &all);
  }
  return s;
}

}  // namespace district
