// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "ml/evaluation.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <numeric>
#include <random>

#include "ml/metrics.h"

namespace lathe::ml {
namespace {

using nlohmann::json;

std::string_view TypeName(ProblemType type) {
  switch (type) {
    case ProblemType::kBinary: return "binary";
    case ProblemType::kMulticlass: return "multiclass";
    case ProblemType::kRegression: return "regression";
  }
  return "regression";
}

std::string ClassLabel(const ProblemInfo& problem, size_t cls) {
  return cls < problem.classes.size() ? problem.classes[cls] : std::to_string(cls);
}

json CurveJson(const std::vector<CurvePoint>& points, const char* x, const char* y) {
  json out = json::array();
  for (const CurvePoint& p : points) out.push_back({{x, p.x}, {y, p.y}, {"threshold", p.threshold}});
  return out;
}

json ThresholdJson(const ThresholdRow& r) {
  return {{"threshold", r.threshold}, {"precision", r.precision}, {"recall", r.recall},
          {"f1", r.f1}, {"accuracy", r.accuracy}};
}

void AddBinarySections(const ProblemInfo& problem, std::span<const int> y,
                       std::span<const float> proba, json& report) {
  std::vector<float> scores(y.size());
  for (size_t row = 0; row < y.size(); ++row) scores[row] = proba[row * 2 + 1];
  report["positive_class"] = ClassLabel(problem, 1);
  report["metrics"]["average_precision"] = AveragePrecision(y, scores);
  report["roc_curve"] = CurveJson(RocCurve(y, scores), "fpr", "tpr");
  report["pr_curve"] = CurveJson(PrecisionRecallCurve(y, scores), "recall", "precision");
  json bins = json::array();
  for (const CalibrationBin& b : CalibrationBins(y, scores)) {
    bins.push_back({{"lower", b.lower}, {"upper", b.upper}, {"count", b.count},
                    {"mean_predicted", b.mean_predicted}, {"observed_rate", b.observed_rate}});
  }
  report["calibration"] = bins;
  const ThresholdAnalysis analysis = AnalyzeThresholds(y, scores);
  json rows = json::array();
  for (const ThresholdRow& r : analysis.rows) rows.push_back(ThresholdJson(r));
  report["thresholds"] = {{"rows", rows}, {"best_f1", ThresholdJson(analysis.best_f1)}};
}

json ClassificationReport(const ProblemInfo& problem, std::span<const int> y,
                          std::span<const float> proba, int k) {
  json report;
  const std::vector<int> predicted = ArgmaxRows(proba, k);
  const auto confusion = ConfusionMatrix(y, predicted, k);
  const auto classes = PerClassScores(confusion);
  report["metrics"] = {{"accuracy", Accuracy(y, predicted)},
                       {"balanced_accuracy", BalancedAccuracy(confusion)},
                       {"f1_macro", MacroF1(classes)},
                       {"f1_weighted", WeightedF1(classes)},
                       {"roc_auc", RocAuc(y, proba, k)},
                       {"log_loss", LogLoss(y, proba, k)}};
  json per_class = json::array();
  json labels = json::array();
  for (size_t cls = 0; cls < classes.size(); ++cls) {
    labels.push_back(ClassLabel(problem, cls));
    per_class.push_back({{"label", ClassLabel(problem, cls)}, {"precision", classes[cls].precision},
                         {"recall", classes[cls].recall}, {"f1", classes[cls].f1},
                         {"support", classes[cls].support}});
  }
  report["classes"] = per_class;
  report["confusion_matrix"] = {{"labels", labels}, {"counts", confusion}};
  if (k == 2) AddBinarySections(problem, y, proba, report);
  return report;
}

json RegressionReport(std::span<const float> y, std::span<const float> pred) {
  json report;
  const MapeResult mape = Mape(y, pred);
  report["metrics"] = {{"rmse", Rmse(y, pred)}, {"mae", Mae(y, pred)}, {"mape", mape.value},
                       {"mape_skipped_zero_targets", mape.skipped_zero}, {"r2", R2(y, pred)}};
  json bins = json::array();
  for (const HistogramBin& b : ResidualHistogram(y, pred)) {
    bins.push_back({{"lower", b.lower}, {"upper", b.upper}, {"count", b.count}});
  }
  report["residual_histogram"] = bins;
  return report;
}

std::string FeatureName(const EvaluationOptions& options, size_t col) {
  if (col < options.feature_names.size()) return options.feature_names[col];
  if (options.test_x != nullptr && col < options.test_x->feature_names.size()) {
    return options.test_x->feature_names[col];
  }
  return "f" + std::to_string(col);
}

json GainJson(const EvaluationOptions& options) {
  std::vector<size_t> order(options.gain_importance.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    return options.gain_importance[a] > options.gain_importance[b];
  });
  json out = json::array();
  for (size_t col : order) {
    out.push_back({{"feature", FeatureName(options, col)},
                   {"importance", options.gain_importance[col]}});
  }
  return out;
}

// Rows `rows` of the dense block, the sparse block and the raw text of `m` (text learners such
// as fastText read only the text, and fail on a sample without it).
Matrix GatherRows(const Matrix& m, const std::vector<size_t>& rows) {
  Matrix out;
  out.rows = rows.size();
  out.dense_cols = m.dense_cols;
  out.sparse_cols = m.sparse_cols;
  out.feature_names = m.feature_names;
  out.dense.reserve(rows.size() * m.dense_cols);
  if (m.has_sparse()) out.sparse_indptr.push_back(0);
  for (size_t row : rows) {
    out.dense.insert(out.dense.end(), m.dense.begin() + row * m.dense_cols,
                     m.dense.begin() + (row + 1) * m.dense_cols);
    if (!m.has_sparse()) continue;
    for (uint64_t pos = m.sparse_indptr[row]; pos < m.sparse_indptr[row + 1]; ++pos) {
      out.sparse_indices.push_back(m.sparse_indices[pos]);
      out.sparse_values.push_back(m.sparse_values[pos]);
    }
    out.sparse_indptr.push_back(out.sparse_indices.size());
  }
  if (!m.text.empty()) {
    out.text.reserve(rows.size());
    for (size_t row : rows) out.text.push_back(m.text[row]);
  }
  return out;
}

struct PermutationSetup {
  Matrix x;
  std::vector<float> y;
};

PermutationSetup SampleRows(const Matrix& x, std::span<const float> y, size_t max_rows,
                            std::mt19937_64& rng) {
  std::vector<size_t> rows(x.rows);
  std::iota(rows.begin(), rows.end(), size_t{0});
  if (rows.size() > max_rows) {
    std::shuffle(rows.begin(), rows.end(), rng);
    rows.resize(max_rows);
    std::sort(rows.begin(), rows.end());
  }
  PermutationSetup setup{GatherRows(x, rows), {}};
  for (size_t row : rows) setup.y.push_back(y[row]);
  return setup;
}

// Shuffles dense columns one at a time and records the drop of the primary metric (positive =
// the model relied on the feature). Stops between shuffles once the time cap is reached.
Result<json> PermutationImportance(const ProblemInfo& problem, std::span<const float> y_true,
                                   const MetricInfo& metric, const EvaluationOptions& options) {
  const auto start = std::chrono::steady_clock::now();
  std::mt19937_64 rng(options.seed);
  PermutationSetup setup = SampleRows(*options.test_x, y_true, options.permutation_max_rows, rng);
  Matrix& x = setup.x;
  LATHE_ASSIGN_OR_RETURN(std::vector<float> base_pred, options.predict(x));
  LATHE_ASSIGN_OR_RETURN(double base, ComputeMetric(metric.name, problem.type, setup.y, base_pred));
  const double sign = metric.direction == MetricDirection::kHigherIsBetter ? 1.0 : -1.0;
  const size_t cols = x.dense_cols;
  std::vector<std::vector<double>> drops(cols);
  std::vector<float> saved(x.rows), shuffled(x.rows);
  bool truncated = false;
  int repeats_done = 0;
  for (int rep = 0; rep < options.permutation_repeats && !truncated; ++rep) {
    for (size_t col = 0; col < cols; ++col) {
      const double elapsed =
          std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
      if (elapsed > options.permutation_seconds) {
        truncated = true;
        break;
      }
      for (size_t row = 0; row < x.rows; ++row) saved[row] = x.dense[row * cols + col];
      shuffled = saved;
      std::shuffle(shuffled.begin(), shuffled.end(), rng);
      for (size_t row = 0; row < x.rows; ++row) x.dense[row * cols + col] = shuffled[row];
      Result<std::vector<float>> pred = options.predict(x);
      for (size_t row = 0; row < x.rows; ++row) x.dense[row * cols + col] = saved[row];
      if (!pred.ok()) return pred.status();
      LATHE_ASSIGN_OR_RETURN(double score, ComputeMetric(metric.name, problem.type, setup.y, *pred));
      drops[col].push_back(sign * (base - score));
    }
    if (!truncated) ++repeats_done;
  }
  json features = json::array();
  std::vector<std::pair<double, json>> entries;
  for (size_t col = 0; col < cols; ++col) {
    if (drops[col].empty()) continue;
    double mean = 0, var = 0;
    for (double d : drops[col]) mean += d;
    mean /= static_cast<double>(drops[col].size());
    for (double d : drops[col]) var += (d - mean) * (d - mean);
    const double sd = drops[col].size() > 1 ? std::sqrt(var / (drops[col].size() - 1)) : 0.0;
    entries.push_back({std::isnan(mean) ? -1e300 : mean,
                       {{"feature", FeatureName(options, col)}, {"mean_drop", mean},
                        {"std_drop", sd}, {"repeats", drops[col].size()}}});
  }
  std::stable_sort(entries.begin(), entries.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  for (auto& e : entries) features.push_back(std::move(e.second));
  return json{{"metric", metric.name}, {"baseline", base}, {"rows", x.rows},
              {"repeats_completed", repeats_done}, {"truncated", truncated},
              {"sparse_columns_skipped", x.sparse_cols}, {"features", features}};
}

Status CheckSizes(const ProblemInfo& problem, std::span<const float> y_true,
                  std::span<const float> predictions, size_t* k) {
  if (y_true.empty()) return InvalidArgumentError("evaluation: y_true is empty");
  if (problem.type == ProblemType::kRegression) {
    *k = 1;
    if (predictions.size() == y_true.size()) return Status::Ok();
  } else {
    *k = predictions.size() / y_true.size();
    const bool classes_ok = problem.classes.empty() || problem.classes.size() == *k;
    if (*k >= 2 && predictions.size() % y_true.size() == 0 && classes_ok) return Status::Ok();
  }
  return InvalidArgumentError("evaluation: " + std::to_string(predictions.size()) +
                              " predictions do not match " + std::to_string(y_true.size()) +
                              " rows" +
                              (problem.classes.empty()
                                   ? std::string()
                                   : " x " + std::to_string(problem.classes.size()) + " classes"));
}

}  // namespace

Result<EvaluationReport> Evaluate(const ProblemInfo& problem, std::span<const float> y_true,
                                  std::span<const float> predictions,
                                  const EvaluationOptions& options) {
  size_t k = 1;
  LATHE_RETURN_IF_ERROR(CheckSizes(problem, y_true, predictions, &k));
  const std::string metric_name = options.primary_metric.empty()
                                      ? std::string(DefaultMetricName(problem.type))
                                      : options.primary_metric;
  LATHE_ASSIGN_OR_RETURN(const MetricInfo* metric, FindMetric(metric_name));
  LATHE_RETURN_IF_ERROR(CheckMetricFor(*metric, problem.type));
  LATHE_ASSIGN_OR_RETURN(double primary,
                         ComputeMetric(metric_name, problem.type, y_true, predictions));

  json report = problem.type == ProblemType::kRegression
                    ? RegressionReport(y_true, predictions)
                    : ClassificationReport(problem, ToClassIds(y_true), predictions,
                                           static_cast<int>(k));
  report["problem_type"] = TypeName(problem.type);
  report["target"] = problem.target;
  report["rows"] = y_true.size();
  report["primary_metric"] = {
      {"name", metric_name}, {"value", primary},
      {"higher_is_better", metric->direction == MetricDirection::kHigherIsBetter}};
  json importance = json::object();
  if (!options.gain_importance.empty()) importance["gain"] = GainJson(options);
  if (options.test_x != nullptr && options.predict) {
    if (options.test_x->rows != y_true.size()) {
      return InvalidArgumentError("evaluation: test_x has " + std::to_string(options.test_x->rows) +
                                  " rows but y_true has " + std::to_string(y_true.size()));
    }
    LATHE_ASSIGN_OR_RETURN(importance["permutation"],
                           PermutationImportance(problem, y_true, *metric, options));
  }
  report["feature_importance"] = importance;
  return EvaluationReport{metric_name, primary, std::move(report)};
}

}  // namespace lathe::ml
