#include "common/log.h"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <ctime>
#include <memory>
#include <mutex>
#include <vector>

#include <spdlog/sinks/sink.h>
#include <spdlog/spdlog.h>

#include "absl/strings/str_cat.h"
#include "absl/strings/str_replace.h"

namespace district {
namespace {

// Bytes appended to a buffer that grows by doubling: the lines being made. Not a std::string,
// whose every append is a call into the library: a line is about thirty appends, made for every
// call a server serves.
class LineBytes {
 public:
  LineBytes() = default;
  LineBytes(LineBytes&& other) noexcept { swap(other); }
  LineBytes& operator=(LineBytes&& other) noexcept {
    swap(other);
    return *this;
  }

  void Append(const char* data, size_t size) {
    if (size > capacity_ - size_) Grow(size);
    char* const to = data_.get() + size_;
    // Most pieces of a line are short: copied in two (overlapping) moves of fixed size, which the
    // compiler makes a few instructions, instead of a call to memcpy.
    if (size >= 8 && size <= 16) {
      std::memcpy(to, data, 8);
      std::memcpy(to + size - 8, data + size - 8, 8);
    } else if (size >= 4 && size < 8) {
      std::memcpy(to, data, 4);
      std::memcpy(to + size - 4, data + size - 4, 4);
    } else if (size > 0) {  // memcpy may not be given the null of a buffer not yet grown
      std::memcpy(to, data, size);
    }
    size_ += size;
  }
  void Append(absl::string_view text) { Append(text.data(), text.size()); }
  void Append(char c) {
    if (size_ == capacity_) Grow(1);
    data_[size_++] = c;
  }

  absl::string_view view() const { return absl::string_view(data_.get(), size_); }
  size_t size() const { return size_; }
  bool empty() const { return size_ == 0; }
  void clear() { size_ = 0; }
  void swap(LineBytes& other) {
    std::swap(data_, other.data_);
    std::swap(size_, other.size_);
    std::swap(capacity_, other.capacity_);
  }

 private:
  void Grow(size_t more) {
    size_t capacity = std::max<size_t>(capacity_ * 2, 256);
    while (capacity - size_ < more) capacity *= 2;
    std::unique_ptr<char[]> grown(new char[capacity]);
    if (size_ > 0) std::memcpy(grown.get(), data_.get(), size_);
    data_ = std::move(grown);
    capacity_ = capacity;
  }

