#include "common/handlers.h"

#include <condition_variable>
#include <deque>
#include <mutex>
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

grpc::ServerUnaryReactor* FinishInline(Context* context, Role role,
                                       const std::function<grpc::Status()>& body) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  const absl::Status allowed = Authorize(*context, role);
  reactor->Finish(allowed.ok() ? body() : ToGrpcStatus(allowed));
  return reactor;
}

grpc::ServerUnaryReactor* FinishOnPool(Context* context, Role role,
                                       std::function<grpc::Status()> body) {
  grpc::ServerUnaryReactor* reactor = context->DefaultReactor();
  if (absl::Status allowed = Authorize(*context, role); !allowed.ok()) {
    reactor->Finish(ToGrpcStatus(allowed));  // denied before any work, even a queued one
    return reactor;
  }
  BlockingPool::Shared().Run([reactor, body = std::move(body)] { reactor->Finish(body()); });
  return reactor;
}

}  // namespace district
