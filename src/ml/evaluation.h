// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Evaluation report: every metric, curve and table for a model's predictions on a test split, as
// one JSON document (field by field in docs/api/evaluation.md), plus feature importance: the gain
// the model reports and permutation importance measured through a predict callback. Evaluate is
// a pure function (thread-safe as long as the callback is).
//
//   EvaluationOptions eo;
//   eo.test_x = &test.x;
//   eo.predict = [&](const Matrix& x) { return model->Predict(x); };
//   eo.gain_importance = model->Importance();
//   LATHE_ASSIGN_OR_RETURN(EvaluationReport report, Evaluate(problem, test.y, proba, eo));
//   std::string body = report.json.dump();
#pragma once

#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/status.h"
#include "ml/matrix.h"
#include "ml/problem.h"

namespace lathe::ml {

// Predicts rows x k probabilities (classification) or one value per row (regression).
using PredictFn = std::function<Result<std::vector<float>>(const Matrix&)>;

struct EvaluationOptions {
  // Metric reported as "primary_metric" and used for permutation importance; empty = the
  // problem's default (DefaultMetricName).
  std::string primary_metric;
  // Column names for importance; empty = test_x->feature_names, else "f<index>".
  std::vector<std::string> feature_names;
  // Model::Importance() (gain per column); empty = no "gain" section.
  std::vector<float> gain_importance;
  // Test features and a predict callback; both set = compute permutation importance.
  const Matrix* test_x = nullptr;
  PredictFn predict;
  int permutation_repeats = 3;         // shuffles per feature
  double permutation_seconds = 10.0;   // wall-clock cap; past it the report says "truncated"
  size_t permutation_max_rows = 10000; // test rows used (a seeded sample beyond that)
  uint64_t seed = 42;                  // for shuffles and the row sample
};

struct EvaluationReport {
  std::string primary_metric;
  double primary_value = 0;
  nlohmann::json json;  // the whole report (see docs/api/evaluation.md)
};

// Evaluates `predictions` (as Model::Predict returns them) against `y_true` (class ids as float,
// or values). InvalidArgument for size mismatches (saying which sizes), an unknown metric or one
// that does not fit the problem; the predict callback's error if it fails.
Result<EvaluationReport> Evaluate(const ProblemInfo& problem, std::span<const float> y_true,
                                  std::span<const float> predictions,
                                  const EvaluationOptions& options = {});

}  // namespace lathe::ml
