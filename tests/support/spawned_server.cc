#include "tests/support/spawned_server.h"

#include <fcntl.h>
#include <signal.h>
#include <sys/prctl.h>
#include <sys/wait.h>
#include <unistd.h>

#include <chrono>
#include <cstring>
#include <fstream>
#include <sstream>
#include <thread>

#include "absl/strings/numbers.h"
#include "absl/strings/str_cat.h"

namespace district::testing {

absl::StatusOr<SpawnedServer> SpawnedServer::Start(const std::string& binary,
                                                   const std::vector<std::string>& args,
                                                   const std::string& log_path,
                                                   const std::vector<std::string>& env) {
  std::vector<std::string> argv_strings = {binary, "--listen=127.0.0.1:0"};
  argv_strings.insert(argv_strings.end(), args.begin(), args.end());
  std::vector<char*> argv;
  for (std::string& a : argv_strings) argv.push_back(a.data());
  argv.push_back(nullptr);

  // A log left by an earlier run must not be read as this one's (its port is stale).
  unlink(log_path.c_str());
  const pid_t pid = fork();
  if (pid < 0) return absl::InternalError("fork failed");
  if (pid == 0) {
    prctl(PR_SET_PDEATHSIG, SIGKILL);  // never outlive the test or benchmark that started it
    const int fd = open(log_path.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0644);
    if (fd >= 0) dup2(fd, STDERR_FILENO);
    for (const std::string& e : env) putenv(strdup(e.c_str()));
    execv(binary.c_str(), argv.data());
    _exit(127);
  }
  const std::string marker = " listening on port ";
  for (int i = 0; i < 300; ++i) {  // up to 30 s
    std::ifstream log(log_path);
    std::stringstream text;
    text << log.rdbuf();
    const std::string s = text.str();
    const size_t at = s.find(marker);
    if (at != std::string::npos) {
      const size_t start = at + marker.size();
      const size_t end = s.find(' ', start);
      int port = 0;
      if (end != std::string::npos && absl::SimpleAtoi(s.substr(start, end - start), &port)) {
        // Logged before the gRPC port when --metrics_listen is given.
        int metrics_port = 0;
        const std::string metrics_marker = "metrics on port ";
        if (const size_t m = s.find(metrics_marker); m != std::string::npos) {
          const size_t from = m + metrics_marker.size();
          const size_t to = s.find_first_not_of("0123456789", from);
          (void)absl::SimpleAtoi(s.substr(from, to - from), &metrics_port);
        }
        return SpawnedServer(pid, port, metrics_port);
      }
    }
    int status = 0;
    if (waitpid(pid, &status, WNOHANG) == pid) {
      return absl::InternalError(absl::StrCat(binary, " exited during start-up: ", s));
    }
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  kill(pid, SIGKILL);
  waitpid(pid, nullptr, 0);
  return absl::DeadlineExceededError(absl::StrCat(binary, " did not report its port"));
}

SpawnedServer::SpawnedServer(SpawnedServer&& other) noexcept
    : pid_(other.pid_), port_(other.port_), metrics_port_(other.metrics_port_) {
  other.pid_ = -1;
}

SpawnedServer::~SpawnedServer() {
  if (pid_ > 0) Stop(SIGKILL);
}

int SpawnedServer::Stop(int signal) {
  if (pid_ <= 0) return -1;
  kill(pid_, signal);
  int status = 0;
  waitpid(pid_, &status, 0);
  pid_ = -1;
  return status;
}

}  // namespace district::testing
