#include "services/web/reminder_events.h"

#include <chrono>
#include <condition_variable>
#include <deque>
#include <memory>
#include <mutex>

#include <httplib.h>

#include "absl/strings/str_cat.h"
#include "services/web/api.h"
#include "tools/rpc/reminder_feed.h"

namespace district::web {
namespace {

constexpr auto kKeepAlive = std::chrono::seconds(15);
constexpr auto kStopCheck = std::chrono::seconds(1);

// What the feed's thread hands to the HTTP thread that writes the stream.
struct Pending {
  std::mutex mu;
  std::condition_variable ready;
  std::deque<std::string> events;
  bool refused = false;  // the service refused the watch: end the stream
};

std::string EventOf(const rpc::ReminderFeed::Update& update) {
  project::v1::WatchRemindersResponse shown;  // the same JSON as the API's messages
  for (const project::v1::Reminder& r : update.added) *shown.add_added() = r;
  for (const std::string& key : update.removed_keys) shown.add_removed_keys(key);
  std::string json = rpc::ToJson(shown);
  // One data line: the JSON's own newlines would split the event.
  for (char& c : json) {
    if (c == '\n') c = ' ';
  }
  return absl::StrCat("event: reminders\ndata: ", json, "\n\n");
}

}  // namespace

void ReminderEvents::Serve(const httplib::Request& req, httplib::Response& res,
                           const rpc::Caller& caller) {
  if (open_.fetch_add(1) >= max_streams_) {
    open_.fetch_sub(1);
    const HttpReply busy =
        ErrorReply(grpc::StatusCode::UNAVAILABLE, "too many reminder streams; poll instead");
    res.status = busy.status;
    res.set_content(busy.body, busy.content_type);
    return;
  }
  project::v1::WatchRemindersRequest request;
  request.set_leader(req.get_param_value("leader"));
  request.set_responsible_unit(req.get_param_value("responsibleUnit"));
  request.set_park_id(req.get_param_value("parkId"));
  auto pending = std::make_shared<Pending>();
  auto feed = std::make_shared<rpc::ReminderFeed>(
      rpc_->ChannelTo("project"), request, caller.token,
      [pending](const rpc::ReminderFeed::Update& update) {
        std::lock_guard<std::mutex> lock(pending->mu);
        pending->events.push_back(EventOf(update));
        pending->ready.notify_all();
      },
      [pending](const grpc::Status& status) {
        if (!rpc::ReminderFeed::IsRefusal(status.error_code())) return;  // it calls again
        std::lock_guard<std::mutex> lock(pending->mu);
        pending->events.push_back(
            absl::StrCat("event: refused\ndata: ", status.error_message(), "\n\n"));
        pending->refused = true;
        pending->ready.notify_all();
      });
  res.set_header("Cache-Control", "no-store");
  res.set_chunked_content_provider(
      "text/event-stream",
      [this, pending, feed](size_t, httplib::DataSink& sink) {
        std::unique_lock<std::mutex> lock(pending->mu);
        auto last_write = std::chrono::steady_clock::now();
        while (!stopping_.load()) {
          pending->ready.wait_for(lock, kStopCheck, [&] { return !pending->events.empty(); });
          std::string out;
          while (!pending->events.empty()) {
            out += pending->events.front();
            pending->events.pop_front();
          }
          if (out.empty() && std::chrono::steady_clock::now() - last_write >= kKeepAlive) {
            out = ": keep-alive\n\n";
          }
          if (out.empty()) continue;
          lock.unlock();
          const bool written = sink.is_writable() && sink.write(out.data(), out.size());
          lock.lock();
          if (!written) return false;  // the browser went away
          last_write = std::chrono::steady_clock::now();
          if (pending->refused) break;
        }
        lock.unlock();
        sink.done();
        return true;
      },
      [this, feed](bool) { open_.fetch_sub(1); });
}

}  // namespace district::web
