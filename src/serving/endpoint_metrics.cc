// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "serving/endpoint_metrics.h"

#include <algorithm>
#include <bit>
#include <chrono>
#include <cmath>
#include <thread>

namespace lathe::serving {
namespace {

constexpr auto kRelaxed = std::memory_order_relaxed;

// Prometheus buckets for endpoint latencies, in seconds: 25 µs to 60 s.
std::vector<double> EndpointLatencyBuckets() {
  return {25e-6, 50e-6, 100e-6, 250e-6, 500e-6, 1e-3, 2.5e-3, 5e-3, 10e-3, 25e-3,
          50e-3, 100e-3, 250e-3, 500e-3, 1.0, 2.5, 5.0, 10.0, 30.0, 60.0};
}

void AtomicMax(std::atomic<uint32_t>& slot, uint32_t v) {
  uint32_t cur = slot.load(kRelaxed);
  while (cur < v && !slot.compare_exchange_weak(cur, v, kRelaxed)) {
  }
}

double Round1(double v) { return std::round(v * 10.0) / 10.0; }

}  // namespace

VariantMetrics::VariantMetrics(std::string endpoint, std::string variant,
                               monitor::MetricsRegistry* registry, EpochClock clock)
    : endpoint_(std::move(endpoint)),
      variant_(std::move(variant)),
      clock_(std::move(clock)),
      ring_(std::make_unique<Bucket[]>(kWindowSeconds)) {
  if (registry == nullptr) return;
  const monitor::Labels labels = {{"endpoint", endpoint_}, {"variant", variant_}};
  prom_invocations_ = &registry->GetCounter("lathe_endpoint_invocations_total",
                                            "Endpoint invocations per variant", labels);
  monitor::Labels l4 = labels, l5 = labels;
  l4.emplace_back("class", "4xx");
  l5.emplace_back("class", "5xx");
  const char* errors_help = "Endpoint invocations answered with a 4xx or 5xx status";
  prom_4xx_ = &registry->GetCounter("lathe_endpoint_errors_total", errors_help, l4);
  prom_5xx_ = &registry->GetCounter("lathe_endpoint_errors_total", errors_help, l5);
  prom_model_ = &registry->GetHistogram("lathe_endpoint_model_latency_seconds",
                                        "Time spent in the model per invocation", labels,
                                        EndpointLatencyBuckets());
  prom_overhead_ = &registry->GetHistogram(
      "lathe_endpoint_overhead_latency_seconds",
      "Server time per invocation outside the model (decode, encode, routing)", labels,
      EndpointLatencyBuckets());
}

int64_t VariantMetrics::Now() const {
  if (clock_) return clock_();
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

int VariantMetrics::LatencyBucket(uint32_t micros) {
  if (micros == 0) return 0;
  const int e = std::bit_width(micros) - 1;  // floor(log2)
  const bool upper_half =
      static_cast<uint64_t>(micros) * micros >= (uint64_t{1} << (2 * e + 1));  // >= 2^(e+0.5)
  return std::min(2 * e + (upper_half ? 1 : 0) + 1, kLatencyBuckets - 1);
}

double VariantMetrics::BucketValue(int bucket) {
  if (bucket <= 0) return 0;
  // The geometric middle of [2^((i-1)/2), 2^(i/2)).
  return std::round(std::exp2((2.0 * bucket - 1.0) / 4.0));
}

void VariantMetrics::Clear(Bucket& b) {
  b.invocations.store(0, kRelaxed);
  b.errors_4xx.store(0, kRelaxed);
  b.errors_5xx.store(0, kRelaxed);
  for (LatencyStats* s : {&b.model, &b.overhead}) {
    s->sum.store(0, kRelaxed);
    s->max.store(0, kRelaxed);
    for (auto& h : s->histogram) h.store(0, kRelaxed);
  }
}

VariantMetrics::Bucket* VariantMetrics::Claim(int64_t second) {
  Bucket& b = ring_[static_cast<size_t>(second % kWindowSeconds)];
  int64_t cur = b.second.load(std::memory_order_acquire);
  while (true) {
    if (cur == second) return &b;
    if (cur == kResetting) {  // another thread is clearing it: a few hundred nanoseconds
      std::this_thread::yield();
      cur = b.second.load(std::memory_order_acquire);
      continue;
    }
    if (cur > second) return nullptr;
    if (b.second.compare_exchange_weak(cur, kResetting, std::memory_order_acq_rel)) {
      Clear(b);
      b.second.store(second, std::memory_order_release);
      return &b;
    }
  }
}

void VariantMetrics::Add(LatencyStats& stats, uint32_t micros) {
  stats.sum.fetch_add(micros, kRelaxed);
  AtomicMax(stats.max, micros);
  stats.histogram[LatencyBucket(micros)].fetch_add(1, kRelaxed);
}

void VariantMetrics::Record(int http_status, uint32_t model_latency_us,
                            uint32_t overhead_latency_us) {
  const bool is_4xx = http_status >= 400 && http_status < 500;
  const bool is_5xx = http_status >= 500 && http_status < 600;
  invocations_.fetch_add(1, kRelaxed);
  if (is_4xx) errors_4xx_.fetch_add(1, kRelaxed);
  if (is_5xx) errors_5xx_.fetch_add(1, kRelaxed);
  if (Bucket* b = Claim(Now())) {
    b->invocations.fetch_add(1, kRelaxed);
    if (is_4xx) b->errors_4xx.fetch_add(1, kRelaxed);
    if (is_5xx) b->errors_5xx.fetch_add(1, kRelaxed);
    Add(b->model, model_latency_us);
    Add(b->overhead, overhead_latency_us);
  }
  if (prom_invocations_ != nullptr) {
    prom_invocations_->Add(1);
    if (is_4xx) prom_4xx_->Add(1);
    if (is_5xx) prom_5xx_->Add(1);
    prom_model_->Observe(model_latency_us * 1e-6);
    prom_overhead_->Observe(overhead_latency_us * 1e-6);
  }
}

nlohmann::json VariantMetrics::LatencyJson(const LatencyStats& stats, uint32_t count) {
  std::array<uint32_t, kLatencyBuckets> h;
  uint64_t total = 0;
  for (int i = 0; i < kLatencyBuckets; ++i) {
    h[i] = stats.histogram[i].load(kRelaxed);
    total += h[i];
  }
  const uint32_t max = stats.max.load(kRelaxed);
  auto percentile = [&](double q) -> uint32_t {
    if (total == 0) return 0;
    const uint64_t rank = std::max<uint64_t>(1, static_cast<uint64_t>(std::ceil(q * total)));
    uint64_t seen = 0;
    for (int i = 0; i < kLatencyBuckets; ++i) {
      seen += h[i];
      if (seen >= rank) return std::min(static_cast<uint32_t>(BucketValue(i)), max);
    }
    return max;
  };
  const double avg = count == 0 ? 0 : static_cast<double>(stats.sum.load(kRelaxed)) / count;
  return {{"avg", Round1(avg)},
          {"p50", percentile(0.50)},
          {"p99", percentile(0.99)},
          {"max", max}};
}

nlohmann::json VariantMetrics::Series(int64_t from_epoch_s, int64_t to_epoch_s) const {
  nlohmann::json points = nlohmann::json::array();
  const int64_t now = Now();
  const int64_t first = std::max(from_epoch_s, now - kWindowSeconds + 1);
  const int64_t last = std::min(to_epoch_s, now);
  for (int64_t t = first; t <= last; ++t) {
    const Bucket& b = ring_[static_cast<size_t>(t % kWindowSeconds)];
    if (b.second.load(std::memory_order_acquire) != t) continue;
    const uint32_t n = b.invocations.load(kRelaxed);
    if (n == 0) continue;
    points.push_back({{"t", t},
                      {"invocations", n},
                      {"errors_4xx", b.errors_4xx.load(kRelaxed)},
                      {"errors_5xx", b.errors_5xx.load(kRelaxed)},
                      {"model_latency_us", LatencyJson(b.model, n)},
                      {"overhead_latency_us", LatencyJson(b.overhead, n)}});
  }
  return points;
}

VariantTotals VariantMetrics::WindowTotals(int64_t from_epoch_s, int64_t to_epoch_s) const {
  VariantTotals totals;
  const int64_t now = Now();
  const int64_t first = std::max(from_epoch_s, now - kWindowSeconds + 1);
  const int64_t last = std::min(to_epoch_s, now);
  for (int64_t t = first; t <= last; ++t) {
    const Bucket& b = ring_[static_cast<size_t>(t % kWindowSeconds)];
    if (b.second.load(std::memory_order_acquire) != t) continue;
    totals.invocations += b.invocations.load(kRelaxed);
    totals.errors_4xx += b.errors_4xx.load(kRelaxed);
    totals.errors_5xx += b.errors_5xx.load(kRelaxed);
  }
  return totals;
}

VariantTotals VariantMetrics::totals() const {
  return {invocations_.load(kRelaxed), errors_4xx_.load(kRelaxed), errors_5xx_.load(kRelaxed)};
}

EndpointMetrics::EndpointMetrics(std::string endpoint, std::vector<std::string> variants,
                                 monitor::MetricsRegistry* registry, EpochClock clock)
    : endpoint_(std::move(endpoint)), registry_(registry), clock_(std::move(clock)) {
  for (const std::string& v : variants) Variant(v);
}

VariantMetrics& EndpointMetrics::Variant(std::string_view name) {
  std::lock_guard<std::mutex> lock(mu_);
  for (const auto& v : variants_) {
    if (v->name() == name) return *v;
  }
  variants_.push_back(
      std::make_unique<VariantMetrics>(endpoint_, std::string(name), registry_, clock_));
  return *variants_.back();
}

nlohmann::json EndpointMetrics::Json(int64_t from_epoch_s, int64_t to_epoch_s) const {
  nlohmann::json variants = nlohmann::json::array();
  std::lock_guard<std::mutex> lock(mu_);
  for (const auto& v : variants_) {
    const VariantTotals t = v->WindowTotals(from_epoch_s, to_epoch_s);
    variants.push_back({{"name", v->name()},
                        {"totals",
                         {{"invocations", t.invocations},
                          {"errors_4xx", t.errors_4xx},
                          {"errors_5xx", t.errors_5xx}}},
                        {"points", v->Series(from_epoch_s, to_epoch_s)}});
  }
  return {{"endpoint", endpoint_},
          {"interval_seconds", 1},
          {"from", from_epoch_s},
          {"to", to_epoch_s},
          {"variants", std::move(variants)}};
}

nlohmann::json EndpointMetrics::JsonLast(int64_t seconds) const {
  seconds = std::clamp<int64_t>(seconds, 1, VariantMetrics::kWindowSeconds);
  const int64_t now =
      clock_ ? clock_()
             : std::chrono::duration_cast<std::chrono::seconds>(
                   std::chrono::system_clock::now().time_since_epoch())
                   .count();
  return Json(now - seconds + 1, now);
}

}  // namespace lathe::serving
