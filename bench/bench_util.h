// Load generation for the benchmark programs: keep N calls in flight with gRPC's callback client
// API (cheap on the client side, so the figures are the server's), collect latencies, print QPS
// and percentiles.
#ifndef DISTRICT_BENCH_BENCH_UTIL_H_
#define DISTRICT_BENCH_BENCH_UTIL_H_

#include <algorithm>
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstdio>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include <sys/types.h>
#include <unistd.h>

#include <fstream>
#include <sstream>

#include <grpcpp/grpcpp.h>

#include "absl/flags/parse.h"
#include "absl/synchronization/mutex.h"
#include "grpc/health/v1/health.grpc.pb.h"

namespace district::bench {

// The load generator shares the machine's cores with the servers it measures, so every microsecond
// it spends per call is taken from them: it is made as lean as a client can be.

// Parses the flags and turns off Abseil's debug lock-order graph, which Debian's Abseil keeps on
// and which gRPC's every absl::Mutex pays for (the servers turn it off too: service_main.cc).
inline void ParseFlags(int argc, char** argv) {
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  absl::ParseCommandLine(argc, argv);
}

// A plaintext channel to a server under test, with gRPC's retries off: its retry filter keeps
// every call's messages for a retry that these programs never make, which would cost the load
// generator CPU that the server under test then lacks (bench/RESULTS.md, "Design measurements").
inline std::shared_ptr<grpc::Channel> BenchChannel(const std::string& address) {
  grpc::ChannelArguments args;
  args.SetInt(GRPC_ARG_ENABLE_RETRIES, 0);
  return grpc::CreateCustomChannel(address, grpc::InsecureChannelCredentials(), args);
}

struct Result {
  std::string name;
  int concurrency = 0;
  long calls = 0;
  long errors = 0;
  double seconds = 0;
  double p50_ms = 0, p99_ms = 0;
  // CPU seconds used during the run by the server under test (-1: not known) and by this program.
  double server_cpu = -1, client_cpu = 0;
  double qps() const { return seconds > 0 ? calls / seconds : 0; }
};

// The CPU time (user + system) process `pid` has used so far, in seconds, from /proc/<pid>/stat;
// -1 when it cannot be read.
inline double ProcessCpuSeconds(pid_t pid) {
  std::ifstream in("/proc/" + std::to_string(pid) + "/stat");
  std::string line;
  if (!std::getline(in, line)) return -1;
  // Fields after the command name, which is in parentheses and may hold spaces.
  std::istringstream fields(line.substr(line.rfind(')') + 2));
  std::string field;
  long utime = 0, stime = 0;
  for (int i = 3; i <= 15 && fields >> field; ++i) {
    if (i == 14) utime = std::stol(field);
    if (i == 15) stime = std::stol(field);
  }
  return static_cast<double>(utime + stime) / sysconf(_SC_CLK_TCK);
}

// Starts call number i; calls done(ok) once it has completed.
using StartFn = std::function<void(long i, std::function<void(bool ok)> done)>;

// Keeps `concurrency` calls in flight until `total` calls are made (when total > 0) or
// `duration` has passed. With `server_pid`, the Result has the server's CPU time too.
inline Result Run(const std::string& name, int concurrency, long total,
                  std::chrono::milliseconds duration, const StartFn& start, pid_t server_pid = 0) {
  const double server_cpu0 = server_pid > 0 ? ProcessCpuSeconds(server_pid) : -1;
  const double client_cpu0 = ProcessCpuSeconds(getpid());
  struct State {
    std::mutex mu;
    std::condition_variable idle;
    int active = 0;
    std::vector<double> latencies;
    long errors = 0;
    std::atomic<long> next{0};
  } state;
  const auto t_start = std::chrono::steady_clock::now();
  const auto stop_at = t_start + duration;

  std::function<void()> launch = [&] {
    const long i = state.next.fetch_add(1);
    if (total > 0 ? i >= total : std::chrono::steady_clock::now() >= stop_at) {
      std::lock_guard<std::mutex> lock(state.mu);
      if (--state.active == 0) state.idle.notify_all();
      return;
    }
    const auto t0 = std::chrono::steady_clock::now();
    start(i, [&, t0](bool ok) {
      const double ms =
          std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - t0).count();
      {
        std::lock_guard<std::mutex> lock(state.mu);
        state.latencies.push_back(ms);
        if (!ok) ++state.errors;
      }
      launch();
    });
  };
  state.active = concurrency;
  for (int c = 0; c < concurrency; ++c) launch();
  std::unique_lock<std::mutex> lock(state.mu);
  state.idle.wait(lock, [&] { return state.active == 0; });

