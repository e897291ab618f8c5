#include "tools/rpc/reminder_feed.h"

#include <algorithm>

#include <grpcpp/alarm.h>

#include "common/tsan.h"

namespace district::rpc {
namespace {

// The wait before calling again after a stream ended: doubling from the first to the last, and
// back to the first once a stream has delivered.
constexpr std::chrono::milliseconds kFirstBackoff(100);
constexpr std::chrono::milliseconds kLastBackoff(2000);

}  // namespace

// One call. gRPC calls OnReadDone one read at a time and OnDone after the last of them returned,
// so that a feed's callbacks never overlap: the next stream starts only after this one's OnDone.
class ReminderFeed::Stream : public grpc::ClientReadReactor<project::v1::WatchRemindersResponse> {
 public:
  Stream(ReminderFeed* feed, const project::v1::WatchRemindersRequest& request)
      : feed_(feed), request_(request) {
    // Wait for the server to be reachable instead of failing at once while it restarts.
    context_.set_wait_for_ready(true);
    if (!feed->token_.empty()) context_.AddMetadata("authorization", "Bearer " + feed->token_);
  }

  void Start(project::v1::ProjectService::Stub* stub) {
    stub->async()->WatchReminders(&context_, &request_, this);
    tsan::HandOff(this);
    StartRead(&response_);
    StartCall();
  }
  void Cancel() { context_.TryCancel(); }

  void OnReadDone(bool ok) override {
    tsan::TakeOver(this);
    if (!ok) return;  // the stream ends: OnDone follows
    feed_->Deliver(&response_);
    tsan::HandOff(this);
    StartRead(&response_);
  }
  void OnDone(const grpc::Status& status) override {
    tsan::TakeOver(this);
    feed_->StreamEnded(status);
  }

 private:
  ReminderFeed* const feed_;
  grpc::ClientContext context_;
  const project::v1::WatchRemindersRequest request_;  // gRPC reads it until the call has started
  project::v1::WatchRemindersResponse response_;
};

bool ReminderFeed::IsRefusal(grpc::StatusCode code) {
  return code == grpc::StatusCode::INVALID_ARGUMENT || code == grpc::StatusCode::UNAUTHENTICATED ||
         code == grpc::StatusCode::PERMISSION_DENIED || code == grpc::StatusCode::UNIMPLEMENTED;
}

ReminderFeed::ReminderFeed(std::shared_ptr<grpc::Channel> channel,
                           project::v1::WatchRemindersRequest request, std::string token,
                           OnUpdate on_update, OnStreamEnd on_stream_end)
    : stub_(project::v1::ProjectService::NewStub(std::move(channel))),
      token_(std::move(token)),
      on_update_(std::move(on_update)),
      on_stream_end_(std::move(on_stream_end)),
      backoff_(kFirstBackoff),
      request_(std::move(request)) {
  std::lock_guard<std::mutex> lock(mu_);
  StartStreamLocked();
}

ReminderFeed::~ReminderFeed() {
  Stream* stream = nullptr;
  grpc::Alarm* alarm = nullptr;
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
    if (stream_open_) stream = stream_.get();
    if (backoff_set_) alarm = alarm_.get();
  }
  // Cancelled outside the lock, in case gRPC ran a callback inline. Both objects stay: only the
  // end of a stream replaces the alarm and only the end of a backoff the stream, and neither does
  // once stopping_ is set. Cancelling what has just ended is harmless.
  if (stream != nullptr) stream->Cancel();
  if (alarm != nullptr) alarm->Cancel();  // its callback still runs, not expired
  std::unique_lock<std::mutex> lock(mu_);
  idle_.wait(lock, [this] { return !stream_open_ && !backoff_set_; });
}

std::map<std::string, project::v1::Reminder> ReminderFeed::Held() const {
  std::lock_guard<std::mutex> lock(mu_);
  return held_;
}

std::string ReminderFeed::resume_token() const {
  std::lock_guard<std::mutex> lock(mu_);
  return request_.resume_token();
}

void ReminderFeed::StartStreamLocked() {
  stream_ = std::make_unique<Stream>(this, request_);
  stream_open_ = true;
  streams_.fetch_add(1);
  stream_->Start(stub_.get());
}

void ReminderFeed::Deliver(project::v1::WatchRemindersResponse* response) {
  Update update;
  {
    std::lock_guard<std::mutex> lock(mu_);
    backoff_ = kFirstBackoff;
    for (const std::string& key : response->removed_keys()) {
      if (held_.erase(key) > 0) update.removed_keys.push_back(key);
    }
    for (project::v1::Reminder& r : *response->mutable_added()) {
      // A reminder the feed holds already is not news (a token older than what it holds).
      if (held_.emplace(r.key(), r).second) update.added.push_back(std::move(r));
    }
    request_.set_resume_token(response->resume_token());
    if (stopping_) return;  // the owner is destroying the feed
  }
  if (on_update_ && (!update.added.empty() || !update.removed_keys.empty())) on_update_(update);
}

void ReminderFeed::StreamEnded(const grpc::Status& status) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (stopping_) {
      stream_open_ = false;
      idle_.notify_all();  // under the lock: the feed may be gone once it is released
      return;
    }
  }
  // Given up before the owner hears of the end, so that an owner woken by it sees given_up().
  const bool refused = IsRefusal(status.error_code());
  if (refused) given_up_.store(true);
  if (on_stream_end_) on_stream_end_(status);
  std::lock_guard<std::mutex> lock(mu_);
  stream_open_ = false;
  if (!refused && !stopping_) {
    // A new alarm each time; the old one's callback may still be returning (gRPC keeps what it
    // needs of it alive).
    alarm_ = std::make_unique<grpc::Alarm>();
    backoff_set_ = true;
    tsan::HandOff(this);
    alarm_->Set(std::chrono::system_clock::now() + backoff_,
                [this](bool expired) { BackoffEnded(expired); });
    backoff_ = std::min(backoff_ * 2, kLastBackoff);
  }
  idle_.notify_all();
}

void ReminderFeed::BackoffEnded(bool expired) {
  tsan::TakeOver(this);
  std::lock_guard<std::mutex> lock(mu_);
  backoff_set_ = false;
  // Not expired: cancelled, which only the destructor does.
  if (expired && !stopping_) StartStreamLocked();
  idle_.notify_all();
}

}  // namespace district::rpc
