// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Validation splits for AutoML: stratified k-fold, or one stratified holdout for large data.
// Classification stratifies by class; regression by the sorted target (consecutive runs of the
// sorted values are spread over the folds). Rows of each stratum are shuffled with the seed and
// dealt round-robin, continuing across strata, so a class with a single row lands in exactly one
// fold and fold sizes differ by at most one. Deterministic for a seed. Pure function.
//
//   LATHE_ASSIGN_OR_RETURN(FoldPlan plan, MakeFolds(y, problem.type, {.folds = 5, .seed = 7}));
//   for (size_t f = 0; f < plan.size(); ++f) use(plan.train[f], plan.valid[f]);
#pragma once

#include <cstdint>
#include <span>
#include <vector>

#include "core/status.h"
#include "ml/problem.h"

namespace lathe::automl {

struct FoldOptions {
  int folds = 5;                 // k (reduced to the row count when there are fewer rows)
  bool holdout = false;          // one split: valid = holdout_fraction of each stratum
  double holdout_fraction = 0.2;
  uint64_t seed = 42;
};

struct FoldPlan {
  bool holdout = false;
  std::vector<std::vector<uint32_t>> train;  // per fold, ascending row indices
  std::vector<std::vector<uint32_t>> valid;  // per fold, ascending; disjoint from train
  size_t size() const { return valid.size(); }
};

// InvalidArgument for fewer than 2 rows (nothing to validate on).
Result<FoldPlan> MakeFolds(std::span<const float> y, ml::ProblemType type,
                           const FoldOptions& options);

}  // namespace lathe::automl
