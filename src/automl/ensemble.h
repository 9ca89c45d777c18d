// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Greedy ensemble selection with replacement (Caruana, Niculescu-Mizil, Crew, Ksikes, ICML 2004)
// over out-of-fold predictions: start from the best few models, then repeatedly add (with
// replacement) the model whose addition gives the best score of the averaged predictions.
// Weights are selection counts / iterations. Pure function, deterministic (ties go to the lower
// candidate index).
//
//   std::vector<std::span<const float>> oof = {...};   // each rows x k (or rows)
//   LATHE_ASSIGN_OR_RETURN(EnsembleSelection sel,
//                          SelectEnsemble(oof, y, ml::ProblemType::kBinary, "roc_auc", {}));
#pragma once

#include <span>
#include <string>
#include <vector>

#include "core/status.h"
#include "ml/problem.h"

namespace lathe::automl {

struct EnsembleOptions {
  int iterations = 50;  // additions after the initial members
  int init_best = 3;    // the best this many candidates start the ensemble (at least 1)
  // Most distinct candidates in the ensemble (0 = no limit): once reached, additions only
  // re-weight the members already in. Prediction time grows with every member.
  int max_members = 0;
  // Prediction cost per candidate (e.g. milliseconds per 1,000 rows; empty = all free) and the
  // most the ensemble may cost (0 = no limit). The best candidate within the limit starts the
  // ensemble (the best of all when none is within it); others join only while the total stays
  // within it (free ones, cost 0, always may).
  std::vector<double> costs;
  double max_cost = 0;
  // Metric that breaks ties of the main one (e.g. log_loss under accuracy); empty = none.
  std::string tie_break_metric;
};

struct EnsembleSelection {
  std::vector<double> weights;        // per candidate, summing to 1 (0 = not selected)
  double score = 0;                   // main metric of the final weighted average
  std::vector<double> score_trace;    // score after the initial members and each addition
};

// Members that would make the refit overrun: while the summed `refit_seconds` of the members
// (weight > 0) exceed `seconds_left`, the slowest member to refit among those weighing under
// `max_weight` is dropped (never the last member). The weights left are re-normalised; returns
// the dropped candidates in the order dropped. A light member changes the blend little but may
// cost a long refit (spam_assassin: fastText at weight 0.02 refitted for 19 s after a 56 s
// search).
std::vector<size_t> DropMembersPastBudget(std::vector<double>& weights,
                                          std::span<const double> refit_seconds,
                                          double seconds_left, double max_weight = 0.1);

// Seconds to keep at the end of a search for refitting the members the ensemble will likely
// pick, from the finished trials ranked best first (their learners and estimated refit
// seconds): the `top` best, and the best of each other learner, as the selection favours
// diverse members. (spambase: a random forest ranked 8th joined at weight 0.11 and its 2.5 s
// refit ran the job to 62.9 s of 60 when only the top 3 were reserved.)
double LikelyMembersRefitSeconds(std::span<const std::string> ranked_learners,
                                 std::span<const double> refit_seconds, size_t top = 3);

// Blends rows x k predictions with `weights` (one per candidate).
std::vector<float> BlendPredictions(const std::vector<std::span<const float>>& candidates,
                                    const std::vector<double>& weights);

// InvalidArgument for no candidates, candidates of different sizes, costs not one per candidate,
// or a metric that does not fit.
Result<EnsembleSelection> SelectEnsemble(const std::vector<std::span<const float>>& candidates,
                                         std::span<const float> y, ml::ProblemType type,
                                         const std::string& metric, const EnsembleOptions& options);

}  // namespace lathe::automl
