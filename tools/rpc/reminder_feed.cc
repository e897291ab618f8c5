#include "tools/rpc/reminder_feed.h"

#include <algorithm>

namespace district::rpc {
namespace {

// The wait before calling again after a stream ended: doubling from the first to the last, and
// back to the first once a stream has delivered.
constexpr std::chrono::milliseconds kFirstBackoff(100);
constexpr std::chrono::milliseconds kLastBackoff(2000);

// Statuses that calling again would only repeat: the request or the caller is wrong.
bool IsRefusal(grpc::StatusCode code) {
  return code == grpc::StatusCode::INVALID_ARGUMENT || code == grpc::StatusCode::UNAUTHENTICATED ||
         code == grpc::StatusCode::PERMISSION_DENIED || code == grpc::StatusCode::UNIMPLEMENTED;
}

}  // namespace

bool ReminderFeed::IsRefusal(grpc::StatusCode code) {
  return code == grpc::StatusCode::INVALID_ARGUMENT || code == grpc::StatusCode::UNAUTHENTICATED ||
         code == grpc::StatusCode::PERMISSION_DENIED || code == grpc::StatusCode::UNIMPLEMENTED;
}

ReminderFeed::ReminderFeed(std::shared_ptr<grpc::Channel> channel,
                           project::v1::WatchRemindersRequest request, std::string token,
                           OnUpdate on_update, OnStreamEnd on_stream_end)
    : stub_(project::v1::ProjectService::NewStub(std::move(channel))),
      request_(std::move(request)),
      token_(std::move(token)),
      on_update_(std::move(on_update)),
      on_stream_end_(std::move(on_stream_end)),
      thread_([this] { Run(); }) {}

ReminderFeed::~ReminderFeed() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stopping_ = true;
    if (current_ != nullptr) current_->TryCancel();
  }
  stopped_.notify_all();
  thread_.join();
}

std::map<std::string, project::v1::Reminder> ReminderFeed::Held() const {
  std::lock_guard<std::mutex> lock(mu_);
  return held_;
}

std::string ReminderFeed::resume_token() const {
  std::lock_guard<std::mutex> lock(mu_);
  return request_.resume_token();
}

void ReminderFeed::Run() {
  std::chrono::milliseconds backoff = kFirstBackoff;
  for (;;) {
    grpc::ClientContext context;
    // Wait for the server to be reachable instead of failing at once while it restarts.
    context.set_wait_for_ready(true);
    if (!token_.empty()) context.AddMetadata("authorization", "Bearer " + token_);
    project::v1::WatchRemindersRequest request;
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (stopping_) return;
      current_ = &context;
      request = request_;
    }
    streams_.fetch_add(1);
    std::unique_ptr<grpc::ClientReader<project::v1::WatchRemindersResponse>> reader =
        stub_->WatchReminders(&context, request);
    project::v1::WatchRemindersResponse response;
    while (reader->Read(&response)) {
      backoff = kFirstBackoff;
      Update update;
      {
        std::lock_guard<std::mutex> lock(mu_);
        for (const std::string& key : response.removed_keys()) {
          if (held_.erase(key) > 0) update.removed_keys.push_back(key);
        }
        for (project::v1::Reminder& r : *response.mutable_added()) {
          // A reminder the feed holds already is not news (a token older than what it holds).
          if (held_.emplace(r.key(), r).second) update.added.push_back(std::move(r));
        }
        request_.set_resume_token(response.resume_token());
      }
      if (on_update_ && (!update.added.empty() || !update.removed_keys.empty())) {
        on_update_(update);
      }
    }
    const grpc::Status status = reader->Finish();
    {
      std::unique_lock<std::mutex> lock(mu_);
      current_ = nullptr;
      if (stopping_) return;
    }
    // Given up before the owner hears of the end, so that an owner woken by it sees given_up().
    const bool refused = IsRefusal(status.error_code());
    if (refused) given_up_.store(true);
    if (on_stream_end_) on_stream_end_(status);
    if (refused) return;
    std::unique_lock<std::mutex> lock(mu_);
    if (stopped_.wait_for(lock, backoff, [this] { return stopping_; })) return;
    backoff = std::min(backoff * 2, kLastBackoff);
  }
}

}  // namespace district::rpc
