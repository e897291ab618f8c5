#include "common/service_main.h"

#include <iostream>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/str_cat.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/audit_service.h"
#include "common/auth.h"
#include "common/server.h"
#include "common/tls.h"
#include "common/version.h"

ABSL_FLAG(std::string, listen, "127.0.0.1:0", "address to serve on, HOST:PORT");
ABSL_FLAG(std::string, data_dir, "", "directory of this service's RocksDB (created if missing)");
ABSL_FLAG(bool, sync_writes, true,
          "fsync each acknowledged write; false survives a process crash but not power loss");
ABSL_FLAG(int, min_free_disk_mb, 64,
          "refuse writes (RESOURCE_EXHAUSTED, disk full) while the data disk has less free; they "
          "resume once there is more. 0: write until the disk itself is full");
ABSL_FLAG(std::string, tokens_file, "",
          "bearer tokens allowed to call this server (see common/auth.h); empty: no "
          "authentication, for local development only");
ABSL_FLAG(std::string, service_token_file, "",
          "a file holding the token this server presents when it calls other services");
ABSL_FLAG(std::string, tls_cert, "", "server certificate (PEM); empty: plaintext, for local use");
ABSL_FLAG(std::string, tls_key, "", "server private key (PEM)");
ABSL_FLAG(std::string, tls_client_ca, "",
          "CA of the clients' certificates: set for mutual TLS (clients must present one)");
ABSL_FLAG(std::string, tls_ca, "", "CA the servers this one calls must chain to: set for TLS");
ABSL_FLAG(std::string, tls_client_cert, "",
          "certificate this server presents when it calls (mTLS)");
ABSL_FLAG(std::string, tls_client_key, "", "its private key");
ABSL_FLAG(absl::Duration, shutdown_grace, absl::Seconds(10),
          "on SIGTERM/SIGINT, how long calls in flight may take to finish");
ABSL_FLAG(int, max_concurrent_streams, district::ServerLimits().max_concurrent_streams,
          "calls one connection may have open at once");
ABSL_FLAG(int, memory_quota_mb, district::ServerLimits().memory_quota_bytes >> 20,
          "memory gRPC may hold for calls, in MiB; beyond it new calls are refused");
ABSL_FLAG(absl::Duration, max_connection_age, district::ServerLimits().max_connection_age,
          "a connection is closed after this long (clients reconnect); with the grace below, "
          "no call runs longer than the two together");
ABSL_FLAG(absl::Duration, max_connection_age_grace,
          district::ServerLimits().max_connection_age_grace,
          "how long calls of a connection past its age may take to finish");

