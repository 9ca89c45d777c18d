// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Metrics: scores of predictions against true labels, plus the curves and tables an evaluation
// report shows. Pure functions over spans; thread-safe. Labels are class ids stored as float
// (0..k-1, as in LabeledData::y); classifier outputs are rows x k probabilities, row-major (as
// Model::Predict returns them); a binary "score" is the probability of class 1.
//
//   double auc = BinaryRocAuc(labels01, scores);
//   LATHE_ASSIGN_OR_RETURN(double s, ComputeMetric("f1_macro", ProblemType::kMulticlass, y, proba));
//   if (IsBetter(*FindMetric("log_loss"), s, best)) ...
#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "ml/problem.h"

namespace lathe::ml {

// ---- Classification from hard labels ----------------------------------------------------------

// Fraction of rows whose predicted class equals the true class; NaN for no rows.
double Accuracy(std::span<const int> y_true, std::span<const int> y_pred);
// counts[true][pred] for classes 0..k-1 (labels outside the range are ignored).
std::vector<std::vector<int64_t>> ConfusionMatrix(std::span<const int> y_true,
                                                  std::span<const int> y_pred, int k);

struct ClassScores {
  double precision = 0;  // tp / (tp + fp); 0 when nothing was predicted as the class
  double recall = 0;     // tp / (tp + fn); 0 when the class has no rows
  double f1 = 0;         // harmonic mean; 0 when precision + recall = 0
  int64_t support = 0;   // rows whose true class is this one
};
// One entry per class from a confusion matrix.
std::vector<ClassScores> PerClassScores(const std::vector<std::vector<int64_t>>& confusion);
// Mean recall over the classes present in y_true.
double BalancedAccuracy(const std::vector<std::vector<int64_t>>& confusion);
// Unweighted mean F1 over classes present in y_true or predicted.
double MacroF1(const std::vector<ClassScores>& classes);
// Support-weighted mean F1.
double WeightedF1(const std::vector<ClassScores>& classes);

// ---- Classification from probabilities -------------------------------------------------------

// Argmax per row of rows x k probabilities (first maximum wins).
std::vector<int> ArgmaxRows(std::span<const float> proba, int k);
// Class ids from float labels.
std::vector<int> ToClassIds(std::span<const float> y);

// Area under the ROC curve via the rank statistic (Mann-Whitney U); tied scores get their
// average rank. labels: 1 = positive, 0 = negative. NaN when either class is absent.
double BinaryRocAuc(std::span<const int> labels, std::span<const float> scores);
// Binary (k = 2: column 1) or one-vs-rest macro average over classes with both positives and
// negatives (k > 2). NaN when no class qualifies.
double RocAuc(std::span<const int> y_true, std::span<const float> proba, int k);
// Mean of -log p(true class), probabilities clipped to [eps, 1 - eps] (rows not renormalised).
double LogLoss(std::span<const int> y_true, std::span<const float> proba, int k,
               double eps = 1e-15);

struct CurvePoint {
  double x = 0;          // ROC: false positive rate; PR: recall
  double y = 0;          // ROC: true positive rate; PR: precision
  double threshold = 0;  // score at or above which a row is called positive
};
// ROC curve from (0,0) to (1,1), one point per distinct score, then downsampled to at most
// max_points (first and last kept). Empty when either class is absent.
std::vector<CurvePoint> RocCurve(std::span<const int> labels, std::span<const float> scores,
                                 size_t max_points = 200);
// Precision-recall curve, one point per distinct score in decreasing order (recall rising),
// downsampled to at most max_points. Empty when there are no positives.
std::vector<CurvePoint> PrecisionRecallCurve(std::span<const int> labels,
                                             std::span<const float> scores,
                                             size_t max_points = 200);
// Sum over distinct thresholds of (R_n - R_{n-1}) * P_n (no interpolation); NaN without positives.
double AveragePrecision(std::span<const int> labels, std::span<const float> scores);

struct CalibrationBin {
  double lower = 0, upper = 0;  // score range [lower, upper) (last bin includes 1)
  int64_t count = 0;
  double mean_predicted = 0;    // mean score in the bin (0 when empty)
  double observed_rate = 0;     // fraction of positives in the bin (0 when empty)
};
// `bins` equal-width bins over [0, 1].
std::vector<CalibrationBin> CalibrationBins(std::span<const int> labels,
                                            std::span<const float> scores, int bins = 10);

struct ThresholdRow {
  double threshold = 0;  // positive when score >= threshold
  double precision = 0, recall = 0, f1 = 0, accuracy = 0;
};
struct ThresholdAnalysis {
  std::vector<ThresholdRow> rows;  // thresholds 0.05, 0.10, ..., 0.95
  ThresholdRow best_f1;            // the row with the highest F1 (lowest threshold on ties)
};
ThresholdAnalysis AnalyzeThresholds(std::span<const int> labels, std::span<const float> scores);

// ---- Regression --------------------------------------------------------------------------------

double Rmse(std::span<const float> y_true, std::span<const float> y_pred);
double Mae(std::span<const float> y_true, std::span<const float> y_pred);
struct MapeResult {
  double value = 0;           // mean |(y - p) / y| over rows with y != 0 (NaN if none)
  int64_t skipped_zero = 0;   // rows skipped because the target was 0
};
MapeResult Mape(std::span<const float> y_true, std::span<const float> y_pred);
// 1 - SS_res / SS_tot; NaN when the target is constant.
double R2(std::span<const float> y_true, std::span<const float> y_pred);

struct HistogramBin {
  double lower = 0, upper = 0;  // [lower, upper), the last bin closed
  int64_t count = 0;
};
// Histogram of residuals (y_true - y_pred) in `bins` equal-width bins over [min, max].
std::vector<HistogramBin> ResidualHistogram(std::span<const float> y_true,
                                            std::span<const float> y_pred, int bins = 20);

// ---- Registry by name -------------------------------------------------------------------------

enum class MetricDirection { kHigherIsBetter, kLowerIsBetter };

struct MetricInfo {
  std::string_view name;          // "roc_auc", "log_loss", "rmse", ...
  MetricDirection direction;
  bool classification;            // applies to binary and multiclass problems
  bool regression;                // applies to regression problems
  std::string_view description;
};

// All registered metrics, in a stable order.
std::span<const MetricInfo> AllMetrics();
// The metric named `name`; InvalidArgument listing the known names otherwise.
Result<const MetricInfo*> FindMetric(std::string_view name);
// InvalidArgument when the metric does not apply to the problem type.
Status CheckMetricFor(const MetricInfo& metric, ProblemType type);
// Scores `predictions` (rows x k probabilities, k = predictions.size() / y_true.size(), or one
// value per row for regression) by the named metric. InvalidArgument for an unknown metric, one
// that does not fit the problem, or mismatched sizes.
Result<double> ComputeMetric(std::string_view name, ProblemType type, std::span<const float> y_true,
                             std::span<const float> predictions);
// The default metric for a problem: "roc_auc" (binary), "accuracy" (multiclass; AutoML breaks ties
// with "log_loss"), "rmse" (regression).
std::string_view DefaultMetricName(ProblemType type);
// True when `candidate` beats `incumbent` under the metric's direction (NaN never beats, and
// anything finite beats NaN).
bool IsBetter(const MetricInfo& metric, double candidate, double incumbent);

}  // namespace lathe::ml
