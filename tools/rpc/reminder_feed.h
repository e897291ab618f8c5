// Follows district.project.v1.ProjectService/WatchReminders for as long as it lives: keeps the
// reminders the stream has brought and the last resume token, and when a stream ends (the server
// restarts, the network fails, the client fell behind) calls again with that token, after a short
// backoff, so that its owner hears of every reminder once. Used by `districtctl watch reminders`
// and the web service's reminder feed.
//
// A feed holds no thread: the stream is read with gRPC's callback API and the backoff is a
// grpc::Alarm, so any number of feeds can be open at once.
//
// Thread-safe. The updates and the ends of streams are delivered on gRPC's callback threads, one at
// a time and in order; the functions given must not destroy the feed (its destructor waits for
// them), may call its accessors, and should return soon: those threads are few and shared by every
// call of the process.
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
#include <vector>

#include <grpcpp/grpcpp.h>

#include "district/project/v1/project_service.grpc.pb.h"

namespace grpc {
class Alarm;
}  // namespace grpc

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
  // presenting `token` as "authorization: Bearer" when set. Each call waits for the server to be
  // ready (wait_for_ready) rather than failing while it restarts.
  ReminderFeed(std::shared_ptr<grpc::Channel> channel, project::v1::WatchRemindersRequest request,
               std::string token, OnUpdate on_update, OnStreamEnd on_stream_end = nullptr);
  // Cancels the stream or the backoff, and returns once no function of the feed can run any more
  // (one running now is waited for). Must not be called from one of them.
  ~ReminderFeed();

  ReminderFeed(const ReminderFeed&) = delete;
  ReminderFeed& operator=(const ReminderFeed&) = delete;

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
  class Stream;  // one call of WatchReminders: its context and reactor

  void StartStreamLocked();  // with mu_ held
  void Deliver(project::v1::WatchRemindersResponse* response);
  void StreamEnded(const grpc::Status& status);
  void BackoffEnded(bool expired);

  const std::unique_ptr<project::v1::ProjectService::Stub> stub_;
  const std::string token_;
  const OnUpdate on_update_;
  const OnStreamEnd on_stream_end_;
  std::atomic<int> streams_{0};
  std::atomic<bool> given_up_{false};

  mutable std::mutex mu_;
  // Signalled when stream_open_ or backoff_set_ turns false, for the destructor.
  std::condition_variable idle_;
  bool stopping_ = false;
  // From a call's start to the end of its OnDone: gRPC may still call stream_.
  bool stream_open_ = false;
  // From Alarm::Set to the end of its callback: gRPC may still call it.
  bool backoff_set_ = false;
  std::chrono::milliseconds backoff_;           // the next wait
  project::v1::WatchRemindersRequest request_;  // its resume_token moves with each update
  std::map<std::string, project::v1::Reminder> held_;
  // The last stream and the last alarm, kept until the next replaces them (or the destructor):
  // gRPC may still be returning from their last callback when the feed moves on.
  std::unique_ptr<Stream> stream_;
  std::unique_ptr<grpc::Alarm> alarm_;
};

}  // namespace district::rpc

#endif  // DISTRICT_TOOLS_RPC_REMINDER_FEED_H_
