#include "services/web/reminder_events.h"

#include "absl/strings/str_cat.h"
#include "services/web/api.h"
#include "tools/rpc/reminder_feed.h"

namespace district::web {
namespace {

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

bool ReminderEvents::Admit(const std::string& person) {
  std::lock_guard<std::mutex> lock(mu_);
  int& mine = by_person_[person];
  if (open_ >= max_streams_ || mine >= per_person_) {
    if (mine == 0) by_person_.erase(person);
    return false;
  }
  ++mine;
  ++open_;
  return true;
}

void ReminderEvents::Release(const std::string& person) {
  std::lock_guard<std::mutex> lock(mu_);
  if (--by_person_[person] == 0) by_person_.erase(person);
  --open_;
}

std::optional<HttpReply> ReminderEvents::Serve(const HttpRequest& http, const rpc::Caller& caller,
                                               const std::string& person,
                                               std::shared_ptr<EventStream> stream) {
  if (!Admit(person)) {
    return ErrorReply(grpc::StatusCode::UNAVAILABLE, "too many reminder streams; poll instead");
  }
  project::v1::WatchRemindersRequest request;
  request.set_leader(http.Param("leader"));
  request.set_responsible_unit(http.Param("responsibleUnit"));
  request.set_park_id(http.Param("parkId"));
  auto feed = std::make_shared<rpc::ReminderFeed>(
      rpc_->ChannelTo("project"), request, caller.token,
      [stream](const rpc::ReminderFeed::Update& update) { stream->Send(EventOf(update)); },
      [stream](const grpc::Status& status) {
        if (!rpc::ReminderFeed::IsRefusal(status.error_code())) return;  // it calls again
        stream->Send(absl::StrCat("event: refused\ndata: ", status.error_message(), "\n\n"));
        stream->Close();
      });
  // The stream's end ends the feed (on an I/O thread, never the feed's own).
  stream->OnClose([this, person, feed]() mutable {
    feed.reset();
    Release(person);
  });
  return std::nullopt;
}

}  // namespace district::web
