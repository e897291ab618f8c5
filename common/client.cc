#include "common/client.h"

#include <map>
#include <mutex>
#include <utility>

#include <grpcpp/support/client_interceptor.h>

#include "absl/strings/string_view.h"
#include "common/metrics.h"
#include "common/observed_call.h"
#include "common/tsan.h"

namespace district {
namespace {

// `path` is "/district.project.v1.ProjectService/CreateProject". Made once per method.
const RpcMetrics* ClientMetricsOf(absl::string_view path) {
  static std::mutex mu;
  static auto* made = new std::map<std::string, RpcMetrics, std::less<>>;
  std::lock_guard<std::mutex> lock(mu);
  if (auto it = made->find(path); it != made->end()) return &it->second;
  absl::string_view service = path, method;
  if (!service.empty() && service.front() == '/') service.remove_prefix(1);
  if (const size_t slash = service.find('/'); slash != absl::string_view::npos) {
    method = service.substr(slash + 1);
    service = service.substr(0, slash);
  }
  const RpcMetrics metrics =
      RpcMetrics::For(RpcMetrics::Side::kClient, std::string(service), std::string(method));
  return &made->emplace(std::string(path), metrics).first->second;
}

// Made when a call starts; counts it and its status.
class ObservingInterceptor : public grpc::experimental::Interceptor {
 public:
  explicit ObservingInterceptor(grpc::experimental::ClientRpcInfo* info)
      : metrics_(ClientMetricsOf(info->method())), start_(std::chrono::steady_clock::now()) {
    metrics_->started->Increment();
    tsan::HandOff(this);  // made where the call starts, run where gRPC completes its batches
  }
  ~ObservingInterceptor() override { tsan::TakeOver(this); }  // deleted with the call's context

  void Intercept(grpc::experimental::InterceptorBatchMethods* methods) override {
    tsan::TakeOver(this);
    using Hook = grpc::experimental::InterceptionHookPoints;
    if (methods->QueryInterceptionHookPoint(Hook::POST_RECV_STATUS)) {
      metrics_->Finished(
          methods->GetRecvStatus()->error_code(),
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start_).count());
    }
    tsan::HandOff(this);
    methods->Proceed();
  }

 private:
  const RpcMetrics* const metrics_;
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