  std::unique_ptr<char[]> data_;
  size_t size_ = 0;
  size_t capacity_ = 0;
};

// Which bytes JSON requires escaped in a string (quote, backslash, control characters), and which
// a text line quotes a value for (those, space and '='): tables, since every value of every line
// is scanned.
struct ByteTables {
  constexpr ByteTables() : json(), text() {
    for (int c = 0; c < 0x20; ++c) json[c] = text[c] = true;
    json['"'] = json['\\'] = true;
    text['"'] = text['\\'] = text[' '] = text['='] = true;
  }
  bool json[256];
  bool text[256];
};
constexpr ByteTables kByteTables;

// Whether any byte of `word` is below `n` (n <= 128), or equal to `c`: the tests of "Bit Twiddling
// Hacks" (haszero, hasless), exact for "any", which is all they are asked.
constexpr uint64_t kOnes = 0x0101010101010101, kHighs = 0x8080808080808080;
inline uint64_t AnyBelow(uint64_t word, uint8_t n) { return (word - kOnes * n) & ~word & kHighs; }
inline uint64_t AnyEqual(uint64_t word, uint8_t c) { return AnyBelow(word ^ (kOnes * c), 1); }

enum class Marks { kJson, kText };  // which of kByteTables' tables

// The first byte of `text` from `from` that `marks` marks, or text.size(): eight bytes at a time
// while none of them is marked, then byte by byte.
size_t FindMarked(Marks marks, absl::string_view text, size_t from) {
  const unsigned char* bytes = reinterpret_cast<const unsigned char*>(text.data());
  for (; from + 8 <= text.size(); from += 8) {
    uint64_t word;
    std::memcpy(&word, bytes + from, 8);
    uint64_t marked = AnyBelow(word, 0x20) | AnyEqual(word, '"') | AnyEqual(word, '\\');
    if (marks == Marks::kText) marked |= AnyEqual(word, ' ') | AnyEqual(word, '=');
    if (marked != 0) break;
  }
  const bool(&table)[256] = marks == Marks::kText ? kByteTables.text : kByteTables.json;
  while (from < text.size() && !table[bytes[from]]) ++from;
  return from;
}

// `text` as a JSON string, quoted, with what JSON requires escaped; UTF-8 passes through.
void AppendJsonString(LineBytes* out, absl::string_view text) {
  out->Append('"');
  size_t plain = 0;  // the start of the run of bytes that go as they are
  for (size_t i = FindMarked(Marks::kJson, text, 0); i < text.size();
       i = FindMarked(Marks::kJson, text, plain)) {
    out->Append(text.data() + plain, i - plain);
    plain = i + 1;
    const unsigned char u = static_cast<unsigned char>(text[i]);
    switch (u) {
      case '"':
        out->Append("\\\"", 2);
        break;
      case '\\':
        out->Append("\\\\", 2);
        break;
      case '\n':
        out->Append("\\n", 2);
        break;
      case '\t':
        out->Append("\\t", 2);
        break;
      case '\r':
        out->Append("\\r", 2);
        break;
      default: {
        char escaped[8];
        std::snprintf(escaped, sizeof escaped, "\\u%04x", u);
        out->Append(escaped, 6);
      }
    }
  }
  out->Append(text.data() + plain, text.size() - plain);
  out->Append('"');
}

// Writes lines to stderr (fd 2), in time order, in as few write calls as it can, without making the
// threads that log wait for one another: each thread appends its lines to a buffer of its own
// (under a lock that only a flush ever contends), and a flush takes every thread's buffer, merges
// their lines by time and writes them. spdlog flushes every second, at once for a warning or
// error, and when LogEvent asks; a thread whose buffer is full flushes itself.
//
// A line is timed under its buffer's lock, and a flush takes every buffer at one instant, so the
// lines of one flush are all older than those of the next.
class StderrSink : public spdlog::sinks::sink {
 public:
  StderrSink(LogFormat format, std::string service)
      : format_(format), service_(std::move(service)) {}

  void log(const spdlog::details::log_msg& msg) override {
    const absl::string_view body(msg.payload.data(), msg.payload.size());
    ThreadBuffer& mine = Mine();
    bool full;
    {
      std::lock_guard<std::mutex> lock(mine.mu);
      // Timed here, not when spdlog made the message: under the lock a flush takes, so that every
      // line a flush takes is older than every line it leaves.
      const int64_t micros = std::chrono::duration_cast<std::chrono::microseconds>(
                                 std::chrono::system_clock::now().time_since_epoch())
                                 .count();
      AppendLine(&mine, micros, LevelName(msg.level), body);
      full = mine.lines.bytes.size() >= kFullBytes;
    }
    if (full) flush();
  }

  void flush() override {
    std::lock_guard<std::mutex> flushing(flush_mu_);
    std::vector<const Lines*> parts;  // each thread's lines, in the order each logged them
    {
      std::lock_guard<std::mutex> lock(threads_mu_);
      // Every thread's buffer at one instant (all held at once), so that no line left for the
      // next flush is older than one taken now.
      std::vector<std::unique_lock<std::mutex>> held;
      held.reserve(threads_.size());
      for (const auto& thread : threads_) held.emplace_back(thread->mu);
      taken_.resize(threads_.size());
      std::vector<bool> forget(threads_.size());
      for (size_t i = 0; i < threads_.size(); ++i) {
        taken_[i].clear();
        taken_[i].swap(threads_[i]->lines);  // the emptied buffer keeps its capacity
        // A thread that has ended is forgotten once a flush has taken its last lines.
        forget[i] = threads_[i]->ended && taken_[i].empty();
      }
      held.clear();  // before a buffer forgotten (and so freed) below
      for (size_t i = threads_.size(); i-- > 0;) {
        if (!forget[i]) continue;
        threads_.erase(threads_.begin() + i);
        taken_.erase(taken_.begin() + i);
      }
    }
    for (const Lines& lines : taken_) {
      if (!lines.empty()) parts.push_back(&lines);
    }
    if (parts.empty()) return;
    if (parts.size() == 1) {
      WriteOut(parts[0]->bytes.view());
      return;
    }
    merged_.clear();
    MergeByTime(parts, &merged_);
    WriteOut(merged_.view());
  }

