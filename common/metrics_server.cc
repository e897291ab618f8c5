#include "common/metrics_server.h"

#include <arpa/inet.h>
#include <dirent.h>
#include <sys/resource.h>
#include <unistd.h>

#include <cstring>
#include <exception>
#include <fstream>
#include <iterator>
#include <vector>

#include <CivetServer.h>
#include <civetweb.h>
#include <prometheus/exposer.h>

#include "absl/algorithm/container.h"
#include "absl/strings/ascii.h"
#include "absl/strings/match.h"
#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/version.h"

namespace district {
namespace {

using prometheus::MetricType;

int CountOpenFiles() {
  DIR* dir = opendir("/proc/self/fd");
  if (dir == nullptr) return -1;
  int count = 0;
  while (dirent* entry = readdir(dir)) {
    if (entry->d_name[0] != '.') ++count;
  }
  closedir(dir);
  return count - 1;  // the directory stream itself
}

// The system's boot time, in seconds since the epoch (btime in /proc/stat).
double BootTime() {
  std::ifstream in("/proc/stat");
  std::string line;
  while (std::getline(in, line)) {
    double seconds;
    if (absl::StartsWith(line, "btime ") && absl::SimpleAtod(line.substr(6), &seconds)) {
      return seconds;
    }
  }
  return 0;
}

// The process's own metrics, from /proc/self/stat (see proc(5)), and the build's.
class ProcessMetrics : public prometheus::Collectable {
 public:
  std::vector<prometheus::MetricFamily> Collect() const override {
    std::ifstream in("/proc/self/stat");
    std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
    // Fields after the command, which is in parentheses and may hold spaces.
    const size_t close = stat.rfind(')');
    if (close == std::string::npos) return {};
    const std::vector<std::string> fields =
        absl::StrSplit(stat.substr(close + 2), ' ', absl::SkipEmpty());
    // fields[0] is field 3 (state) of proc(5).
    auto field = [&](int number) {
      double value = 0;
      if (number - 3 < static_cast<int>(fields.size())) {
        (void)absl::SimpleAtod(fields[number - 3], &value);
      }
      return value;
    };
    const double ticks = static_cast<double>(sysconf(_SC_CLK_TCK));
    const double page = static_cast<double>(sysconf(_SC_PAGESIZE));
    static const double boot = BootTime();
    std::vector<prometheus::MetricFamily> out = {
        OneSampleFamily("process_cpu_seconds_total",
                        "Total user and system CPU time spent in seconds.", MetricType::Counter,
                        (field(14) + field(15)) / ticks),
        OneSampleFamily("process_threads", "Number of OS threads in the process.",
                        MetricType::Gauge, field(20)),
        OneSampleFamily("process_start_time_seconds",
                        "Start time of the process since unix epoch in seconds.", MetricType::Gauge,
                        boot + field(22) / ticks),
        OneSampleFamily("process_virtual_memory_bytes", "Virtual memory size in bytes.",
                        MetricType::Gauge, field(23)),
        OneSampleFamily("process_resident_memory_bytes", "Resident memory size in bytes.",
                        MetricType::Gauge, field(24) * page),
        OneSampleFamily("process_open_fds", "Number of open file descriptors.", MetricType::Gauge,
                        CountOpenFiles()),
    };
    rlimit files;
    if (getrlimit(RLIMIT_NOFILE, &files) == 0) {
      out.push_back(OneSampleFamily("process_max_fds", "Maximum number of open file descriptors.",
                                    MetricType::Gauge, static_cast<double>(files.rlim_cur)));
    }
    out.push_back(OneSampleFamily(
        "district_build_info", "The suite's version and the commit it was built from; always 1.",
        MetricType::Gauge, 1, {{"commit", SuiteCommit()}, {"version", SuiteVersion()}}));
    return out;
  }
};

// civetweb's request hook: answers GET /metrics (non-zero: answered, the status for its log) and
// leaves anything else to civetweb (0), which has no other handler and answers 404.
int ServeMetrics(mg_connection* connection) {
  const mg_request_info* request = mg_get_request_info(connection);
  if (request->local_uri == nullptr || std::strcmp(request->local_uri, "/metrics") != 0 ||
      std::strcmp(request->request_method, "GET") != 0) {
    return 0;
  }
  const std::string text = Metrics().Render();
  mg_send_http_ok(connection, "text/plain; version=0.0.4; charset=utf-8",
                  static_cast<long long>(text.size()));
  mg_write(connection, text.data(), text.size());
  return 200;
}

// An IPv4 address or a host name; civetweb reads a list ("a:1,b:2") and suffixes ("80s") in its
// option and wraps out-of-range octets, so nothing else reaches it.
bool IsHost(const std::string& host) {
  if (host.empty() || !absl::c_all_of(host, [](char c) {
        return absl::ascii_isalnum(c) || c == '.' || c == '-';
      })) {
    return false;
  }
  in_addr address;
  const bool numeric =
      absl::c_all_of(host, [](char c) { return absl::ascii_isdigit(c) || c == '.'; });
  return !numeric || inet_pton(AF_INET, host.c_str(), &address) == 1;
}

}  // namespace

absl::StatusOr<std::unique_ptr<MetricsServer>> MetricsServer::Start(const std::string& listen) {
  const size_t colon = listen.rfind(':');
  int port = -1;
  if (colon == std::string::npos || !IsHost(listen.substr(0, colon)) ||
      !absl::SimpleAtoi(listen.substr(colon + 1), &port) || port < 0 || port > 65535) {
    return absl::InvalidArgumentError(
        absl::StrCat("--metrics_listen must be HOST:PORT, HOST an IPv4 address or a name, not \"",
                     listen, "\""));
  }
  std::unique_ptr<MetricsServer> server(new MetricsServer());
  CivetCallbacks callbacks;  // copied by the server
  callbacks.begin_request = ServeMetrics;
  try {
    server->exposer_ = std::make_unique<prometheus::Exposer>(
        absl::StrCat(listen.substr(0, colon), ":", port), /*num_threads=*/2, &callbacks);
  } catch (const std::exception& e) {
    return absl::UnavailableError(absl::StrCat("cannot serve metrics on ", listen, ": ", e.what()));
  }
  const std::vector<int> ports = server->exposer_->GetListeningPorts();
  if (ports.empty()) {
    return absl::UnavailableError(absl::StrCat("cannot serve metrics on ", listen));
  }
  server->port_ = ports.front();
  server->process_ = Metrics().AddCollector(std::make_unique<ProcessMetrics>());
  return server;
}

MetricsServer::~MetricsServer() = default;

}  // namespace district
