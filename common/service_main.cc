#include "common/service_main.h"

#include <cstdio>
#include <cstdlib>
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
#include <sanitizer/lsan_interface.h>
#endif
#endif

#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "absl/synchronization/mutex.h"
#include "absl/time/time.h"
#include "common/access_token.h"
#include "common/admin_service.h"
#include "common/audit_service.h"
#include "common/auth.h"
#include "common/backups.h"
#include "common/identity_keys.h"
#include "common/log.h"
#include "common/metrics_server.h"
#include "common/observed_call.h"
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
ABSL_FLAG(std::string, identity_addr, "",
          "the identity service (HOST:PORT) whose public keys verify people's access tokens "
          "(common/identity_keys.h); empty: only the tokens file's tokens");
ABSL_FLAG(absl::Duration, identity_keys_refresh, absl::Seconds(30),
          "how often the identity service's keys are fetched again");
ABSL_FLAG(std::string, identity_issuer, "district-identity",
          "the issuer (iss) of the identity service's access tokens");
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
ABSL_FLAG(std::string, backup_dir, "",
          "where AdminService/CreateBackup writes backups of the store (a volume of its own); "
          "empty: no backups");
ABSL_FLAG(int, backup_keep, 7, "backups kept: each new one deletes the oldest beyond this many");
ABSL_FLAG(std::string, restore_from, "",
          "restore a backup from this directory into --data_dir, then exit (the server does not "
          "serve)");
ABSL_FLAG(uint32_t, restore_backup_id, 0, "with --restore_from: which backup; 0 the latest");
ABSL_FLAG(bool, restore_overwrite, false,
          "with --restore_from: replace what --data_dir holds (refused otherwise)");
ABSL_FLAG(std::string, metrics_listen, "",
          "serve Prometheus metrics at http://HOST:PORT/metrics; empty: no metrics");
ABSL_FLAG(std::string, log_format, "text",
          "text: lines for a person at a terminal; json: one JSON object per line, for a log "
          "collector");
ABSL_FLAG(bool, log_calls, true,
          "write a log line for every call served (off leaves start-up, warnings and errors)");
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

