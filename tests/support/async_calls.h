// Many unary calls in flight at once from one test thread, through a stub's asynchronous API,
// each timed from its start to its answer; WaitAll returns when every one has answered.
//
//   AsyncCalls<v1::GetOverviewRequest, v1::Overview> calls(96);
//   for (auto& c : calls) {
//     c.request.set_year(2020);
//     calls.Start(c, std::chrono::seconds(10),
//                 [&](auto... a) { stub.async()->GetOverview(a...); });
//   }
//   calls.WaitAll();   // then each c.status, c.response, c.took
//
// Start from one thread; the answers arrive on gRPC's.
#ifndef DISTRICT_TESTS_SUPPORT_ASYNC_CALLS_H_
#define DISTRICT_TESTS_SUPPORT_ASYNC_CALLS_H_

#include <algorithm>
#include <chrono>
#include <condition_variable>
#include <deque>
#include <mutex>

#include <grpcpp/grpcpp.h>

namespace district::testing {

template <typename Request, typename Response>
class AsyncCalls {
 public:
  struct Call {
    grpc::ClientContext context;
    Request request;
    Response response;
    grpc::Status status;
    std::chrono::steady_clock::duration took{};
  };

  explicit AsyncCalls(int n) : calls_(n) {}

  // Starts `call` with the deadline `timeout` from now: invoke(&context, &request, &response,
  // on_done), e.g. [&](auto... a) { stub.async()->LandLead(a...); }.
  template <typename Invoke>
  void Start(Call& call, std::chrono::milliseconds timeout, Invoke invoke) {
    call.context.set_deadline(std::chrono::system_clock::now() + timeout);
    const auto start = std::chrono::steady_clock::now();
    invoke(&call.context, &call.request, &call.response, [this, &call, start](grpc::Status s) {
      std::lock_guard<std::mutex> lock(mu_);
      call.status = std::move(s);
      call.took = std::chrono::steady_clock::now() - start;
      ++answered_;
      done_.notify_all();
    });
    ++started_;
  }

  // Returns when every call started has answered.
  void WaitAll() {
    std::unique_lock<std::mutex> lock(mu_);
    done_.wait(lock, [this] { return answered_ == started_; });
  }

  typename std::deque<Call>::iterator begin() { return calls_.begin(); }
  typename std::deque<Call>::iterator end() { return calls_.end(); }
  Call& operator[](size_t i) { return calls_[i]; }

  // The longest a call took.
  std::chrono::steady_clock::duration Slowest() {
    std::lock_guard<std::mutex> lock(mu_);
    std::chrono::steady_clock::duration slowest{};
    for (const Call& c : calls_) slowest = std::max(slowest, c.took);
    return slowest;
  }

 private:
  std::deque<Call> calls_;  // never moved: the calls point into it
  std::mutex mu_;
  std::condition_variable done_;
  int started_ = 0;  // by the test thread only
  int answered_ = 0;
};

}  // namespace district::testing

#endif  // DISTRICT_TESTS_SUPPORT_ASYNC_CALLS_H_
