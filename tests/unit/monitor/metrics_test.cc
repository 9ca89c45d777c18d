// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "monitor/metrics.h"

#include <thread>
#include <vector>

#include <gtest/gtest.h>

namespace lathe::monitor {
namespace {

TEST(MetricsTest, CounterExpositionWithSortedLabels) {
  MetricsRegistry reg;
  reg.GetCounter("reqs_total", "Requests", {{"status", "200"}, {"route", "/a"}}).Add(2);
  reg.GetCounter("reqs_total", "Requests", {{"route", "/a"}, {"status", "200"}}).Add(1);
  std::string text = reg.Exposition();
  EXPECT_NE(text.find("# TYPE reqs_total counter"), std::string::npos);
  EXPECT_NE(text.find("reqs_total{route=\"/a\",status=\"200\"} 3\n"), std::string::npos) << text;
}

TEST(MetricsTest, HistogramBucketsAreCumulative) {
  MetricsRegistry reg;
  Histogram& h = reg.GetHistogram("lat_seconds", "Latency", {}, {0.1, 1.0});
  h.Observe(0.05);
  h.Observe(0.5);
  h.Observe(5);
  std::string text = reg.Exposition();
  EXPECT_NE(text.find("lat_seconds_bucket{le=\"0.1\"} 1\n"), std::string::npos) << text;
  EXPECT_NE(text.find("lat_seconds_bucket{le=\"1\"} 2\n"), std::string::npos);
  EXPECT_NE(text.find("lat_seconds_bucket{le=\"+Inf\"} 3\n"), std::string::npos);
  EXPECT_NE(text.find("lat_seconds_count 3\n"), std::string::npos);
  EXPECT_DOUBLE_EQ(h.Sum(), 5.55);
}

TEST(MetricsTest, LabelValuesAreEscaped) {
  MetricsRegistry reg;
  reg.GetGauge("g", "G", {{"path", "a\"b\\c"}}).Set(1);
  EXPECT_NE(reg.Exposition().find(R"(g{path="a\"b\\c"} 1)"), std::string::npos);
}

TEST(MetricsTest, ConcurrentAddsAreNotLost) {
  MetricsRegistry reg;
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < 10000; ++i) reg.GetCounter("c", "C", {{"k", "v"}}).Add();
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_DOUBLE_EQ(reg.GetCounter("c", "C", {{"k", "v"}}).Value(), 40000);
}

}  // namespace
}  // namespace lathe::monitor
