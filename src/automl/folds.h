// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Validation splits for AutoML: stratified k-fold, or one stratified holdout for large data (or
// data too costly for k fits within the budget: ChooseValidation).
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
  // k-fold repeated this many times, each with its own shuffle (ignored for a holdout): on tiny
  // data one split's luck decides which configuration wins, and repeats average it out.
  // 0 = ChooseValidation decides (MakeFolds reads it as 1).
  int repeats = 1;
};

struct FoldPlan {
  bool holdout = false;
  int repeats = 1;  // the folds are `repeats` consecutive partitions of the rows
  std::vector<std::vector<uint32_t>> train;  // per fold, ascending row indices
  std::vector<std::vector<uint32_t>> valid;  // per fold, ascending; disjoint from train
  size_t size() const { return valid.size(); }
};

// What one trial costs, roughly: a tree learner scans rows x features once per output and round.
struct ValidationCost {
  size_t rows = 0;
  size_t features = 0;  // values a learner reads per row (dense columns + sparse non-zeros)
  size_t outputs = 1;   // classes of a multiclass problem, else 1
  double budget_seconds = 60;
};
// Work per budget-second (rows x features x outputs / budget) above which k-fold gives way to
// 3-fold, and then to one holdout. Calibrated on this 2-core machine: letter_recognition (16,000
// rows x 16 features x 26 classes) has 111,000 per second at 60 s, where 5-fold left the default
// XGBoost unfinished after 60 s (0.72 accuracy against 0.96), and 22,000 at 300 s; digits (1,437
// x 64 x 10) has 15,300 at 60 s, where 5-fold gave the better model (0.981 against 0.964).
inline constexpr double kThreeFoldWorkPerSecond = 20000;
inline constexpr double kHoldoutWorkPerSecond = 50000;
// At or below this work per budget-second, k-fold is repeated twice: the small sets (glass, sonar,
// wine, iris, pima, breast_cancer, diabetes: 60–360 at 60 s) run 27–90 trials in a minute, so
// halving the trials costs less than the noise of one split (43 glass test rows: 0.023 a row).
inline constexpr double kRepeatWorkPerSecond = 2000;

// The validation a search can afford: `folds`-fold (repeated twice for tiny work when `repeats`
// is 0, automatic), 3-fold for medium, one holdout when rows >= holdout_min_rows or the work per
// budget-second is large. The other FoldOptions fields (seed, holdout_fraction) are left as given.
FoldOptions ChooseValidation(const ValidationCost& cost, FoldOptions options,
                             size_t holdout_min_rows);

// InvalidArgument for fewer than 2 rows (nothing to validate on).
Result<FoldPlan> MakeFolds(std::span<const float> y, ml::ProblemType type,
                           const FoldOptions& options);

}  // namespace lathe::automl
