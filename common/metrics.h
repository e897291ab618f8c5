// Metrics in the Prometheus text exposition format (version 0.0.4): counters, gauges and
// histograms, each a family of children told apart by their label values, in one registry per
// process that a scrape renders (common/metrics_server.h serves it over HTTP).
//
// Debian 12 has no prometheus-cpp, so this is the small part of it the suite needs. Recording is a
// few relaxed atomic additions on a child found once (keep the pointer: children live as long as
// the registry); lookups by label values take a lock and are for set-up, not for every call.
// Values that are read when scraped rather than counted (RocksDB's sizes, the process's memory)
// come from collectors, functions the registry calls at each scrape.
//
//   static Counter* const created = Metrics().GetCounter(
//       "district_projects_created_total", "Projects created.", {});
//   created->Increment();
//
// Thread-safety: everything here is safe from any thread. Ownership: the registry owns its
// families and children; a collector stays registered until its Collector handle is destroyed.
#ifndef DISTRICT_COMMON_METRICS_H_
#define DISTRICT_COMMON_METRICS_H_

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <utility>
#include <vector>

#include "absl/strings/string_view.h"

namespace district {

// Label name and value pairs, in the family's label order.
using Labels = std::vector<std::pair<std::string, std::string>>;

// A value that only goes up (resets when the process restarts).
class Counter {
 public:
  void Increment(uint64_t by = 1) { value_.fetch_add(by, std::memory_order_relaxed); }
  uint64_t value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<uint64_t> value_{0};
};

// A value that goes up and down.
class Gauge {
 public:
  void Set(double value) { value_.store(value, std::memory_order_relaxed); }
  double value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<double> value_{0};
};

// Counts observations into buckets by upper bound, with their count and sum.
class Histogram {
 public:
  explicit Histogram(std::vector<double> bounds);
  void Observe(double value);

  const std::vector<double>& bounds() const { return bounds_; }
  // Observations at or below each bound, cumulative, then the count of all of them.
  std::vector<uint64_t> CumulativeCounts() const;
  double sum() const;

 private:
  const std::vector<double> bounds_;
  std::unique_ptr<std::atomic<uint64_t>[]> counts_;  // bounds_.size() + 1 (the last is +Inf)
  std::atomic<uint64_t> sum_bits_{0};                // a double, added to by compare-and-swap
};

// Bucket bounds for the suite's latencies, in seconds: from 100 µs (a point read) to 10 s.
std::vector<double> LatencyBuckets();

// Writes samples of families a collector computes at scrape time.
class MetricWriter {
 public:
  // Starts a family: its # HELP and # TYPE lines ("gauge" or "counter").
  void Family(absl::string_view name, absl::string_view help, absl::string_view type);
  // One sample of the family begun last.
  void Sample(absl::string_view name, const Labels& labels, double value);

  std::string& text() { return text_; }

 private:
  std::string text_;
};

class Registry {
 public:
  using CollectFn = std::function<void(MetricWriter&)>;

  // A collector's registration; destroying it unregisters the function (and waits for a scrape
  // running it to finish).
  class Collector {
   public:
    ~Collector();
    Collector(const Collector&) = delete;
    Collector& operator=(const Collector&) = delete;

   private:
    friend class Registry;
    Collector(Registry* registry, uint64_t id) : registry_(registry), id_(id) {}
    Registry* const registry_;
    const uint64_t id_;
  };

  // The child of family `name` with `labels`, made on first use. A name is one kind of metric with
  // one help text and one set of label names; asking for it as another kind aborts (a programming
  // error). Names and label names follow Prometheus's rules ([a-zA-Z_:][a-zA-Z0-9_:]*).
  Counter* GetCounter(const std::string& name, const std::string& help, const Labels& labels);
  Gauge* GetGauge(const std::string& name, const std::string& help, const Labels& labels);
  Histogram* GetHistogram(const std::string& name, const std::string& help, const Labels& labels,
                          const std::vector<double>& bounds);

  // Calls `collect` at every scrape, until the returned handle is destroyed.
  std::unique_ptr<Collector> AddCollector(CollectFn collect);

  // Every family, in the text format: those recorded here by name, then the collectors'.
  std::string Render() const;

 private:
  enum class Kind { kCounter, kGauge, kHistogram };
  struct Family {
    Kind kind;
    std::string help;
    // By rendered label set ("{a=\"x\",b=\"y\"}"), so that Render's order is stable.
    std::map<std::string, std::unique_ptr<Counter>> counters;
    std::map<std::string, std::unique_ptr<Gauge>> gauges;
    std::map<std::string, std::unique_ptr<Histogram>> histograms;
  };
  Family& FamilyOf(const std::string& name, const std::string& help, Kind kind);

  mutable std::mutex mu_;  // guards families_ and the maps in them (not the values)
  std::map<std::string, Family> families_;

  mutable std::mutex collectors_mu_;  // held while collectors run, so removal waits for a scrape
  std::map<uint64_t, CollectFn> collectors_;
  uint64_t next_collector_ = 0;
};

// The process's registry.
Registry& Metrics();

// `labels` rendered as Prometheus does: {name="value",...} with \ " and newline escaped; "" for
// none.
std::string RenderLabels(const Labels& labels);

}  // namespace district

#endif  // DISTRICT_COMMON_METRICS_H_
