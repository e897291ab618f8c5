#include "common/metrics.h"

#include <iterator>
#include <utility>

#include <prometheus/text_serializer.h>

namespace district {

std::vector<double> LatencyBuckets() {
  return {0.0001, 0.00025, 0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025,
          0.05,   0.1,     0.25,   0.5,   1,      2.5,   5,    10};
}

prometheus::MetricFamily OneSampleFamily(const std::string& name, const std::string& help,
                                         prometheus::MetricType type, double value,
                                         const Labels& labels) {
  prometheus::ClientMetric sample;
  for (const auto& [label, label_value] : labels) sample.label.push_back({label, label_value});
  if (type == prometheus::MetricType::Counter) {
    sample.counter.value = value;
  } else {
    sample.gauge.value = value;
  }
  return prometheus::MetricFamily{name, help, type, {std::move(sample)}};
}

Registry::Collector::~Collector() {
  std::lock_guard<std::mutex> lock(registry_->collectables_mu_);
  registry_->collectables_.erase(id_);
}

Counter* Registry::GetCounter(const std::string& name, const std::string& help,
                              const Labels& labels) {
  return &prometheus::BuildCounter().Name(name).Help(help).Register(registry_).Add(labels);
}

Gauge* Registry::GetGauge(const std::string& name, const std::string& help, const Labels& labels) {
  return &prometheus::BuildGauge().Name(name).Help(help).Register(registry_).Add(labels);
}

Histogram* Registry::GetHistogram(const std::string& name, const std::string& help,
                                  const Labels& labels, const std::vector<double>& bounds) {
  return &prometheus::BuildHistogram().Name(name).Help(help).Register(registry_).Add(labels,
                                                                                     bounds);
}

std::unique_ptr<Registry::Collector> Registry::AddCollector(
    std::unique_ptr<prometheus::Collectable> collectable) {
  std::lock_guard<std::mutex> lock(collectables_mu_);
  const uint64_t id = next_collectable_++;
  collectables_.emplace(id, std::move(collectable));
  return std::unique_ptr<Collector>(new Collector(this, id));
}

std::vector<prometheus::MetricFamily> Registry::Collect() const {
  std::vector<prometheus::MetricFamily> families = registry_.Collect();
  std::lock_guard<std::mutex> lock(collectables_mu_);
  for (const auto& [id, collectable] : collectables_) {
    std::vector<prometheus::MetricFamily> more = collectable->Collect();
    families.insert(families.end(), std::make_move_iterator(more.begin()),
                    std::make_move_iterator(more.end()));
  }
  return families;
}

std::string Registry::Render() const { return prometheus::TextSerializer().Serialize(Collect()); }

Registry& Metrics() {
  static auto* registry = new Registry();
  return *registry;
}

}  // namespace district
