#include "common/log.h"

#include <unistd.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <memory>
#include <mutex>

#include <spdlog/sinks/sink.h>
#include <spdlog/spdlog.h>

#include "absl/strings/str_cat.h"

namespace district {
namespace {

// Writes lines to stderr (fd 2) in as few write calls as it can: lines gather in a buffer that a
// flush writes (spdlog flushes it every second, at once for warnings, or when LogEvent asks), or
// that a line writes when the buffer is full. The buffer is handed over under the lock that orders
// the lines, and written outside it (under a second lock that orders the writes), so that a thread
// serving a call never waits for another's write(2): only for an append.
// Formats each line's prefix (time, level, service) around the body the caller rendered.
class StderrSink : public spdlog::sinks::sink {
 public:
  StderrSink(LogFormat format, std::string service)
      : format_(format), service_(std::move(service)) {}

  void log(const spdlog::details::log_msg& msg) override {
    const auto since_epoch = msg.time.time_since_epoch();
    const int64_t micros =
        std::chrono::duration_cast<std::chrono::microseconds>(since_epoch).count();
    const std::time_t seconds = static_cast<std::time_t>(micros / 1000000);
    char fraction[16];
    std::snprintf(fraction, sizeof fraction, ".%06dZ", static_cast<int>(micros % 1000000));
    const absl::string_view body(msg.payload.data(), msg.payload.size());
    std::string full;  // a full buffer, taken to be written outside the lock
    std::unique_lock<std::mutex> writing(write_mu_, std::defer_lock);
    {
      std::lock_guard<std::mutex> lock(mu_);
      if (seconds != cached_second_) {
        std::tm utc;
        gmtime_r(&seconds, &utc);
        char text[32];
        std::strftime(text, sizeof text, "%Y-%m-%dT%H:%M:%S", &utc);
        cached_time_ = text;
        cached_second_ = seconds;
      }
      if (format_ == LogFormat::kJson) {
        absl::StrAppend(&buffer_, "{\"time\":\"", cached_time_, fraction, "\",\"level\":\"",
                        LevelName(msg.level), "\",\"service\":\"", service_, "\",", body, "}\n");
      } else {
        absl::StrAppend(&buffer_, cached_time_, fraction, " ", LevelName(msg.level), " ", service_,
                        " ", body, "\n");
      }
      if (buffer_.size() >= kFullBytes) {
        full.swap(buffer_);
        buffer_.reserve(kFullBytes + (4 << 10));
        writing.lock();  // before the next buffer can be taken: the writes keep the lines' order
      }
    }
    if (!full.empty()) WriteOut(full);
  }

  void flush() override {
    std::string lines;
    std::unique_lock<std::mutex> writing(write_mu_, std::defer_lock);
    {
      std::lock_guard<std::mutex> lock(mu_);
      lines.swap(buffer_);
      writing.lock();
    }
    WriteOut(lines);
  }

  // The line's form is ours: spdlog's patterns and formatters are not used.
  void set_pattern(const std::string&) override {}
  void set_formatter(std::unique_ptr<spdlog::formatter>) override {}

 private:
  static constexpr size_t kFullBytes = 64 << 10;

  // Writes `lines` whole, holding write_mu_ (taken while the buffer was, so that the writes come
  // in the order the buffers were taken).
  void WriteOut(const std::string& lines) {
    size_t written = 0;
    while (written < lines.size()) {
      const ssize_t n = ::write(2, lines.data() + written, lines.size() - written);
      if (n <= 0) break;  // nowhere to write: drop the lines rather than block the server
      written += static_cast<size_t>(n);
    }
  }

  static const char* LevelName(spdlog::level::level_enum level) {
    switch (level) {
      case spdlog::level::warn:
        return "warning";
      case spdlog::level::err:
      case spdlog::level::critical:
        return "error";
      default:
        return "info";
    }
  }

