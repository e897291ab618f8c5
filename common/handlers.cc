#include "common/handlers.h"

#include <condition_variable>
#include <deque>
#include <mutex>
#include <optional>
#include <thread>

#include "common/status.h"

namespace district {
namespace {

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

// The caller of the call when it holds `role`; otherwise finishes the call with the denial, before
// any work is done or queued, and returns nothing.
std::optional<Caller> Admit(Context* context, Role role, const char* method,
                            grpc::ServerUnaryReactor* reactor) {
  absl::StatusOr<std::shared_ptr<const Principal>> principal = Authorize(*context, role);
  if (!principal.ok()) {
    reactor->Finish(ToGrpcStatus(principal.status()));
    return std::nullopt;
  }
  return Caller{*std::move(principal), method};
}

}  // namespace

grpc::ServerUnaryReactor* FinishInline(Context* context, Role role, const char* method,
                                       const std::function<grpc::Status()>& body) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  if (std::optional<Caller> caller = Admit(context, role, method, reactor)) {
    CallerScope scope(*std::move(caller));
    reactor->Finish(body());
  }
  return reactor;
}

grpc::ServerUnaryReactor* FinishOnPool(Context* context, Role role, const char* method,
                                       std::function<grpc::Status()> body) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  if (std::optional<Caller> caller = Admit(context, role, method, reactor)) {
    BlockingPool::Shared().Run([reactor, caller = *std::move(caller), body = std::move(body)] {
      CallerScope scope(caller);
      reactor->Finish(body());
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

grpc::ServerUnaryReactor* StartInline(Context* context, Role role, const char* method,
                                      const std::function<void(Finish)>& body) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  if (std::optional<Caller> caller = Admit(context, role, method, reactor)) {
    CallerScope scope(*std::move(caller));
    body([reactor](grpc::Status status) { reactor->Finish(std::move(status)); });
  }
  return reactor;
}

}  // namespace district
