// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Endpoint metrics as CloudWatch gives them for SageMaker endpoints: per production variant,
// invocations, 4xx and 5xx errors, model latency and overhead latency. Two views:
//   - a per-second time series of the last hour (a ring of 3600 buckets, each stamped with its
//     epoch second, holding counters, latency sums and maxima and a log-scale latency histogram
//     for p50 / p99), served as JSON (docs/api/deploy.md, "Metrics");
//   - cumulative counters and latency histograms in the Prometheus registry (/metrics), whose
//     handles are taken once when the variant is created.
// VariantMetrics::Record is lock-free (relaxed atomics) and may be called from any number of
// threads; Series / totals read concurrently and see each bucket roughly as of the call.
//
//   EndpointMetrics metrics("iris");
//   VariantMetrics& v = metrics.Variant("AllTraffic");           // once, when the variant loads
//   v.Record(200, model_us, overhead_us);                         // per request
//   nlohmann::json doc = metrics.Json(now - 300, now);
#pragma once

#include <array>
#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "monitor/metrics.h"

namespace lathe::serving {

// Seconds since the Unix epoch; injectable so tests control the bucketing.
using EpochClock = std::function<int64_t()>;

// Cumulative counts since the variant was created.
struct VariantTotals {
  uint64_t invocations = 0;
  uint64_t errors_4xx = 0;
  uint64_t errors_5xx = 0;
};

class VariantMetrics {
 public:
  // Seconds of history kept (one bucket per second).
  static constexpr int64_t kWindowSeconds = 3600;
  // Latency histogram buckets: bucket 0 holds 0 µs, bucket i >= 1 holds [2^((i-1)/2), 2^(i/2))
  // µs; the last one everything from 2^23 µs (about 8.4 s) up.
  static constexpr int kLatencyBuckets = 48;

  // `registry` (nullable: no Prometheus series) receives lathe_endpoint_* series labelled
  // {endpoint, variant}; `clock` (null: the system clock) gives the current epoch second.
  VariantMetrics(std::string endpoint, std::string variant, monitor::MetricsRegistry* registry,
                 EpochClock clock = nullptr);
  VariantMetrics(const VariantMetrics&) = delete;
  VariantMetrics& operator=(const VariantMetrics&) = delete;

  // Counts one request: every status is an invocation, 400-499 a 4xx error, 500-599 a 5xx.
  void Record(int http_status, uint32_t model_latency_us, uint32_t overhead_latency_us);

  // The per-second points with from <= t <= to (at most the last hour), oldest first; seconds
  // without traffic are omitted. Shape: [{"t", "invocations", "errors_4xx", "errors_5xx",
  // "model_latency_us": {"avg", "p50", "p99", "max"}, "overhead_latency_us": {...}}].
  nlohmann::json Series(int64_t from_epoch_s, int64_t to_epoch_s) const;
  // Invocation and error counts summed over the points Series would return.
  VariantTotals WindowTotals(int64_t from_epoch_s, int64_t to_epoch_s) const;
  // Exact cumulative counts since creation.
  VariantTotals totals() const;

  const std::string& name() const { return variant_; }
  int64_t Now() const;

  // Histogram bucket of a latency (see kLatencyBuckets) and the value reported for it.
  static int LatencyBucket(uint32_t micros);
  static double BucketValue(int bucket);

 private:
  struct LatencyStats {
    std::atomic<uint64_t> sum{0};
    std::atomic<uint32_t> max{0};
    std::array<std::atomic<uint32_t>, kLatencyBuckets> histogram{};
  };
  struct Bucket {
    std::atomic<int64_t> second{0};  // the epoch second held, or kResetting while being cleared
    std::atomic<uint32_t> invocations{0};
    std::atomic<uint32_t> errors_4xx{0};
    std::atomic<uint32_t> errors_5xx{0};
    LatencyStats model;
    LatencyStats overhead;
  };
  static constexpr int64_t kResetting = -1;

  // The bucket for `second`, cleared first if it still holds an older second; null if it holds
  // a newer one (a request that stalled for an hour).
  Bucket* Claim(int64_t second);
  static void Clear(Bucket& b);
  static void Add(LatencyStats& stats, uint32_t micros);
  static nlohmann::json LatencyJson(const LatencyStats& stats, uint32_t count);

  std::string endpoint_;
  std::string variant_;
  EpochClock clock_;
  std::unique_ptr<Bucket[]> ring_;  // kWindowSeconds buckets, indexed by second % window
  std::atomic<uint64_t> invocations_{0};
  std::atomic<uint64_t> errors_4xx_{0};
  std::atomic<uint64_t> errors_5xx_{0};
  // Prometheus handles (null without a registry).
  monitor::Counter* prom_invocations_ = nullptr;
  monitor::Counter* prom_4xx_ = nullptr;
  monitor::Counter* prom_5xx_ = nullptr;
  monitor::Histogram* prom_model_ = nullptr;
  monitor::Histogram* prom_overhead_ = nullptr;
};

// The metrics of one endpoint: a VariantMetrics per variant name, kept for the endpoint's life in
// this process (across updates; a variant that an update drops keeps its history). Variant() and
// Json() take a mutex; the request path only touches the VariantMetrics it was handed. Thread-safe.
class EndpointMetrics {
 public:
  // `registry` null: no Prometheus series (tests); by default the global registry.
  explicit EndpointMetrics(std::string endpoint, std::vector<std::string> variants = {},
                           monitor::MetricsRegistry* registry = &monitor::MetricsRegistry::Global(),
                           EpochClock clock = nullptr);
  EndpointMetrics(const EndpointMetrics&) = delete;
  EndpointMetrics& operator=(const EndpointMetrics&) = delete;

  // The metrics of variant `name`, created on first use. The reference stays valid for the
  // lifetime of this object.
  VariantMetrics& Variant(std::string_view name);

  // The contract's document: {"endpoint", "interval_seconds": 1, "from", "to", "variants":
  // [{"name", "totals": {invocations, errors_4xx, errors_5xx} over [from, to], "points"}]},
  // variants in creation order.
  nlohmann::json Json(int64_t from_epoch_s, int64_t to_epoch_s) const;
  // Json over the last `seconds` seconds (clamped to 1..3600), ending now.
  nlohmann::json JsonLast(int64_t seconds) const;

  const std::string& endpoint() const { return endpoint_; }

 private:
  std::string endpoint_;
  monitor::MetricsRegistry* registry_;
  EpochClock clock_;
  mutable std::mutex mu_;
  std::vector<std::unique_ptr<VariantMetrics>> variants_;  // GUARDED_BY(mu_)
};

}  // namespace lathe::serving
