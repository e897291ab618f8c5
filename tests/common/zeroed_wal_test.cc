// The WAL written over zeros (common/zeroed_wal.h): a durable store's live WAL ends in zeros, and
// a crash image of the store, zeros and all, opens with every acknowledged write in it.
#include "common/zeroed_wal.h"

#include <filesystem>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "absl/strings/match.h"
#include "common/store.h"
#include "district/common/v1/date.pb.h"
#include "tests/support/temp_dir.h"

namespace district {
namespace {

namespace fs = std::filesystem;
using common::v1::Date;

// The files of `dir` whose names end with `suffix`.
std::vector<fs::path> FilesEndingWith(const std::string& dir, const std::string& suffix) {
  std::vector<fs::path> out;
  for (const fs::directory_entry& e : fs::directory_iterator(dir)) {
    if (absl::EndsWith(e.path().filename().string(), suffix)) out.push_back(e.path());
  }
  return out;
}

// Whether the last `n` bytes of `file` are all zero.
bool EndsInZeros(const fs::path& file, size_t n) {
  std::ifstream in(file, std::ios::binary);
  in.seekg(-static_cast<std::streamoff>(n), std::ios::end);
  std::string tail(n, '\x01');
  in.read(tail.data(), static_cast<std::streamsize>(n));
  return in.good() && tail.find_first_not_of('\0') == std::string::npos;
}

class ZeroedWalTest : public ::testing::Test {
 protected:
  static std::unique_ptr<Store> Open(const std::string& path, bool sync = true) {
    Store::Options options;
    options.path = path;
    options.sync_writes = sync;
    absl::StatusOr<std::unique_ptr<Store>> store = Store::Open(options);
    EXPECT_TRUE(store.ok()) << store.status();
    return store.ok() ? *std::move(store) : nullptr;
  }

  // Writes records `from`..`to`-1, one acknowledged write each.
  void WriteRecords(Store* store, int from, int to) {
    for (int i = from; i < to; ++i) {
      WriteBatch batch;
      Date d;
      d.set_year(2000 + i);
      dates_.Put(&batch, std::to_string(i), d);
      batch.Audit("date/" + std::to_string(i), "", "e1");
      ASSERT_TRUE(store->Write(&batch).ok());
    }
  }

  void ExpectRecords(const Store& store, int n) {
    for (int i = 0; i < n; ++i) {
      absl::StatusOr<Date> d = dates_.Get(store, std::to_string(i));
      ASSERT_TRUE(d.ok()) << i << ": " << d.status();
      EXPECT_EQ(d->year(), 2000 + i);
    }
  }

  // What a crash of the process would leave: the files as they are now, copied while the
  // store is open (a process crash loses no page the kernel has, written or not).
  std::string CrashImage(const std::string& live, const std::string& name) {
    const std::string image = dir_.Sub(name);
    fs::copy(live, image, fs::copy_options::recursive);
    return image;
  }

  // The crash image `name` of a new durable store after records 0..n-1.
  std::string CrashImageAfter(int n, const std::string& name) {
    std::unique_ptr<Store> store = Open(dir_.Sub("db"));
    WriteRecords(store.get(), 0, n);
    return CrashImage(dir_.Sub("db"), name);
  }

  // The one WAL file in `dir`; an empty path (and a failure) when there is not exactly one.
  static fs::path TheWal(const std::string& dir) {
    const std::vector<fs::path> wals = FilesEndingWith(dir, ".log");
    EXPECT_EQ(wals.size(), 1u) << dir;
    return wals.size() == 1 ? wals[0] : fs::path();
  }

