// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "ml/metrics.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>
#include <numeric>

namespace lathe::ml {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// Row indices sorted by score, highest first (stable, so equal scores keep row order).
std::vector<size_t> OrderByScoreDesc(std::span<const float> scores) {
  std::vector<size_t> order(scores.size());
  std::iota(order.begin(), order.end(), size_t{0});
  std::stable_sort(order.begin(), order.end(),
                   [&](size_t a, size_t b) { return scores[a] > scores[b]; });
  return order;
}

// Cumulative (true positives, false positives) after each distinct score, highest first.
struct Sweep {
  std::vector<int64_t> tp, fp;
  std::vector<double> threshold;
  int64_t positives = 0, negatives = 0;
};

Sweep SweepThresholds(std::span<const int> labels, std::span<const float> scores) {
  Sweep sweep;
  const std::vector<size_t> order = OrderByScoreDesc(scores);
  int64_t tp = 0, fp = 0;
  for (size_t pos = 0; pos < order.size(); ++pos) {
    const size_t row = order[pos];
    if (labels[row] == 1) ++tp; else ++fp;
    const bool last_of_score = pos + 1 == order.size() || scores[order[pos + 1]] != scores[row];
    if (last_of_score) {
      sweep.tp.push_back(tp);
      sweep.fp.push_back(fp);
      sweep.threshold.push_back(scores[row]);
    }
  }
  sweep.positives = tp;
  sweep.negatives = fp;
  return sweep;
}

// Keeps at most max_points, evenly spaced, always the first and last.
std::vector<CurvePoint> Downsample(std::vector<CurvePoint> points, size_t max_points) {
  if (points.size() <= max_points || max_points < 2) return points;
  std::vector<CurvePoint> out;
  out.reserve(max_points);
  const double step = static_cast<double>(points.size() - 1) / static_cast<double>(max_points - 1);
  for (size_t idx = 0; idx < max_points; ++idx) {
    out.push_back(points[static_cast<size_t>(std::llround(step * static_cast<double>(idx)))]);
  }
  return out;
}

double SafeDiv(double num, double den) { return den == 0 ? 0.0 : num / den; }

std::vector<int> OneVsRest(std::span<const int> y_true, int cls) {
  std::vector<int> labels(y_true.size());
  for (size_t row = 0; row < y_true.size(); ++row) labels[row] = y_true[row] == cls ? 1 : 0;
  return labels;
}

std::vector<float> Column(std::span<const float> proba, int k, int cls) {
  const size_t rows = proba.size() / static_cast<size_t>(k);
  std::vector<float> col(rows);
  for (size_t row = 0; row < rows; ++row) col[row] = proba[row * k + cls];
  return col;
}

// Macro one-vs-rest average of a binary score function over classes with both label values.
template <typename Fn>
double MacroOverClasses(std::span<const int> y_true, std::span<const float> proba, int k, Fn fn) {
  if (k == 2) return fn(OneVsRest(y_true, 1), Column(proba, k, 1));
  double sum = 0;
  int used = 0;
  for (int cls = 0; cls < k; ++cls) {
    const double v = fn(OneVsRest(y_true, cls), Column(proba, k, cls));
    if (std::isfinite(v)) {
      sum += v;
      ++used;
    }
  }
  return used == 0 ? kNaN : sum / used;
}

}  // namespace

double Accuracy(std::span<const int> y_true, std::span<const int> y_pred) {
  if (y_true.empty()) return kNaN;
  size_t hits = 0;
  for (size_t row = 0; row < y_true.size(); ++row) hits += y_true[row] == y_pred[row];
  return static_cast<double>(hits) / static_cast<double>(y_true.size());
}

std::vector<std::vector<int64_t>> ConfusionMatrix(std::span<const int> y_true,
                                                  std::span<const int> y_pred, int k) {
  std::vector<std::vector<int64_t>> counts(k, std::vector<int64_t>(k, 0));
  for (size_t row = 0; row < y_true.size(); ++row) {
    const int t = y_true[row], p = y_pred[row];
    if (t >= 0 && t < k && p >= 0 && p < k) ++counts[t][p];
  }
  return counts;
}

