// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "automl/ensemble.h"

#include <algorithm>
#include <cmath>
#include <numeric>
#include <optional>
#include <set>

#include "ml/metrics.h"

namespace lathe::automl {
namespace {

// Scores a prediction vector by the main metric and the optional tie-break.
struct Scorer {
  const ml::MetricInfo* main = nullptr;
  const ml::MetricInfo* tie = nullptr;
  ml::ProblemType type;
  std::span<const float> y;

  std::pair<double, double> operator()(std::span<const float> pred) const {
    const double m = ml::ComputeMetric(main->name, type, y, pred).value();
    const double t = tie ? ml::ComputeMetric(tie->name, type, y, pred).value() : 0.0;
    return {m, t};
  }
  bool Better(std::pair<double, double> a, std::pair<double, double> b) const {
    if (ml::IsBetter(*main, a.first, b.first)) return true;
    if (tie == nullptr || a.first != b.first) return false;
    return ml::IsBetter(*tie, a.second, b.second);
  }
};

}  // namespace

std::vector<float> BlendPredictions(const std::vector<std::span<const float>>& candidates,
                                    const std::vector<double>& weights) {
  std::vector<float> out(candidates.empty() ? 0 : candidates[0].size(), 0.0f);
  for (size_t c = 0; c < candidates.size(); ++c) {
    if (weights[c] == 0) continue;
    const float w = static_cast<float>(weights[c]);
    for (size_t idx = 0; idx < out.size(); ++idx) out[idx] += w * candidates[c][idx];
  }
  return out;
}

Result<EnsembleSelection> SelectEnsemble(const std::vector<std::span<const float>>& candidates,
                                         std::span<const float> y, ml::ProblemType type,
                                         const std::string& metric,
                                         const EnsembleOptions& options) {
  if (candidates.empty()) return InvalidArgumentError("ensemble selection: no candidates");
  for (const auto& c : candidates) {
    if (c.size() != candidates[0].size()) {
      return InvalidArgumentError("ensemble selection: candidates have different sizes");
    }
  }
  Scorer scorer{nullptr, nullptr, type, y};
  LATHE_ASSIGN_OR_RETURN(scorer.main, ml::FindMetric(metric));
  if (!options.tie_break_metric.empty()) {
    LATHE_ASSIGN_OR_RETURN(scorer.tie, ml::FindMetric(options.tie_break_metric));
  }
  if (!options.costs.empty() && options.costs.size() != candidates.size()) {
    return InvalidArgumentError("ensemble selection: " + std::to_string(options.costs.size()) +
                                " costs for " + std::to_string(candidates.size()) + " candidates");
  }
  // Checks shapes and applicability once, with an error rather than a crash.
  LATHE_RETURN_IF_ERROR(ml::ComputeMetric(metric, type, y, candidates[0]).status());

  std::vector<std::pair<double, double>> single(candidates.size());
  for (size_t c = 0; c < candidates.size(); ++c) single[c] = scorer(candidates[c]);
  std::vector<size_t> order(candidates.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return scorer.Better(single[a], single[b]); });

  std::vector<int> counts(candidates.size(), 0);
  std::vector<double> sum(candidates[0].size(), 0.0);
  int total = 0;
  auto add = [&](size_t c) {
    ++counts[c];
    ++total;
    for (size_t idx = 0; idx < sum.size(); ++idx) sum[idx] += candidates[c][idx];
  };
  const size_t limit = options.max_members > 0 ? static_cast<size_t>(options.max_members)
                                               : candidates.size();
  double cost = 0;  // of the distinct members
  auto affordable = [&](size_t c) {
    return counts[c] > 0 || options.costs.empty() || options.max_cost <= 0 ||
           options.costs[c] <= 0 || cost + options.costs[c] <= options.max_cost;
  };
  auto join = [&](size_t c) {
    if (counts[c] == 0 && !options.costs.empty()) cost += options.costs[c];
    add(c);
  };
  const size_t init = std::clamp<size_t>(options.init_best, 1, std::min(limit, candidates.size()));
  // The best affordable candidate starts; when none is, the best one (over the limit).
  size_t first = order[0];
  for (size_t c : order) {
    if (affordable(c)) {
      first = c;
      break;
    }
  }
  join(first);
  size_t distinct = 1;
  for (size_t pos = 0; pos < order.size() && distinct < init; ++pos) {
    if (order[pos] == first || !affordable(order[pos])) continue;
    join(order[pos]);
    ++distinct;
  }

  EnsembleSelection out;
  std::vector<float> trial(sum.size());
  auto averaged = [&](const std::vector<double>& s, int n) {
    for (size_t idx = 0; idx < s.size(); ++idx) trial[idx] = static_cast<float>(s[idx] / n);
    return scorer(trial);
  };
  out.score_trace.push_back(averaged(sum, total).first);
  for (int iter = 0; iter < options.iterations; ++iter) {
    std::optional<size_t> best;
    std::pair<double, double> best_score{std::nan(""), std::nan("")};
    for (size_t c = 0; c < candidates.size(); ++c) {
      if (counts[c] == 0 && (distinct >= limit || !affordable(c))) continue;
      for (size_t idx = 0; idx < sum.size(); ++idx) {
        trial[idx] = static_cast<float>((sum[idx] + candidates[c][idx]) / (total + 1));
      }
      const auto s = scorer(trial);
      if (!best || scorer.Better(s, best_score)) {
        best = c;
        best_score = s;
      }
    }
    if (counts[*best] == 0) ++distinct;
    join(*best);
    out.score_trace.push_back(best_score.first);
  }
  out.weights.resize(candidates.size());
  for (size_t c = 0; c < candidates.size(); ++c) {
    out.weights[c] = static_cast<double>(counts[c]) / total;
  }
  out.score = scorer(BlendPredictions(candidates, out.weights)).first;
  return out;
}

std::vector<size_t> DropMembersPastBudget(std::vector<double>& weights,
                                          std::span<const double> refit_seconds,
                                          double seconds_left, double max_weight) {
  auto seconds = [&](size_t c) { return c < refit_seconds.size() ? refit_seconds[c] : 0.0; };
  size_t members = 0;
  double total = 0;
  std::vector<size_t> light;  // droppable, slowest refit first
  for (size_t c = 0; c < weights.size(); ++c) {
    if (weights[c] <= 0) continue;
    ++members;
    total += seconds(c);
    if (weights[c] < max_weight) light.push_back(c);
  }
  std::stable_sort(light.begin(), light.end(),
                   [&](size_t a, size_t b) { return seconds(a) > seconds(b); });
  std::vector<size_t> dropped;
  for (size_t c : light) {
    if (total <= seconds_left || dropped.size() + 1 >= members) break;
    total -= seconds(c);
    weights[c] = 0;
    dropped.push_back(c);
  }
  if (dropped.empty()) return dropped;
  double kept = 0;
  for (double w : weights) kept += w;
  for (double& w : weights) w /= kept;
  return dropped;
}

double LikelyMembersRefitSeconds(std::span<const std::string> ranked_learners,
                                 std::span<const double> refit_seconds, size_t top) {
  double total = 0;
  std::set<std::string_view> seen;
  for (size_t idx = 0; idx < ranked_learners.size() && idx < refit_seconds.size(); ++idx) {
    const bool first_of_learner = seen.insert(ranked_learners[idx]).second;
    if (idx < top || first_of_learner) total += refit_seconds[idx];
  }
  return total;
}

}  // namespace lathe::automl
