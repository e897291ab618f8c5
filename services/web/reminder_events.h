// GET /api/reminders/watch?leader=…|responsibleUnit=…|parkId=…: the project service's
// WatchReminders as Server-Sent Events, so that the reminders page refreshes itself when a
// reminder arises or goes. Each event is
//   event: reminders
//   data: {"added": [Reminder JSON...], "removedKeys": [...]}
// the first with every reminder there is (the HTTP server adds a comment line on a quiet stream,
// so that proxies do not close it). The feed follows the service across restarts
// (tools/rpc/reminder_feed.h).
//
// A stream holds a connection and a feed, not a thread; still, each person (a session, or a
// client address when anonymous) may hold at most `per_person` at once and the service at most
// `max_streams`: the next gets 503, and the page polls instead.
//
// Thread-safe; the Rpc is not owned and must outlive this.
#ifndef DISTRICT_SERVICES_WEB_REMINDER_EVENTS_H_
#define DISTRICT_SERVICES_WEB_REMINDER_EVENTS_H_

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>

#include "services/web/http_server.h"
#include "tools/rpc/rpc.h"

namespace district::web {

class ReminderEvents {
 public:
  ReminderEvents(const rpc::Rpc* rpc, int max_streams, int per_person)
      : rpc_(rpc), max_streams_(max_streams), per_person_(per_person) {}

  // Starts a stream for `request` as `caller` (its token is the feed's), counted against
  // `person`: a refusal to answer at once, or nullopt when `stream` carries it.
  std::optional<HttpReply> Serve(const HttpRequest& request, const rpc::Caller& caller,
                                 const std::string& person, std::shared_ptr<EventStream> stream);

 private:
  bool Admit(const std::string& person);
  void Release(const std::string& person);

  const rpc::Rpc* const rpc_;
  const int max_streams_;
  const int per_person_;
  std::mutex mu_;
  int open_ = 0;
  std::map<std::string, int> by_person_;
};

}  // namespace district::web

#endif  // DISTRICT_SERVICES_WEB_REMINDER_EVENTS_H_
