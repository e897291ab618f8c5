// WatchReminders' side of the project server: the watches open now, and one thread that
// recomputes their reminders (project_reminders.h) when the store changes or the date rolls over,
// and pushes to each watch what arose and what went since its last response.
//
// What a client holds is named by its resume token: the sorted fingerprints of the keys of the
// reminders it has been sent. A client that calls again with it gets only the difference, so a
// stream lost to a restart or a network failure loses nothing and repeats nothing.
//
// Thread-safe. The watcher thread runs from construction to destruction; destroy after the
// server has stopped (its streams have ended then).
#ifndef DISTRICT_SERVICES_PROJECT_REMINDER_WATCHES_H_
#define DISTRICT_SERVICES_PROJECT_REMINDER_WATCHES_H_

#include <atomic>
#include <cstdint>
#include <list>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "absl/status/statusor.h"
#include "common/push_stream.h"
#include "district/project/v1/project_service.pb.h"
#include "services/project/project_store.h"

namespace district::project {

using ReminderStream = PushStream<v1::WatchRemindersResponse>;

// The token of a client holding the reminders with `keys` (Reminder.key), and back: the keys'
// 64-bit fingerprints, sorted. INVALID_ARGUMENT naming resume_token for one not made here.
std::string ResumeToken(std::vector<uint64_t> keys);
absl::StatusOr<std::vector<uint64_t>> ParseResumeToken(const std::string& token);

class ReminderWatches {
 public:
  explicit ReminderWatches(const ProjectStore* store);  // not owned; must outlive this
  ~ReminderWatches();

  // Starts watching for `request` on `stream` (admitted, not yet pushed to): sends its first
  // response, then each change. INVALID_ARGUMENT for a bad scope or token; the stream is then
  // the caller's to end.
  absl::Status Watch(const v1::WatchRemindersRequest& request, ReminderStream* stream);

 private:
  struct Open {
    v1::ListRemindersRequest scope;
    ReminderStream* stream;
    std::vector<uint64_t> sent;  // what the client holds, sorted
  };

  // Pushes to `watch` how `now` differs from what it holds (nothing when nothing does, unless
  // `always`); false once its stream has ended.
  static bool PushDifference(Open& watch, const v1::ListRemindersResponse& now, bool always);
  void Run();  // the watcher thread

  const ProjectStore* const store_;
  std::mutex mu_;  // guards open_, and makes each push of a watch one at a time
  std::list<Open> open_;
  std::atomic<bool> stopping_{false};
  std::thread watcher_;
};

}  // namespace district::project

#endif  // DISTRICT_SERVICES_PROJECT_REMINDER_WATCHES_H_
