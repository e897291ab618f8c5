// Benchmark of the servers' log (common/log.h) alone: the CPU a call's log line costs, written by
// one thread and by eight at once (as a server's serving threads write them), in text and JSON.
// The line is the one ObservedCall writes for a GetProject. Lines go to /dev/null (stderr is
// redirected for the run), so that what is measured is making and ordering them, not the disk.
//
//   build/bench/log_bench [--lines=1000000]
#include <fcntl.h>
#include <unistd.h>

#include <chrono>
#include <cstdio>
#include <ctime>
#include <string>
#include <thread>
#include <vector>

#include "absl/flags/flag.h"
#include "absl/flags/parse.h"
#include "common/log.h"

ABSL_FLAG(int, lines, 1000000, "lines per measurement, over all threads");

namespace district::bench {
namespace {

double ProcessCpuSeconds() {
  timespec now;
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &now);
  return now.tv_sec + now.tv_nsec * 1e-9;
}

void WriteLines(int count) {
  const std::string path = "district.project.v1.ProjectService/GetProject";
  const std::string principal = "anonymous", request_id = "0123456789abcdef";
  const std::string peer = "ipv4:127.0.0.1:45678";
  for (int i = 0; i < count; ++i) {
    const LogField fields[] = {{"event", "call"},
                               {"method", path},
                               {"code", "OK"},
                               {"latency_ms", 0.123 + i * 1e-9},
                               {"principal", principal},
                               {"request_id", request_id},
                               {"peer", peer}};
    LogInfo("GetProject OK", fields);
  }
}

// CPU and wall time per line, `threads` writing `lines` in all.
void Measure(const char* label, int threads, int lines) {
  const double cpu0 = ProcessCpuSeconds();
  const auto wall0 = std::chrono::steady_clock::now();
  std::vector<std::thread> writers;
  for (int t = 0; t < threads; ++t) writers.emplace_back(WriteLines, lines / threads);
  for (std::thread& writer : writers) writer.join();
  FlushLog();
  const double cpu = ProcessCpuSeconds() - cpu0;
  const double wall =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - wall0).count();
  std::printf("%-5s %d thread(s): %6.0f ns CPU a line, %6.0f ns wall a line\n", label, threads,
              cpu * 1e9 / lines, wall * 1e9 / lines);
  std::fflush(stdout);
}

}  // namespace
}  // namespace district::bench

int main(int argc, char** argv) {
  absl::ParseCommandLine(argc, argv);
  const int lines = absl::GetFlag(FLAGS_lines);
  const int null = open("/dev/null", O_WRONLY);
  if (null < 0 || dup2(null, 2) < 0) return 1;
  std::printf("%u cores\n", std::thread::hardware_concurrency());
  for (district::LogFormat format : {district::LogFormat::kText, district::LogFormat::kJson}) {
    const char* label = format == district::LogFormat::kText ? "text" : "json";
    district::InitLogging(format, "project");
    for (int round = 0; round < 2; ++round) {
      district::bench::Measure(label, 1, lines);
      district::bench::Measure(label, 8, lines);
    }
  }
}
