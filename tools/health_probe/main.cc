// district_health_probe: exits 0 when a server's gRPC health service reports SERVING, 1 otherwise.
// For container healthchecks, where no grpcurl or grpc_health_probe is at hand.
//
//   district_health_probe --addr=127.0.0.1:50051 [--service=NAME] [--timeout_ms=2000]
#include <chrono>
#include <iostream>

#include <grpcpp/grpcpp.h>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "common/tls.h"
#include "common/version.h"
#include "grpc/health/v1/health.grpc.pb.h"

ABSL_FLAG(std::string, addr, "127.0.0.1:50051", "the server, HOST:PORT");
ABSL_FLAG(std::string, service, "", "the service to ask about; empty: the whole server");
ABSL_FLAG(int, timeout_ms, 2000, "how long to wait for the answer");
ABSL_FLAG(std::string, tls_ca, "", "CA the server chains to, when it serves TLS");
ABSL_FLAG(std::string, tls_cert, "", "client certificate, when the server requires mutual TLS");
ABSL_FLAG(std::string, tls_key, "", "its private key");

int main(int argc, char** argv) {
  district::InstallVersionFlag();
  absl::ParseCommandLine(argc, argv);
  auto credentials = district::MakeChannelCredentials(
      {absl::GetFlag(FLAGS_tls_ca), absl::GetFlag(FLAGS_tls_cert), absl::GetFlag(FLAGS_tls_key),
       "--tls_ca", "--tls_cert", "--tls_key"});
  if (!credentials.ok()) {
    std::cerr << credentials.status().message() << "\n";
    return 1;
  }
  auto stub = grpc::health::v1::Health::NewStub(
      grpc::CreateChannel(absl::GetFlag(FLAGS_addr), *credentials));
  grpc::ClientContext ctx;
  ctx.set_deadline(std::chrono::system_clock::now() +
                   std::chrono::milliseconds(absl::GetFlag(FLAGS_timeout_ms)));
  grpc::health::v1::HealthCheckRequest request;
  request.set_service(absl::GetFlag(FLAGS_service));
  grpc::health::v1::HealthCheckResponse response;
  const grpc::Status status = stub->Check(&ctx, request, &response);
  if (!status.ok()) {
    std::cerr << absl::GetFlag(FLAGS_addr) << ": " << status.error_message() << "\n";
    return 1;
  }
  if (response.status() != grpc::health::v1::HealthCheckResponse::SERVING) {
    std::cerr << absl::GetFlag(FLAGS_addr) << ": "
              << grpc::health::v1::HealthCheckResponse::ServingStatus_Name(response.status())
              << "\n";
    return 1;
  }
  return 0;
}
