// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "automl/folds.h"

#include <algorithm>
#include <cmath>
#include <map>
#include <numeric>
#include <random>

namespace lathe::automl {
namespace {

// Groups of rows to stratify on, in a deterministic order.
std::vector<std::vector<uint32_t>> Strata(std::span<const float> y, ml::ProblemType type, int k) {
  std::vector<std::vector<uint32_t>> strata;
  if (type != ml::ProblemType::kRegression) {
    std::map<long, std::vector<uint32_t>> by_class;  // NaN labels share one stratum
    for (uint32_t row = 0; row < y.size(); ++row) {
      by_class[std::isnan(y[row]) ? -1 : std::lround(y[row])].push_back(row);
    }
    for (auto& [cls, rows] : by_class) strata.push_back(std::move(rows));
    return strata;
  }
  std::vector<uint32_t> order(y.size());
  std::iota(order.begin(), order.end(), 0u);
  std::stable_sort(order.begin(), order.end(), [&](uint32_t a, uint32_t b) {
    const bool na = std::isnan(y[a]), nb = std::isnan(y[b]);
    return na != nb ? nb : (!na && y[a] < y[b]);
  });
  for (size_t start = 0; start < order.size(); start += k) {
    const size_t end = std::min(order.size(), start + static_cast<size_t>(k));
    strata.emplace_back(order.begin() + start, order.begin() + end);
  }
  return strata;
}

}  // namespace

FoldOptions ChooseValidation(const ValidationCost& cost, FoldOptions options,
                             size_t holdout_min_rows) {
  const double work = static_cast<double>(cost.rows) * static_cast<double>(cost.features) *
                      static_cast<double>(std::max<size_t>(1, cost.outputs));
  const double per_second = work / std::max(cost.budget_seconds, 1e-3);
  if (cost.rows >= holdout_min_rows || per_second > kHoldoutWorkPerSecond) {
    options.holdout = true;
  } else if (per_second > kThreeFoldWorkPerSecond) {
    options.folds = std::min(options.folds, 3);
  }
  if (options.repeats <= 0) {
    options.repeats = !options.holdout && per_second <= kRepeatWorkPerSecond ? 2 : 1;
  }
  return options;
}

Result<FoldPlan> MakeFolds(std::span<const float> y, ml::ProblemType type,
                           const FoldOptions& options) {
  if (y.size() < 2) {
    return InvalidArgumentError("AutoML needs at least 2 training rows to validate on, got " +
                                std::to_string(y.size()));
  }
  if (y.size() > UINT32_MAX) return InvalidArgumentError("too many rows for AutoML");
  // A holdout of fraction f is fold 0 of round(1/f) folds.
  int k = options.holdout
              ? std::max(2, static_cast<int>(std::lround(1.0 / options.holdout_fraction)))
              : options.folds;
  k = std::min<int>(std::max(k, 2), static_cast<int>(y.size()));
  FoldPlan plan;
  plan.holdout = options.holdout;
  plan.repeats = options.holdout ? 1 : std::max(1, options.repeats);
  const int used = options.holdout ? 1 : k;
  std::mt19937_64 rng(options.seed);  // one stream: repeat r continues where r - 1 stopped
  for (int repeat = 0; repeat < plan.repeats; ++repeat) {
    std::vector<int> fold_of(y.size());
    size_t dealt = 0;
    for (std::vector<uint32_t>& stratum : Strata(y, type, k)) {
      std::shuffle(stratum.begin(), stratum.end(), rng);
      for (uint32_t row : stratum) fold_of[row] = static_cast<int>(dealt++ % k);
    }
    const size_t first = plan.valid.size();
    plan.train.resize(first + used);
    plan.valid.resize(first + used);
    for (int f = 0; f < used; ++f) {
      for (uint32_t row = 0; row < y.size(); ++row) {
        (fold_of[row] == f ? plan.valid[first + f] : plan.train[first + f]).push_back(row);
      }
    }
  }
  return plan;
}

}  // namespace lathe::automl
