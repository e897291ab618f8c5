// A count of committed changes that a thread can wait on: a view computed from the data is current
// while the count has not moved (the lights' counts), and a watch waits for it to move (the
// reminders pushed to WatchReminders).
//
// Thread-safe. Raise is cheap when nobody waits: an atomic increment and an atomic load.
#ifndef DISTRICT_COMMON_CHANGE_SIGNAL_H_
#define DISTRICT_COMMON_CHANGE_SIGNAL_H_

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdint>
#include <mutex>

namespace district {

class ChangeSignal {
 public:
  uint64_t count() const { return count_.load(); }

  // Counts a change and wakes the waiters.
  void Raise() {
    count_.fetch_add(1);
    // A waiter registers under mu_ before it checks the count: either it sees the new count, or
    // it is counted here and this lock waits until it sleeps, so the notification reaches it.
    if (waiters_.load() > 0) {
      { std::lock_guard<std::mutex> lock(mu_); }
      woken_.notify_all();
    }
  }

  // Waits until the count is no longer `seen`, `deadline` passes or `*stop` (if given) is set and
  // WakeAll called; the count then.
  uint64_t WaitUntil(uint64_t seen, std::chrono::steady_clock::time_point deadline,
                     const std::atomic<bool>* stop = nullptr) const {
    std::unique_lock<std::mutex> lock(mu_);
    waiters_.fetch_add(1);
    woken_.wait_until(lock, deadline,
                      [&] { return count_.load() != seen || (stop != nullptr && stop->load()); });
    waiters_.fetch_sub(1);
    return count_.load();
  }

  // Wakes the waiters without a change: one whose stop is set returns.
  void WakeAll() const {
    { std::lock_guard<std::mutex> lock(mu_); }
    woken_.notify_all();
  }

 private:
  std::atomic<uint64_t> count_{0};
  mutable std::atomic<int> waiters_{0};
  mutable std::mutex mu_;
  mutable std::condition_variable woken_;
};

}  // namespace district

#endif  // DISTRICT_COMMON_CHANGE_SIGNAL_H_
