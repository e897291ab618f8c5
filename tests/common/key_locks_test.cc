// KeyLocks (common/key_locks.h): one key always maps to one mutex, and LockAll takes overlapping
// sets from many threads without deadlock, each stripe once.
#include "common/key_locks.h"

#include <atomic>
#include <thread>

#include <gtest/gtest.h>

namespace district {
namespace {

TEST(KeyLocks, OneKeyIsAlwaysOneMutex) {
  KeyLocks locks;
  EXPECT_EQ(&locks.For("project/P00000001"), &locks.For("project/P00000001"));
}

TEST(KeyLocks, LockAllHoldsEveryKeysStripeOnceAndReleasesThem) {
  KeyLocks locks;
  // Duplicates and keys sharing a stripe are locked once (a second lock would deadlock).
  std::vector<std::string> keys = {"a", "b", "a"};
  for (int i = 0; i < 600; ++i) keys.push_back("k" + std::to_string(i));
  {
    auto held = locks.LockAll(keys);
    for (const std::string& k : keys) EXPECT_FALSE(locks.For(k).try_lock()) << k;
  }
  for (const std::string& k : keys) {
    ASSERT_TRUE(locks.For(k).try_lock()) << k;
    locks.For(k).unlock();
  }
}

TEST(KeyLocks, OverlappingLockAllsFromManyThreadsNeverDeadlock) {
  KeyLocks locks;
  std::atomic<int> inside{0};
  std::atomic<bool> overlapped{false};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 500; ++i) {
        // Each thread's keys in a different order; every set shares "shared".
        std::vector<std::string> keys = {"x" + std::to_string((t * 7 + i) % 40), "shared",
                                         "y" + std::to_string((t * 3 + i) % 40)};
        if (t % 2 == 1) std::swap(keys[0], keys[2]);
        auto held = locks.LockAll(keys);
        if (inside.fetch_add(1) != 0) overlapped = true;  // "shared" excludes the others
        inside.fetch_sub(1);
      }
    });
  }
  for (auto& t : threads) t.join();  // a deadlock would hang here (ctest's timeout fails it)
  EXPECT_FALSE(overlapped.load());
}

}  // namespace
}  // namespace district
