// The order gRPC makes between threads, told to ThreadSanitizer. The Debian gRPC is not
// instrumented: TSan does not see that a server's start, or a call's, comes before the handler
// gRPC dispatches it to, or that a reactor's StartCall or StartRead comes before the callback that
// reports it, and would report the suite's own setup as racing with its handlers
// (tests/sanitizers/tsan.sh). These mark exactly those hand-offs; without -fsanitize=thread they
// compile to nothing.
#ifndef DISTRICT_COMMON_TSAN_H_
#define DISTRICT_COMMON_TSAN_H_

#if defined(__has_feature)
#if __has_feature(thread_sanitizer)
#define DISTRICT_TSAN 1
#endif
#endif
#if !defined(DISTRICT_TSAN) && defined(__SANITIZE_THREAD__)
#define DISTRICT_TSAN 1
#endif

#ifdef DISTRICT_TSAN
extern "C" void __tsan_acquire(void* addr);
extern "C" void __tsan_release(void* addr);
#endif

namespace district::tsan {

// Before giving gRPC what a later callback on another thread will use (keyed by that object).
inline void HandOff([[maybe_unused]] const void* key) {
#ifdef DISTRICT_TSAN
  __tsan_release(const_cast<void*>(key));
#endif
}

// First thing in that callback.
inline void TakeOver([[maybe_unused]] const void* key) {
#ifdef DISTRICT_TSAN
  __tsan_acquire(const_cast<void*>(key));
#endif
}

// The key handed off by a server's start and a call's, which a handler takes over as it begins:
// what was built before a server started (its services, their stores), or done before a call,
// comes before the handlers gRPC dispatches.
inline const void* Dispatch() {
  static const char key = 0;
  return &key;
}

// The key handed off by a handler as it finishes its call, which a server's shutdown takes over
// once gRPC has finished every call, and a caller once its call has returned: what the handlers
// did comes before the services and stores are destroyed, or the caller looks at them. No handler
// takes it over, so handlers stay unordered among themselves.
inline const void* Served() {
  static const char key = 0;
  return &key;
}

}  // namespace district::tsan

#endif  // DISTRICT_COMMON_TSAN_H_
