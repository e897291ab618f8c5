// Reads from several services at once, holding no thread while they answer: every call starts
// immediately (gRPC's callback client API), each with the same deadline, and what was given to
// Then() runs once all have finished, on the thread of the callback that finished the last one.
// A call failing with UNAVAILABLE is retried once while time remains: it is a read, so retrying is
// safe, and a backend that just restarted is often reachable on the second attempt.
//
//   auto fan = FanOut::Make(deadline);
//   fan->Add([stub](auto... a) { stub->async()->GetProjectStats(a...); }, request, &stats,
//   &status); fan->Then([...] { compose the view from stats and status; finish the call; });
//
// Make it on the thread serving the call: every call it makes carries that call's request id.
// Thread-safe as used: Add and Then from one thread, callbacks from any. Responses and statuses
// must live until `then` has run (keep them in what `then` holds).
#ifndef DISTRICT_SERVICES_AGGREGATOR_FAN_OUT_H_
#define DISTRICT_SERVICES_AGGREGATOR_FAN_OUT_H_

#include <atomic>
#include <chrono>
#include <functional>
#include <memory>

#include <grpcpp/grpcpp.h>

#include "common/auth.h"
#include "common/caller.h"
#include "common/client.h"
#include "common/outbound_calls.h"

namespace district::aggregator {

class FanOut : public std::enable_shared_from_this<FanOut> {
 public:
  using Deadline = std::chrono::system_clock::time_point;

  static std::shared_ptr<FanOut> Make(Deadline deadline) {
    return std::shared_ptr<FanOut>(new FanOut(deadline));
  }
  FanOut(const FanOut&) = delete;
  FanOut& operator=(const FanOut&) = delete;

  // Starts invoke(context, &request, response, on_done), e.g. with
  //   [stub](auto... a) { stub->async()->GetProjectStats(a...); }
  // and stores the final status in *status.
  template <typename Request, typename Response, typename Invoke>
  void Add(Invoke invoke, Request request, Response* response, grpc::Status* status) {
    auto call = std::make_shared<Call<Request>>();
    call->request = std::move(request);
    call->start = [self = shared_from_this(), call, invoke, response, status](bool may_retry) {
      call->context = std::make_unique<grpc::ClientContext>();
      call->context->set_deadline(self->deadline_);
      AttachServiceToken(call->context.get());  // the aggregator's own credentials
      AttachRequestId(call->context.get(), self->request_id_);
      OutboundCalls::Track(call->context.get());
      invoke(call->context.get(), &call->request, response,
             [self, call, response, status, may_retry](grpc::Status s) {
               OutboundCalls::Forget(call->context.get());
               if (may_retry && s.error_code() == grpc::StatusCode::UNAVAILABLE &&
                   std::chrono::system_clock::now() < self->deadline_) {
                 response->Clear();
                 call->start(false);
                 return;
               }
               *status = std::move(s);
               call->start = nullptr;  // breaks the cycle call -> start -> call
               self->Done();
             });
    };
    pending_.fetch_add(1);
    call->start(true);
  }

  // Runs `then` once every call added has finished (at the latest around the deadline): here, if
  // they all have, else on the thread that finishes the last. Call once, after the last Add.
  void Then(std::function<void()> then) {
    then_ = std::move(then);
    Done();  // the count's initial one, held while calls were being added
  }

 private:
  explicit FanOut(Deadline deadline)
      : deadline_(deadline), request_id_(CurrentCaller().x_request_id) {}

  template <typename Request>
  struct Call {
    Request request;
    std::unique_ptr<grpc::ClientContext> context;
    std::function<void(bool may_retry)> start;
  };

  void Done() {
    if (pending_.fetch_sub(1) == 1) std::move(then_)();
  }

  const Deadline deadline_;
  const std::string request_id_;  // of the call served, passed on
  std::atomic<int> pending_{1};
  std::function<void()> then_;
};

}  // namespace district::aggregator

#endif  // DISTRICT_SERVICES_AGGREGATOR_FAN_OUT_H_
