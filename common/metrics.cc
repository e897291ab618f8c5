#include "common/metrics.h"

#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>

#include "absl/strings/str_cat.h"

namespace district {
namespace {

// Prometheus's float form: integers without a fraction, +Inf/-Inf/NaN by name.
void AppendValue(std::string* out, double value) {
  if (std::isnan(value)) {
    out->append("NaN");
  } else if (std::isinf(value)) {
    out->append(value > 0 ? "+Inf" : "-Inf");
  } else if (value == std::floor(value) && std::fabs(value) < 1e15) {
    absl::StrAppend(out, static_cast<int64_t>(value));
  } else {
    char buffer[32];
    std::snprintf(buffer, sizeof buffer, "%.17g", value);
    out->append(buffer);
  }
}

// The help text escaped as the format wants it: backslash and newline.
void AppendHelp(std::string* out, absl::string_view name, absl::string_view help,
                absl::string_view type) {
  absl::StrAppend(out, "# HELP ", name, " ");
  for (char c : help) {
    if (c == '\\') {
      out->append("\\\\");
    } else if (c == '\n') {
      out->append("\\n");
    } else {
      out->push_back(c);
    }
  }
  absl::StrAppend(out, "\n# TYPE ", name, " ", type, "\n");
}

// Labels rendered with one more pair appended inside the braces (a histogram's le).
std::string WithLabel(const std::string& rendered, absl::string_view name,
                      absl::string_view value) {
  const std::string pair = absl::StrCat(name, "=\"", value, "\"");
  if (rendered.empty()) return absl::StrCat("{", pair, "}");
  return absl::StrCat(rendered.substr(0, rendered.size() - 1), ",", pair, "}");
}

uint64_t Bits(double value) {
  uint64_t bits;
  std::memcpy(&bits, &value, sizeof bits);
  return bits;
}

double FromBits(uint64_t bits) {
  double value;
  std::memcpy(&value, &bits, sizeof value);
  return value;
}

}  // namespace

std::string RenderLabels(const Labels& labels) {
  if (labels.empty()) return "";
  std::string out = "{";
  for (size_t i = 0; i < labels.size(); ++i) {
    if (i > 0) out.push_back(',');
    absl::StrAppend(&out, labels[i].first, "=\"");
    for (char c : labels[i].second) {
      if (c == '\\' || c == '"') {
        out.push_back('\\');
        out.push_back(c);
      } else if (c == '\n') {
        out.append("\\n");
      } else {
        out.push_back(c);
      }
    }
    out.push_back('"');
  }
  out.push_back('}');
  return out;
}

Histogram::Histogram(std::vector<double> bounds)
    : bounds_(std::move(bounds)), counts_(new std::atomic<uint64_t>[bounds_.size() + 1]) {
  for (size_t i = 0; i <= bounds_.size(); ++i) counts_[i].store(0, std::memory_order_relaxed);
}

void Histogram::Observe(double value) {
  size_t bucket = 0;
  while (bucket < bounds_.size() && value > bounds_[bucket]) ++bucket;
  counts_[bucket].fetch_add(1, std::memory_order_relaxed);
  uint64_t old_bits = sum_bits_.load(std::memory_order_relaxed);
  while (!sum_bits_.compare_exchange_weak(old_bits, Bits(FromBits(old_bits) + value),
                                          std::memory_order_relaxed)) {
  }
}

std::vector<uint64_t> Histogram::CumulativeCounts() const {
  std::vector<uint64_t> cumulative(bounds_.size() + 1);
  uint64_t running = 0;
  for (size_t i = 0; i <= bounds_.size(); ++i) {
    running += counts_[i].load(std::memory_order_relaxed);
    cumulative[i] = running;
  }
  return cumulative;
}

double Histogram::sum() const { return FromBits(sum_bits_.load(std::memory_order_relaxed)); }

std::vector<double> LatencyBuckets() {
  return {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
          0.05,   0.1,     0.25,   0.5,   1,      2.5,   5,    10};
}

void MetricWriter::Family(absl::string_view name, absl::string_view help, absl::string_view type) {
  AppendHelp(&text_, name, help, type);
}

void MetricWriter::Sample(absl::string_view name, const Labels& labels, double value) {
  absl::StrAppend(&text_, name, RenderLabels(labels), " ");
  AppendValue(&text_, value);
  text_.push_back('\n');
}

Registry::Collector::~Collector() {
  std::lock_guard<std::mutex> lock(registry_->collectors_mu_);
  registry_->collectors_.erase(id_);
}

Registry::Family& Registry::FamilyOf(const std::string& name, const std::string& help, Kind kind) {
  auto [it, inserted] = families_.try_emplace(name);
  if (inserted) {
    it->second.kind = kind;
    it->second.help = help;
  } else if (it->second.kind != kind) {
    std::fprintf(stderr, "metric %s registered as two kinds\n", name.c_str());
    std::abort();
  }
  return it->second;
}

Counter* Registry::GetCounter(const std::string& name, const std::string& help,
                              const Labels& labels) {
  std::lock_guard<std::mutex> lock(mu_);
  auto& child = FamilyOf(name, help, Kind::kCounter).counters[RenderLabels(labels)];
  if (child == nullptr) child = std::make_unique<Counter>();
  return child.get();
}

Gauge* Registry::GetGauge(const std::string& name, const std::string& help, const Labels& labels) {
  std::lock_guard<std::mutex> lock(mu_);
  auto& child = FamilyOf(name, help, Kind::kGauge).gauges[RenderLabels(labels)];
  if (child == nullptr) child = std::make_unique<Gauge>();
  return child.get();
}

Histogram* Registry::GetHistogram(const std::string& name, const std::string& help,
                                  const Labels& labels, const std::vector<double>& bounds) {
  std::lock_guard<std::mutex> lock(mu_);
  auto& child = FamilyOf(name, help, Kind::kHistogram).histograms[RenderLabels(labels)];
  if (child == nullptr) child = std::make_unique<Histogram>(bounds);
  return child.get();
}

std::unique_ptr<Registry::Collector> Registry::AddCollector(CollectFn collect) {
  std::lock_guard<std::mutex> lock(collectors_mu_);
  const uint64_t id = next_collector_++;
  collectors_.emplace(id, std::move(collect));
  return std::unique_ptr<Collector>(new Collector(this, id));
}

std::string Registry::Render() const {
  std::string out;
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (const auto& [name, family] : families_) {
      switch (family.kind) {
        case Kind::kCounter:
          AppendHelp(&out, name, family.help, "counter");
          for (const auto& [labels, counter] : family.counters) {
            absl::StrAppend(&out, name, labels, " ", counter->value(), "\n");
          }
          break;
        case Kind::kGauge:
          AppendHelp(&out, name, family.help, "gauge");
          for (const auto& [labels, gauge] : family.gauges) {
            absl::StrAppend(&out, name, labels, " ");
            AppendValue(&out, gauge->value());
            out.push_back('\n');
          }
          break;
        case Kind::kHistogram:
          AppendHelp(&out, name, family.help, "histogram");
          for (const auto& [labels, histogram] : family.histograms) {
            const std::vector<uint64_t> counts = histogram->CumulativeCounts();
            const std::vector<double>& bounds = histogram->bounds();
            for (size_t i = 0; i < counts.size(); ++i) {
              std::string le = "+Inf";
              if (i < bounds.size()) {
                le.clear();
                AppendValue(&le, bounds[i]);
              }
              absl::StrAppend(&out, name, "_bucket", WithLabel(labels, "le", le), " ", counts[i],
                              "\n");
            }
            absl::StrAppend(&out, name, "_sum", labels, " ");
            AppendValue(&out, histogram->sum());
            absl::StrAppend(&out, "\n", name, "_count", labels, " ", counts.back(), "\n");
          }
          break;
      }
    }
  }
  std::lock_guard<std::mutex> lock(collectors_mu_);
  MetricWriter writer;
  for (const auto& [id, collect] : collectors_) collect(writer);
  out.append(writer.text());
  return out;
}

Registry& Metrics() {
  static auto* registry = new Registry();
  return *registry;
}

}  // namespace district
