#include "common/server.h"

#include <condition_variable>
#include <csignal>
#include <mutex>
#include <thread>

#include <grpcpp/health_check_service_interface.h>

#include "absl/strings/str_cat.h"
#include "common/outbound_calls.h"
#include "common/push_stream.h"
#include "common/reflection_service.h"
#include "common/tsan.h"

namespace district {

absl::StatusOr<std::unique_ptr<Server>> Server::Start(
    const std::string& listen, const std::vector<HostedService>& services,
    std::shared_ptr<grpc::ServerCredentials> credentials, const ServerLimits& limits) {
  grpc::EnableDefaultHealthCheckService(true);
  // Reflection from the contracts with their comments (common/reflection_service.h), which also
  // describes health: gRPC's health service encodes its messages without protobuf.
  std::vector<std::string> names;
  for (const HostedService& hosted : services) names.push_back(hosted.name);
  auto reflection = std::make_unique<ReflectionService>(std::move(names));

  grpc::ServerBuilder builder;
  int port = 0;
  builder.AddListeningPort(
      listen, credentials != nullptr ? credentials : grpc::InsecureServerCredentials(), &port);
  builder.SetMaxReceiveMessageSize(kMaxMessageBytes);
  builder.SetMaxSendMessageSize(kMaxMessageBytes);
  builder.AddChannelArgument(GRPC_ARG_MAX_CONCURRENT_STREAMS, limits.max_concurrent_streams);
  builder.AddChannelArgument(
      GRPC_ARG_MAX_CONNECTION_AGE_MS,
      static_cast<int>(absl::ToInt64Milliseconds(limits.max_connection_age)));
  builder.AddChannelArgument(
      GRPC_ARG_MAX_CONNECTION_AGE_GRACE_MS,
      static_cast<int>(absl::ToInt64Milliseconds(limits.max_connection_age_grace)));
  grpc::ResourceQuota quota("district-server");
  quota.Resize(static_cast<size_t>(limits.memory_quota_bytes));
  builder.SetResourceQuota(quota);
  for (const HostedService& hosted : services) builder.RegisterService(hosted.service);
  builder.RegisterService(reflection->v1());
  builder.RegisterService(reflection->v1alpha());

  tsan::HandOff(tsan::Dispatch());
  std::unique_ptr<grpc::Server> server = builder.BuildAndStart();
  if (server == nullptr || port == 0) {
    return absl::UnavailableError(absl::StrCat("cannot listen on ", listen));
  }
  grpc::HealthCheckServiceInterface* health = server->GetHealthCheckService();
  health->SetServingStatus("", true);
  for (const HostedService& hosted : services) health->SetServingStatus(hosted.name, true);
  return std::unique_ptr<Server>(new Server(std::move(reflection), std::move(server), port));
}

Server::Server(std::unique_ptr<ReflectionService> reflection, std::unique_ptr<grpc::Server> server,
               int port)
    : reflection_(std::move(reflection)), server_(std::move(server)), port_(port) {}

Server::~Server() { Shutdown(absl::ZeroDuration()); }

void Server::Shutdown(absl::Duration grace) {
  if (shut_down_) return;
  shut_down_ = true;
  server_->GetHealthCheckService()->SetServingStatus(false);
  // A watch would hold its call open to the end of the grace: end them now, so their clients
  // reconnect (to another replica, or to this one once it is back) at once.
  OpenStream::EndAll(grpc::Status(grpc::StatusCode::UNAVAILABLE, "the server is shutting down"));
  // gRPC cancels the calls still running when the grace ends, but a call waiting on another
  // service finishes only when that call does: cut those off then too, so the grace is the bound.
  std::mutex mu;
  std::condition_variable cv;
  bool done = false;
  std::thread cutter([&] {
    std::unique_lock<std::mutex> lock(mu);
    if (!cv.wait_for(lock, absl::ToChronoMilliseconds(grace), [&] { return done; })) {
      OutboundCalls::CancelAll();
    }
  });
  server_->Shutdown(absl::ToChronoTime(absl::Now() + grace));
  server_->Wait();
  tsan::TakeOver(tsan::Served());
  {
    std::lock_guard<std::mutex> lock(mu);
    done = true;
  }
  cv.notify_all();
  cutter.join();
}

void BlockTerminationSignals() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  pthread_sigmask(SIG_BLOCK, &set, nullptr);
}

int WaitForTerminationSignal() {
  sigset_t set;
  sigemptyset(&set);
  sigaddset(&set, SIGINT);
  sigaddset(&set, SIGTERM);
  int signal = 0;
  sigwait(&set, &signal);
  return signal;
}

}  // namespace district
