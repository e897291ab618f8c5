// web_server: the district workbench (驾驶舱) in a browser: the page, and a JSON API that forwards
// to the suite's four gRPC services with the signed-in person's token. Keeps no data.
#include <iostream>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_split.h"
#include "common/server.h"
#include "common/tls.h"
#include "common/version.h"
#include "services/web/web_server.h"
#include "tools/rpc/rpc.h"

ABSL_FLAG(std::string, listen, "127.0.0.1:8080",
          "address to serve HTTP on, HOST:PORT (port 0: any)");
ABSL_FLAG(std::string, project_addr, "127.0.0.1:50051", "the project service, HOST:PORT");
ABSL_FLAG(std::string, recruitment_addr, "127.0.0.1:50052", "the recruitment service, HOST:PORT");
ABSL_FLAG(std::string, parks_addr, "127.0.0.1:50053", "the park-metrics service, HOST:PORT");
ABSL_FLAG(std::string, aggregator_addr, "127.0.0.1:50054", "the aggregator, HOST:PORT");
ABSL_FLAG(std::string, static_dir, DISTRICT_WEB_STATIC_DIR, "the page's files");
ABSL_FLAG(std::string, tls_cert, "", "HTTPS certificate (PEM); empty: plain HTTP, for local use");
ABSL_FLAG(std::string, tls_key, "", "its private key (PEM)");
ABSL_FLAG(std::string, tls_ca, "", "CA the backends chain to: set when they serve TLS");
ABSL_FLAG(std::string, tls_client_cert, "", "certificate presented to the backends (mutual TLS)");
ABSL_FLAG(std::string, tls_client_key, "", "its private key");
ABSL_FLAG(int, backend_timeout_ms, 10000, "deadline of each backend call");
ABSL_FLAG(int, max_body_bytes, 1 << 20, "largest request body accepted");

int main(int argc, char** argv) {
  district::BlockTerminationSignals();
  absl::SetProgramUsageMessage("the district workbench: web page and JSON API");
  district::InstallVersionFlag();
  absl::ParseCommandLine(argc, argv);

  auto credentials = district::MakeChannelCredentials({absl::GetFlag(FLAGS_tls_ca),
                                                       absl::GetFlag(FLAGS_tls_client_cert),
                                                       absl::GetFlag(FLAGS_tls_client_key)});
  if (!credentials.ok()) {
    std::cerr << "web_server: " << credentials.status() << std::endl;
    return 1;
  }
  const district::rpc::Rpc rpc(
      {absl::GetFlag(FLAGS_project_addr), absl::GetFlag(FLAGS_recruitment_addr),
       absl::GetFlag(FLAGS_parks_addr), absl::GetFlag(FLAGS_aggregator_addr)},
      std::chrono::milliseconds(absl::GetFlag(FLAGS_backend_timeout_ms)), "", *credentials);

  district::web::WebOptions options;
  const std::string listen = absl::GetFlag(FLAGS_listen);
  const size_t colon = listen.rfind(':');
  if (colon == std::string::npos || !absl::SimpleAtoi(listen.substr(colon + 1), &options.port)) {
    std::cerr << "web_server: --listen must be HOST:PORT" << std::endl;
    return 2;
  }
  options.host = listen.substr(0, colon);
  options.static_dir = absl::GetFlag(FLAGS_static_dir);
  options.tls_cert = absl::GetFlag(FLAGS_tls_cert);
  options.tls_key = absl::GetFlag(FLAGS_tls_key);
  options.max_body_bytes = static_cast<size_t>(absl::GetFlag(FLAGS_max_body_bytes));
  auto server = district::web::WebServer::Start(options, &rpc);
  if (!server.ok()) {
    std::cerr << "web_server: " << server.status() << std::endl;
    return 1;
  }
  if (options.tls_cert.empty()) {
    std::cerr << "web_server: WARNING: plain HTTP, for local use only; give --tls_cert/--tls_key"
              << std::endl;
  } else if (std::string warning =
                 district::CertificateValidityWarning(options.tls_cert, absl::Now());
             !warning.empty()) {
    std::cerr << "web_server: WARNING: " << warning << std::endl;
  }
  std::cerr << "web listening on port " << (*server)->port() << " ("
            << (options.tls_cert.empty() ? "http" : "https") << ")" << std::endl;
  const int signal = district::WaitForTerminationSignal();
  std::cerr << "web_server: signal " << signal << ", stopping" << std::endl;
  (*server)->Stop();
  return 0;
}
