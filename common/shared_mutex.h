// A reader/writer lock that lets a waiting writer in ahead of readers that come after it.
//
// std::shared_mutex is glibc's default rwlock, which prefers readers: while readers overlap, a
// writer waits for as long as they keep coming. The in-memory tables (common/fact_table.h,
// common/resident_table.h) are read by every List and statistics call and written by the store's
// committer after each commit, so under a steady read load a reader-preferring lock would hold up
// every write of the service (seen to keep a writer out for as long as readers scanned in a loop;
// bench/RESULTS.md, "Design measurements").
//
// A reader must not take the lock again while it holds it: with a writer waiting in between, the
// second read would wait for the writer, which waits for the first.
// Meets the SharedMutex requirements: use it with std::unique_lock and std::shared_lock.
//
// Thread-safe, as a lock is.
#ifndef DISTRICT_COMMON_SHARED_MUTEX_H_
#define DISTRICT_COMMON_SHARED_MUTEX_H_

#include <pthread.h>

namespace district {

class SharedMutex {
 public:
  SharedMutex() {
    pthread_rwlockattr_t attr;
    pthread_rwlockattr_init(&attr);
    pthread_rwlockattr_setkind_np(&attr, PTHREAD_RWLOCK_PREFER_WRITER_NONRECURSIVE_NP);
    pthread_rwlock_init(&lock_, &attr);
    pthread_rwlockattr_destroy(&attr);
  }
  ~SharedMutex() { pthread_rwlock_destroy(&lock_); }
  SharedMutex(const SharedMutex&) = delete;
  SharedMutex& operator=(const SharedMutex&) = delete;

  void lock() { pthread_rwlock_wrlock(&lock_); }
  bool try_lock() { return pthread_rwlock_trywrlock(&lock_) == 0; }
  void unlock() { pthread_rwlock_unlock(&lock_); }
  void lock_shared() { pthread_rwlock_rdlock(&lock_); }
  bool try_lock_shared() { return pthread_rwlock_tryrdlock(&lock_) == 0; }
  void unlock_shared() { pthread_rwlock_unlock(&lock_); }

 private:
  pthread_rwlock_t lock_;
};

}  // namespace district

#endif  // DISTRICT_COMMON_SHARED_MUTEX_H_
