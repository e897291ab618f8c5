// The metrics port in this process: what a scrape gets, on which port, and the addresses refused.
#include "common/metrics_server.h"

#include <gtest/gtest.h>
#include <httplib.h>

#include "absl/strings/match.h"

namespace district {
namespace {

// A gauge whose value is read at each scrape.
class Temperature : public prometheus::Collectable {
 public:
  std::vector<prometheus::MetricFamily> Collect() const override {
    return {OneSampleFamily("test_temperature_celsius", "Read when scraped.",
                            prometheus::MetricType::Gauge, 21.5, {{"room", "会议室"}})};
  }
};

TEST(MetricsServerTest, AScrapeGetsTheTextFormatWithTheProcessAndTheCollectablesValues) {
  absl::StatusOr<std::unique_ptr<MetricsServer>> server = MetricsServer::Start("127.0.0.1:0");
  ASSERT_TRUE(server.ok()) << server.status();
  ASSERT_GT((*server)->port(), 0);
  Metrics().GetCounter("test_scraped_total", "Counted.", {{"by", "test"}})->Increment(2);
  auto temperature = Metrics().AddCollector(std::make_unique<Temperature>());

  httplib::Client client("127.0.0.1", (*server)->port());
  httplib::Result res = client.Get("/metrics");
  ASSERT_TRUE(res);
  EXPECT_EQ(res->status, 200);
  EXPECT_EQ(res->get_header_value("Content-Type"), "text/plain; version=0.0.4; charset=utf-8");
  EXPECT_TRUE(absl::StrContains(res->body, "\ntest_scraped_total{by=\"test\"} 2\n")) << res->body;
  EXPECT_TRUE(absl::StrContains(res->body, "\ntest_temperature_celsius{room=\"会议室\"} 21.5\n"));
  EXPECT_TRUE(absl::StrContains(res->body, "# TYPE process_cpu_seconds_total counter\n"));
  EXPECT_TRUE(absl::StrContains(res->body, "\ndistrict_build_info{commit=\"")) << res->body;

  temperature.reset();  // unregistered: gone from the next scrape
  res = client.Get("/metrics");
  ASSERT_TRUE(res);
  EXPECT_FALSE(absl::StrContains(res->body, "test_temperature_celsius"));
  EXPECT_EQ(client.Get("/")->status, 404);
  EXPECT_EQ(client.Get("/metrics/x")->status, 404);
  EXPECT_EQ(client.Post("/metrics", "", "text/plain")->status, 404);
}

TEST(MetricsServerTest, APortInUseIsUnavailable) {
  absl::StatusOr<std::unique_ptr<MetricsServer>> first = MetricsServer::Start("127.0.0.1:0");
  ASSERT_TRUE(first.ok()) << first.status();
  absl::StatusOr<std::unique_ptr<MetricsServer>> second =
      MetricsServer::Start("127.0.0.1:" + std::to_string((*first)->port()));
  EXPECT_EQ(second.status().code(), absl::StatusCode::kUnavailable) << second.status();
}

TEST(MetricsServerTest, AnAddressCivetwebWouldMisreadIsRefused) {
  for (const char* listen :
       {"nowhere", "127.0.0.1", ":9464", "127.0.0.1:65536", "127.0.0.1:-1", "127.0.0.1:80s",
        "127.0.0.1:1,127.0.0.1:2", "999.0.0.1:0", "[::1]:0"}) {
    EXPECT_EQ(MetricsServer::Start(listen).status().code(), absl::StatusCode::kInvalidArgument)
        << listen;
  }
}

}  // namespace
}  // namespace district
