// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "monitor/metrics.h"

#include <algorithm>
#include <bit>
#include <charconv>
#include <cmath>
#include <mutex>

namespace lathe::monitor {
namespace {

void AtomicAddDouble(std::atomic<uint64_t>& bits, double v) {
  uint64_t old_bits = bits.load(std::memory_order_relaxed);
  while (true) {
    double next = std::bit_cast<double>(old_bits) + v;
    if (bits.compare_exchange_weak(old_bits, std::bit_cast<uint64_t>(next),
                                   std::memory_order_relaxed)) {
      return;
    }
  }
}

std::string FormatValue(double v) {
  if (std::isnan(v)) return "NaN";
  if (std::isinf(v)) return v > 0 ? "+Inf" : "-Inf";
  char buf[64];
  auto res = std::to_chars(buf, buf + sizeof(buf), v);
  return std::string(buf, res.ptr);
}

std::string EscapeLabel(const std::string& v) {
  std::string out;
  for (char c : v) {
    if (c == '\\' || c == '"') out.push_back('\\');
    if (c == '\n') {
      out += "\\n";
      continue;
    }
    out.push_back(c);
  }
  return out;
}

std::string LabelText(const Labels& labels, const std::string& extra_key = "",
                      const std::string& extra_value = "") {
  if (labels.empty() && extra_key.empty()) return "";
  std::string out = "{";
  bool first = true;
  for (const auto& [k, v] : labels) {
    if (!first) out += ",";
    first = false;
    out += k + "=\"" + EscapeLabel(v) + "\"";
  }
  if (!extra_key.empty()) {
    if (!first) out += ",";
    out += extra_key + "=\"" + extra_value + "\"";
  }
  return out + "}";
}

}  // namespace

void Counter::Add(double v) { AtomicAddDouble(bits_, v); }
double Counter::Value() const { return std::bit_cast<double>(bits_.load()); }

void Gauge::Set(double v) { bits_.store(std::bit_cast<uint64_t>(v)); }
void Gauge::Add(double v) { AtomicAddDouble(bits_, v); }
double Gauge::Value() const { return std::bit_cast<double>(bits_.load()); }

Histogram::Histogram(std::vector<double> upper_bounds)
    : bounds_(std::move(upper_bounds)),
      counts_(std::make_unique<std::atomic<uint64_t>[]>(bounds_.size() + 1)) {
  std::sort(bounds_.begin(), bounds_.end());
  for (size_t i = 0; i <= bounds_.size(); ++i) counts_[i] = 0;
}

void Histogram::Observe(double v) {
  size_t idx = std::lower_bound(bounds_.begin(), bounds_.end(), v) - bounds_.begin();
  counts_[idx].fetch_add(1, std::memory_order_relaxed);
  sum_.Add(v);
}

std::vector<uint64_t> Histogram::CumulativeCounts() const {
  std::vector<uint64_t> out(bounds_.size() + 1);
  uint64_t running = 0;
  for (size_t i = 0; i <= bounds_.size(); ++i) {
    running += counts_[i].load(std::memory_order_relaxed);
    out[i] = running;
  }
  return out;
}

double Histogram::Sum() const { return sum_.Value(); }
uint64_t Histogram::Count() const { return CumulativeCounts().back(); }

std::vector<double> DefaultLatencyBuckets() {
  return {0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60};
}

MetricsRegistry& MetricsRegistry::Global() {
  static MetricsRegistry* registry = new MetricsRegistry();
  return *registry;
}

MetricsRegistry::Family& MetricsRegistry::FamilyFor(const std::string& name, Kind kind,
                                                    const std::string& help) {
  auto [it, inserted] = families_.try_emplace(name);
  if (inserted) {
    it->second.kind = kind;
    it->second.help = help;
  }
  return it->second;
}

// Looks the metric up under the shared lock; creates it under the exclusive lock if missing.
template <typename T, typename... Args>
T& MetricsRegistry::GetOrCreate(std::map<Labels, std::unique_ptr<T>> Family::*member,
                                const std::string& name, Kind kind, const std::string& help,
                                Labels labels, Args&&... args) {
  std::sort(labels.begin(), labels.end());
  {
    std::shared_lock lock(mu_);
    auto fam = families_.find(name);
    if (fam != families_.end()) {
      auto found = (fam->second.*member).find(labels);
      if (found != (fam->second.*member).end()) return *found->second;
    }
  }
  std::unique_lock lock(mu_);
  auto& slot = (FamilyFor(name, kind, help).*member)[labels];
  if (!slot) slot = std::make_unique<T>(std::forward<Args>(args)...);
  return *slot;
}

Counter& MetricsRegistry::GetCounter(const std::string& name, const std::string& help,
                                     Labels labels) {
  return GetOrCreate(&Family::counters, name, Kind::kCounter, help, std::move(labels));
}

Gauge& MetricsRegistry::GetGauge(const std::string& name, const std::string& help, Labels labels) {
  return GetOrCreate(&Family::gauges, name, Kind::kGauge, help, std::move(labels));
}

Histogram& MetricsRegistry::GetHistogram(const std::string& name, const std::string& help,
                                         Labels labels, std::vector<double> upper_bounds) {
  return GetOrCreate(&Family::histograms, name, Kind::kHistogram, help, std::move(labels),
                     std::move(upper_bounds));
}

std::string MetricsRegistry::Exposition() const {
  std::shared_lock lock(mu_);
  std::string out;
  for (const auto& [name, fam] : families_) {
    const char* type = fam.kind == Kind::kCounter ? "counter"
                       : fam.kind == Kind::kGauge ? "gauge"
                                                  : "histogram";
    out += "# HELP " + name + " " + fam.help + "\n# TYPE " + name + " " + type + "\n";
    for (const auto& [labels, c] : fam.counters) {
      out += name + LabelText(labels) + " " + FormatValue(c->Value()) + "\n";
    }
    for (const auto& [labels, g] : fam.gauges) {
      out += name + LabelText(labels) + " " + FormatValue(g->Value()) + "\n";
    }
    for (const auto& [labels, h] : fam.histograms) {
      auto counts = h->CumulativeCounts();
      const auto& bounds = h->upper_bounds();
      for (size_t i = 0; i < bounds.size(); ++i) {
        out += name + "_bucket" + LabelText(labels, "le", FormatValue(bounds[i])) + " " +
               std::to_string(counts[i]) + "\n";
      }
      out += name + "_bucket" + LabelText(labels, "le", "+Inf") + " " +
             std::to_string(counts.back()) + "\n";
      out += name + "_sum" + LabelText(labels) + " " + FormatValue(h->Sum()) + "\n";
      out += name + "_count" + LabelText(labels) + " " + std::to_string(counts.back()) + "\n";
    }
  }
  return out;
}

}  // namespace lathe::monitor
