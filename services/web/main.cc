// web_server: the district workbench (驾驶舱) in a browser: the page, and a JSON API that forwards
// to the suite's four gRPC services with the signed-in person's token. Keeps no data.

#include <sys/resource.h>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/log.h"
#include "common/metrics_server.h"
#include "common/observed_call.h"
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
ABSL_FLAG(std::string, identity_addr, "127.0.0.1:50055", "the identity service, HOST:PORT");
ABSL_FLAG(bool, allow_anonymous, false,
          "let callers who have not signed in through to the services, as nobody: for local "
          "development against services without --tokens_file (the page shows a banner). "
          "Without it they get the sign-in page, and 401 from the API");
ABSL_FLAG(std::string, static_dir, DISTRICT_WEB_STATIC_DIR, "the page's files");
ABSL_FLAG(std::string, tls_cert, "", "HTTPS certificate (PEM); empty: plain HTTP, for local use");
ABSL_FLAG(std::string, tls_key, "", "its private key (PEM)");
ABSL_FLAG(std::string, tls_ca, "", "CA the backends chain to: set when they serve TLS");
ABSL_FLAG(std::string, tls_client_cert, "", "certificate presented to the backends (mutual TLS)");
ABSL_FLAG(std::string, tls_client_key, "", "its private key");
ABSL_FLAG(int, backend_timeout_ms, 10000, "deadline of each backend call");
ABSL_FLAG(int, max_body_bytes, 1 << 20, "largest API request body accepted");
ABSL_FLAG(int, max_upload_bytes, 10 << 20, "largest monthly return file accepted");
ABSL_FLAG(int, max_connections, 4096, "connections open at once; beyond, new ones are closed");
ABSL_FLAG(
    int, max_connections_per_client, 1024,
    "connections open at once from one address (behind a proxy, every client has its address)");
ABSL_FLAG(int, worker_threads, 16, "requests served at once (each may wait on a backend)");
ABSL_FLAG(absl::Duration, head_timeout, absl::Seconds(15),
          "time a client has to send a request's head, however it trickles");
ABSL_FLAG(absl::Duration, body_timeout, absl::Seconds(120),
          "time a client has to send a request's head and body");
ABSL_FLAG(absl::Duration, idle_timeout, absl::Seconds(60),
          "a kept-alive connection with no request is closed after this");
ABSL_FLAG(int, max_event_streams, 256, "live reminder streams open at once");
ABSL_FLAG(int, max_event_streams_per_person, 3, "live reminder streams one person may hold");
ABSL_FLAG(std::string, metrics_listen, "",
          "serve Prometheus metrics at http://HOST:PORT/metrics; empty: no metrics");
ABSL_FLAG(std::string, log_format, "text", "text (a terminal) or json (one object per line)");
ABSL_FLAG(bool, log_calls, true, "write a log line for every request answered");

namespace {

// Each connection is a descriptor: take all the system allows, so that --max_connections and not
// the default soft limit is what bounds them.
void RaiseOpenFileLimit() {
  struct rlimit limit;
  if (getrlimit(RLIMIT_NOFILE, &limit) == 0 && limit.rlim_cur < limit.rlim_max) {
    limit.rlim_cur = limit.rlim_max;
    setrlimit(RLIMIT_NOFILE, &limit);
  }
}

}  // namespace

