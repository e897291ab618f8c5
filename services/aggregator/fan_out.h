// Reads from several services at once: every call starts immediately (gRPC's callback client API,
// no thread per call), each with the same deadline, and Wait() returns when all have finished. A
// call failing with UNAVAILABLE is retried once while time remains: it is a read, so retrying is
// safe, and a backend that just restarted is often reachable on the second attempt.
#ifndef DISTRICT_SERVICES_AGGREGATOR_FAN_OUT_H_
#define DISTRICT_SERVICES_AGGREGATOR_FAN_OUT_H_

#include <chrono>
#include <condition_variable>
#include <functional>
#include <memory>
#include <mutex>

#include <grpcpp/grpcpp.h>

#include "common/auth.h"

namespace district::aggregator {

class FanOut {
 public:
  using Deadline = std::chrono::system_clock::time_point;
  explicit FanOut(Deadline deadline) : deadline_(deadline) {}
  FanOut(const FanOut&) = delete;
  FanOut& operator=(const FanOut&) = delete;
  ~FanOut() { Wait(); }

  // Starts invoke(context, &request, response, on_done), e.g. with
  //   [stub](auto... a) { stub->async()->GetProjectStats(a...); }
  // and stores the final status in *status. `response` and `status` must outlive Wait().
  template <typename Request, typename Response, typename Invoke>
  void Add(Invoke invoke, Request request, Response* response, grpc::Status* status) {
    auto call = std::make_shared<Call<Request, Response>>();
    call->request = std::move(request);
    call->start = [this, call, invoke, response, status](bool may_retry) {
      call->context = std::make_unique<grpc::ClientContext>();
      call->context->set_deadline(deadline_);
      AttachServiceToken(call->context.get());  // the aggregator's own credentials
      invoke(call->context.get(), &call->request, response,
             [this, call, response, status, may_retry](grpc::Status s) {
               if (may_retry && s.error_code() == grpc::StatusCode::UNAVAILABLE &&
                   std::chrono::system_clock::now() < deadline_) {
                 response->Clear();
                 call->start(false);
                 return;
               }
               *status = std::move(s);
               call->start = nullptr;  // breaks the cycle call -> start -> call
               Done();
             });
    };
    {
      std::lock_guard<std::mutex> lock(mu_);
      ++pending_;
    }
    call->start(true);
  }

  // Returns when every call added so far has finished (at the latest around the deadline).
  void Wait() {
    std::unique_lock<std::mutex> lock(mu_);
    done_.wait(lock, [this] { return pending_ == 0; });
  }

 private:
  template <typename Request, typename Response>
  struct Call {
    Request request;
    std::unique_ptr<grpc::ClientContext> context;
    std::function<void(bool may_retry)> start;
  };

  void Done() {
    std::lock_guard<std::mutex> lock(mu_);
    if (--pending_ == 0) done_.notify_all();
  }

  const Deadline deadline_;
  std::mutex mu_;
  std::condition_variable done_;
  int pending_ = 0;
};

}  // namespace district::aggregator

#endif  // DISTRICT_SERVICES_AGGREGATOR_FAN_OUT_H_
