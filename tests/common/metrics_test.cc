// The Prometheus text format as the registry renders it: families, labels, histograms, collectors.
#include "common/metrics.h"

#include <gtest/gtest.h>

#include "absl/strings/match.h"

namespace district {
namespace {

TEST(MetricsTest, CountersAndGaugesRenderWithHelpTypeAndEscapedLabels) {
  Registry registry;
  Counter* calls =
      registry.GetCounter("calls_total", "Calls made.\nBy \\ anyone.", {{"who", "王\"区长\"\n"}});
  calls->Increment();
  calls->Increment(2);
  EXPECT_EQ(registry.GetCounter("calls_total", "", {{"who", "王\"区长\"\n"}}), calls);
  registry.GetGauge("ratio", "A ratio.", {})->Set(0.25);
  EXPECT_EQ(registry.Render(),
            "# HELP calls_total Calls made.\\nBy \\\\ anyone.\n"
            "# TYPE calls_total counter\n"
            "calls_total{who=\"王\\\"区长\\\"\\n\"} 3\n"
            "# HELP ratio A ratio.\n"
            "# TYPE ratio gauge\n"
            "ratio 0.25\n");
}

TEST(MetricsTest, AHistogramsBucketsAreCumulativeAndEndAtInfinity) {
  Registry registry;
  Histogram* h = registry.GetHistogram("size", "Sizes.", {{"k", "v"}}, {1, 10});
  h->Observe(1);  // on a bound: in its bucket
  h->Observe(5);
  h->Observe(100);  // above every bound: +Inf only
  EXPECT_EQ(registry.Render(),
            "# HELP size Sizes.\n"
            "# TYPE size histogram\n"
            "size_bucket{k=\"v\",le=\"1\"} 1\n"
            "size_bucket{k=\"v\",le=\"10\"} 2\n"
            "size_bucket{k=\"v\",le=\"+Inf\"} 3\n"
            "size_sum{k=\"v\"} 106\n"
            "size_count{k=\"v\"} 3\n");
}

TEST(MetricsTest, ACollectorRunsAtEachScrapeUntilItsHandleIsGone) {
  Registry registry;
  int scrapes = 0;
  auto collector = registry.AddCollector([&](MetricWriter& out) {
    ++scrapes;
    out.Family("rows", "Rows.", "gauge");
    out.Sample("rows", {{"kind", "project"}}, 1.5e9);
  });
  EXPECT_EQ(registry.Render(),
            "# HELP rows Rows.\n# TYPE rows gauge\nrows{kind=\"project\"} 1500000000\n");
  collector.reset();
  EXPECT_EQ(registry.Render(), "");
  EXPECT_EQ(scrapes, 1);
}

TEST(MetricsTest, AskingForANameAsAnotherKindIsAProgrammingError) {
  Registry registry;
  registry.GetCounter("x", "X.", {});
  EXPECT_DEATH(registry.GetGauge("x", "X.", {}), "registered as two kinds");
}

}  // namespace
}  // namespace district