int main(int argc, char** argv) {
  district::BlockTerminationSignals();
  absl::SetProgramUsageMessage("the district workbench: web page and JSON API");
  district::InstallVersionFlag();
  absl::ParseCommandLine(argc, argv);
  absl::StatusOr<district::LogFormat> format =
      district::ParseLogFormat(absl::GetFlag(FLAGS_log_format));
  if (!format.ok()) {
    district::LogError(format.status().message());
    return 2;
  }
  district::InitLogging(*format, "web");
  district::SetLogCalls(absl::GetFlag(FLAGS_log_calls));

  auto credentials = district::MakeChannelCredentials({absl::GetFlag(FLAGS_tls_ca),
                                                       absl::GetFlag(FLAGS_tls_client_cert),
                                                       absl::GetFlag(FLAGS_tls_client_key)});
  if (!credentials.ok()) {
    district::LogError(credentials.status().ToString());
    return 1;
  }
  const district::rpc::Rpc rpc({{"project", absl::GetFlag(FLAGS_project_addr)},
                                {"recruitment", absl::GetFlag(FLAGS_recruitment_addr)},
                                {"parks", absl::GetFlag(FLAGS_parks_addr)},
                                {"aggregator", absl::GetFlag(FLAGS_aggregator_addr)},
                                {"identity", absl::GetFlag(FLAGS_identity_addr)}},
                               std::chrono::milliseconds(absl::GetFlag(FLAGS_backend_timeout_ms)),
                               "", *credentials);

  district::web::WebOptions options;
  const std::string listen = absl::GetFlag(FLAGS_listen);
  const size_t colon = listen.rfind(':');
  if (colon == std::string::npos || !absl::SimpleAtoi(listen.substr(colon + 1), &options.port)) {
    district::LogError("--listen must be HOST:PORT");
    return 2;
  }
  options.host = listen.substr(0, colon);
  options.static_dir = absl::GetFlag(FLAGS_static_dir);
  options.allow_anonymous = absl::GetFlag(FLAGS_allow_anonymous);
  options.tls_cert = absl::GetFlag(FLAGS_tls_cert);
  options.tls_key = absl::GetFlag(FLAGS_tls_key);
  options.max_body_bytes = static_cast<size_t>(absl::GetFlag(FLAGS_max_body_bytes));
  options.max_upload_bytes = static_cast<size_t>(absl::GetFlag(FLAGS_max_upload_bytes));
  options.max_event_streams = absl::GetFlag(FLAGS_max_event_streams);
  options.max_event_streams_per_person = absl::GetFlag(FLAGS_max_event_streams_per_person);
  options.limits.max_connections = absl::GetFlag(FLAGS_max_connections);
  options.limits.max_connections_per_client = absl::GetFlag(FLAGS_max_connections_per_client);
  options.limits.worker_threads = absl::GetFlag(FLAGS_worker_threads);
  options.limits.head_timeout = absl::GetFlag(FLAGS_head_timeout);
  options.limits.body_timeout = absl::GetFlag(FLAGS_body_timeout);
  options.limits.idle_timeout = absl::GetFlag(FLAGS_idle_timeout);
  RaiseOpenFileLimit();
  auto server = district::web::WebServer::Start(options, &rpc);
  if (!server.ok()) {
    district::LogError(server.status().ToString());
    return 1;
  }
  std::unique_ptr<district::MetricsServer> metrics;
  if (const std::string at = absl::GetFlag(FLAGS_metrics_listen); !at.empty()) {
    absl::StatusOr<std::unique_ptr<district::MetricsServer>> started =
        district::MetricsServer::Start(at);
    if (!started.ok()) {
      district::LogError(started.status().ToString());
      return 2;
    }
    metrics = *std::move(started);
    district::LogEvent(absl::StrCat("metrics on port ", metrics->port()),
                       {{"port", metrics->port()}});
  }
  if (options.tls_cert.empty()) {
    district::LogWarning("plain HTTP, for local use only; give --tls_cert/--tls_key");
  } else if (std::string warning =
                 district::CertificateValidityWarning(options.tls_cert, absl::Now());
             !warning.empty()) {
    district::LogWarning(warning);
  }
  // Tests and scripts wait for this line; keep its form.
  district::LogEvent(absl::StrCat("web listening on port ", (*server)->port(), " (",
                                  options.tls_cert.empty() ? "http" : "https", ")"),
                     {{"port", (*server)->port()}});
  const int signal = district::WaitForTerminationSignal();
  district::LogEvent(absl::StrCat("signal ", signal, ", stopping"), {{"signal", signal}});
  (*server)->Stop();
  district::LogEvent("web stopped");
  return 0;
}
