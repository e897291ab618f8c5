// Follows district.project.v1.ProjectService/WatchReminders for as long as it lives: keeps the
// reminders the stream has brought and the last resume token, and when a stream ends (the server
// restarts, the network fails, the client fell behind) calls again with that token, after a short
// backoff, so that its owner hears of every reminder once. Used by `districtctl watch reminders`
// and the web service's reminder feed.
//
// Thread-safe. The updates are delivered on the feed's own thread, in order; the function given
// must not destroy the feed.
#ifndef DISTRICT_TOOLS_RPC_REMINDER_FEED_H_
#define DISTRICT_TOOLS_RPC_REMINDER_FEED_H_

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <grpcpp/grpcpp.h>

#include "district/project/v1/project_service.grpc.pb.h"

namespace district::rpc {

class ReminderFeed {
 public:
  // What one response changed: the reminders new to the feed (most urgent first) and the keys of
  // those gone.
  struct Update {
    std::vector<project::v1::Reminder> added;
    std::vector<std::string> removed_keys;
  };
  using OnUpdate = std::function<void(const Update&)>;
  // Called when a stream ends, with its status (e.g. to report it); the feed then calls again,
  // unless the status refuses the request or the caller (INVALID_ARGUMENT, UNAUTHENTICATED,
  // PERMISSION_DENIED, UNIMPLEMENTED): calling again would only repeat it.
  using OnStreamEnd = std::function<void(const grpc::Status&)>;

  // Starts following `request` (its resume_token, when set, is where to begin) on `channel`,
  // presenting `token` as "authorization: Bearer" when set.
  ReminderFeed(std::shared_ptr<grpc::Channel> channel, project::v1::WatchRemindersRequest request,
               std::string token, OnUpdate on_update, OnStreamEnd on_stream_end = nullptr);
  ~ReminderFeed();  // cancels the stream and waits for the feed's thread

  // The reminders held now, by key.
  std::map<std::string, project::v1::Reminder> Held() const;
  // The token to resume from, as of the last update.
  std::string resume_token() const;
  // Streams opened so far (1 until the first one ends).
  int streams() const { return streams_.load(); }
  // Whether a stream's status refuses the request or the caller, so that calling again would only
  // repeat it (see OnStreamEnd).
  static bool IsRefusal(grpc::StatusCode code);

  // Whether the feed stopped following, refused (see OnStreamEnd); true already when OnStreamEnd
  // is called with the refusal.
  bool given_up() const { return given_up_.load(); }

 private:
  void Run();

  const std::unique_ptr<project::v1::ProjectService::Stub> stub_;
  project::v1::WatchRemindersRequest request_;  // its resume_token moves with each update
  const std::string token_;
  const OnUpdate on_update_;
  const OnStreamEnd on_stream_end_;
  std::atomic<int> streams_{0};
  std::atomic<bool> given_up_{false};

  mutable std::mutex mu_;
  std::condition_variable stopped_;
  bool stopping_ = false;
  grpc::ClientContext* current_ = nullptr;  // of the stream open now, to cancel it
  std::map<std::string, project::v1::Reminder> held_;
  std::thread thread_;
};

}  // namespace district::rpc

#endif  // DISTRICT_TOOLS_RPC_REMINDER_FEED_H_
