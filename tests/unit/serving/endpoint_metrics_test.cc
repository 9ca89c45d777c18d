// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "serving/endpoint_metrics.h"

#include <atomic>
#include <cmath>
#include <memory>
#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace lathe::serving {
namespace {

using nlohmann::json;

constexpr int64_t kStart = 1796000000;

// The value of one Prometheus series line in `text`, or -1 if absent.
double PromValue(const std::string& text, const std::string& series) {
  const size_t at = text.find("\n" + series + " ");
  if (at == std::string::npos) return -1;
  return std::stod(text.substr(at + series.size() + 2));
}

// A clock the test moves by hand.
struct FakeClock {
  std::shared_ptr<std::atomic<int64_t>> now = std::make_shared<std::atomic<int64_t>>(kStart);
  EpochClock fn() const {
    auto n = now;
    return [n] { return n->load(); };
  }
};

TEST(VariantMetricsTest, ConcurrentRecordsGiveExactTotals) {
  FakeClock clock;
  monitor::MetricsRegistry registry;
  VariantMetrics m("iris", "AllTraffic", &registry, clock.fn());
  constexpr int kThreads = 4;
  constexpr int kPerThread = 50000;
  std::atomic<bool> go{false};
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      while (!go.load()) {
      }
      for (int i = 0; i < kPerThread; ++i) {
        const int status = i % 10 == 0 ? 400 : (i % 25 == 0 ? 503 : 200);
        m.Record(status, 40 + t, 10);
        // Thread 0 moves the clock now and then, so buckets roll over under concurrent writes.
        if (t == 0 && i % 5000 == 4999) clock.now->fetch_add(1);
      }
    });
  }
  go = true;
  for (auto& th : threads) th.join();
  const VariantTotals totals = m.totals();
  const uint64_t per_thread_4xx = kPerThread / 10;
  uint64_t per_thread_5xx = 0;
  for (int i = 0; i < kPerThread; ++i) per_thread_5xx += (i % 10 != 0 && i % 25 == 0);
  EXPECT_EQ(totals.invocations, uint64_t{kThreads} * kPerThread);
  EXPECT_EQ(totals.errors_4xx, kThreads * per_thread_4xx);
  EXPECT_EQ(totals.errors_5xx, kThreads * per_thread_5xx);
  // The per-second buckets account for every request too.
  const VariantTotals window = m.WindowTotals(kStart, clock.now->load());
  EXPECT_EQ(window.invocations, totals.invocations);
  EXPECT_EQ(window.errors_4xx, totals.errors_4xx);
  EXPECT_EQ(window.errors_5xx, totals.errors_5xx);
  uint64_t summed = 0;
  for (const json& p : m.Series(kStart, clock.now->load())) summed += p["invocations"].get<uint64_t>();
  EXPECT_EQ(summed, totals.invocations);
  // And so do the Prometheus series.
  const std::string text = registry.Exposition();
  const std::string labels = "endpoint=\"iris\",variant=\"AllTraffic\"";
  EXPECT_EQ(PromValue(text, "lathe_endpoint_invocations_total{" + labels + "}"),
            static_cast<double>(totals.invocations));
  EXPECT_EQ(PromValue(text, "lathe_endpoint_errors_total{class=\"4xx\"," + labels + "}"),
            static_cast<double>(totals.errors_4xx));
  EXPECT_EQ(PromValue(text, "lathe_endpoint_errors_total{class=\"5xx\"," + labels + "}"),
            static_cast<double>(totals.errors_5xx));
  EXPECT_EQ(PromValue(text, "lathe_endpoint_model_latency_seconds_count{" + labels + "}"),
            static_cast<double>(totals.invocations));
  // 10 µs overhead: every observation is in the first bucket (25 µs).
  EXPECT_EQ(PromValue(text, "lathe_endpoint_overhead_latency_seconds_bucket{" + labels +
                                ",le=\"2.5e-05\"}"),
            static_cast<double>(totals.invocations));
  EXPECT_NE(text.find("lathe_endpoint_overhead_latency_seconds_bucket"), std::string::npos);
}

TEST(VariantMetricsTest, SeriesBucketsBySecondAndOmitsIdleSeconds) {
  FakeClock clock;
  VariantMetrics m("e", "v", nullptr, clock.fn());
  m.Record(200, 100, 10);
  m.Record(404, 300, 30);
  clock.now->store(kStart + 2);  // kStart + 1 stays idle
  m.Record(500, 50, 5);
  clock.now->store(kStart + 10);
  const json points = m.Series(kStart - 100, kStart + 10);
  ASSERT_EQ(points.size(), 2u) << points.dump();
  EXPECT_EQ(points[0]["t"], kStart);
  EXPECT_EQ(points[0]["invocations"], 2);
  EXPECT_EQ(points[0]["errors_4xx"], 1);
  EXPECT_EQ(points[0]["errors_5xx"], 0);
  EXPECT_DOUBLE_EQ(points[0]["model_latency_us"]["avg"].get<double>(), 200.0);
  EXPECT_EQ(points[0]["model_latency_us"]["max"], 300);
  EXPECT_DOUBLE_EQ(points[0]["overhead_latency_us"]["avg"].get<double>(), 20.0);
  EXPECT_EQ(points[1]["t"], kStart + 2);
  EXPECT_EQ(points[1]["errors_5xx"], 1);
  EXPECT_EQ(points[1]["model_latency_us"]["max"], 50);
  // The range is inclusive at both ends and clipped to it.
  EXPECT_EQ(m.Series(kStart + 1, kStart + 2).size(), 1u);
  EXPECT_EQ(m.Series(kStart + 3, kStart + 10).size(), 0u);
}

