// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "ml/algorithms/xgboost/sparse_columns.h"

#include <gtest/gtest.h>

#include <random>
#include <vector>

#include "ml/estimator.h"

namespace lathe::ml::internal {
namespace {

using nlohmann::json;

// Two dense columns and a wide sparse block in which column c is present in a row with
// probability 1 / (1 + c / 8) (the first columns in most rows, like frequent n-grams); the label
// is 1 when sparse column 3 is above 0.5 or dense column 0 above 0.8.
LabeledData WideSparse(size_t rows, size_t sparse_cols, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::uniform_real_distribution<float> u(0.f, 1.f);
  LabeledData d;
  d.x.rows = rows;
  d.x.dense_cols = 2;
  d.x.sparse_cols = sparse_cols;
  d.x.sparse_indptr.push_back(0);
  for (size_t row = 0; row < rows; ++row) {
    const float d0 = u(rng), d1 = u(rng);
    d.x.dense.push_back(d0);
    d.x.dense.push_back(d1);
    float col3 = 0;
    for (uint32_t col = 0; col < sparse_cols; ++col) {
      if (u(rng) >= 1.f / (1.f + static_cast<float>(col) / 8.f)) continue;
      const float v = u(rng);
      if (col == 3) col3 = v;
      d.x.sparse_indices.push_back(col);
      d.x.sparse_values.push_back(v);
    }
    d.x.sparse_indptr.push_back(d.x.sparse_indices.size());
    d.y.push_back(col3 > 0.5f || d0 > 0.8f ? 1.f : 0.f);
  }
  return d;
}

ProblemInfo Binary() {
  ProblemInfo p;
  p.target = "y";
  p.type = ProblemType::kBinary;
  p.classes = {"0", "1"};
  return p;
}

TEST(SparseColumnsTest, MostFrequentKeepsTheColumnsInMostRows) {
  Matrix x;
  x.rows = 4;
  x.sparse_cols = 6;
  // Column 5 in 4 rows, column 1 in 3, columns 0 and 4 in 2 (a tie: 0 first), 2 and 3 in none.
  x.sparse_indptr = {0, 3, 6, 9, 11};
  x.sparse_indices = {0, 1, 5, 1, 4, 5, 0, 1, 5, 4, 5};
  x.sparse_values = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11};
  EXPECT_EQ(MostFrequentSparseColumns(x, 2), (std::vector<uint32_t>{1, 5}));
  EXPECT_EQ(MostFrequentSparseColumns(x, 3), (std::vector<uint32_t>{0, 1, 5}));
  // Room for all: every used column, none that is empty.
  EXPECT_EQ(MostFrequentSparseColumns(x, 10), (std::vector<uint32_t>{0, 1, 4, 5}));

  const Matrix narrow = KeepSparseColumns(x, {1, 5});
  EXPECT_EQ(narrow.sparse_cols, 2u);
  EXPECT_EQ(narrow.sparse_indptr, (std::vector<uint64_t>{0, 2, 4, 6, 7}));
  EXPECT_EQ(narrow.sparse_indices, (std::vector<uint32_t>{0, 1, 0, 1, 0, 1, 1}));
  EXPECT_EQ(narrow.sparse_values, (std::vector<float>{2, 3, 4, 6, 8, 9, 11}));
}

TEST(SparseColumnsTest, TreesTrainedOnFrequentColumnsReadTheFullMatrix) {
  const LabeledData train = WideSparse(1500, 300, 1), test = WideSparse(400, 300, 2);
  const json params = {{"n_estimators", 40}, {"max_depth", 4}, {"learning_rate", 0.3},
                       {"max_sparse_features", 20}};
  auto est = MakeEstimator("xgboost", params, Binary());
  ASSERT_TRUE(est.ok()) << est.status().message();
  auto model = (*est)->Fit(train, nullptr, FitOptions{});
  ASSERT_TRUE(model.ok()) << model.status().message();
  EXPECT_EQ((*model)->Params()["num_features"], 302);

  // The same trees trained on the narrow matrix itself, predicting the narrow test matrix: the
  // wide model must give the same probabilities on the full one.
  const std::vector<uint32_t> kept = MostFrequentSparseColumns(train.x, 20);
  ASSERT_EQ(kept.size(), 20u);
  LabeledData narrow_train{KeepSparseColumns(train.x, kept), train.y, {}};
  json plain = params;
  plain.erase("max_sparse_features");
  auto narrow_model = (*MakeEstimator("xgboost", plain, Binary()))->Fit(narrow_train, nullptr,
                                                                        FitOptions{});
  ASSERT_TRUE(narrow_model.ok());
  auto wide = (*model)->Predict(test.x);
  auto narrow = (*narrow_model)->Predict(KeepSparseColumns(test.x, kept));
  ASSERT_TRUE(wide.ok() && narrow.ok());
  ASSERT_EQ(wide->size(), narrow->size());
  for (size_t i = 0; i < wide->size(); ++i) EXPECT_FLOAT_EQ((*wide)[i], (*narrow)[i]) << i;

  // It learnt the sparse signal (column 3 is among the kept), and saved and loaded it reads
  // the full matrix the same way.
  size_t right = 0;
  for (size_t row = 0; row < test.x.rows; ++row) {
    right += ((*wide)[2 * row + 1] > 0.5f) == (test.y[row] > 0.5f);
  }
  EXPECT_GT(static_cast<double>(right) / test.x.rows, 0.9);
  auto bytes = (*model)->Save();
  ASSERT_TRUE(bytes.ok());
  auto loaded = LoadModel("xgboost", *bytes, (*model)->Params(), Binary());
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  auto again = (*loaded)->Predict(test.x);
  ASSERT_TRUE(again.ok());
  for (size_t i = 0; i < wide->size(); ++i) EXPECT_FLOAT_EQ((*again)[i], (*wide)[i]) << i;
}

TEST(SparseColumnsTest, ModelJsonOtherThanTreesIsDataLoss) {
  EXPECT_EQ(MapModelToFullColumns("not json", 2, {1}, 10).status().code(),
            StatusCode::kDataLoss);
  EXPECT_EQ(MapModelToFullColumns(R"({"learner": {}})", 2, {1}, 10).status().code(),
            StatusCode::kDataLoss);
}

}  // namespace
}  // namespace lathe::ml::internal
