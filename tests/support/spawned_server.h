// Runs a server binary as a child process on a loopback port, for tests of what only a real
// process shows: crash durability (kill -9), signals, start-up flags.
#ifndef DISTRICT_TESTS_SUPPORT_SPAWNED_SERVER_H_
#define DISTRICT_TESTS_SUPPORT_SPAWNED_SERVER_H_

#include <sys/types.h>

#include <string>
#include <vector>

#include "absl/status/statusor.h"

namespace district::testing {

class SpawnedServer {
 public:
  // Starts `binary` with `args` plus --listen=127.0.0.1:0, its stderr going to `log_path` and
  // `env` ("NAME=value") added to its environment, and waits until it logs the port it listens on
  // (see common/service_main.cc).
  static absl::StatusOr<SpawnedServer> Start(const std::string& binary,
                                             const std::vector<std::string>& args,
                                             const std::string& log_path,
                                             const std::vector<std::string>& env = {});

  SpawnedServer(SpawnedServer&& other) noexcept;
  SpawnedServer& operator=(SpawnedServer&&) = delete;
  ~SpawnedServer();  // kills the process if still running

  int port() const { return port_; }
  // The port of its metrics (--metrics_listen=127.0.0.1:0), 0 without.
  int metrics_port() const { return metrics_port_; }
  std::string address() const { return "127.0.0.1:" + std::to_string(port_); }
  pid_t pid() const { return pid_; }

  // Sends `signal` and waits for the process to exit; returns its wait status.
  int Stop(int signal);

 private:
  SpawnedServer(pid_t pid, int port, int metrics_port)
      : pid_(pid), port_(port), metrics_port_(metrics_port) {}

  pid_t pid_;
  int port_;
  int metrics_port_;
};

}  // namespace district::testing

#endif  // DISTRICT_TESTS_SUPPORT_SPAWNED_SERVER_H_
