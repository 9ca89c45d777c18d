// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Metrics registry with Prometheus text exposition. Counters and histograms are identified by a
// metric name plus a sorted label set; the first observation of a new label set takes a write
// lock, every later one only a shared lock and atomic adds. Thread-safe.
//
//   auto& reg = MetricsRegistry::Global();
//   reg.Counter("lathe_http_requests_total", "HTTP requests", {{"route", "/healthz"}}).Add(1);
//   std::string text = reg.Exposition();
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <shared_mutex>
#include <string>
#include <utility>
#include <vector>

namespace lathe::monitor {

using Labels = std::vector<std::pair<std::string, std::string>>;

class Counter {
 public:
  void Add(double v = 1.0);
  double Value() const;

 private:
  std::atomic<uint64_t> bits_{0};  // a double stored as bits, updated by CAS
};

class Gauge {
 public:
  void Set(double v);
  void Add(double v);
  double Value() const;

 private:
  std::atomic<uint64_t> bits_{0};
};

class Histogram {
 public:
  explicit Histogram(std::vector<double> upper_bounds);
  void Observe(double v);
  const std::vector<double>& upper_bounds() const { return bounds_; }
  // Cumulative counts per bound, then +Inf; and the sum.
  std::vector<uint64_t> CumulativeCounts() const;
  double Sum() const;
  uint64_t Count() const;

 private:
  std::vector<double> bounds_;
  std::unique_ptr<std::atomic<uint64_t>[]> counts_;  // one per bound plus +Inf
  Counter sum_;
};

// Latency buckets in seconds, 0.5 ms to 60 s.
std::vector<double> DefaultLatencyBuckets();

class MetricsRegistry {
 public:
  MetricsRegistry() = default;
  MetricsRegistry(const MetricsRegistry&) = delete;
  MetricsRegistry& operator=(const MetricsRegistry&) = delete;

  static MetricsRegistry& Global();

  // Returned references stay valid for the registry's lifetime.
  Counter& GetCounter(const std::string& name, const std::string& help, Labels labels = {});
  Gauge& GetGauge(const std::string& name, const std::string& help, Labels labels = {});
  Histogram& GetHistogram(const std::string& name, const std::string& help, Labels labels = {},
                          std::vector<double> upper_bounds = DefaultLatencyBuckets());

  // Prometheus text format 0.0.4.
  std::string Exposition() const;

 private:
  enum class Kind { kCounter, kGauge, kHistogram };
  struct Family {
    Kind kind;
    std::string help;
    std::map<Labels, std::unique_ptr<Counter>> counters;
    std::map<Labels, std::unique_ptr<Gauge>> gauges;
    std::map<Labels, std::unique_ptr<Histogram>> histograms;
  };
  Family& FamilyFor(const std::string& name, Kind kind, const std::string& help);
  template <typename T, typename... Args>
  T& GetOrCreate(std::map<Labels, std::unique_ptr<T>> Family::*member, const std::string& name,
                 Kind kind, const std::string& help, Labels labels, Args&&... args);

  mutable std::shared_mutex mu_;
  std::map<std::string, Family> families_;  // GUARDED_BY(mu_)
};

}  // namespace lathe::monitor