// "project" of "district.project.v1.ProjectService": the service named on each log line.
std::string ShortName(const std::string& name) {
  const std::vector<std::string> parts = absl::StrSplit(name, '.');
  return parts.size() >= 2 ? parts[1] : name;
}

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
  absl::StatusOr<LogFormat> format = ParseLogFormat(absl::GetFlag(FLAGS_log_format));
  if (!format.ok()) {
    LogError(format.status().message());
    return false;
  }
  InitLogging(*format, ShortName(name));
  SetLogCalls(absl::GetFlag(FLAGS_log_calls));
  const std::string tokens = absl::GetFlag(FLAGS_tokens_file);
  const std::string identity = absl::GetFlag(FLAGS_identity_addr);
  if (tokens.empty() && identity.empty()) {
    LogWarning(
        "runs WITHOUT AUTHENTICATION: every caller may read and write everything. Give "
        "--tokens_file outside local development.");
  } else {
    absl::StatusOr<std::unique_ptr<Authenticator>> auth = Authenticator::Load(tokens);
    if (!auth.ok()) {
      LogError(auth.status().ToString());
      return false;
    }
    InstallAuthenticator(*std::move(auth));
  }
  absl::StatusOr<std::shared_ptr<grpc::ChannelCredentials>> outgoing =
      MakeChannelCredentials({absl::GetFlag(FLAGS_tls_ca), absl::GetFlag(FLAGS_tls_client_cert),
                              absl::GetFlag(FLAGS_tls_client_key)});
  if (!outgoing.ok()) {
    LogError(outgoing.status().ToString());
    return false;
  }
  SetServiceChannelCredentials(*outgoing);
  const std::string service_token = absl::GetFlag(FLAGS_service_token_file);
  if (!service_token.empty()) {
    absl::StatusOr<std::string> token = ReadTokenFile(service_token);
    if (!token.ok()) {
      LogError(absl::StrCat("--service_token_file: ", token.status().message()));
      return false;
    }
    SetServiceToken(*std::move(token));
  }
  // After the channel credentials and the service token: the key fetches use both.
  if (!identity.empty()) {
    auto verifier = std::make_shared<AccessTokenVerifier>(absl::GetFlag(FLAGS_identity_issuer),
                                                          kAccessTokenAudience);
    InstallAccessTokenVerifier(verifier);
    // Lives as long as the process: the verifier nudges it from any call.
    SetIdentityKeyRefresher(new IdentityKeyRefresher(
        identity, absl::GetFlag(FLAGS_identity_keys_refresh), std::move(verifier)));
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
    LogError(credentials.status().ToString());
    return 2;  // the flags, not the world
  }
  if (tls.cert_file.empty()) {
    LogWarning(
        "serves PLAINTEXT: anyone on the network can read and alter its calls. Give "
        "--tls_cert and --tls_key outside local development.");
  } else if (std::string warning = CertificateValidityWarning(tls.cert_file, absl::Now());
             !warning.empty()) {
    LogWarning(warning);
  }
  ServerLimits limits;
  limits.max_concurrent_streams = absl::GetFlag(FLAGS_max_concurrent_streams);
  limits.memory_quota_bytes = int64_t{absl::GetFlag(FLAGS_memory_quota_mb)} << 20;
  limits.max_connection_age = absl::GetFlag(FLAGS_max_connection_age);
  limits.max_connection_age_grace = absl::GetFlag(FLAGS_max_connection_age_grace);
  if (limits.max_concurrent_streams < 1 || limits.memory_quota_bytes < (16 << 20) ||
      limits.max_connection_age <= absl::ZeroDuration() ||
      limits.max_connection_age_grace <= absl::ZeroDuration()) {
    LogError(
        "--max_concurrent_streams must be at least 1, --memory_quota_mb at least 16, "
        "--max_connection_age and --max_connection_age_grace positive");
    return 2;
  }
  std::unique_ptr<MetricsServer> metrics;
  if (const std::string listen = absl::GetFlag(FLAGS_metrics_listen); !listen.empty()) {
    absl::StatusOr<std::unique_ptr<MetricsServer>> started = MetricsServer::Start(listen);
    if (!started.ok()) {
      LogError(started.status().ToString());
      return absl::IsInvalidArgument(started.status()) ? 2 : 1;
    }
    metrics = *std::move(started);
    // Tests and scripts wait for this line too.
    LogEvent(absl::StrCat("metrics on port ", metrics->port()), {{"port", metrics->port()}});
  }
  absl::StatusOr<std::unique_ptr<Server>> server =
      Server::Start(absl::GetFlag(FLAGS_listen), services, *credentials, limits);
  if (!server.ok()) {
    LogError(server.status().ToString());
    return 1;
  }
  // Tests and scripts wait for this line; keep its form.
  LogEvent(absl::StrCat(name, " listening on port ", (*server)->port(), " ", what),
           {{"port", (*server)->port()}, {"version", SuiteVersion()}, {"commit", SuiteCommit()}});
  const int signal = WaitForTerminationSignal();
  LogEvent(absl::StrCat("received signal ", signal, ", draining"), {{"signal", signal}});
  (*server)->Shutdown(absl::GetFlag(FLAGS_shutdown_grace));
  return 0;
}

}  // namespace

// Once a server has drained, closed its database and logged that it stopped, the process ends
// without running static destructors: gRPC's own threads (its executor, a channel's resolver) may
// still be finishing and would race the destruction of globals they use (the service token, the
// verifier, the metrics registry). Leaks are still checked under LeakSanitizer, as exit would.
namespace {
[[noreturn]] void ExitWithoutDestructors(int code) {
  FlushLog();
#if defined(__has_feature)
#if __has_feature(address_sanitizer)
  __lsan_do_leak_check();
#endif
#endif
  std::fflush(nullptr);
  std::_Exit(code);
}
}  // namespace

