#include "common/client.h"

#include <array>
#include <map>
#include <mutex>
#include <utility>

#include <grpcpp/support/client_interceptor.h>

#include "absl/strings/string_view.h"
#include "common/metrics.h"
#include "common/observed_call.h"

namespace district {
namespace {

// A called method's client-side metrics.
struct ClientMethod {
  Counter* started;
  std::array<Counter*, 17> handled;  // by grpc::StatusCode
  Histogram* seconds;
};

// `path` is "/district.project.v1.ProjectService/CreateProject". Made once per method.
const ClientMethod* ClientMethodOf(absl::string_view path) {
  static std::mutex mu;
  static auto* made = new std::map<std::string, ClientMethod, std::less<>>;
  std::lock_guard<std::mutex> lock(mu);
  if (auto it = made->find(path); it != made->end()) return &it->second;
  absl::string_view service = path, method;
  if (!service.empty() && service.front() == '/') service.remove_prefix(1);
  if (const size_t slash = service.find('/'); slash != absl::string_view::npos) {
    method = service.substr(slash + 1);
    service = service.substr(0, slash);
  }
  const Labels labels = {{"grpc_method", std::string(method)},
                         {"grpc_service", std::string(service)},
                         {"grpc_type", "unary"}};
  ClientMethod client;
  client.started = Metrics().GetCounter("grpc_client_started_total",
                                        "Total number of RPCs started on the client.", labels);
  for (int code = 0; code < 17; ++code) {
    Labels with_code = labels;
    with_code.insert(with_code.begin(),
                     {"grpc_code", GoCodeName(static_cast<grpc::StatusCode>(code))});
    client.handled[code] = Metrics().GetCounter(
        "grpc_client_handled_total",
        "Total number of RPCs completed by the client, regardless of success or failure.",
        with_code);
  }
  client.seconds = Metrics().GetHistogram(
      "grpc_client_handling_seconds",
      "Histogram of response latency (seconds) of the gRPC until it is finished by the "
      "application.",
      labels, LatencyBuckets());
  return &made->emplace(std::string(path), client).first->second;
}

// Made when a call starts; counts it and its status.
class ObservingInterceptor : public grpc::experimental::Interceptor {
 public:
  explicit ObservingInterceptor(grpc::experimental::ClientRpcInfo* info)
      : method_(ClientMethodOf(info->method())), start_(std::chrono::steady_clock::now()) {
    method_->started->Increment();
  }

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    using Hook = grpc::experimental::InterceptionHookPoints;
    if (methods->QueryInterceptionHookPoint(Hook::POST_RECV_STATUS)) {
      const int code = static_cast<int>(methods->GetRecvStatus()->error_code());
      method_->handled[code >= 0 && code < 17 ? code : 2]->Increment();
      method_->seconds->Observe(
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count());
    }
    methods->Proceed();
  }

 private:
  const ClientMethod* const method_;
  const std::chrono::steady_clock::time_point start_;
};

class ObservingFactory : public grpc::experimental::ClientInterceptorFactoryInterface {
 public:
  grpc::experimental::Interceptor* CreateClientInterceptor(
      grpc::experimental::ClientRpcInfo* info) override {
    return new ObservingInterceptor(info);
  }
};

}  // namespace

std::shared_ptr<grpc::Channel> CreateServiceChannel(const std::string& address) {
  grpc::ChannelArguments args;
  args.SetInt(GRPC_ARG_INITIAL_RECONNECT_BACKOFF_MS, 100);
  args.SetInt(GRPC_ARG_MAX_RECONNECT_BACKOFF_MS, 2000);
  // A service that restarts under compose may come back at another address. gRPC asks DNS again
  // when a connection fails, but by default at most every 30 s; and an attempt to connect to the
  // old address, where nothing answers any more, is given at least the minimum reconnect backoff
  // (20 s by default) before it fails, while calls wait. 5 s still leaves a TLS handshake with a
  // loaded server ample time.
  args.SetInt(GRPC_ARG_DNS_MIN_TIME_BETWEEN_RESOLUTIONS_MS, 1000);
  args.SetInt(GRPC_ARG_MIN_RECONNECT_BACKOFF_MS, 5000);
  args.SetMaxReceiveMessageSize(kMaxMessageBytes);
  std::vector<std::unique_ptr<grpc::experimental::ClientInterceptorFactoryInterface>> observers;
  observers.push_back(std::make_unique<ObservingFactory>());
  return grpc::experimental::CreateCustomChannelWithInterceptors(
      address, ServiceChannelCredentials(), args, std::move(observers));
}

}  // namespace district
