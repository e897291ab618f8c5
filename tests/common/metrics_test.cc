// The registry as a scrape sees it: families, labels, histograms and collectables, in the text
// format that prometheus-cpp writes.
#include "common/metrics.h"

#include <stdexcept>

#include <gtest/gtest.h>

namespace district {
namespace {

TEST(MetricsTest, CountersAndGaugesRenderWithHelpTypeAndEscapedLabels) {
  Registry registry;
  Counter* calls = registry.GetCounter("calls_total", "Calls made.", {{"who", "王\"区长\"\n\\"}});
  calls->Increment();
  calls->Increment(2);
  EXPECT_EQ(registry.GetCounter("calls_total", "", {{"who", "王\"区长\"\n\\"}}), calls);
  registry.GetGauge("ratio", "A ratio.", {})->Set(0.25);
  EXPECT_EQ(registry.Render(),
            "# HELP calls_total Calls made.\n"
            "# TYPE calls_total counter\n"
            "calls_total{who=\"王\\\"区长\\\"\\n\\\\\"} 3\n"
            "# HELP ratio A ratio.\n"
            "# TYPE ratio gauge\n"
            "ratio 0.25\n");
}

TEST(MetricsTest, LabelsAreWrittenInNameOrder) {
  Registry registry;
  registry.GetCounter("parts_total", "Parts.", {{"backend", "project"}, {"available", "true"}})
      ->Increment();
  EXPECT_EQ(registry.Render(),
            "# HELP parts_total Parts.\n"
            "# TYPE parts_total counter\n"
            "parts_total{available=\"true\",backend=\"project\"} 1\n");
}

TEST(MetricsTest, AHistogramsBucketsAreCumulativeAndEndAtInfinity) {
  Registry registry;
  Histogram* h = registry.GetHistogram("size", "Sizes.", {{"k", "v"}}, {1, 10});
  h->Observe(1);  // on a bound: in its bucket
  h->Observe(5);
  h->Observe(100);  // above every bound: +Inf only
  EXPECT_EQ(registry.GetHistogram("size", "Sizes.", {{"k", "v"}}, {1, 10}), h);
  EXPECT_EQ(registry.Render(),
            "# HELP size Sizes.\n"
            "# TYPE size histogram\n"
            "size_count{k=\"v\"} 3\n"
            "size_sum{k=\"v\"} 106\n"
            "size_bucket{k=\"v\",le=\"1\"} 1\n"
            "size_bucket{k=\"v\",le=\"10\"} 2\n"
            "size_bucket{k=\"v\",le=\"+Inf\"} 3\n");
}

TEST(MetricsTest, TheLatencyBucketsAreWrittenAsOperatorsQueryThem) {
  Registry registry;
  registry.GetHistogram("seconds", "Seconds.", {}, LatencyBuckets())->Observe(0.0003);
  const std::string text = registry.Render();
  for (const char* le : {"0.0001", "0.00025", "0.0005", "0.001", "0.0025", "0.005", "0.01", "0.025",
                         "0.05", "0.1", "0.25", "0.5", "1", "2.5", "5", "10", "+Inf"}) {
    EXPECT_NE(text.find(std::string("seconds_bucket{le=\"") + le + "\"} "), std::string::npos)
        << le << " in\n"
        << text;
  }
}

// Counts its scrapes; one gauge.
class RowsCollectable : public prometheus::Collectable {
 public:
  explicit RowsCollectable(int* scrapes) : scrapes_(scrapes) {}
  std::vector<prometheus::MetricFamily> Collect() const override {
    ++*scrapes_;
    return {OneSampleFamily("rows", "Rows.", prometheus::MetricType::Gauge, 1.5e9,
                            {{"kind", "project"}})};
  }

 private:
  int* const scrapes_;
};

TEST(MetricsTest, ACollectableRunsAtEachScrapeUntilItsHandleIsGone) {
  Registry registry;
  int scrapes = 0;
  auto collector = registry.AddCollector(std::make_unique<RowsCollectable>(&scrapes));
  EXPECT_EQ(registry.Render(),
            "# HELP rows Rows.\n# TYPE rows gauge\nrows{kind=\"project\"} 1500000000\n");
  collector.reset();
  EXPECT_EQ(registry.Render(), "");
  EXPECT_EQ(scrapes, 1);
}

TEST(MetricsTest, AskingForANameAsAnotherKindIsAProgrammingError) {
  Registry registry;
  registry.GetCounter("x", "X.", {});
  EXPECT_THROW(registry.GetGauge("x", "X.", {}), std::invalid_argument);  // uncaught: the end
}

}  // namespace
}  // namespace district