int RunService(int argc, char** argv, const std::string& name, const ServiceFactory& factory) {
  if (!ParseFlags(argc, argv, name)) return 2;
  if (absl::GetFlag(FLAGS_data_dir).empty()) {
    LogError("--data_dir is required");
    return 2;
  }
  if (const std::string from = absl::GetFlag(FLAGS_restore_from); !from.empty()) {
    const absl::Status restored =
        RestoreStore(from, absl::GetFlag(FLAGS_restore_backup_id), absl::GetFlag(FLAGS_data_dir),
                     absl::GetFlag(FLAGS_restore_overwrite));
    if (!restored.ok()) {
      LogError(absl::StrCat("restore: ", restored.ToString()));
      return 1;
    }
    LogEvent(absl::StrCat("restored ", from, " into ", absl::GetFlag(FLAGS_data_dir)));
    return 0;
  }
  Store::Options options;
  options.path = absl::GetFlag(FLAGS_data_dir);
  options.sync_writes = absl::GetFlag(FLAGS_sync_writes);
  if (absl::GetFlag(FLAGS_min_free_disk_mb) < 0) {
    LogError("--min_free_disk_mb must not be negative");
    return 2;
  }
  options.min_free_bytes = uint64_t{static_cast<uint32_t>(absl::GetFlag(FLAGS_min_free_disk_mb))}
                           << 20;
  absl::StatusOr<std::unique_ptr<Store>> store = Store::Open(options);
  if (!store.ok()) {
    LogError(store.status().ToString());
    return 1;
  }
  absl::StatusOr<std::unique_ptr<grpc::Service>> service = factory(store->get());
  if (!service.ok()) {
    LogError(absl::StrCat("starting ", name, ": ", service.status().ToString()));
    return 1;
  }
  std::unique_ptr<Backups> backups;
  if (const std::string dir = absl::GetFlag(FLAGS_backup_dir); !dir.empty()) {
    absl::StatusOr<std::unique_ptr<Backups>> opened = Backups::Open(
        store->get(), {dir, absl::GetFlag(FLAGS_backup_keep), ShortName(name), SuiteVersion()});
    if (!opened.ok()) {
      LogError(opened.status().ToString());
      return absl::IsInvalidArgument(opened.status()) ? 2 : 1;
    }
    backups = *std::move(opened);
  }
  AuditServiceImpl audit(store->get());
  AdminServiceImpl admin(backups.get());
  const int code = ServeUntilSignal(
      {{service->get(), name},
       {&audit, audit::v1::AuditService::service_full_name()},
       {&admin, admin::v1::AdminService::service_full_name()}},
      absl::StrCat("data_dir ", options.path, options.sync_writes ? "" : " (sync_writes off)"));
  StopIdentityKeyRefresher();
  service->reset();
  backups.reset();
  store->reset();  // closes the database after the last call has finished
  LogEvent(absl::StrCat(name, " stopped"));
  ExitWithoutDestructors(code);
}

int RunStatelessService(
    int argc, char** argv, const std::string& name,
    const std::function<absl::StatusOr<std::unique_ptr<grpc::Service>>()>& factory) {
  if (!ParseFlags(argc, argv, name)) return 2;
  absl::StatusOr<std::unique_ptr<grpc::Service>> service = factory();
  if (!service.ok()) {
    LogError(absl::StrCat("starting ", name, ": ", service.status().ToString()));
    return 1;
  }
  const int code = ServeUntilSignal({{service->get(), name}}, "(no data)");
  StopIdentityKeyRefresher();
  LogEvent(absl::StrCat(name, " stopped"));
  ExitWithoutDestructors(code);
}

}  // namespace district