  // The line's form is ours: spdlog's patterns and formatters are not used.
  void set_pattern(const std::string&) override {}
  void set_formatter(std::unique_ptr<spdlog::formatter>) override {}

 private:
  static constexpr size_t kFullBytes = 64 << 10;
  static constexpr size_t kSecondBytes = 19;  // YYYY-MM-DDTHH:MM:SS

  // Lines made by one thread, in the order it made them: their bytes and, for the merge, each
  // one's time and end.
  struct LineMark {
    int64_t micros;
    size_t end;
  };
  struct Lines {
    LineBytes bytes;
    std::vector<LineMark> marks;

    bool empty() const { return marks.empty(); }
    void clear() {
      bytes.clear();
      marks.clear();
    }
    void swap(Lines& other) {
      bytes.swap(other.bytes);
      marks.swap(other.marks);
    }
  };

  // One thread's lines, and the second whose text it last formatted.
  struct ThreadBuffer {
    std::mutex mu;  // held by its thread to append, by a flush to take the lines
    Lines lines;
    std::time_t cached_second = -1;
    char cached_time[kSecondBytes + 1] = {};  // "2026-12-02T03:04:05"
    bool ended = false;                       // its thread has ended (guarded by mu)
  };

  // The calling thread's buffer in this sink, registered on its first line.
  ThreadBuffer& Mine() {
    // A thread logs to one sink at a time (the one InitLogging made last), so one slot suffices.
    struct Slot {
      const StderrSink* sink = nullptr;
      std::shared_ptr<ThreadBuffer> buffer;

      // Leaves the buffer to its sink: the next flush writes what is left and forgets it.
      void Leave() {
        if (buffer == nullptr) return;
        std::lock_guard<std::mutex> lock(buffer->mu);
        buffer->ended = true;
      }
      ~Slot() { Leave(); }
    };
    thread_local Slot slot;
    if (slot.sink != this) {
      slot.Leave();
      slot.buffer = std::make_shared<ThreadBuffer>();
      slot.sink = this;
      std::lock_guard<std::mutex> lock(threads_mu_);
      threads_.push_back(slot.buffer);
    }
    return *slot.buffer;
  }

  void AppendLine(ThreadBuffer* buffer, int64_t micros, const char* level,
                  absl::string_view body) const {
    const std::time_t seconds = static_cast<std::time_t>(micros / 1000000);
    if (seconds != buffer->cached_second) {
      std::tm utc;
      gmtime_r(&seconds, &utc);
      std::strftime(buffer->cached_time, sizeof buffer->cached_time, "%Y-%m-%dT%H:%M:%S", &utc);
      buffer->cached_second = seconds;
    }
    char fraction[8] = {'.', '0', '0', '0', '0', '0', '0', 'Z'};
    for (int i = 6, rest = static_cast<int>(micros % 1000000); i >= 1; --i, rest /= 10) {
      fraction[i] = static_cast<char>('0' + rest % 10);
    }
    LineBytes& out = buffer->lines.bytes;
    if (format_ == LogFormat::kJson) {
      out.Append("{\"time\":\"");
      out.Append(buffer->cached_time, kSecondBytes);
      out.Append(fraction, sizeof fraction);
      out.Append("\",\"level\":\"");
      out.Append(level);
      out.Append("\",\"service\":\"");
      out.Append(service_);
      out.Append("\",");
      out.Append(body);
      out.Append("}\n");
    } else {
      out.Append(buffer->cached_time, kSecondBytes);
      out.Append(fraction, sizeof fraction);
      out.Append(' ');
      out.Append(level);
      out.Append(' ');
      out.Append(service_);
      out.Append(' ');
      out.Append(body);
      out.Append('\n');
    }
    buffer->lines.marks.push_back({micros, out.size()});
  }

