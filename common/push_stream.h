// A server-streaming call whose responses are pushed from any thread (a watch): the handler makes
// one, admits the caller, and hands it to whatever will push to it. Responses are written in the
// order pushed, one at a time; the stream ends when the client cancels, when its owner ends it,
// when the client falls too far behind, or when the server shuts down: Server::Shutdown ends every
// open stream at once (UNAVAILABLE), so that a watch does not hold the exit up to its grace.
//
// Observed like every call (common/observed_call.h): started when made, handled with the status
// it ends with, its log line written then.
//
//   grpc::ServerWriteReactor<R>* Watch(Context* context, const Q* request) override {
//     static const RpcMethod* const kMethod = RpcMethodOf(Q::descriptor(), "Watch",
//                                                         kServerStream);
//     auto* stream = new PushStream<R>(context, kMethod);
//     if (stream->Admit()) stream->End(ToGrpcStatus(watches_.Add(*request, stream)));
//     return stream;
//   }
//
// Thread-safety: Push and End may be called from any thread, also at once. The stream deletes
// itself when gRPC is done with it, after calling the function given to OnDone; whoever keeps a
// pointer to it must drop it in that function and not use it after.
#ifndef DISTRICT_COMMON_PUSH_STREAM_H_
#define DISTRICT_COMMON_PUSH_STREAM_H_

#include <deque>
#include <functional>
#include <mutex>
#include <optional>

#include <grpcpp/grpcpp.h>

#include "common/auth.h"
#include "common/observed_call.h"
#include "common/status.h"
#include "common/tsan.h"

namespace district {

// What every open stream can be told by the server that hosts it.
class OpenStream {
 public:
  // Ends the stream with `status` after the response being written, dropping those queued.
  virtual void End(const grpc::Status& status) = 0;

  // Ends every stream open in this process with `status`: Server::Shutdown's first step.
  static void EndAll(const grpc::Status& status);

 protected:
  // Known to EndAll from Register to Unregister.
  void Register();
  void Unregister();
  virtual ~OpenStream() = default;
};

template <typename Response>
class PushStream final : public grpc::ServerWriteReactor<Response>, public OpenStream {
 public:
  // Responses queued unwritten beyond which the stream ends with RESOURCE_EXHAUSTED: a client that
  // does not read must not pin the server's memory. It resumes where it was (see the watch).
  static constexpr size_t kMaxQueued = 64;

  PushStream(grpc::CallbackServerContext* context, const RpcMethod* method)
      : context_(context), method_(method), call_(method, context) {
    Register();
  }

  // Whether the caller holds the role the method's contract asks for (RpcMethod::role); if not,
  // the stream has ended with the denial. On success the caller is known to caller() (for scopes
  // and logs).
  bool Admit() {
    absl::StatusOr<std::shared_ptr<const Principal>> principal =
        Authorize(*context_, method_->role);
    if (!principal.ok()) {
      End(ToGrpcStatus(principal.status()));
      return false;
    }
    caller_ = Caller{*std::move(principal), call_.method_name(), call_.request_id()};
    return true;
  }
  const Caller& caller() const { return *caller_; }

  // `fn` runs once when gRPC is done with the stream, before it is deleted. Set it before the
  // stream is handed to anything that pushes.
  void OnDone(std::function<void()> fn) {
    std::lock_guard<std::mutex> lock(mu_);
    on_done_ = std::move(fn);
  }

  // Queues `response`; false once the stream has ended (it is then dropped).
  bool Push(Response response) {
    std::lock_guard<std::mutex> lock(mu_);
    if (ending_) return false;
    if (queued_.size() >= kMaxQueued) {
      EndLocked(grpc::Status(grpc::StatusCode::RESOURCE_EXHAUSTED,
                             "the client reads too slowly; call again to resume"));
      return false;
    }
    queued_.push_back(std::move(response));
    if (!writing_) {
      writing_ = true;
      this->StartWrite(&queued_.front());
    }
    return true;
  }

  void End(const grpc::Status& status) override {
    std::lock_guard<std::mutex> lock(mu_);
    EndLocked(status);
  }

 private:
  void EndLocked(const grpc::Status& status) {
    if (ending_) return;
    ending_ = true;
    end_status_ = status;
    while (queued_.size() > (writing_ ? 1 : 0)) queued_.pop_back();
    if (!writing_) FinishLocked();
  }

  void FinishLocked() {
    call_.Finished(end_status_, caller_ ? caller_->principal->name : "");
    tsan::HandOff(tsan::Served());
    this->Finish(end_status_);
  }

  // gRPC calls these after the handler returned the stream, handing it off (common/tsan.h).
  void OnWriteDone(bool ok) override {
    tsan::TakeOver(this);
    std::lock_guard<std::mutex> lock(mu_);
    queued_.pop_front();
    writing_ = false;
    if (!ok && !ending_) {  // the stream broke: nothing more can be written
      ending_ = true;
      end_status_ = grpc::Status(grpc::StatusCode::CANCELLED, "the stream broke");
      queued_.clear();
    }
    if (ending_) {
      FinishLocked();
    } else if (!queued_.empty()) {
      writing_ = true;
      this->StartWrite(&queued_.front());
    }
  }

  void OnCancel() override {
    tsan::TakeOver(this);
    End(grpc::Status(grpc::StatusCode::CANCELLED, "cancelled"));
  }

  void OnDone() override {
    tsan::TakeOver(this);
    std::function<void()> on_done;
    {
      std::lock_guard<std::mutex> lock(mu_);
      on_done.swap(on_done_);
    }
    if (on_done) on_done();
    Unregister();
    tsan::HandOff(tsan::Served());  // before the server's shutdown, which waits for this
    delete this;
  }

  grpc::CallbackServerContext* const context_;
  const RpcMethod* const method_;
  ObservedCall call_;
  std::optional<Caller> caller_;
  std::function<void()> on_done_;

  std::mutex mu_;
  std::deque<Response> queued_;  // the front is being written while writing_
  bool writing_ = false;
  bool ending_ = false;
  grpc::Status end_status_;
};

}  // namespace district

#endif  // DISTRICT_COMMON_PUSH_STREAM_H_