  const LogFormat format_;
  const std::string service_;
  std::mutex mu_;  // orders the lines in buffer_; taken before write_mu_
  std::string buffer_;
  std::time_t cached_second_ = -1;
  std::string cached_time_;
  std::mutex write_mu_;  // orders the writes
};

// What InitLogging set; replaced whole (and the old one kept: a thread may still use it), so that
// a line reads the format and logger without a lock.
struct LogState {
  LogFormat format;
  std::shared_ptr<spdlog::logger> logger;
};
std::atomic<const LogState*> g_state{nullptr};
std::mutex g_init_mu;

const LogState& State() {
  if (const LogState* state = g_state.load(std::memory_order_acquire)) return *state;
  std::lock_guard<std::mutex> lock(g_init_mu);
  if (g_state.load(std::memory_order_relaxed) == nullptr) {
    // Before InitLogging: text, each line written at once, the program not yet named.
    auto logger = std::make_shared<spdlog::logger>(
        "district", std::make_shared<StderrSink>(LogFormat::kText, "-"));
    logger->flush_on(spdlog::level::info);
    g_state.store(new LogState{LogFormat::kText, std::move(logger)}, std::memory_order_release);
  }
  return *g_state.load(std::memory_order_relaxed);
}

void AppendField(std::string* out, LogFormat format, const LogField& field) {
  if (format == LogFormat::kJson) {
    out->push_back(',');
    AppendJsonString(out, field.name);
    out->push_back(':');
    if (const auto* s = std::get_if<absl::string_view>(&field.value)) {
      AppendJsonString(out, *s);
    } else if (const auto* i = std::get_if<int64_t>(&field.value)) {
      absl::StrAppend(out, *i);
    } else {
      absl::StrAppend(out, std::get<double>(field.value));
    }
    return;
  }
  absl::StrAppend(out, " ", field.name, "=");
  if (const auto* s = std::get_if<absl::string_view>(&field.value)) {
    // Quoted only when a reader could not tell where the value ends.
    if (s->empty() || s->find_first_of(" \"=\n") != absl::string_view::npos) {
      AppendJsonString(out, *s);
    } else {
      absl::StrAppend(out, *s);
    }
  } else if (const auto* i = std::get_if<int64_t>(&field.value)) {
    absl::StrAppend(out, *i);
  } else {
    absl::StrAppend(out, std::get<double>(field.value));
  }
}

void Write(spdlog::level::level_enum level, absl::string_view message, LogFields fields,
           bool flush) {
  const LogState& state = State();
  std::string body;
  if (state.format == LogFormat::kJson) {
    body = "\"msg\":";
    AppendJsonString(&body, message);
  } else {
    body.assign(message.data(), message.size());
  }
  for (const LogField& field : fields) AppendField(&body, state.format, field);
  state.logger->log(level, spdlog::string_view_t(body.data(), body.size()));
  if (flush) state.logger->flush();
}

}  // namespace

absl::StatusOr<LogFormat> ParseLogFormat(absl::string_view text) {
  if (text == "text") return LogFormat::kText;
  if (text == "json") return LogFormat::kJson;
  return absl::InvalidArgumentError(
      absl::StrCat("--log_format must be text or json, not \"", text, "\""));
}

void InitLogging(LogFormat format, std::string service) {
  auto logger = std::make_shared<spdlog::logger>(
      "district", std::make_shared<StderrSink>(format, std::move(service)));
  logger->set_level(spdlog::level::info);
  logger->flush_on(spdlog::level::warn);
  spdlog::drop("district");
  spdlog::register_logger(logger);  // flush_every flushes the registered loggers
  {
    std::lock_guard<std::mutex> lock(g_init_mu);
    g_state.store(new LogState{format, logger}, std::memory_order_release);
  }
  spdlog::flush_every(std::chrono::seconds(1));
}

void LogInfo(absl::string_view message, LogFields fields) {
  Write(spdlog::level::info, message, fields, /*flush=*/false);
}

void LogEvent(absl::string_view message, LogFields fields) {
  Write(spdlog::level::info, message, fields, /*flush=*/true);
}

void LogWarning(absl::string_view message, LogFields fields) {
  Write(spdlog::level::warn, message, fields, /*flush=*/true);
}

void LogError(absl::string_view message, LogFields fields) {
  Write(spdlog::level::err, message, fields, /*flush=*/true);
}

void FlushLog() { State().logger->flush(); }

void AppendJsonString(std::string* out, absl::string_view text) {
  out->push_back('"');
  for (char c : text) {
    const unsigned char u = static_cast<unsigned char>(c);
    if (c == '"' || c == '\\') {
      out->push_back('\\');
      out->push_back(c);
    } else if (c == '\n') {
      out->append("\\n");
    } else if (c == '\t') {
      out->append("\\t");
    } else if (c == '\r') {
      out->append("\\r");
    } else if (u < 0x20) {
      char escaped[8];
      std::snprintf(escaped, sizeof escaped, "\\u%04x", u);
      out->append(escaped);
    } else {
      out->push_back(c);
    }
  }
  out->push_back('"');
}

}  // namespace district
