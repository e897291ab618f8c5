#include "common/handlers.h"

#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <thread>

#include "absl/strings/str_cat.h"
#include "common/errors.h"
#include "common/log.h"
#include "common/server.h"
#include "common/status.h"
#include "common/tsan.h"

namespace district {
namespace {

// `status`, unless it is OK and `response` is larger than a message may carry.
grpc::Status Deliverable(grpc::Status status, const google::protobuf::MessageLite* response) {
  if (!status.ok()) return status;
  const size_t bytes = response->ByteSizeLong();
  if (bytes <= static_cast<size_t>(kMaxMessageBytes)) return status;
  return ToGrpcStatus(ResourceExhaustedError(
      absl::StrCat("the answer is ", bytes, " bytes, more than the ", kMaxMessageBytes,
                   " a message may carry: ask for less (a page, a narrower filter)"),
      "查询结果太大，无法一次返回，请缩小查询范围或分页查询"));
}

// Threads that run blocking handlers. 64 covers the concurrency that group commit profits from;
// more callers queue. The pool lives as long as the process.
class BlockingPool {
 public:
  static BlockingPool& Shared() {
    static auto* pool = new BlockingPool(64);
    return *pool;
  }

  void Run(std::function<void()> task) {
    {
      std::lock_guard<std::mutex> lock(mu_);
      tasks_.push_back(std::move(task));
    }
    ready_.notify_one();
  }

 private:
  explicit BlockingPool(int threads) {
    for (int i = 0; i < threads; ++i) std::thread([this] { Work(); }).detach();
  }

  void Work() {
    for (;;) {
      std::function<void()> task;
      {
        std::unique_lock<std::mutex> lock(mu_);
        ready_.wait(lock, [this] { return !tasks_.empty(); });
        task = std::move(tasks_.front());
        tasks_.pop_front();
      }
      task();
    }
  }

  std::mutex mu_;
  std::condition_variable ready_;
  std::deque<std::function<void()>> tasks_;
};

}  // namespace

namespace {

// The caller of the call when it holds the role the method's contract asks for; otherwise finishes
// the call with the denial, before any work is done or queued, and returns nothing.
std::optional<Caller> Admit(Context* context, const RpcMethod* method, ObservedCall& call,
                            grpc::ServerUnaryReactor* reactor) {
  absl::StatusOr<std::shared_ptr<const Principal>> principal = Authorize(*context, method->role);
  if (!principal.ok()) {
    const grpc::Status denied = ToGrpcStatus(principal.status());
    call.Finished(denied, "");
    tsan::HandOff(tsan::Served());
    reactor->Finish(denied);
    return std::nullopt;
  }
  return Caller{*std::move(principal), method->method.c_str(), call.request_id()};
}

}  // namespace

grpc::ServerUnaryReactor* FinishInline(Context* context, const RpcMethod* method,
                                       const google::protobuf::MessageLite* response,
                                       const std::function<grpc::Status()>& body) {
  tsan::TakeOver(tsan::Dispatch());
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  ObservedCall call(method, context);
  if (std::optional<Caller> caller = Admit(context, method, call, reactor)) {
    CallerScope scope(*std::move(caller));
    const grpc::Status status = Deliverable(body(), response);
    call.Finished(status, CurrentCaller().principal->name);
    tsan::HandOff(tsan::Served());
    reactor->Finish(status);
  }
  return reactor;
}

grpc::ServerUnaryReactor* FinishOnPool(Context* context, const RpcMethod* method,
                                       const google::protobuf::MessageLite* response,
                                       std::function<grpc::Status()> body) {
  tsan::TakeOver(tsan::Dispatch());
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  ObservedCall call(method, context);
  if (std::optional<Caller> caller = Admit(context, method, call, reactor)) {
    BlockingPool::Shared().Run(
        [reactor, call, response, caller = *std::move(caller), body = std::move(body)]() mutable {
          CallerScope scope(caller);
          const grpc::Status status = Deliverable(body(), response);
          call.Finished(status, caller.principal->name);
          tsan::HandOff(tsan::Served());
          reactor->Finish(status);
        });
  }
  return reactor;
}

void ContinueOnPool(Caller caller, std::function<void()> task) {
  BlockingPool::Shared().Run([caller = std::move(caller), task = std::move(task)] {
    CallerScope scope(caller);
    task();
  });
}

grpc::ServerUnaryReactor* StartInline(Context* context, const RpcMethod* method,
                                      const google::protobuf::MessageLite* response,
                                      const std::function<void(Finish)>& body) {
  tsan::TakeOver(tsan::Dispatch());
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  ObservedCall call(method, context);
  if (std::optional<Caller> caller = Admit(context, method, call, reactor)) {
    CallerScope scope(*std::move(caller));
    auto observed = std::make_shared<ObservedCall>(std::move(call));
    body([reactor, observed, response, principal = CurrentCaller().principal](grpc::Status status) {
      status = Deliverable(std::move(status), response);
      observed->Finished(status, principal->name);
      tsan::HandOff(tsan::Served());
      reactor->Finish(std::move(status));
    });
  }
  return reactor;
}

}  // namespace district