std::vector<ClassScores> PerClassScores(const std::vector<std::vector<int64_t>>& confusion) {
  const size_t k = confusion.size();
  std::vector<ClassScores> out(k);
  for (size_t cls = 0; cls < k; ++cls) {
    int64_t tp = confusion[cls][cls], predicted = 0, actual = 0;
    for (size_t other = 0; other < k; ++other) {
      predicted += confusion[other][cls];
      actual += confusion[cls][other];
    }
    ClassScores& s = out[cls];
    s.support = actual;
    s.precision = SafeDiv(static_cast<double>(tp), static_cast<double>(predicted));
    s.recall = SafeDiv(static_cast<double>(tp), static_cast<double>(actual));
    s.f1 = SafeDiv(2 * s.precision * s.recall, s.precision + s.recall);
  }
  return out;
}

double BalancedAccuracy(const std::vector<std::vector<int64_t>>& confusion) {
  double sum = 0;
  int present = 0;
  for (const ClassScores& s : PerClassScores(confusion)) {
    if (s.support == 0) continue;
    sum += s.recall;
    ++present;
  }
  return present == 0 ? kNaN : sum / present;
}

double MacroF1(const std::vector<ClassScores>& classes) {
  double sum = 0;
  int used = 0;
  for (const ClassScores& s : classes) {
    if (s.support == 0 && s.precision == 0) continue;  // class neither present nor predicted
    sum += s.f1;
    ++used;
  }
  return used == 0 ? kNaN : sum / used;
}

double WeightedF1(const std::vector<ClassScores>& classes) {
  double sum = 0;
  int64_t total = 0;
  for (const ClassScores& s : classes) {
    sum += s.f1 * static_cast<double>(s.support);
    total += s.support;
  }
  return total == 0 ? kNaN : sum / static_cast<double>(total);
}

std::vector<int> ArgmaxRows(std::span<const float> proba, int k) {
  const size_t rows = proba.size() / static_cast<size_t>(k);
  std::vector<int> out(rows);
  for (size_t row = 0; row < rows; ++row) {
    const float* p = proba.data() + row * k;
    out[row] = static_cast<int>(std::max_element(p, p + k) - p);
  }
  return out;
}

std::vector<int> ToClassIds(std::span<const float> y) {
  std::vector<int> out(y.size());
  for (size_t row = 0; row < y.size(); ++row) out[row] = static_cast<int>(std::lround(y[row]));
  return out;
}

double BinaryRocAuc(std::span<const int> labels, std::span<const float> scores) {
  const size_t n = labels.size();
  std::vector<size_t> order(n);
  std::iota(order.begin(), order.end(), size_t{0});
  std::sort(order.begin(), order.end(), [&](size_t a, size_t b) { return scores[a] < scores[b]; });
  double positive_rank_sum = 0;
  int64_t positives = 0;
  for (size_t start = 0; start < n;) {
    size_t end = start;
    while (end < n && scores[order[end]] == scores[order[start]]) ++end;
    const double avg_rank = (static_cast<double>(start + 1) + static_cast<double>(end)) / 2.0;
    for (size_t pos = start; pos < end; ++pos) {
      if (labels[order[pos]] == 1) {
        positive_rank_sum += avg_rank;
        ++positives;
      }
    }
    start = end;
  }
  const int64_t negatives = static_cast<int64_t>(n) - positives;
  if (positives == 0 || negatives == 0) return kNaN;
  const double p = static_cast<double>(positives);
  return (positive_rank_sum - p * (p + 1) / 2.0) / (p * static_cast<double>(negatives));
}

double RocAuc(std::span<const int> y_true, std::span<const float> proba, int k) {
  return MacroOverClasses(y_true, proba, k, [](const std::vector<int>& l, const std::vector<float>& s) {
    return BinaryRocAuc(l, s);
  });
}

double LogLoss(std::span<const int> y_true, std::span<const float> proba, int k, double eps) {
  if (y_true.empty()) return kNaN;
  double sum = 0;
  for (size_t row = 0; row < y_true.size(); ++row) {
    const int cls = y_true[row];
    const double p = (cls >= 0 && cls < k) ? proba[row * k + cls] : 0.0;
    sum -= std::log(std::clamp(std::isnan(p) ? 0.0 : p, eps, 1.0 - eps));
  }
  return sum / static_cast<double>(y_true.size());
}