  // Appends the lines of `parts` (each in time order) to `out` in time order, taking, of equal
  // times, the earlier part's first.
  static void MergeByTime(const std::vector<const Lines*>& parts, LineBytes* out) {
    std::vector<size_t> next(parts.size(), 0);  // the index of each part's next line
    while (true) {
      size_t earliest = parts.size();
      int64_t earliest_micros = 0;
      for (size_t i = 0; i < parts.size(); ++i) {
        if (next[i] == parts[i]->marks.size()) continue;
        const int64_t micros = parts[i]->marks[next[i]].micros;
        if (earliest == parts.size() || micros < earliest_micros) {
          earliest = i;
          earliest_micros = micros;
        }
      }
      if (earliest == parts.size()) return;
      const Lines& lines = *parts[earliest];
      const size_t line = next[earliest]++;
      const size_t start = line == 0 ? 0 : lines.marks[line - 1].end;
      out->Append(lines.bytes.view().data() + start, lines.marks[line].end - start);
    }
  }

  // Writes `lines` whole (under flush_mu_, so that writes keep the order of the flushes).
  static void WriteOut(absl::string_view lines) {
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
  std::mutex flush_mu_;       // one flush at a time; taken before threads_mu_
  std::vector<Lines> taken_;  // the lines a flush took, by thread (guarded by flush_mu_)
  LineBytes merged_;          // (guarded by flush_mu_)
  std::mutex threads_mu_;     // guards threads_; taken before a ThreadBuffer's mu
  std::vector<std::shared_ptr<ThreadBuffer>> threads_;
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

// Whether a text value needs quotes for a reader to tell where it ends.
bool NeedsQuotes(absl::string_view value) {
  return value.empty() || FindMarked(Marks::kText, value, 0) < value.size();
}

// `duration` in milliseconds to the microsecond: 0.123, 1500.000, -2.500.
void AppendMilliseconds(LineBytes* out, absl::Duration duration) {
  int64_t micros = absl::ToInt64Microseconds(duration);
  if (micros < 0) {
    out->Append('-');
    micros = micros == INT64_MIN ? INT64_MAX : -micros;
  }
  out->Append(absl::AlphaNum(micros / 1000).Piece());
  const int fraction = static_cast<int>(micros % 1000);
  const char digits[4] = {'.', static_cast<char>('0' + fraction / 100),
                          static_cast<char>('0' + fraction / 10 % 10),
                          static_cast<char>('0' + fraction % 10)};
  out->Append(digits, sizeof digits);
}

// Appends `field` to a line's body.
void AppendField(LineBytes* out, LogFormat format, const LogField& field) {
  const auto* text = std::get_if<absl::string_view>(&field.value);
  if (format == LogFormat::kJson) {
    out->Append(",\"", 2);
    out->Append(field.name);  // an identifier: nothing to escape
    out->Append("\":", 2);
  } else {
    out->Append(' ');
    out->Append(field.name);
    out->Append('=');
  }
  if (const auto* duration = std::get_if<absl::Duration>(&field.value)) {
    AppendMilliseconds(out, *duration);
  } else if (text == nullptr) {
    // An integer whole, a floating-point number to 6 significant digits (as %g).
    const auto* integer = std::get_if<int64_t>(&field.value);
    out->Append(integer != nullptr ? absl::AlphaNum(*integer).Piece()
                                   : absl::AlphaNum(std::get<double>(field.value)).Piece());
  } else if (field.plain) {
    if (format == LogFormat::kJson) out->Append('"');
    out->Append(*text);
    if (format == LogFormat::kJson) out->Append('"');
  } else if (format == LogFormat::kJson || NeedsQuotes(*text)) {
    AppendJsonString(out, *text);
  } else {
    out->Append(*text);
  }
}

void Write(spdlog::level::level_enum level, absl::string_view message, LogFields fields,
           bool flush) {
  const LogState& state = State();
  // The line's body, made in a buffer each thread keeps (the sink copies it).
  thread_local LineBytes body;
  body.clear();
  if (state.format == LogFormat::kJson) {
    body.Append("\"msg\":", 6);
    AppendJsonString(&body, message);
  } else if (message.find('\n') == absl::string_view::npos) {
    body.Append(message);
  } else {
    body.Append(absl::StrReplaceAll(message, {{"\n", "\\n"}}));  // a line stays one line
  }
  for (const LogField& field : fields) AppendField(&body, state.format, field);
  const absl::string_view made = body.view();
  state.logger->log(level, spdlog::string_view_t(made.data(), made.size()));
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
  if (const LogState* before = g_state.load(std::memory_order_acquire)) before->logger->flush();
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

}  // namespace district
