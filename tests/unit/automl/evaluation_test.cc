// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "ml/evaluation.h"

#include <cmath>
#include <random>

#include <gtest/gtest.h>

namespace lathe::ml {
namespace {

ProblemInfo Binary() {
  ProblemInfo p;
  p.type = ProblemType::kBinary;
  p.target = "churned";
  p.classes = {"no", "yes"};
  return p;
}

// Two features; the "model" uses only f0: p(yes) = sigmoid(4 * f0). Labels follow f0's sign
// (with a few flips), so shuffling f0 hurts and shuffling f1 changes nothing.
struct Fixture {
  Matrix x;
  std::vector<float> y;
  PredictFn predict;
};

Fixture MakeFixture() {
  Fixture f;
  std::mt19937_64 rng(3);
  std::normal_distribution<float> n(0, 1);
  f.x.rows = 500;
  f.x.dense_cols = 2;
  f.x.feature_names = {"tenure", "noise"};
  for (size_t row = 0; row < f.x.rows; ++row) {
    const float a = n(rng), b = n(rng);
    f.x.dense.push_back(a);
    f.x.dense.push_back(b);
    f.y.push_back((a > 0) != (row % 10 == 0) ? 1.0f : 0.0f);
  }
  f.predict = [](const Matrix& x) -> Result<std::vector<float>> {
    std::vector<float> out;
    for (size_t row = 0; row < x.rows; ++row) {
      const float p = 1.0f / (1.0f + std::exp(-4.0f * x.at(row, 0)));
      out.push_back(1 - p);
      out.push_back(p);
    }
    return out;
  };
  return f;
}

TEST(EvaluationTest, BinaryReportHasEverySectionAndPermutationImportance) {
  Fixture f = MakeFixture();
  auto pred = f.predict(f.x);
  EvaluationOptions options;
  options.test_x = &f.x;
  options.predict = f.predict;
  options.gain_importance = {0.2f, 3.5f};
  auto report = Evaluate(Binary(), f.y, *pred, options);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  const nlohmann::json& j = report->json;
  EXPECT_EQ(j["problem_type"], "binary");
  EXPECT_EQ(j["rows"], 500);
  EXPECT_EQ(j["positive_class"], "yes");
  EXPECT_EQ(j["primary_metric"]["name"], "roc_auc");
  EXPECT_TRUE(j["primary_metric"]["higher_is_better"]);
  EXPECT_DOUBLE_EQ(j["primary_metric"]["value"].get<double>(), report->primary_value);
  // 10% of labels flipped: accuracy of the argmax (sign of f0) is 0.9.
  EXPECT_NEAR(j["metrics"]["accuracy"].get<double>(), 0.9, 1e-9);
  for (const char* key : {"balanced_accuracy", "f1_macro", "f1_weighted", "roc_auc", "log_loss",
                          "average_precision"}) {
    EXPECT_TRUE(j["metrics"][key].is_number()) << key;
  }
  ASSERT_EQ(j["classes"].size(), 2u);
  EXPECT_EQ(j["classes"][1]["label"], "yes");
  const auto& counts = j["confusion_matrix"]["counts"];
  EXPECT_EQ(counts[0][0].get<int>() + counts[0][1].get<int>() + counts[1][0].get<int>() +
                counts[1][1].get<int>(),
            500);
  EXPECT_LE(j["roc_curve"].size(), 200u);
  EXPECT_EQ(j["roc_curve"][0]["fpr"], 0.0);
  EXPECT_LE(j["pr_curve"].size(), 200u);
  EXPECT_EQ(j["calibration"].size(), 10u);
  EXPECT_EQ(j["thresholds"]["rows"].size(), 19u);
  EXPECT_TRUE(j["thresholds"]["best_f1"]["threshold"].is_number());

  const auto& gain = j["feature_importance"]["gain"];
  ASSERT_EQ(gain.size(), 2u);
  EXPECT_EQ(gain[0]["feature"], "noise");  // sorted by gain, highest first
  const auto& perm = j["feature_importance"]["permutation"];
  EXPECT_EQ(perm["metric"], "roc_auc");
  EXPECT_FALSE(perm["truncated"]);
  EXPECT_EQ(perm["repeats_completed"], 3);
  ASSERT_EQ(perm["features"].size(), 2u);
  EXPECT_EQ(perm["features"][0]["feature"], "tenure");
  EXPECT_GT(perm["features"][0]["mean_drop"].get<double>(), 0.2);
  EXPECT_EQ(perm["features"][1]["mean_drop"].get<double>(), 0.0);  // the model ignores it
}

TEST(EvaluationTest, PermutationImportanceStopsAtTheTimeCap) {
  Fixture f = MakeFixture();
  auto pred = f.predict(f.x);
  EvaluationOptions options;
  options.test_x = &f.x;
  options.predict = f.predict;
  options.permutation_seconds = 0;
  auto report = Evaluate(Binary(), f.y, *pred, options);
  ASSERT_TRUE(report.ok());
  EXPECT_TRUE(report->json["feature_importance"]["permutation"]["truncated"]);
}

// A text learner (fastText) reads only Matrix::text: the rows that permutation importance samples
// must keep their text, in the order of their labels (the multi-label Comprehend jobs failed with
// "the rows carry no text feature" when the sample dropped it).
TEST(EvaluationTest, PermutationImportanceKeepsTheTextOfSampledRows) {
  Matrix x;
  x.rows = 300;
  x.dense_cols = 1;
  x.feature_names = {"length"};
  std::vector<float> y;
  for (size_t row = 0; row < x.rows; ++row) {
    const bool good = row % 3 != 0;
    x.text.push_back(good ? "good service row " + std::to_string(row) : "bad row");
    x.dense.push_back(static_cast<float>(x.text.back().size()));
    y.push_back(good ? 1.0f : 0.0f);
  }
  const PredictFn from_text = [](const Matrix& m) -> Result<std::vector<float>> {
    if (m.text.size() != m.rows) return InvalidArgumentError("the rows carry no text feature");
    std::vector<float> out;
    for (const std::string& text : m.text) {
      const float p = text.starts_with("good") ? 0.9f : 0.1f;
      out.push_back(1 - p);
      out.push_back(p);
    }
    return out;
  };
  auto pred = from_text(x);
  ASSERT_TRUE(pred.ok());
  EvaluationOptions options;
  options.test_x = &x;
  options.predict = from_text;
  options.permutation_max_rows = 120;  // a sample of the rows, not all of them
  auto report = Evaluate(Binary(), y, *pred, options);
  ASSERT_TRUE(report.ok()) << report.status().ToString();
  const nlohmann::json& perm = report->json["feature_importance"]["permutation"];
  EXPECT_EQ(perm["rows"], 120);
  // Each sampled row kept its own text: the sample is separated perfectly.
  EXPECT_DOUBLE_EQ(perm["baseline"].get<double>(), 1.0);
  ASSERT_EQ(perm["features"].size(), 1u);
  EXPECT_EQ(perm["features"][0]["mean_drop"].get<double>(), 0.0);  // text, not length, decides
}

TEST(EvaluationTest, MulticlassAndRegressionSections) {
  ProblemInfo multi;
  multi.type = ProblemType::kMulticlass;
  multi.classes = {"a", "b", "c"};
  const std::vector<float> y = {0, 1, 2, 0};
  const std::vector<float> proba = {0.6f, 0.3f, 0.1f, 0.2f, 0.5f, 0.3f,
                                    0.3f, 0.3f, 0.4f, 0.25f, 0.5f, 0.25f};
  auto m = Evaluate(multi, y, proba);
  ASSERT_TRUE(m.ok()) << m.status().ToString();
  EXPECT_EQ(m->primary_metric, "accuracy");
  EXPECT_DOUBLE_EQ(m->primary_value, 0.75);
  EXPECT_NEAR(m->json["metrics"]["roc_auc"].get<double>(), 0.861111, 1e-6);
  EXPECT_FALSE(m->json.contains("roc_curve"));
  EXPECT_EQ(m->json["confusion_matrix"]["labels"], nlohmann::json({"a", "b", "c"}));

  ProblemInfo reg;
  reg.type = ProblemType::kRegression;
  auto r = Evaluate(reg, std::vector<float>{3, -0.5f, 2, 7}, std::vector<float>{2.5f, 0, 2, 8});
  ASSERT_TRUE(r.ok());
  EXPECT_EQ(r->primary_metric, "rmse");
  EXPECT_NEAR(r->json["metrics"]["r2"].get<double>(), 0.948608, 1e-6);
  EXPECT_EQ(r->json["metrics"]["mape_skipped_zero_targets"], 0);
  EXPECT_EQ(r->json["residual_histogram"].size(), 20u);
}

TEST(EvaluationTest, SizeMismatchesAreInvalidArgument) {
  auto bad = Evaluate(Binary(), std::vector<float>{0, 1}, std::vector<float>{0.5f, 0.5f, 0.5f});
  EXPECT_EQ(bad.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(bad.status().message().find("3 predictions"), std::string::npos);
  EvaluationOptions wrong_metric;
  wrong_metric.primary_metric = "rmse";
  auto metric = Evaluate(Binary(), std::vector<float>{0, 1},
                         std::vector<float>{0.5f, 0.5f, 0.5f, 0.5f}, wrong_metric);
  EXPECT_EQ(metric.status().code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace lathe::ml
