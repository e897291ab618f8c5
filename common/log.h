// The servers' log: one line per event on stderr, through spdlog, either as text for a person at a
// terminal or as one JSON object per line for a log collector (--log_format, set in main).
//
// Every line has the time (UTC, microseconds), the level, the process's service and a message;
// an event adds its own fields (a call: method, code, latency, principal, request id, peer).
// Text lines are the message alone, then the fields as key=value, so that what a person reads in a
// terminal stays short; a JSON line holds the same, with "msg" and each field as a member. Never
// pass a secret (a token, a key) as a message or field.
//
//   LogInfo("listening on port 50051", {{"port", 50051}});
//   {"time":"2026-12-02T03:04:05.123456Z","level":"info","service":"project",
//    "msg":"listening on port 50051","port":50051}
//
// Lines are written by a buffered sink, flushed every second and at once for a warning or error
// or a line logged with LogEvent (start-up, shutdown: what a script may wait for), so that the
// per-call lines cost no write system call each. Each thread keeps its own buffer (no thread
// waits for another to log); a flush merges them, so lines come out in the order of their times.
//
// Thread-safety: everything here is safe from any thread once InitLogging has run (which main
// calls first, before any thread starts); before it, lines go to stderr as text.
#ifndef DISTRICT_COMMON_LOG_H_
#define DISTRICT_COMMON_LOG_H_

#include <cstdint>
#include <string>
#include <variant>

#include "absl/status/statusor.h"
#include "absl/strings/string_view.h"
#include "absl/time/time.h"
#include "absl/types/span.h"

namespace district {

enum class LogFormat { kText, kJson };

// "text" or "json"; INVALID_ARGUMENT otherwise.
absl::StatusOr<LogFormat> ParseLogFormat(absl::string_view text);

// Sets the format and the service named on every line ("project"). Call once, in main.
void InitLogging(LogFormat format, std::string service);

// A field of a line: a name (an identifier, written as it is) and a value: a string, an integer,
// a floating-point number (to 6 significant digits) or a duration. Holds views of what it is
// given: a line is written before the call that logs it returns, but fields kept in an array must
// not outlive the strings they view (no temporaries).
struct LogField {
  LogField(absl::string_view name, absl::string_view value) : name(name), value(value) {}
  LogField(absl::string_view name, const char* value)
      : name(name), value(absl::string_view(value)) {}
  LogField(absl::string_view name, const std::string& value)
      : name(name), value(absl::string_view(value)) {}
  LogField(absl::string_view name, int64_t value) : name(name), value(value) {}
  LogField(absl::string_view name, int value) : name(name), value(int64_t{value}) {}
  LogField(absl::string_view name, double value) : name(name), value(value) {}
  // Written in milliseconds, to the microsecond ("latency_ms": 0.123).
  LogField(absl::string_view name, absl::Duration value) : name(name), value(value) {}

  // A value this program made that needs neither escaping nor quotes (an identifier, such as a
  // method's or a code's name), written as it is, unscanned: never what a client sent.
  static LogField Plain(absl::string_view name, absl::string_view value) {
    LogField field(name, value);
    field.plain = true;
    return field;
  }

  absl::string_view name;
  std::variant<absl::string_view, int64_t, double, absl::Duration> value;
  bool plain = false;
};
using LogFields = absl::Span<const LogField>;  // a braced list of fields, or an array

// An ordinary line, written with the next flush.
void LogInfo(absl::string_view message, LogFields fields = {});
// A line written at once: start-up, listening, draining, stopped.
void LogEvent(absl::string_view message, LogFields fields = {});
// Something an operator should look at; written at once.
void LogWarning(absl::string_view message, LogFields fields = {});
void LogError(absl::string_view message, LogFields fields = {});

// Writes whatever is buffered (at exit, and before a crash point).
void FlushLog();

}  // namespace district

#endif  // DISTRICT_COMMON_LOG_H_