std::vector<CurvePoint> RocCurve(std::span<const int> labels, std::span<const float> scores,
                                 size_t max_points) {
  const Sweep sweep = SweepThresholds(labels, scores);
  if (sweep.positives == 0 || sweep.negatives == 0) return {};
  std::vector<CurvePoint> points;
  points.push_back({0.0, 0.0, sweep.threshold.front() + 1.0});
  for (size_t idx = 0; idx < sweep.tp.size(); ++idx) {
    points.push_back({static_cast<double>(sweep.fp[idx]) / static_cast<double>(sweep.negatives),
                      static_cast<double>(sweep.tp[idx]) / static_cast<double>(sweep.positives),
                      sweep.threshold[idx]});
  }
  return Downsample(std::move(points), max_points);
}

std::vector<CurvePoint> PrecisionRecallCurve(std::span<const int> labels,
                                             std::span<const float> scores, size_t max_points) {
  const Sweep sweep = SweepThresholds(labels, scores);
  if (sweep.positives == 0) return {};
  std::vector<CurvePoint> points;
  for (size_t idx = 0; idx < sweep.tp.size(); ++idx) {
    const double tp = static_cast<double>(sweep.tp[idx]);
    points.push_back({tp / static_cast<double>(sweep.positives),
                      tp / static_cast<double>(sweep.tp[idx] + sweep.fp[idx]),
                      sweep.threshold[idx]});
  }
  return Downsample(std::move(points), max_points);
}

double AveragePrecision(std::span<const int> labels, std::span<const float> scores) {
  const std::vector<CurvePoint> curve =
      PrecisionRecallCurve(labels, scores, std::numeric_limits<size_t>::max());
  if (curve.empty()) return kNaN;
  double ap = 0, previous_recall = 0;
  for (const CurvePoint& p : curve) {
    ap += (p.x - previous_recall) * p.y;
    previous_recall = p.x;
  }
  return ap;
}

std::vector<CalibrationBin> CalibrationBins(std::span<const int> labels,
                                            std::span<const float> scores, int bins) {
  std::vector<CalibrationBin> out(bins);
  std::vector<double> score_sum(bins, 0.0), positive_sum(bins, 0.0);
  for (int b = 0; b < bins; ++b) {
    out[b].lower = static_cast<double>(b) / bins;
    out[b].upper = static_cast<double>(b + 1) / bins;
  }
  for (size_t row = 0; row < labels.size(); ++row) {
    const double s = std::clamp(static_cast<double>(scores[row]), 0.0, 1.0);
    if (std::isnan(scores[row])) continue;
    const int b = std::min(static_cast<int>(s * bins), bins - 1);
    ++out[b].count;
    score_sum[b] += s;
    positive_sum[b] += labels[row] == 1 ? 1.0 : 0.0;
  }
  for (int b = 0; b < bins; ++b) {
    if (out[b].count == 0) continue;
    out[b].mean_predicted = score_sum[b] / static_cast<double>(out[b].count);
    out[b].observed_rate = positive_sum[b] / static_cast<double>(out[b].count);
  }
  return out;
}

ThresholdAnalysis AnalyzeThresholds(std::span<const int> labels, std::span<const float> scores) {
  ThresholdAnalysis out;
  const double n = static_cast<double>(labels.size());
  for (int step = 1; step <= 19; ++step) {
    ThresholdRow r;
    r.threshold = step / 20.0;
    // Compared in float so that a score of 0.35f counts as ">= 0.35".
    const float cut = static_cast<float>(r.threshold);
    int64_t tp = 0, fp = 0, fn = 0, tn = 0;
    for (size_t row = 0; row < labels.size(); ++row) {
      const bool predicted = scores[row] >= cut;
      const bool actual = labels[row] == 1;
      tp += predicted && actual;
      fp += predicted && !actual;
      fn += !predicted && actual;
      tn += !predicted && !actual;
    }
    r.precision = SafeDiv(static_cast<double>(tp), static_cast<double>(tp + fp));
    r.recall = SafeDiv(static_cast<double>(tp), static_cast<double>(tp + fn));
    r.f1 = SafeDiv(2 * r.precision * r.recall, r.precision + r.recall);
    r.accuracy = n == 0 ? kNaN : static_cast<double>(tp + tn) / n;
    if (out.rows.empty() || r.f1 > out.best_f1.f1) out.best_f1 = r;
    out.rows.push_back(r);
  }
  return out;
}