namespace district {
namespace {

// Parses the flags and sets up authentication; false (after saying why) when it cannot.
bool ParseFlags(int argc, char** argv, const std::string& name) {
  BlockTerminationSignals();  // before any thread starts, so that only sigwait sees them
  // Debian's Abseil is built with the debug lock-order graph on, which gRPC's every absl::Mutex
  // pays for (GraphCycles in a profile: ~3% of a server's CPU under write load). Lock order is
  // the tests' business, not production's.
  absl::SetMutexDeadlockDetectionMode(absl::OnDeadlockCycle::kIgnore);
  absl::SetProgramUsageMessage(absl::StrCat("serves ", name, " over gRPC"));
  InstallVersionFlag();
  absl::ParseCommandLine(argc, argv);
  const std::string tokens = absl::GetFlag(FLAGS_tokens_file);
  if (tokens.empty()) {
    std::cerr << "WARNING: " << name << " runs WITHOUT AUTHENTICATION: every caller may read and "
              << "write everything. Give --tokens_file outside local development." << std::endl;
  } else {
    absl::StatusOr<std::unique_ptr<Authenticator>> auth = Authenticator::Load(tokens);
    if (!auth.ok()) {
      std::cerr << auth.status() << "\n";
      return false;
    }
    InstallAuthenticator(*std::move(auth));
  }
  absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> outgoing =
      MakeChannelCredentials({absl::GetFlag(FLAGS_tls_ca), absl::GetFlag(FLAGS_tls_client_cert),
                              absl::GetFlag(FLAGS_tls_client_key)});
  if (!outgoing.ok()) {
    std::cerr << outgoing.status() << "\n";
    return false;
  }
  SetServiceChannelCredentials(*outgoing);
  const std::string service_token = absl::GetFlag(FLAGS_service_token_file);
  if (!service_token.empty()) {
    absl::StatusOr<std::string> token = ReadTokenFile(service_token);
    if (!token.ok()) {
      std::cerr << "--service_token_file: " << token.status().message() << "\n";
      return false;
    }
    SetServiceToken(*std::move(token));
  }
  return true;
}

// Serves `services` until SIGINT/SIGTERM, then drains. `what` describes the data for the log.
int ServeUntilSignal(const std::vector<HostedService>& services, const std::string& what) {
  const std::string& name = services.front().name;
  const ServerTls tls{absl::GetFlag(FLAGS_tls_cert), absl::GetFlag(FLAGS_tls_key),
                      absl::GetFlag(FLAGS_tls_client_ca)};
  absl::StatusOr<std::shared_ptr<grpc::ServerCredentials>> credentials = MakeServerCredentials(tls);
  if (!credentials.ok()) {
    std::cerr << credentials.status() << "\n";
    return 2;  // the flags, not the world
  }
  if (tls.cert_file.empty()) {
    std::cerr << "WARNING: " << name << " serves PLAINTEXT: anyone on the network can read and "
              << "alter its calls. Give --tls_cert and --tls_key outside local development."
              << std::endl;
  } else if (std::string warning = CertificateValidityWarning(tls.cert_file, absl::Now());
             !warning.empty()) {
    std::cerr << "WARNING: " << name << ": " << warning << std::endl;
  }
  ServerLimits limits;
  limits.max_concurrent_streams = absl::GetFlag(FLAGS_max_concurrent_streams);
  limits.memory_quota_bytes = int64_t{absl::GetFlag(FLAGS_memory_quota_mb)} << 20;
  limits.max_connection_age = absl::GetFlag(FLAGS_max_connection_age);
  limits.max_connection_age_grace = absl::GetFlag(FLAGS_max_connection_age_grace);
  if (limits.max_concurrent_streams < 1 || limits.memory_quota_bytes < (16 << 20) ||
      limits.max_connection_age <= absl::ZeroDuration() ||
      limits.max_connection_age_grace <= absl::ZeroDuration()) {
    std::cerr << "--max_concurrent_streams must be at least 1, --memory_quota_mb at least 16, "
              << "--max_connection_age and --max_connection_age_grace positive" << std::endl;
    return 2;
  }
  absl::StatusOr<std::unique_ptr<Server>> server =
      Server::Start(absl::GetFlag(FLAGS_listen), services, *credentials, limits);
  if (!server.ok()) {
    std::cerr << server.status() << "\n";
    return 1;
  }
  // Tests and scripts wait for this line; keep its form.
  std::cerr << name << " listening on port " << (*server)->port() << " " << what << std::endl;
  const int signal = WaitForTerminationSignal();
  std::cerr << name << " received signal " << signal << ", draining" << std::endl;
  (*server)->Shutdown(absl::GetFlag(FLAGS_shutdown_grace));
  return 0;
}

}  // namespace

int RunService(int argc, char** argv, const std::string& name, const ServiceFactory& factory) {
  if (!ParseFlags(argc, argv, name)) return 2;
  if (absl::GetFlag(FLAGS_data_dir).empty()) {
    std::cerr << "--data_dir is required\n";
    return 2;
  }
  Store::Options options;
  options.path = absl::GetFlag(FLAGS_data_dir);
  options.sync_writes = absl::GetFlag(FLAGS_sync_writes);
  if (absl::GetFlag(FLAGS_min_free_disk_mb) < 0) {
    std::cerr << "--min_free_disk_mb must not be negative\n";
    return 2;
  }
  options.min_free_bytes = uint64_t{static_cast<uint32_t>(absl::GetFlag(FLAGS_min_free_disk_mb))}
                           << 20;
  absl::StatusOr<std::unique_ptr<Store>> store = Store::Open(options);
  if (!store.ok()) {
    std::cerr << store.status() << "\n";
    return 1;
  }
  absl::StatusOr<std::unique_ptr<grpc::Service>> service = factory(store->get());
  if (!service.ok()) {
    std::cerr << "starting " << name << ": " << service.status() << "\n";
    return 1;
  }
  AuditServiceImpl audit(store->get());
  const int code = ServeUntilSignal(
      {{service->get(), name}, {&audit, audit::v1::AuditService::service_full_name()}},
      absl::StrCat("data_dir ", options.path, options.sync_writes ? "" : " (sync_writes off)"));
  service->reset();
  store->reset();  // closes the database after the last call has finished
  std::cerr << name << " stopped" << std::endl;
  return code;
}

int RunStatelessService(
    int argc, char** argv, const std::string& name,
    const std::function<absl::StatusOr<std::unique_ptr<grpc::Service>>()>& factory) {
  if (!ParseFlags(argc, argv, name)) return 2;
  absl::StatusOr<std::unique_ptr<grpc::Service>> service = factory();
  if (!service.ok()) {
    std::cerr << "starting " << name << ": " << service.status() << "\n";
    return 1;
  }
  const int code = ServeUntilSignal({{service->get(), name}}, "(no data)");
  std::cerr << name << " stopped" << std::endl;
  return code;
}

}  // namespace district