  district::testing::TempDir dir_;
  const Table<Date> dates_{"date", "日期"};
};

TEST_F(ZeroedWalTest, LiveWalOfADurableStoreEndsInZeros) {
  std::unique_ptr<Store> store = Open(dir_.Sub("db"));
  WriteRecords(store.get(), 0, 10);
  const fs::path wal = TheWal(dir_.Sub("db"));
  ASSERT_FALSE(wal.empty());
  EXPECT_EQ(fs::file_size(wal) % (1 << 20), 0u) << "zeros come a megabyte at a time";
  EXPECT_TRUE(EndsInZeros(wal, 4096));
  // Every other file (info log, manifest, options...) is written as it always is: no megabyte
  // of zeros.
  for (const fs::directory_entry& other : fs::directory_iterator(dir_.Sub("db"))) {
    if (other.path() != wal) {
      EXPECT_LT(other.file_size(), 1u << 20) << other.path();
    }
  }
}

TEST_F(ZeroedWalTest, WithoutSyncTheWalIsPlain) {
  std::unique_ptr<Store> store = Open(dir_.Sub("db"), /*sync=*/false);
  WriteRecords(store.get(), 0, 10);
  const fs::path wal = TheWal(dir_.Sub("db"));
  ASSERT_FALSE(wal.empty());
  EXPECT_LT(fs::file_size(wal), 1u << 20);
}

TEST_F(ZeroedWalTest, CrashImagesOpenWithEveryAcknowledgedWrite) {
  const std::string first = CrashImageAfter(200, "crash1");
  const fs::path wal = TheWal(first);
  ASSERT_FALSE(wal.empty());
  ASSERT_TRUE(EndsInZeros(wal, 4096));

  // The first crash image: its WAL ends in zeros, read past on recovery.
  std::unique_ptr<Store> recovered = Open(first);
  ASSERT_NE(recovered, nullptr);
  ExpectRecords(*recovered, 200);
  // It goes on taking writes, into a new WAL, and crashes again.
  WriteRecords(recovered.get(), 200, 400);
  const std::string second = CrashImage(first, "crash2");
  recovered.reset();

  std::unique_ptr<Store> again = Open(second);
  ASSERT_NE(again, nullptr);
  ExpectRecords(*again, 400);
}

TEST_F(ZeroedWalTest, ATornLastWriteOverZerosIsDroppedAlone) {
  const std::string image = CrashImageAfter(50, "crash");
  // Tear the last write: its last byte before the zeros is not what was written (a write cut
  // short leaves the same: a record whose checksum fails, then zeros).
  const fs::path wal_path = TheWal(image);
  ASSERT_FALSE(wal_path.empty());
  std::fstream wal(wal_path, std::ios::in | std::ios::out | std::ios::binary);
  std::string bytes((std::istreambuf_iterator<char>(wal)), std::istreambuf_iterator<char>());
  const size_t last = bytes.find_last_not_of('\0');
  ASSERT_NE(last, std::string::npos);
  ASSERT_LT(last + 4096, bytes.size()) << "zeros follow the data";
  wal.seekp(static_cast<std::streamoff>(last));
  wal.put(static_cast<char>(bytes[last] ^ 0x5a));
  wal.close();

  std::unique_ptr<Store> recovered = Open(image);
  ASSERT_NE(recovered, nullptr);
  ExpectRecords(*recovered, 49);
  EXPECT_TRUE(absl::IsNotFound(dates_.Get(*recovered, "49").status()));
}

TEST_F(ZeroedWalTest, ACleanCloseLeavesNoZeros) {
  {
    std::unique_ptr<Store> store = Open(dir_.Sub("db"));
    WriteRecords(store.get(), 0, 10);
  }
  const std::vector<fs::path> wals = FilesEndingWith(dir_.Sub("db"), ".log");
  ASSERT_FALSE(wals.empty()) << "the closed store keeps its WAL (nothing was flushed)";
  for (const fs::path& wal : wals) {
    EXPECT_GT(fs::file_size(wal), 0u) << wal;
    EXPECT_FALSE(EndsInZeros(wal, 64)) << wal;
  }
  std::unique_ptr<Store> store = Open(dir_.Sub("db"));
  ExpectRecords(*store, 10);
}

}  // namespace
}  // namespace district
