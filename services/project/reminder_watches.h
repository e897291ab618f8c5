// WatchReminders' side of the project server: the watches open now, and one thread that
// recomputes their reminders (project_reminders.h) when the store changes or the date rolls over,
// and pushes to each watch what arose and what went since its last response.
//
// What a client holds is named by its resume token: the sorted fingerprints of the keys of the
// reminders it has been sent, with the server's MAC over them and the watch's scope. A client that
// calls again with it gets only the difference, so a stream lost to a restart or a network failure
// loses nothing and repeats nothing. The MAC's key is the project store's (ProjectStore::
// resume_token_key), kept in its database, so tokens survive a restart and a restore from backup.
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
#include "absl/strings/string_view.h"
#include "common/push_stream.h"
#include "common/server.h"
#include "district/project/v1/project_service.pb.h"
#include "services/project/project_store.h"

namespace district::project {

using ReminderStream = PushStream<v1::WatchRemindersResponse>;

// Every reminder of a scope goes in the first response of a watch of it, one message of at most
// kMaxMessageBytes, and takes at least kMinReminderBytes of it (its 16-digit key with tag and
// length 18, its due date 9, kind 2, project id 3, its own tag and length 2; its text not
// counted). So no scope holds more reminders than this, and no resume token names more keys.
inline constexpr size_t kMinReminderBytes = 32;
inline constexpr size_t kMaxResumeKeys = kMaxMessageBytes / kMinReminderBytes;

// The longest resume token: kMaxResumeKeys keys and the MAC, base64, after the prefix. A longer
// one is refused before anything of it is decoded.
size_t MaxResumeTokenBytes();

// What a resume token is bound to: the watch's leader, unit, park and window.
std::string ResumeScope(const v1::WatchRemindersRequest& request);

// The token of a client holding the reminders with `keys` (Reminder.key) in `scope`, signed with
// `secret` (HMAC-SHA256), and back: the keys' 64-bit fingerprints, sorted; "" is no keys.
// INVALID_ARGUMENT naming resume_token for a token longer than MaxResumeTokenBytes(), one not
// made with `secret`, or one made for another scope; the keys are decoded only once the MAC
// matches.
std::string ResumeToken(std::vector<uint64_t> keys, absl::string_view scope,
                        absl::string_view secret);
absl::StatusOr<std::vector<uint64_t>> ParseResumeToken(absl::string_view token,
                                                       absl::string_view scope,
                                                       absl::string_view secret);

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
    std::string token_scope;  // ResumeScope of its request
    ReminderStream* stream;
    std::vector<uint64_t> sent;  // what the client holds, sorted
  };

  // Pushes to `watch` how `now` differs from what it holds (nothing when nothing does, unless
  // `always`); false once its stream has ended.
  bool PushDifference(Open& watch, const v1::ListRemindersResponse& now, bool always) const;
  void Run();  // the watcher thread

  const ProjectStore* const store_;
  std::mutex mu_;  // guards open_, and makes each push of a watch one at a time
  std::list<Open> open_;
  std::atomic<bool> stopping_{false};
  std::thread watcher_;
};

}  // namespace district::project

#endif  // DISTRICT_SERVICES_PROJECT_REMINDER_WATCHES_H_
