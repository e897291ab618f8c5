#include "common/metrics_server.h"

#include <dirent.h>
#include <sys/resource.h>
#include <unistd.h>

#include <fstream>
#include <sstream>
#include <vector>

#include <httplib.h>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"
#include "absl/strings/str_split.h"
#include "common/version.h"

namespace district {
namespace {

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

// The process's own metrics, from /proc/self/stat (see proc(5)).
void CollectProcess(MetricWriter& out) {
  std::ifstream in("/proc/self/stat");
  std::string stat((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  // Fields after the command, which is in parentheses and may hold spaces.
  const size_t close = stat.rfind(')');
  if (close == std::string::npos) return;
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
  out.Family("process_cpu_seconds_total", "Total user and system CPU time spent in seconds.",
             "counter");
  out.Sample("process_cpu_seconds_total", {}, (field(14) + field(15)) / ticks);
  out.Family("process_threads", "Number of OS threads in the process.", "gauge");
  out.Sample("process_threads", {}, field(20));
  out.Family("process_start_time_seconds", "Start time of the process since unix epoch in seconds.",
             "gauge");
  out.Sample("process_start_time_seconds", {}, boot + field(22) / ticks);
  out.Family("process_virtual_memory_bytes", "Virtual memory size in bytes.", "gauge");
  out.Sample("process_virtual_memory_bytes", {}, field(23));
  out.Family("process_resident_memory_bytes", "Resident memory size in bytes.", "gauge");
  out.Sample("process_resident_memory_bytes", {}, field(24) * page);
  out.Family("process_open_fds", "Number of open file descriptors.", "gauge");
  out.Sample("process_open_fds", {}, CountOpenFiles());
  rlimit files;
  if (getrlimit(RLIMIT_NOFILE, &files) == 0) {
    out.Family("process_max_fds", "Maximum number of open file descriptors.", "gauge");
    out.Sample("process_max_fds", {}, static_cast<double>(files.rlim_cur));
  }
  out.Family("district_build_info",
             "The suite's version and the commit it was built from; always 1.", "gauge");
  out.Sample("district_build_info", {{"commit", SuiteCommit()}, {"version", SuiteVersion()}}, 1);
}

}  // namespace

absl::StatusOr<std::unique_ptr<MetricsServer>> MetricsServer::Start(const std::string& listen) {
  const size_t colon = listen.rfind(':');
  int port = -1;
  if (colon == std::string::npos || !absl::SimpleAtoi(listen.substr(colon + 1), &port) ||
      port < 0 || port > 65535) {
    return absl::InvalidArgumentError(
        absl::StrCat("--metrics_listen must be HOST:PORT, not \"", listen, "\""));
  }
  std::string host = listen.substr(0, colon);
  if (host.size() >= 2 && host.front() == '[') host = host.substr(1, host.size() - 2);
  std::unique_ptr<MetricsServer> server(new MetricsServer());
  server->http_ = std::make_unique<httplib::Server>();
  server->http_->new_task_queue = [] { return new httplib::ThreadPool(2); };
  server->http_->Get("/metrics", [](const httplib::Request&, httplib::Response& res) {
    res.set_content(Metrics().Render(), "text/plain; version=0.0.4; charset=utf-8");
  });
  server->port_ = port == 0 ? server->http_->bind_to_any_port(host)
                            : (server->http_->bind_to_port(host, port) ? port : -1);
  if (server->port_ < 0) {
    return absl::UnavailableError(absl::StrCat("cannot serve metrics on ", listen));
  }
  server->process_ = Metrics().AddCollector(CollectProcess);
  httplib::Server* http = server->http_.get();
  server->thread_ = std::thread([http] { http->listen_after_bind(); });
  return server;
}

MetricsServer::~MetricsServer() {
  if (http_ != nullptr) http_->stop();
  if (thread_.joinable()) thread_.join();
}

}  // namespace district
