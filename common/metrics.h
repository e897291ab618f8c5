// The process's metrics, kept by prometheus-cpp (Debian's prometheus-cpp-dev 1.0.1): its Counter,
// Gauge and Histogram, families of them told apart by their label values, in one registry per
// process that a scrape collects and writes in Prometheus's text format (common/metrics_server.h
// serves it over HTTP). What this file adds is the suite's short way to ask for a child (name,
// help and labels in one call; a family asked for again is the same family) and the registration
// of the values read when scraped rather than counted (RocksDB's sizes, the process's memory):
// prometheus::Collectable objects, collected at each scrape while their handle lives.
//
// Recording is prometheus-cpp's: Increment and Set are atomic operations, Observe takes the
// histogram's own lock. Keep the pointer a Get returns (children live as long as the registry): a
// Get takes the registry's and the family's locks and allocates; it is for set-up, not for every
// call.
//
//   static Counter* const created = Metrics().GetCounter(
//       "district_projects_created_total", "Projects created.", {});
//   created->Increment();
//
// Names and label names follow Prometheus's rules ([a-zA-Z_:][a-zA-Z0-9_:]*); a name asked for as
// two kinds of metric, or an invalid one, is a programming error: prometheus-cpp throws
// std::invalid_argument, which nothing catches. Samples are written with their labels in name
// order. A help text is one line without backslashes: prometheus-cpp writes it as it is.
//
// Thread-safety: everything here is safe from any thread. Ownership: the registry owns its
// families and children; a collectable stays registered until its Collector handle is destroyed.
#ifndef DISTRICT_COMMON_METRICS_H_
#define DISTRICT_COMMON_METRICS_H_

#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <prometheus/collectable.h>
#include <prometheus/counter.h>
#include <prometheus/gauge.h>
#include <prometheus/histogram.h>
#include <prometheus/labels.h>
#include <prometheus/metric_family.h>
#include <prometheus/metric_type.h>
#include <prometheus/registry.h>

namespace district {

using Counter = prometheus::Counter;
using Gauge = prometheus::Gauge;
using Histogram = prometheus::Histogram;
using Labels = prometheus::Labels;  // label name -> value

// Bucket bounds for the suite's latencies, in seconds: from 100 µs (a point read) to 10 s.
std::vector<double> LatencyBuckets();

// A family of one sample, for a collectable's Collect: `name` of `type` (Counter or Gauge) with
// `value` and `labels`.
prometheus::MetricFamily OneSampleFamily(const std::string& name, const std::string& help,
                                         prometheus::MetricType type, double value,
                                         const Labels& labels = {});

class Registry : public prometheus::Collectable {
 public:
  // A collectable's registration; destroying it unregisters the collectable, after any scrape
  // collecting it has finished.
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

  // The child of family `name` with `labels`, made on first use (the help text of the first ask
  // stays).
  Counter* GetCounter(const std::string& name, const std::string& help, const Labels& labels);
  Gauge* GetGauge(const std::string& name, const std::string& help, const Labels& labels);
  Histogram* GetHistogram(const std::string& name, const std::string& help, const Labels& labels,
                          const std::vector<double>& bounds);

  // Collects `collectable` at every scrape, until the returned handle is destroyed.
  std::unique_ptr<Collector> AddCollector(std::unique_ptr<prometheus::Collectable> collectable);

  // Every family: those got here (counters, gauges, then histograms, each in the order they were
  // first asked for), then the collectables'.
  std::vector<prometheus::MetricFamily> Collect() const override;
  // The same in the text format (version 0.0.4), by prometheus::TextSerializer.
  std::string Render() const;

 private:
  prometheus::Registry registry_{prometheus::Registry::InsertBehavior::Merge};

  mutable std::mutex collectables_mu_;  // held while they are collected, so removal waits
  std::map<uint64_t, std::unique_ptr<prometheus::Collectable>> collectables_;
  uint64_t next_collectable_ = 0;
};

// The process's registry.
Registry& Metrics();

}  // namespace district

#endif  // DISTRICT_COMMON_METRICS_H_
