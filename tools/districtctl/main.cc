// districtctl: the suite's command-line client. Run without arguments for help. Flags and main()
// here; the commands in cli.h.
#include <cstdlib>
#include <iostream>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "absl/flags/usage.h"
#include "common/auth.h"
#include "common/tls.h"
#include "common/version.h"
#include "tools/districtctl/cli.h"
#include "tools/rpc/rpc.h"

namespace {

std::string Env(const char* name, const char* fallback) {
  const char* v = std::getenv(name);
  return v != nullptr && *v != '\0' ? v : fallback;
}

}  // namespace

ABSL_FLAG(std::string, project_addr, Env("DISTRICT_PROJECT_ADDR", "127.0.0.1:50051"),
          "project service (env DISTRICT_PROJECT_ADDR)");
ABSL_FLAG(std::string, recruitment_addr, Env("DISTRICT_RECRUITMENT_ADDR", "127.0.0.1:50052"),
          "recruitment service (env DISTRICT_RECRUITMENT_ADDR)");
ABSL_FLAG(std::string, parks_addr, Env("DISTRICT_PARKS_ADDR", "127.0.0.1:50053"),
          "park-metrics service (env DISTRICT_PARKS_ADDR)");
ABSL_FLAG(std::string, aggregator_addr, Env("DISTRICT_AGGREGATOR_ADDR", "127.0.0.1:50054"),
          "aggregator (env DISTRICT_AGGREGATOR_ADDR)");
ABSL_FLAG(std::string, identity_addr, Env("DISTRICT_IDENTITY_ADDR", "127.0.0.1:50055"),
          "identity service (env DISTRICT_IDENTITY_ADDR)");
ABSL_FLAG(bool, json, false, "print JSON instead of tables");
ABSL_FLAG(std::string, token, Env("DISTRICT_TOKEN", ""),
          "bearer token for servers started with --tokens_file (env DISTRICT_TOKEN)");
ABSL_FLAG(std::string, token_file, Env("DISTRICT_TOKEN_FILE", ""),
          "a file holding the bearer token, e.g. a mounted secret (env DISTRICT_TOKEN_FILE)");
ABSL_FLAG(std::string, tls_ca, Env("DISTRICT_TLS_CA", ""),
          "CA the servers chain to: set when they serve TLS (env DISTRICT_TLS_CA)");
ABSL_FLAG(std::string, tls_cert, "", "client certificate, for servers that require mutual TLS");
ABSL_FLAG(std::string, tls_key, "", "its private key");
ABSL_FLAG(int, timeout_ms, 10000, "deadline of each call");
ABSL_FLAG(std::string, mask, "", "update: comma-separated fields to update (default: all)");
ABSL_FLAG(std::string, etag, "", "update, delete, advance: the etag read; fails if stale");
ABSL_FLAG(std::string, reason, "", "advance: why (required to cancel, suspend, lose, go back)");
ABSL_FLAG(int64_t, amount, 0, "advance lead to signed: the signed amount in yuan");
ABSL_FLAG(std::string, request_id, "", "create: an id that makes a retried create safe");
ABSL_FLAG(std::string, out, "", "export: the .xlsx file to write");
ABSL_FLAG(bool, overwrite, false, "restore: replace what the data directory holds");
ABSL_FLAG(bool, watch, false, "reminders: follow them as they arise and go, until interrupted");

int main(int argc, char** argv) {
  absl::SetProgramUsageMessage(district::ctl::kUsage);
  district::InstallVersionFlag();
  std::vector<char*> positional = absl::ParseCommandLine(argc, argv);
  std::vector<std::string> args(positional.begin() + 1, positional.end());
  auto credentials = district::MakeChannelCredentials(
      {absl::GetFlag(FLAGS_tls_ca), absl::GetFlag(FLAGS_tls_cert), absl::GetFlag(FLAGS_tls_key),
       "--tls_ca", "--tls_cert", "--tls_key"});
  if (!credentials.ok()) {
    std::cerr << "districtctl: " << credentials.status().message() << "\n";
    return 2;
  }
  std::string token = absl::GetFlag(FLAGS_token);
  if (const std::string file = absl::GetFlag(FLAGS_token_file); !file.empty()) {
    absl::StatusOr<std::string> from_file = district::ReadTokenFile(file);
    if (!from_file.ok()) {
      std::cerr << "districtctl: " << from_file.status().message() << "\n";
      return 2;
    }
    token = *std::move(from_file);
  }
  district::rpc::Rpc rpc({{"project", absl::GetFlag(FLAGS_project_addr)},
                          {"recruitment", absl::GetFlag(FLAGS_recruitment_addr)},
                          {"parks", absl::GetFlag(FLAGS_parks_addr)},
                          {"aggregator", absl::GetFlag(FLAGS_aggregator_addr)},
                          {"identity", absl::GetFlag(FLAGS_identity_addr)}},
                         std::chrono::milliseconds(absl::GetFlag(FLAGS_timeout_ms)), token,
                         *credentials);
  district::ctl::CliOptions options;
  options.json = absl::GetFlag(FLAGS_json);
  options.mask = absl::GetFlag(FLAGS_mask);
  options.etag = absl::GetFlag(FLAGS_etag);
  options.reason = absl::GetFlag(FLAGS_reason);
  options.amount = absl::GetFlag(FLAGS_amount);
  options.request_id = absl::GetFlag(FLAGS_request_id);
  options.out = absl::GetFlag(FLAGS_out);
  options.overwrite = absl::GetFlag(FLAGS_overwrite);
  options.watch = absl::GetFlag(FLAGS_watch);
  return district::ctl::Cli(rpc, token, options, std::cout, std::cerr).Run(args);
}