double Rmse(std::span<const float> y_true, std::span<const float> y_pred) {
  if (y_true.empty()) return kNaN;
  double sum = 0;
  for (size_t row = 0; row < y_true.size(); ++row) {
    const double d = static_cast<double>(y_true[row]) - y_pred[row];
    sum += d * d;
  }
  return std::sqrt(sum / static_cast<double>(y_true.size()));
}

double Mae(std::span<const float> y_true, std::span<const float> y_pred) {
  if (y_true.empty()) return kNaN;
  double sum = 0;
  for (size_t row = 0; row < y_true.size(); ++row) {
    sum += std::abs(static_cast<double>(y_true[row]) - y_pred[row]);
  }
  return sum / static_cast<double>(y_true.size());
}

MapeResult Mape(std::span<const float> y_true, std::span<const float> y_pred) {
  MapeResult out;
  double sum = 0;
  int64_t used = 0;
  for (size_t row = 0; row < y_true.size(); ++row) {
    if (y_true[row] == 0) {
      ++out.skipped_zero;
      continue;
    }
    sum += std::abs((static_cast<double>(y_true[row]) - y_pred[row]) / y_true[row]);
    ++used;
  }
  out.value = used == 0 ? kNaN : sum / static_cast<double>(used);
  return out;
}

double R2(std::span<const float> y_true, std::span<const float> y_pred) {
  if (y_true.empty()) return kNaN;
  double mean = 0;
  for (float v : y_true) mean += v;
  mean /= static_cast<double>(y_true.size());
  double ss_res = 0, ss_tot = 0;
  for (size_t row = 0; row < y_true.size(); ++row) {
    const double r = static_cast<double>(y_true[row]) - y_pred[row];
    const double t = static_cast<double>(y_true[row]) - mean;
    ss_res += r * r;
    ss_tot += t * t;
  }
  return ss_tot == 0 ? kNaN : 1.0 - ss_res / ss_tot;
}

std::vector<HistogramBin> ResidualHistogram(std::span<const float> y_true,
                                            std::span<const float> y_pred, int bins) {
  std::vector<double> residuals;
  residuals.reserve(y_true.size());
  for (size_t row = 0; row < y_true.size(); ++row) {
    const double r = static_cast<double>(y_true[row]) - y_pred[row];
    if (std::isfinite(r)) residuals.push_back(r);
  }
  if (residuals.empty() || bins < 1) return {};
  auto [min_it, max_it] = std::minmax_element(residuals.begin(), residuals.end());
  double lo = *min_it, hi = *max_it;
  if (lo == hi) {
    lo -= 0.5;
    hi += 0.5;
  }
  const double width = (hi - lo) / bins;
  std::vector<HistogramBin> out(bins);
  for (int b = 0; b < bins; ++b) {
    out[b].lower = lo + width * b;
    out[b].upper = b + 1 == bins ? hi : lo + width * (b + 1);
  }
  for (double r : residuals) {
    const int b = std::clamp(static_cast<int>((r - lo) / width), 0, bins - 1);
    ++out[b].count;
  }
  return out;
}

// ---- Registry ------------------------------------------------------------------------------------

