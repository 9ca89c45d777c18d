// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "ml/feature_pipeline.h"

#include <gtest/gtest.h>

#include <chrono>
#include <cmath>
#include <limits>
#include <random>

#include "data/take.h"
#include "ml_test_data.h"

namespace lathe::ml {
namespace {

using data::DataType;
using testing::Doubles;
using testing::Ints;
using testing::Strings;

ProblemInfo BinaryProblem() {
  ProblemInfo p;
  p.type = ProblemType::kBinary;
  p.target = "y";
  p.classes = {"0", "1"};
  return p;
}

int Col(const Matrix& m, const std::string& name) {
  for (size_t i = 0; i < m.feature_names.size(); ++i) {
    if (m.feature_names[i] == name) return static_cast<int>(i);
  }
  return -1;
}

double Correlation(const std::vector<double>& a, const std::vector<float>& b) {
  double ma = 0, mb = 0;
  for (size_t i = 0; i < a.size(); ++i) ma += a[i], mb += b[i];
  ma /= a.size();
  mb /= a.size();
  double sab = 0, saa = 0, sbb = 0;
  for (size_t i = 0; i < a.size(); ++i) {
    sab += (a[i] - ma) * (b[i] - mb);
    saa += (a[i] - ma) * (a[i] - ma);
    sbb += (b[i] - mb) * (b[i] - mb);
  }
  return sab / std::sqrt(saa * sbb);
}

// Numeric columns with gaps, a boolean, a small and a rare-heavy categorical.
data::Table MixedTable(size_t rows, std::vector<float>* y) {
  std::vector<double> age, income;
  std::vector<std::string> color, city;
  data::Column flag = data::Column::Make("flag", DataType::kBool);
  for (size_t i = 0; i < rows; ++i) {
    age.push_back(i % 10 == 0 ? std::nan("") : 20.0 + i % 50);
    income.push_back(1000.0 + 10 * i);
    color.push_back(i % 2 ? "red" : "blue");
    city.push_back(i < 3 ? "tiny" + std::to_string(i) : (i % 3 ? "paris" : "rome"));
    flag.AppendInt(i % 4 == 0);
    y->push_back(i % 2 ? 1.f : 0.f);
  }
  data::Table t;
  EXPECT_TRUE(t.AddColumn(Doubles("age", age)).ok());
  EXPECT_TRUE(t.AddColumn(Doubles("income", income)).ok());
  EXPECT_TRUE(t.AddColumn(std::move(flag)).ok());
  EXPECT_TRUE(t.AddColumn(Strings("color", DataType::kCategorical, color)).ok());
  EXPECT_TRUE(t.AddColumn(Strings("city", DataType::kCategorical, city)).ok());
  std::vector<std::string> labels;
  for (float v : *y) labels.push_back(v ? "1" : "0");
  EXPECT_TRUE(t.AddColumn(Strings("y", DataType::kCategorical, labels)).ok());
  return t;
}

TEST(FeaturePipelineTest, ImputesMedianAddsIndicatorsAndEncodesBooleans) {
  std::vector<float> y;
  data::Table t = MixedTable(200, &y);
  auto fit = FeaturePipeline::Fit(t, BinaryProblem(), y);
  ASSERT_TRUE(fit.ok()) << fit.status().ToString();
  const Matrix& m = fit->train;
  const int age = Col(m, "age"), miss = Col(m, "age__missing");
  ASSERT_GE(age, 0);
  ASSERT_GE(miss, 0);
  EXPECT_EQ(Col(m, "income__missing"), -1);  // no gaps in training: no indicator
  EXPECT_EQ(Col(m, "y"), -1);                // the target is not a feature
  const double median = fit->pipeline->input_schema()[0].median;
  EXPECT_EQ(m.at(0, age), static_cast<float>(median));
  EXPECT_EQ(m.at(0, miss), 1.f);
  EXPECT_EQ(m.at(1, age), 21.f);
  EXPECT_EQ(m.at(1, miss), 0.f);
  EXPECT_EQ(m.at(0, Col(m, "flag")), 1.f);
  EXPECT_EQ(m.at(1, Col(m, "flag")), 0.f);

  // NaN and infinities count as missing at transform time.
  data::Table rows;
  ASSERT_TRUE(rows.AddColumn(Doubles("age", {std::numeric_limits<double>::infinity(), 33})).ok());
  auto x = fit->pipeline->Transform(rows);
  ASSERT_TRUE(x.ok());
  EXPECT_EQ(x->at(0, age), static_cast<float>(median));
  EXPECT_EQ(x->at(0, miss), 1.f);
  EXPECT_EQ(x->at(1, age), 33.f);
}

TEST(FeaturePipelineTest, OneHotWithRareGroupingAndUnseenLevels) {
  std::vector<float> y;
  data::Table t = MixedTable(200, &y);
  auto fit = FeaturePipeline::Fit(t, BinaryProblem(), y);
  ASSERT_TRUE(fit.ok());
  const Matrix& m = fit->train;
  EXPECT_GE(Col(m, "color=red"), 0);
  EXPECT_EQ(Col(m, "color=__rare__"), -1);  // no rare colour
  const int rare = Col(m, "city=__rare__");
  ASSERT_GE(rare, 0);
  EXPECT_EQ(Col(m, "city=tiny0"), -1);
  EXPECT_EQ(m.at(0, rare), 1.f);  // tiny0 seen once -> rare bucket
  EXPECT_EQ(m.at(0, Col(m, "city=rome")), 0.f);

  data::Table rows;
  ASSERT_TRUE(rows.AddColumn(Strings("color", DataType::kCategorical, {"green"})).ok());
  ASSERT_TRUE(rows.AddColumn(Strings("city", DataType::kCategorical, {"oslo"})).ok());
  auto x = fit->pipeline->Transform(rows);
  ASSERT_TRUE(x.ok()) << x.status().ToString();
  EXPECT_EQ(x->at(0, Col(*x, "color=red")), 0.f);  // unseen, no rare bucket: all zero
  EXPECT_EQ(x->at(0, Col(*x, "color=blue")), 0.f);
  EXPECT_EQ(x->at(0, Col(*x, "city=__rare__")), 1.f);  // unseen -> rare bucket
  const auto& schema = fit->pipeline->input_schema();
  auto city = std::find_if(schema.begin(), schema.end(), [](const InputColumn& c) { return c.name == "city"; });
  ASSERT_NE(city, schema.end());
  EXPECT_EQ(city->categories, (std::vector<std::string>{"paris", "rome"}));
}

TEST(FeaturePipelineTest, MissingColumnsExtraColumnsAndWrongTypes) {
  std::vector<float> y;
  data::Table t = MixedTable(200, &y);
  auto fit = FeaturePipeline::Fit(t, BinaryProblem(), y);
  ASSERT_TRUE(fit.ok());
  data::Table rows;  // only an unknown column: everything else missing
  ASSERT_TRUE(rows.AddColumn(Doubles("unrelated", {1, 2})).ok());
  auto x = fit->pipeline->Transform(rows);
  ASSERT_TRUE(x.ok()) << x.status().ToString();
  EXPECT_EQ(x->rows, 2u);
  EXPECT_EQ(x->dense_cols, fit->train.dense_cols);
  EXPECT_EQ(x->at(1, Col(*x, "age__missing")), 1.f);

  data::Table bad;
  ASSERT_TRUE(bad.AddColumn(Strings("age", DataType::kText, {"41", "forty"})).ok());
  auto err = fit->pipeline->Transform(bad);
  ASSERT_FALSE(err.ok());
  EXPECT_EQ(err.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(err.status().message().find("row 1"), std::string::npos) << err.status().message();
  EXPECT_NE(err.status().message().find("'age'"), std::string::npos);
  EXPECT_NE(err.status().message().find("forty"), std::string::npos);
}

TEST(FeaturePipelineTest, DropsIdLikeAndConstantColumnsWithReasons) {
  std::vector<int64_t> ids;
  std::vector<std::string> codes;
  std::vector<double> constant, x;
  std::vector<float> y;
  for (int i = 0; i < 100; ++i) {
    ids.push_back(i + 1);
    codes.push_back("ID" + std::to_string(i * 7919));
    constant.push_back(3);
    x.push_back(i % 7);
    y.push_back(i % 2);
  }
  data::Table t;
  ASSERT_TRUE(t.AddColumn(Ints("row_id", ids)).ok());
  ASSERT_TRUE(t.AddColumn(Strings("code", DataType::kText, codes)).ok());
  ASSERT_TRUE(t.AddColumn(Doubles("k", constant)).ok());
  ASSERT_TRUE(t.AddColumn(Doubles("x", x)).ok());
  auto fit = FeaturePipeline::Fit(t, BinaryProblem(), y);
  ASSERT_TRUE(fit.ok()) << fit.status().ToString();
  std::map<std::string, std::string> dropped;
  for (const auto& d : fit->pipeline->dropped()) dropped[d.name] = d.reason;
  EXPECT_NE(dropped["row_id"].find("ID-like"), std::string::npos);
  EXPECT_NE(dropped["code"].find("ID-like"), std::string::npos);
  EXPECT_EQ(dropped["k"], "constant");
  EXPECT_EQ(fit->pipeline->feature_names(), (std::vector<std::string>{"x"}));
}

// 2,000 rows, 100 levels of 20 rows each: frequency + target encoding.
data::Table HighCardTable(bool informative, std::vector<float>* y) {
  std::mt19937_64 rng(7);
  std::vector<std::string> shop;
  for (int i = 0; i < 2000; ++i) {
    const int level = i % 100;
    shop.push_back("shop" + std::to_string(level));
    const bool positive = informative ? (level % 2 == 0) != (rng() % 10 == 0) : rng() % 2 == 0;
    y->push_back(positive ? 1.f : 0.f);
  }
  data::Table t;
  EXPECT_TRUE(t.AddColumn(Strings("shop", DataType::kCategorical, shop)).ok());
  return t;
}

TEST(FeaturePipelineTest, TargetEncodingIsOutOfFoldOnTrainingRows) {
  std::vector<float> y;
  data::Table t = HighCardTable(false, &y);
  auto fit = FeaturePipeline::Fit(t, BinaryProblem(), y);
  ASSERT_TRUE(fit.ok()) << fit.status().ToString();
  const int te = Col(fit->train, "shop__te"), freq = Col(fit->train, "shop__freq");
  ASSERT_GE(te, 0);
  ASSERT_GE(freq, 0);
  EXPECT_FLOAT_EQ(fit->train.at(0, freq), 0.01f);
  std::vector<double> oof, in_sample;
  auto full = fit->pipeline->Transform(t);  // full-data mapping: what predict time uses
  ASSERT_TRUE(full.ok());
  for (size_t r = 0; r < t.num_rows(); ++r) {
    oof.push_back(fit->train.at(r, te));
    in_sample.push_back(full->at(r, te));
  }
  // A random level carries no signal: the out-of-fold encoding must not "learn" the labels,
  // while the in-sample mapping visibly leaks them.
  EXPECT_LT(std::abs(Correlation(oof, y)), 0.1);
  EXPECT_GT(Correlation(in_sample, y), 0.2);

  std::vector<float> y2;
  data::Table t2 = HighCardTable(true, &y2);
  auto fit2 = FeaturePipeline::Fit(t2, BinaryProblem(), y2);
  ASSERT_TRUE(fit2.ok());
  std::vector<double> oof2;
  for (size_t r = 0; r < t2.num_rows(); ++r) oof2.push_back(fit2->train.at(r, te));
  EXPECT_GT(Correlation(oof2, y2), 0.6);  // a real signal survives out of fold

  data::Table unseen;
  ASSERT_TRUE(unseen.AddColumn(Strings("shop", DataType::kCategorical, {"shop_new"})).ok());
  auto x = fit->pipeline->Transform(unseen);
  ASSERT_TRUE(x.ok());
  double prior = 0;
  for (float v : y) prior += v;
  EXPECT_NEAR(x->at(0, te), prior / y.size(), 1e-6);  // unseen -> prior
  EXPECT_EQ(x->at(0, freq), 0.f);
}

TEST(FeaturePipelineTest, DatetimeParts) {
  data::Column d = data::Column::Make("when", DataType::kDate);
  std::vector<float> y;
  for (int i = 0; i < 50; ++i) {
    d.AppendInt(19797 + i);  // 2024-03-15 (a Friday) onwards
    y.push_back(i % 2);
  }
  data::Table t;
  ASSERT_TRUE(t.AddColumn(std::move(d)).ok());
  auto fit = FeaturePipeline::Fit(t, BinaryProblem(), y);
  ASSERT_TRUE(fit.ok()) << fit.status().ToString();
  const Matrix& m = fit->train;
  EXPECT_EQ(m.at(0, Col(m, "when__year")), 2024.f);
  EXPECT_EQ(m.at(0, Col(m, "when__month")), 3.f);
  EXPECT_EQ(m.at(0, Col(m, "when__day")), 15.f);
  EXPECT_EQ(m.at(0, Col(m, "when__weekday")), 4.f);  // Monday = 0
  EXPECT_EQ(m.at(0, Col(m, "when__epoch_days")), 19797.f);
  EXPECT_EQ(Col(m, "when__hour"), -1);  // dates have no time of day
  data::Table text_dates;
  ASSERT_TRUE(text_dates.AddColumn(Strings("when", DataType::kText, {"2025-01-01"})).ok());
  auto x = fit->pipeline->Transform(text_dates);
  ASSERT_TRUE(x.ok()) << x.status().ToString();
  EXPECT_EQ(x->at(0, Col(*x, "when__weekday")), 2.f);  // a Wednesday
}

TEST(FeaturePipelineTest, TextTfIdfIsHashedSparseAndNormalised) {
  data::Table t = testing::MakeTextTable(300, 3);
  ProblemInfo p = BinaryProblem();
  p.target = "label";
  p.classes = {"sport", "tech"};
  std::vector<float> y(300, 0.f);
  auto fit = FeaturePipeline::Fit(t, p, y);
  ASSERT_TRUE(fit.ok()) << fit.status().ToString();
  const Matrix& m = fit->train;
  EXPECT_EQ(m.dense_cols, 0u);
  EXPECT_EQ(m.sparse_cols, size_t{1} << 18);
  ASSERT_EQ(m.text.size(), 300u);
  for (size_t r = 0; r < m.rows; ++r) {
    double norm = 0;
    ASSERT_GT(m.sparse_indptr[r + 1], m.sparse_indptr[r]);
    for (uint64_t k = m.sparse_indptr[r]; k < m.sparse_indptr[r + 1]; ++k) {
      norm += m.sparse_values[k] * m.sparse_values[k];
      if (k > m.sparse_indptr[r]) {
        ASSERT_LT(m.sparse_indices[k - 1], m.sparse_indices[k]);
      }
    }
    EXPECT_NEAR(norm, 1.0, 1e-4);
  }
  data::Table rows;
  ASSERT_TRUE(rows.AddColumn(Strings("review", DataType::kText, {"zzqx wwvy", "the goal"})).ok());
  auto x = fit->pipeline->Transform(rows);
  ASSERT_TRUE(x.ok());
  EXPECT_EQ(x->sparse_indptr[1], 0u);  // only unseen n-grams: an empty row
  EXPECT_GT(x->sparse_indptr[2], 0u);
}

TEST(FeaturePipelineTest, JsonRoundTripGivesIdenticalMatrices) {
  std::vector<float> y;
  data::Table t = MixedTable(200, &y);
  std::vector<std::string> words;
  for (size_t i = 0; i < 200; ++i) words.push_back(i % 2 ? "good product fast" : "slow bad service");
  ASSERT_TRUE(t.AddColumn(Strings("note", DataType::kText, words)).ok());
  auto fit = FeaturePipeline::Fit(t, BinaryProblem(), y);
  ASSERT_TRUE(fit.ok());
  const std::string text = fit->pipeline->ToJson().dump();
  auto back = FeaturePipeline::FromJson(nlohmann::json::parse(text));
  ASSERT_TRUE(back.ok()) << back.status().ToString();
  auto a = fit->pipeline->Transform(t);
  auto b = (*back)->Transform(t);
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->dense, b->dense);
  EXPECT_EQ(a->sparse_indptr, b->sparse_indptr);
  EXPECT_EQ(a->sparse_indices, b->sparse_indices);
  EXPECT_EQ(a->sparse_values, b->sparse_values);
  EXPECT_EQ(a->feature_names, b->feature_names);
  EXPECT_EQ((*back)->InputSchemaJson(), fit->pipeline->InputSchemaJson());
  auto broken = nlohmann::json::parse(text);
  broken["encoders"][0].erase("median");
  EXPECT_EQ(FeaturePipeline::FromJson(broken).status().code(), StatusCode::kDataLoss);
}

// Prediction's transform: the same matrix without feature names, whether the rows come in
// input-schema order (the columns are found by position) or in any other order (by name).
TEST(FeaturePipelineTest, TransformForPredictionMatchesTransformInAnyColumnOrder) {
  std::vector<float> y;
  data::Table t = MixedTable(600, &y);
  std::vector<std::string> words;
  for (size_t i = 0; i < 600; ++i) words.push_back(i % 2 ? "good product fast" : "slow bad service");
  ASSERT_TRUE(t.AddColumn(Strings("note", DataType::kText, words)).ok());
  auto fit = FeaturePipeline::Fit(t, BinaryProblem(), y);
  ASSERT_TRUE(fit.ok());
  auto full = fit->pipeline->Transform(t);
  ASSERT_TRUE(full.ok());
  ASSERT_FALSE(full->feature_names.empty());
  data::Table in_order, reversed;
  for (const InputColumn& input : fit->pipeline->input_schema()) {
    ASSERT_TRUE(in_order.AddColumn(t.column(t.FindColumn(input.name))).ok());
  }
  for (size_t col = t.num_columns(); col-- > 0;) {
    ASSERT_TRUE(reversed.AddColumn(t.column(col)).ok());
  }
  for (const data::Table* rows : {&in_order, &reversed, &t}) {
    auto m = fit->pipeline->TransformForPrediction(*rows);
    ASSERT_TRUE(m.ok()) << m.status().ToString();
    EXPECT_TRUE(m->feature_names.empty());
    EXPECT_EQ(m->dense_cols, full->dense_cols);
    EXPECT_EQ(m->dense, full->dense);
    EXPECT_EQ(m->sparse_indptr, full->sparse_indptr);
    EXPECT_EQ(m->sparse_indices, full->sparse_indices);
    EXPECT_EQ(m->sparse_values, full->sparse_values);
    EXPECT_EQ(m->text, full->text);
  }
  // Rows are encoded in blocks: rows on both sides of a block boundary, alone, give the same
  // features as within the whole table.
  for (uint32_t row : {0u, 255u, 256u, 257u, 599u}) {
    const std::vector<uint32_t> one = {row};
    auto m = fit->pipeline->TransformForPrediction(data::TakeRows(t, one));
    ASSERT_TRUE(m.ok());
    const auto begin = full->dense.begin() + row * full->dense_cols;
    EXPECT_EQ(m->dense, std::vector<float>(begin, begin + full->dense_cols)) << "row " << row;
  }
}

TEST(FeaturePipelineTest, SingleRowTransformIsFast) {
  std::vector<float> y;
  data::Table t = MixedTable(2000, &y);
  auto fit = FeaturePipeline::Fit(t, BinaryProblem(), y);
  ASSERT_TRUE(fit.ok());
  const std::vector<uint32_t> one = {5};
  data::Table row = data::TakeRows(t, one);
  const auto start = std::chrono::steady_clock::now();
  for (int i = 0; i < 1000; ++i) ASSERT_TRUE(fit->pipeline->Transform(row).ok());
  const double ms = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start).count();
  EXPECT_LT(ms / 1000, 0.5) << "one-row transform took " << ms / 1000 << " ms";
}

}  // namespace
}  // namespace lathe::ml
