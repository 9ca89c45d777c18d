// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "ml/metrics.h"

#include <cmath>
#include <vector>

#include <gtest/gtest.h>

namespace lathe::ml {
namespace {

// y_true = 0 0 0 1 1 2, y_pred = 0 0 1 1 1 0.
//   confusion (rows true, cols predicted): [2 1 0] [0 2 0] [1 0 0]
//   class 0: tp 2, predicted 3, actual 3 -> P 2/3 R 2/3 F1 2/3
//   class 1: tp 2, predicted 3, actual 2 -> P 2/3 R 1   F1 2*(2/3)/(5/3) = 0.8
//   class 2: tp 0, predicted 0, actual 1 -> P 0   R 0   F1 0
//   accuracy 4/6; balanced (2/3 + 1 + 0) / 3 = 5/9; macro F1 (2/3 + 0.8) / 3 = 0.488889;
//   weighted F1 (3 * 2/3 + 2 * 0.8) / 6 = 0.6
const std::vector<int> kTrue = {0, 0, 0, 1, 1, 2};
const std::vector<int> kPred = {0, 0, 1, 1, 1, 0};

TEST(MetricsTest, ConfusionMatrixAndAccuracy) {
  auto confusion = ConfusionMatrix(kTrue, kPred, 3);
  EXPECT_EQ(confusion, (std::vector<std::vector<int64_t>>{{2, 1, 0}, {0, 2, 0}, {1, 0, 0}}));
  EXPECT_DOUBLE_EQ(Accuracy(kTrue, kPred), 4.0 / 6.0);
  EXPECT_DOUBLE_EQ(BalancedAccuracy(confusion), 5.0 / 9.0);
}

TEST(MetricsTest, PerClassPrecisionRecallF1AndAverages) {
  auto classes = PerClassScores(ConfusionMatrix(kTrue, kPred, 3));
  ASSERT_EQ(classes.size(), 3u);
  EXPECT_DOUBLE_EQ(classes[0].precision, 2.0 / 3.0);
  EXPECT_DOUBLE_EQ(classes[0].recall, 2.0 / 3.0);
  EXPECT_NEAR(classes[0].f1, 2.0 / 3.0, 1e-12);
  EXPECT_EQ(classes[0].support, 3);
  EXPECT_DOUBLE_EQ(classes[1].recall, 1.0);
  EXPECT_NEAR(classes[1].f1, 0.8, 1e-12);
  EXPECT_EQ(classes[1].support, 2);
  EXPECT_EQ(classes[2].precision, 0.0);
  EXPECT_EQ(classes[2].f1, 0.0);
  EXPECT_EQ(classes[2].support, 1);
  EXPECT_NEAR(MacroF1(classes), (2.0 / 3.0 + 0.8) / 3.0, 1e-12);
  EXPECT_NEAR(WeightedF1(classes), 0.6, 1e-12);
}

// labels 0 0 1 1, scores 0.1 0.4 0.35 0.8: positive/negative pairs won: 0.35>0.1, 0.8>0.1,
// 0.8>0.4 (0.35<0.4 lost) -> 3/4.
TEST(MetricsTest, BinaryRocAucCountsPairs) {
  EXPECT_DOUBLE_EQ(BinaryRocAuc(std::vector<int>{0, 0, 1, 1},
                                std::vector<float>{0.1f, 0.4f, 0.35f, 0.8f}),
                   0.75);
}

// labels 0 1 0 1, scores 0.5 0.5 0.2 0.9: ranks 0.2->1, 0.5->2.5 (tie), 0.9->4; positive rank
// sum 6.5, U = 6.5 - 2*3/2 = 3.5, AUC = 3.5/4 (the tied pair counts one half).
TEST(MetricsTest, RocAucGivesTiesAverageRank) {
  EXPECT_DOUBLE_EQ(BinaryRocAuc(std::vector<int>{0, 1, 0, 1},
                                std::vector<float>{0.5f, 0.5f, 0.2f, 0.9f}),
                   0.875);
  EXPECT_TRUE(std::isnan(BinaryRocAuc(std::vector<int>{1, 1}, std::vector<float>{0.2f, 0.3f})));
}

// y = 0 1 2 0; proba rows [.6 .3 .1] [.2 .5 .3] [.3 .3 .4] [.25 .5 .25]
//   class 0 vs rest: pos .6 .25, neg .2 .3 -> wins .6>.2 .6>.3 .25>.2 -> 3/4
//   class 1: pos .5, neg .3 .3 .5 -> 1 + 1 + 0.5 = 2.5/3
//   class 2: pos .4, neg .1 .3 .25 -> 1
//   macro = (0.75 + 0.833333 + 1) / 3 = 0.861111
//   log loss = -(ln .6 + ln .5 + ln .4 + ln .25) / 4 = 0.876640
const std::vector<int> kMultiTrue = {0, 1, 2, 0};
const std::vector<float> kMultiProba = {0.6f, 0.3f, 0.1f, 0.2f, 0.5f, 0.3f,
                                        0.3f, 0.3f, 0.4f, 0.25f, 0.5f, 0.25f};

TEST(MetricsTest, MulticlassRocAucIsOneVsRestMacro) {
  EXPECT_NEAR(RocAuc(kMultiTrue, kMultiProba, 3), (0.75 + 2.5 / 3.0 + 1.0) / 3.0, 1e-9);
}

TEST(MetricsTest, LogLossMatchesHandValueAndClips) {
  EXPECT_NEAR(LogLoss(kMultiTrue, kMultiProba, 3), 0.876640, 1e-6);
  // p(true) = 0 is clipped to 1e-15: -ln(1e-15) = 34.538776.
  EXPECT_NEAR(LogLoss(std::vector<int>{0}, std::vector<float>{0.0f, 1.0f}, 2), 34.538776, 1e-5);
}

// labels 0 0 1 1, scores .1 .4 .35 .8, descending: .8 (pos) .4 (neg) .35 (pos) .1 (neg)
//   ROC: (0,0) (0,.5) (.5,.5) (.5,1) (1,1)
//   PR:  (r .5, p 1) (r .5, p .5) (r 1, p 2/3) (r 1, p .5)
//   AP = .5 * 1 + 0 * .5 + .5 * 2/3 + 0 = 0.833333
TEST(MetricsTest, RocAndPrecisionRecallCurves) {
  const std::vector<int> labels = {0, 0, 1, 1};
  const std::vector<float> scores = {0.1f, 0.4f, 0.35f, 0.8f};
  auto roc = RocCurve(labels, scores);
  ASSERT_EQ(roc.size(), 5u);
  const double expected_roc[5][2] = {{0, 0}, {0, 0.5}, {0.5, 0.5}, {0.5, 1}, {1, 1}};
  for (size_t idx = 0; idx < 5; ++idx) {
    EXPECT_DOUBLE_EQ(roc[idx].x, expected_roc[idx][0]) << idx;
    EXPECT_DOUBLE_EQ(roc[idx].y, expected_roc[idx][1]) << idx;
  }
  EXPECT_FLOAT_EQ(static_cast<float>(roc[1].threshold), 0.8f);
  auto pr = PrecisionRecallCurve(labels, scores);
  ASSERT_EQ(pr.size(), 4u);
  EXPECT_DOUBLE_EQ(pr[0].x, 0.5);
  EXPECT_DOUBLE_EQ(pr[0].y, 1.0);
  EXPECT_DOUBLE_EQ(pr[2].x, 1.0);
  EXPECT_NEAR(pr[2].y, 2.0 / 3.0, 1e-12);
  EXPECT_NEAR(AveragePrecision(labels, scores), 5.0 / 6.0, 1e-12);
}

TEST(MetricsTest, CurvesAreDownsampledTo200PointsKeepingEnds) {
  std::vector<int> labels;
  std::vector<float> scores;
  for (int row = 0; row < 1000; ++row) {
    labels.push_back(row % 3 == 0 ? 1 : 0);
    scores.push_back(static_cast<float>(row) / 1000.0f);
  }
  auto roc = RocCurve(labels, scores);
  ASSERT_EQ(roc.size(), 200u);
  EXPECT_EQ(roc.front().x, 0.0);
  EXPECT_EQ(roc.front().y, 0.0);
  EXPECT_EQ(roc.back().x, 1.0);
  EXPECT_EQ(roc.back().y, 1.0);
  auto pr = PrecisionRecallCurve(labels, scores);
  EXPECT_EQ(pr.size(), 200u);
  EXPECT_EQ(pr.back().x, 1.0);
}

// labels 0 1 1 0 1, scores .05 .15 .12 .95 1.0:
//   bin [0,.1): .05 -> count 1, mean .05, observed 0
//   bin [.1,.2): .15 .12 -> count 2, mean .135, observed 1
//   bin [.9,1]: .95 1.0 -> count 2, mean .975, observed .5
TEST(MetricsTest, CalibrationBins) {
  auto bins = CalibrationBins(std::vector<int>{0, 1, 1, 0, 1},
                              std::vector<float>{0.05f, 0.15f, 0.12f, 0.95f, 1.0f});
  ASSERT_EQ(bins.size(), 10u);
  EXPECT_EQ(bins[0].count, 1);
  EXPECT_NEAR(bins[0].mean_predicted, 0.05, 1e-6);
  EXPECT_EQ(bins[0].observed_rate, 0.0);
  EXPECT_EQ(bins[1].count, 2);
  EXPECT_NEAR(bins[1].mean_predicted, 0.135, 1e-6);
  EXPECT_EQ(bins[1].observed_rate, 1.0);
  EXPECT_EQ(bins[9].count, 2);
  EXPECT_NEAR(bins[9].mean_predicted, 0.975, 1e-6);
  EXPECT_EQ(bins[9].observed_rate, 0.5);
  EXPECT_EQ(bins[5].count, 0);
}

// labels 0 0 1 1, scores .1 .4 .35 .8 (positive when score >= t):
//   t = .05, .10: all positive -> tp 2 fp 2: P .5 R 1 F1 2/3 acc .5
//   t = .15 .. .35: .35 .4 .8 -> tp 2 fp 1: P 2/3 R 1 F1 .8 acc .75   <- best F1 at .15
//   t = .40: .4 .8 -> tp 1 fp 1: F1 .5
//   t = .45 .. .80: .8 -> tp 1: P 1 R .5 F1 2/3 acc .75
//   t = .85 .. .95: nothing: F1 0 acc .5
TEST(MetricsTest, ThresholdAnalysisFindsBestF1) {
  auto analysis = AnalyzeThresholds(std::vector<int>{0, 0, 1, 1},
                                    std::vector<float>{0.1f, 0.4f, 0.35f, 0.8f});
  ASSERT_EQ(analysis.rows.size(), 19u);
  EXPECT_DOUBLE_EQ(analysis.rows[0].threshold, 0.05);
  EXPECT_NEAR(analysis.rows[0].f1, 2.0 / 3.0, 1e-12);
  EXPECT_NEAR(analysis.rows[6].f1, 0.8, 1e-12);   // t = .35 includes the score .35
  EXPECT_NEAR(analysis.rows[7].f1, 0.5, 1e-12);   // t = .40
  EXPECT_DOUBLE_EQ(analysis.rows[10].precision, 1.0);  // t = .55
  EXPECT_DOUBLE_EQ(analysis.rows[10].accuracy, 0.75);
  EXPECT_EQ(analysis.rows[18].f1, 0.0);
  EXPECT_DOUBLE_EQ(analysis.best_f1.threshold, 0.15);
  EXPECT_NEAR(analysis.best_f1.f1, 0.8, 1e-12);
}

// y = 3 -0.5 2 7, p = 2.5 0 2 8: errors .5 -.5 0 -1
//   MSE = (.25 + .25 + 0 + 1) / 4 = .375, RMSE = .612372; MAE = 2/4 = .5
//   mean y = 2.875, SS_tot = 29.1875, SS_res = 1.5, R2 = 1 - 1.5/29.1875 = 0.948608
TEST(MetricsTest, RegressionMetrics) {
  const std::vector<float> y = {3, -0.5f, 2, 7}, p = {2.5f, 0, 2, 8};
  EXPECT_NEAR(Rmse(y, p), 0.612372, 1e-6);
  EXPECT_DOUBLE_EQ(Mae(y, p), 0.5);
  EXPECT_NEAR(R2(y, p), 0.948608, 1e-6);
  // residuals .5 -.5 0 -1 in 2 bins over [-1, .5]: [-1, -.25) holds -1 -.5, the rest 0 .5.
  auto hist = ResidualHistogram(y, p, 2);
  ASSERT_EQ(hist.size(), 2u);
  EXPECT_DOUBLE_EQ(hist[0].lower, -1.0);
  EXPECT_EQ(hist[0].count, 2);
  EXPECT_EQ(hist[1].count, 2);
  EXPECT_DOUBLE_EQ(hist[1].upper, 0.5);
}

// y = 0 2 4, p = 1 3 3: the zero target is skipped; |(2-3)/2| = .5, |(4-3)/4| = .25 -> .375.
TEST(MetricsTest, MapeSkipsZeroTargetsAndSaysSo) {
  auto mape = Mape(std::vector<float>{0, 2, 4}, std::vector<float>{1, 3, 3});
  EXPECT_DOUBLE_EQ(mape.value, 0.375);
  EXPECT_EQ(mape.skipped_zero, 1);
}

TEST(MetricsTest, RegistryKnowsNamesAndDirections) {
  for (const char* name : {"roc_auc", "accuracy", "balanced_accuracy", "f1_macro", "log_loss",
                           "rmse", "mae", "r2", "mape", "average_precision", "f1_weighted"}) {
    EXPECT_TRUE(FindMetric(name).ok()) << name;
  }
  auto unknown = FindMetric("auc");
  ASSERT_FALSE(unknown.ok());
  EXPECT_NE(unknown.status().message().find("roc_auc"), std::string::npos);
  const MetricInfo& log_loss = **FindMetric("log_loss");
  EXPECT_EQ(log_loss.direction, MetricDirection::kLowerIsBetter);
  EXPECT_TRUE(IsBetter(log_loss, 0.2, 0.3));
  EXPECT_FALSE(IsBetter(log_loss, std::nan(""), 0.3));
  EXPECT_TRUE(IsBetter(**FindMetric("roc_auc"), 0.9, std::nan("")));
  EXPECT_TRUE(IsBetter(**FindMetric("r2"), 0.9, 0.8));
}

TEST(MetricsTest, ComputeMetricDispatchesAndChecksShapes) {
  const std::vector<float> y = {0, 1, 2, 0};
  auto auc = ComputeMetric("roc_auc", ProblemType::kMulticlass, y, kMultiProba);
  ASSERT_TRUE(auc.ok()) << auc.status().ToString();
  EXPECT_NEAR(*auc, 0.861111, 1e-6);
  auto acc = ComputeMetric("accuracy", ProblemType::kMulticlass, y, kMultiProba);
  ASSERT_TRUE(acc.ok());
  EXPECT_DOUBLE_EQ(*acc, 0.75);  // argmax: 0 1 2 1 (tie .5/.25 -> 1)
  auto wrong = ComputeMetric("rmse", ProblemType::kBinary, y, kMultiProba);
  EXPECT_EQ(wrong.status().code(), StatusCode::kInvalidArgument);
  auto shape = ComputeMetric("roc_auc", ProblemType::kBinary, y, kMultiProba);
  EXPECT_EQ(shape.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(DefaultMetricName(ProblemType::kMulticlass), "accuracy");
}

}  // namespace
}  // namespace lathe::ml
