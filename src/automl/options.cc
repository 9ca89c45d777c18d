// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "automl/options.h"

#include <cmath>

#include "ml/metrics.h"

namespace lathe::automl {

Status ValidateOptions(const AutoMlOptions& options) {
  if (!std::isfinite(options.budget_seconds) || options.budget_seconds <= 0) {
    return InvalidArgumentError("budget_seconds must be a positive number of seconds, got " +
                                std::to_string(options.budget_seconds))
        .WithDetail("field", "budget_seconds");
  }
  if (options.threads < 1) {
    return InvalidArgumentError("threads must be at least 1, got " +
                                std::to_string(options.threads))
        .WithDetail("field", "threads");
  }
  if (options.folds < 2) {
    return InvalidArgumentError("folds must be at least 2, got " + std::to_string(options.folds))
        .WithDetail("field", "folds");
  }
  if (!(options.holdout_fraction > 0 && options.holdout_fraction <= 0.5)) {
    return InvalidArgumentError("holdout_fraction must be in (0, 0.5], got " +
                                std::to_string(options.holdout_fraction))
        .WithDetail("field", "holdout_fraction");
  }
  if (options.max_trials < 0 || options.ensemble_iterations < 0 || options.ensemble_init_best < 0) {
    return InvalidArgumentError(
               "max_trials, ensemble_iterations and ensemble_init_best must not be negative")
        .WithDetail("field", options.max_trials < 0 ? "max_trials" : "ensemble_iterations");
  }
  if (!(options.predict_limit_ms >= 0) || !std::isfinite(options.predict_limit_ms)) {
    return InvalidArgumentError("predict_limit_ms must be a non-negative number of milliseconds, "
                                "got " + std::to_string(options.predict_limit_ms))
        .WithDetail("field", "predict_limit_ms");
  }
  if (options.fold_repeats < 0 || options.fold_repeats > 10) {
    return InvalidArgumentError("fold_repeats must be in [0, 10], got " +
                                std::to_string(options.fold_repeats))
        .WithDetail("field", "fold_repeats");
  }
  if (options.ensemble_max_members < 1) {
    return InvalidArgumentError("ensemble_max_members must be at least 1, got " +
                                std::to_string(options.ensemble_max_members))
        .WithDetail("field", "ensemble_max_members");
  }
  if (!options.metric.empty()) {
    auto metric = ml::FindMetric(options.metric);
    if (!metric.ok()) return Status(metric.status()).WithDetail("field", "metric");
  }
  return Status::Ok();
}

Status ValidateOptionsFor(const AutoMlOptions& options, ml::ProblemType type) {
  LATHE_RETURN_IF_ERROR(ValidateOptions(options));
  if (options.metric.empty()) return Status::Ok();
  LATHE_ASSIGN_OR_RETURN(const ml::MetricInfo* metric, ml::FindMetric(options.metric));
  Status fits = ml::CheckMetricFor(*metric, type);
  if (!fits.ok()) return std::move(fits).WithDetail("field", "metric");
  return Status::Ok();
}

std::string ResolveMetric(const AutoMlOptions& options, ml::ProblemType type) {
  return options.metric.empty() ? std::string(ml::DefaultMetricName(type)) : options.metric;
}

}  // namespace lathe::automl