namespace {

using Dir = MetricDirection;
constexpr std::array<MetricInfo, 11> kMetrics = {{
    {"roc_auc", Dir::kHigherIsBetter, true, false,
     "area under the ROC curve (binary; one-vs-rest macro for multiclass)"},
    {"accuracy", Dir::kHigherIsBetter, true, false, "fraction of rows classified correctly"},
    {"balanced_accuracy", Dir::kHigherIsBetter, true, false, "mean recall over classes"},
    {"f1_macro", Dir::kHigherIsBetter, true, false, "unweighted mean of per-class F1"},
    {"f1_weighted", Dir::kHigherIsBetter, true, false, "support-weighted mean of per-class F1"},
    {"log_loss", Dir::kLowerIsBetter, true, false, "mean negative log-likelihood (clipped)"},
    {"average_precision", Dir::kHigherIsBetter, true, false,
     "area under the precision-recall curve (one-vs-rest macro for multiclass)"},
    {"rmse", Dir::kLowerIsBetter, false, true, "root mean squared error"},
    {"mae", Dir::kLowerIsBetter, false, true, "mean absolute error"},
    {"mape", Dir::kLowerIsBetter, false, true, "mean absolute percentage error (zero targets skipped)"},
    {"r2", Dir::kHigherIsBetter, false, true, "coefficient of determination"},
}};

double ClassificationMetric(std::string_view name, std::span<const int> y, std::span<const float> p,
                            int k) {
  if (name == "roc_auc") return RocAuc(y, p, k);
  if (name == "log_loss") return LogLoss(y, p, k);
  if (name == "average_precision") {
    return MacroOverClasses(y, p, k, [](const std::vector<int>& l, const std::vector<float>& s) {
      return AveragePrecision(l, s);
    });
  }
  const std::vector<int> predicted = ArgmaxRows(p, k);
  if (name == "accuracy") return Accuracy(y, predicted);
  const auto confusion = ConfusionMatrix(y, predicted, k);
  if (name == "balanced_accuracy") return BalancedAccuracy(confusion);
  const auto classes = PerClassScores(confusion);
  if (name == "f1_macro") return MacroF1(classes);
  return WeightedF1(classes);  // f1_weighted
}

double RegressionMetric(std::string_view name, std::span<const float> y, std::span<const float> p) {
  if (name == "rmse") return Rmse(y, p);
  if (name == "mae") return Mae(y, p);
  if (name == "mape") return Mape(y, p).value;
  return R2(y, p);  // r2
}

}  // namespace

std::span<const MetricInfo> AllMetrics() { return kMetrics; }

Result<const MetricInfo*> FindMetric(std::string_view name) {
  std::string known;
  for (const MetricInfo& m : kMetrics) {
    if (m.name == name) return &m;
    if (!known.empty()) known += ", ";
    known += m.name;
  }
  return InvalidArgumentError("unknown metric \"" + std::string(name) + "\" (known: " + known + ")");
}

Status CheckMetricFor(const MetricInfo& metric, ProblemType type) {
  const bool regression = type == ProblemType::kRegression;
  if (regression ? metric.regression : metric.classification) return Status::Ok();
  return InvalidArgumentError("metric \"" + std::string(metric.name) + "\" does not apply to " +
                              (regression ? "regression" : "classification") + " problems");
}

Result<double> ComputeMetric(std::string_view name, ProblemType type, std::span<const float> y_true,
                             std::span<const float> predictions) {
  LATHE_ASSIGN_OR_RETURN(const MetricInfo* metric, FindMetric(name));
  LATHE_RETURN_IF_ERROR(CheckMetricFor(*metric, type));
  if (y_true.empty()) return InvalidArgumentError("metric \"" + std::string(name) + "\": no rows");
  if (type == ProblemType::kRegression) {
    if (predictions.size() != y_true.size()) {
      return InvalidArgumentError("metric \"" + std::string(name) + "\": " +
                                  std::to_string(predictions.size()) + " predictions for " +
                                  std::to_string(y_true.size()) + " rows");
    }
    return RegressionMetric(name, y_true, predictions);
  }
  const size_t k = predictions.size() / y_true.size();
  if (k < 2 || predictions.size() % y_true.size() != 0 || (type == ProblemType::kBinary && k != 2)) {
    return InvalidArgumentError("metric \"" + std::string(name) + "\": " +
                                std::to_string(predictions.size()) +
                                " probabilities do not form rows x classes for " +
                                std::to_string(y_true.size()) + " rows");
  }
  return ClassificationMetric(name, ToClassIds(y_true), predictions, static_cast<int>(k));
}

std::string_view DefaultMetricName(ProblemType type) {
  switch (type) {
    case ProblemType::kBinary: return "roc_auc";
    case ProblemType::kMulticlass: return "accuracy";
    case ProblemType::kRegression: return "rmse";
  }
  return "rmse";
}

bool IsBetter(const MetricInfo& metric, double candidate, double incumbent) {
  if (std::isnan(candidate)) return false;
  if (std::isnan(incumbent)) return true;
  return metric.direction == MetricDirection::kHigherIsBetter ? candidate > incumbent
                                                              : candidate < incumbent;
}

}  // namespace lathe::ml