  Result r;
  r.name = name;
  r.concurrency = concurrency;
  r.seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t_start).count();
  if (server_cpu0 >= 0) r.server_cpu = ProcessCpuSeconds(server_pid) - server_cpu0;
  r.client_cpu = ProcessCpuSeconds(getpid()) - client_cpu0;
  std::vector<double>& all = state.latencies;
  std::sort(all.begin(), all.end());
  r.calls = static_cast<long>(all.size());
  r.errors = state.errors;
  if (!all.empty()) {
    r.p50_ms = all[all.size() / 2];
    r.p99_ms = all[std::min(all.size() - 1, all.size() * 99 / 100)];
  }
  return r;
}

// One unary call through a stub's callback API: owns the context, request and response until
// the call completes, then reports to `done`. `check` may reject an OK response.
// `invoke` starts it, e.g. [&](auto... a) { stub->async()->GetProject(a...); }.
template <typename Request, typename Response, typename Invoke>
void Call(Invoke invoke, Request request, std::function<void(bool)> done,
          std::function<bool(const Response&)> check = nullptr) {
  struct InFlight {
    grpc::ClientContext ctx;
    Request request;
    Response response;
  };
  auto* call = new InFlight;
  call->request = std::move(request);
  call->ctx.set_deadline(std::chrono::system_clock::now() + std::chrono::seconds(30));
  invoke(&call->ctx, &call->request, &call->response,
         [call, done = std::move(done), check = std::move(check)](grpc::Status s) {
           const bool ok = s.ok() && (check == nullptr || check(call->response));
           delete call;
           done(ok);
         });
}

// Sums two runs of one operation: calls, errors and time add up; percentiles are the slower of
// the two, an upper bound.
inline Result Merge(const Result& a, const Result& b) {
  if (a.calls == 0) return b;
  Result r = a;
  r.calls += b.calls;
  r.errors += b.errors;
  r.seconds += b.seconds;
  r.server_cpu = a.server_cpu >= 0 && b.server_cpu >= 0 ? a.server_cpu + b.server_cpu : -1;
  r.client_cpu += b.client_cpu;
  r.p50_ms = std::max(a.p50_ms, b.p50_ms);
  r.p99_ms = std::max(a.p99_ms, b.p99_ms);
  return r;
}

// Runs `call` against the same server's health Check (the no-op baseline), the two alternating in
// five short slices so that drift in what else the machine does falls on both alike. Returns the
// summed {baseline, call}.
inline std::pair<Result, Result> AgainstHealthCheck(grpc::health::v1::Health::Stub* health,
                                                    const std::string& name, int concurrency,
                                                    std::chrono::milliseconds duration,
                                                    const StartFn& call, pid_t server_pid = 0) {
  auto check = [health](long, std::function<void(bool)> done) {
    Call<grpc::health::v1::HealthCheckRequest, grpc::health::v1::HealthCheckResponse>(
        [health](auto... a) { health->async()->Check(a...); },
        grpc::health::v1::HealthCheckRequest(), std::move(done));
  };
  constexpr int kSlices = 5;
  Result baseline, measured;
  for (int i = 0; i < kSlices; ++i) {
    baseline = Merge(baseline, Run("Health.Check (no-op baseline)", concurrency, 0,
                                   duration / kSlices, check, server_pid));
    measured = Merge(measured, Run(name, concurrency, 0, duration / kSlices, call, server_pid));
  }
  return {baseline, measured};
}

inline void PrintHeader() {
  std::printf("%-34s %8s %9s %11s %9s %9s %7s\n", "operation", "inflight", "calls", "QPS", "p50 ms",
              "p99 ms", "errors");
}

inline void Print(const Result& r) {
  std::printf("%-34s %8d %9ld %11.0f %9.3f %9.3f %7ld\n", r.name.c_str(), r.concurrency, r.calls,
              r.qps(), r.p50_ms, r.p99_ms, r.errors);
  // The server and this program share the machine's cores: what a call costs both says what
  // limits the rate.
  if (r.server_cpu >= 0 && r.calls > 0) {
    std::printf("  CPU per call: server %.0f us, load generator %.0f us\n",
                r.server_cpu * 1e6 / r.calls, r.client_cpu * 1e6 / r.calls);
  }
  std::fflush(stdout);
}

}  // namespace district::bench

#endif  // DISTRICT_BENCH_BENCH_UTIL_H_
