// GET /api/reminders/watch?leader=…|responsibleUnit=…|parkId=…: the project service's
// WatchReminders as Server-Sent Events, so that the reminders page refreshes itself when a
// reminder arises or goes. Each event is
//   event: reminders
//   data: {"added": [Reminder JSON...], "removedKeys": [...]}
// the first with every reminder there is; a comment line every 15 s keeps proxies from closing an
// idle stream. The feed follows the service across restarts (tools/rpc/reminder_feed.h).
//
// A stream holds one of the web server's threads while it is open, so at most `max_streams` are
// served at once; the next gets 503 and the page polls instead.
//
// Thread-safe; the Rpc is not owned and must outlive this.
#ifndef DISTRICT_SERVICES_WEB_REMINDER_EVENTS_H_
#define DISTRICT_SERVICES_WEB_REMINDER_EVENTS_H_

#include <atomic>
#include <string>

#include "tools/rpc/rpc.h"

namespace httplib {
struct Request;
struct Response;
}  // namespace httplib

namespace district::web {

class ReminderEvents {
 public:
  ReminderEvents(const rpc::Rpc* rpc, int max_streams) : rpc_(rpc), max_streams_(max_streams) {}

  // Serves one stream as `caller` (its token is the feed's).
  void Serve(const httplib::Request& req, httplib::Response& res, const rpc::Caller& caller);

  // Ends every stream within a second: the server is stopping.
  void StopAll() { stopping_.store(true); }

 private:
  const rpc::Rpc* const rpc_;
  const int max_streams_;
  std::atomic<int> open_{0};
  std::atomic<bool> stopping_{false};
};

}  // namespace district::web

#endif  // DISTRICT_SERVICES_WEB_REMINDER_EVENTS_H_
