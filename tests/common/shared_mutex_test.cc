// SharedMutex lets a waiting writer in ahead of later readers: while a reader holds the lock and a
// writer waits, a new reader is refused, so a steady stream of readers cannot keep the writer out
// (std::shared_mutex would let the new reader in, and this test would fail).
#include "common/shared_mutex.h"

#include <atomic>
#include <chrono>
#include <mutex>
#include <shared_mutex>
#include <thread>

#include <gtest/gtest.h>

namespace district {
namespace {

TEST(SharedMutexTest, AWaitingWriterKeepsNewReadersOut) {
  SharedMutex mu;
  std::shared_lock<SharedMutex> first_reader(mu);
  std::atomic<bool> written{false};
  std::thread writer([&] {
    std::unique_lock<SharedMutex> lock(mu);
    written = true;
  });
  // Until the writer is waiting, a new reader gets in; once it waits, none does. Nothing else
  // refuses a reader here, so a refusal within the bound shows the writer waiting.
  bool refused = false;
  const auto give_up = std::chrono::steady_clock::now() + std::chrono::seconds(30);
  while (!refused && std::chrono::steady_clock::now() < give_up) {
    if (mu.try_lock_shared()) {
      mu.unlock_shared();
      std::this_thread::yield();
    } else {
      refused = true;
    }
  }
  EXPECT_TRUE(refused);
  EXPECT_FALSE(written.load());
  first_reader.unlock();
  writer.join();
  EXPECT_TRUE(written.load());
  std::shared_lock<SharedMutex> later_reader(mu);  // readers come back once the writer is done
}

}  // namespace
}  // namespace district