TEST(VariantMetricsTest, OldSecondsExpireAfterAnHour) {
  FakeClock clock;
  VariantMetrics m("e", "v", nullptr, clock.fn());
  m.Record(200, 1, 1);
  clock.now->store(kStart + VariantMetrics::kWindowSeconds);  // same ring slot, an hour later
  EXPECT_EQ(m.Series(0, kStart + VariantMetrics::kWindowSeconds).size(), 0u);
  m.Record(200, 7, 1);
  const json points = m.Series(0, kStart + VariantMetrics::kWindowSeconds);
  ASSERT_EQ(points.size(), 1u);
  EXPECT_EQ(points[0]["invocations"], 1);
  EXPECT_EQ(points[0]["model_latency_us"]["max"], 7);
  EXPECT_EQ(m.totals().invocations, 2u);
}

TEST(VariantMetricsTest, PercentilesAreRoughlyRight) {
  FakeClock clock;
  VariantMetrics m("e", "v", nullptr, clock.fn());
  // 1..1000 µs, uniform: p50 ~ 500, p99 ~ 990.
  for (uint32_t us = 1; us <= 1000; ++us) m.Record(200, us, 2000 - us);
  const json p = m.Series(kStart, kStart)[0];
  const double p50 = p["model_latency_us"]["p50"].get<double>();
  const double p99 = p["model_latency_us"]["p99"].get<double>();
  EXPECT_NEAR(p50, 500, 500 * 0.2) << p.dump();
  EXPECT_NEAR(p99, 990, 990 * 0.2) << p.dump();
  EXPECT_LE(p99, 1000);  // never above the maximum
  EXPECT_DOUBLE_EQ(p["model_latency_us"]["avg"].get<double>(), 500.5);
  EXPECT_NEAR(p["overhead_latency_us"]["p50"].get<double>(), 1500, 1500 * 0.2);
}

TEST(VariantMetricsTest, LatencyBucketsAreHalfPowersOfTwo) {
  EXPECT_EQ(VariantMetrics::LatencyBucket(0), 0);
  EXPECT_EQ(VariantMetrics::LatencyBucket(1), 1);
  EXPECT_EQ(VariantMetrics::LatencyBucket(2), 3);
  EXPECT_EQ(VariantMetrics::LatencyBucket(3), 4);  // 3 >= 2^1.5
  EXPECT_EQ(VariantMetrics::LatencyBucket(4), 5);
  EXPECT_EQ(VariantMetrics::LatencyBucket(UINT32_MAX), VariantMetrics::kLatencyBuckets - 1);
  for (uint32_t v : {5u, 37u, 1000u, 123456u}) {
    const int b = VariantMetrics::LatencyBucket(v);
    EXPECT_GE(v, std::exp2((b - 1) / 2.0)) << v;
    EXPECT_LT(v, std::exp2(b / 2.0)) << v;
    EXPECT_NEAR(VariantMetrics::BucketValue(b), v, v * 0.2) << v;
  }
}

TEST(EndpointMetricsTest, JsonHasTheContractShape) {
  FakeClock clock;
  EndpointMetrics metrics("iris", {"A", "B"}, nullptr, clock.fn());
  VariantMetrics& a = metrics.Variant("A");
  EXPECT_EQ(&a, &metrics.Variant("A"));  // stable, no duplicate
  a.Record(200, 41, 12);
  a.Record(400, 0, 8);
  clock.now->fetch_add(1);
  metrics.Variant("C").Record(200, 5, 5);  // created on first use
  const json doc = metrics.Json(kStart - 299, kStart + 1);
  EXPECT_EQ(doc["endpoint"], "iris");
  EXPECT_EQ(doc["interval_seconds"], 1);
  EXPECT_EQ(doc["from"], kStart - 299);
  EXPECT_EQ(doc["to"], kStart + 1);
  ASSERT_EQ(doc["variants"].size(), 3u);
  EXPECT_EQ(doc["variants"][0]["name"], "A");
  EXPECT_EQ(doc["variants"][0]["totals"], json({{"invocations", 2}, {"errors_4xx", 1},
                                                 {"errors_5xx", 0}}));
  EXPECT_EQ(doc["variants"][0]["points"].size(), 1u);
  EXPECT_EQ(doc["variants"][1]["name"], "B");
  EXPECT_TRUE(doc["variants"][1]["points"].empty());
  EXPECT_EQ(doc["variants"][2]["name"], "C");
  EXPECT_EQ(doc["variants"][2]["points"][0]["t"], kStart + 1);
  // The last 1 second holds only C's request.
  const json last = metrics.JsonLast(1);
  EXPECT_EQ(last["from"], kStart + 1);
  EXPECT_EQ(last["variants"][0]["totals"]["invocations"], 0);
  EXPECT_EQ(last["variants"][2]["totals"]["invocations"], 1);
}

}  // namespace
}  // namespace lathe::serving
