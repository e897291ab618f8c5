// The servers' log (common/log.h) in process, its stderr sent to a file: lines written by many
// threads at once come out whole, each once, and in time order; what JSON must escape is escaped
// and what a text reader needs quoted is quoted.
#include "common/log.h"

#include <fcntl.h>
#include <unistd.h>

#include <fstream>
#include <map>
#include <string>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

#include "tests/support/temp_dir.h"

namespace district {
namespace {

// Sends this process's stderr to a file for the test's life, and reads it back.
class LogTest : public ::testing::Test {
 protected:
  void SetUp() override {
    saved_stderr_ = dup(2);
    const int file = open(path_.c_str(), O_WRONLY | O_CREAT | O_TRUNC, 0600);
    ASSERT_GE(file, 0);
    ASSERT_EQ(dup2(file, 2), 2);
    close(file);
  }
  void TearDown() override {
    FlushLog();
    dup2(saved_stderr_, 2);
    close(saved_stderr_);
  }

  std::vector<std::string> Lines() {
    FlushLog();
    std::ifstream in(path_);
    std::vector<std::string> lines;
    for (std::string line; std::getline(in, line);) lines.push_back(line);
    return lines;
  }

  testing::TempDir dir_;
  const std::string path_ = dir_.Sub("stderr");
  int saved_stderr_ = -1;
};

TEST_F(LogTest, LinesOfManyThreadsComeOutWholeEachOnceAndInTimeOrder) {
  InitLogging(LogFormat::kJson, "project");
  // Enough lines that every thread's buffer fills (and flushes) several times, and threads that
  // end before the last flush: their lines must still come.
  constexpr int kThreads = 8, kLinesEach = 5000;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([t] {
      for (int i = 0; i < kLinesEach; ++i) {
        LogInfo("GetProject OK", {{"thread", t}, {"seq", i}, {"peer", "ipv4:127.0.0.1:45678"}});
      }
    });
  }
  // A flush every so often while they write, as spdlog's flusher does.
  for (int i = 0; i < 20; ++i) {
    FlushLog();
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  for (std::thread& thread : threads) thread.join();

  const std::vector<std::string> lines = Lines();
  ASSERT_EQ(lines.size(), size_t{kThreads * kLinesEach});
  std::map<int64_t, int64_t> next_seq;  // thread -> the seq its next line must have
  std::string previous_time;
  for (const std::string& line : lines) {
    const nlohmann::json json = nlohmann::json::parse(line, nullptr, /*allow_exceptions=*/false);
    ASSERT_TRUE(json.is_object()) << line;
    EXPECT_EQ(json["service"], "project");
    EXPECT_EQ(json["level"], "info");
    const int64_t thread = json["thread"], seq = json["seq"];
    EXPECT_EQ(seq, next_seq[thread])
        << "a line lost, repeated or out of its thread's order: " << line;
    next_seq[thread] = seq + 1;
    const std::string time = json["time"];
    ASSERT_EQ(time.size(), 27u) << line;  // 2026-12-02T03:04:05.123456Z
    EXPECT_LE(previous_time, time) << "out of time order: " << line;
    previous_time = time;
  }
  EXPECT_EQ(next_seq.size(), size_t{kThreads});
}

TEST_F(LogTest, JsonLinesEscapeWhatJsonMustAndKeepChineseAsItIs) {
  InitLogging(LogFormat::kJson, "project");
  const std::string awkward = "奎文区 \"重点\" \\ line\nbreak\ttab\x01";
  LogWarning(awkward, {{"name", awkward},
                       {"count", int64_t{-42}},
                       {"ratio", 0.25},
                       {"latency_ms", absl::Microseconds(1234)},
                       {"early_ms", absl::Microseconds(-5)},
                       LogField::Plain("event", "call")});
  const std::vector<std::string> lines = Lines();
  ASSERT_EQ(lines.size(), 1u);
  const nlohmann::json json = nlohmann::json::parse(lines[0], nullptr, false);
  ASSERT_TRUE(json.is_object()) << lines[0];
  EXPECT_EQ(json["level"], "warning");
  EXPECT_EQ(json["msg"], awkward);
  EXPECT_EQ(json["name"], awkward);
  EXPECT_EQ(json["count"], -42);
  EXPECT_EQ(json["ratio"], 0.25);
  EXPECT_NE(lines[0].find("\"latency_ms\":1.234,"), std::string::npos) << lines[0];
  EXPECT_NE(lines[0].find("\"early_ms\":-0.005,"), std::string::npos) << lines[0];
  EXPECT_EQ(json["event"], "call");
}

TEST_F(LogTest, TextLinesQuoteOnlyValuesAReaderCouldNotTellTheEndOf) {
  InitLogging(LogFormat::kText, "project");
  LogInfo("two\nlines", {{"plain", "王书记"},
                         {"spaced", "a b"},
                         {"empty", ""},
                         {"equals", "a=b"},
                         {"tab", "a\tb"},
                         {"long", "district.project.v1=late"},  // found past the first 8 bytes
                         {"n", int64_t{7}}});
  const std::vector<std::string> lines = Lines();
  ASSERT_EQ(lines.size(), 1u) << "a message's line break must not start a line";
  EXPECT_NE(lines[0].find(" info project two\\nlines plain=王书记 spaced=\"a b\" empty=\"\" "
                          "equals=\"a=b\" tab=\"a\\tb\" long=\"district.project.v1=late\" n=7"),
            std::string::npos)
      << lines[0];
}

}  // namespace
}  // namespace district
