// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// FlatForest (compiled XGBoost trees for small batches) against the XGBoost C API: every row of
// binary, multiclass, regression, random-forest, text-like sparse and iris models, with missing
// values, must predict what XGBoosterPredictFromDense / FromCSR predicts; boosters the walker
// does not reproduce (dart, gblinear, categorical splits, other objectives) are refused and the
// learner falls back to the C API.
#include "ml/algorithms/xgboost/flat_forest.h"

#include <gtest/gtest.h>
#include <xgboost/c_api.h>

#include <algorithm>
#include <cmath>
#include <limits>
#include <random>
#include <string>
#include <utility>
#include <vector>

#include "data/csv_reader.h"
#include "ml/estimator.h"
#include "ml/feature_pipeline.h"
#include "ml/problem.h"
#include "ml_test_data.h"

namespace lathe::ml {
namespace {

using internal::FlatForest;
using internal::TEST_HasCompiledTrees;
using testing::MakeDense;

constexpr float kNaN = std::numeric_limits<float>::quiet_NaN();

struct BoosterDeleter {
  void operator()(void* handle) const { XGBoosterFree(handle); }
};
using BoosterPtr = std::unique_ptr<void, BoosterDeleter>;

struct DMatrixDeleter {
  void operator()(void* handle) const { XGDMatrixFree(handle); }
};
using DMatrixPtr = std::unique_ptr<void, DMatrixDeleter>;

ProblemInfo ProblemFor(int kind) {
  ProblemInfo p;
  p.target = "y";
  if (kind == 0) {
    p.type = ProblemType::kBinary;
    p.classes = {"0", "1"};
  } else if (kind == 1) {
    p.type = ProblemType::kMulticlass;
    p.classes = {"0", "1", "2"};
  } else {
    p.type = ProblemType::kRegression;
  }
  return p;
}

std::string Interface(const void* data, const char* type, size_t rows, size_t cols = 0) {
  return "{\"data\":[" + std::to_string(reinterpret_cast<uintptr_t>(data)) + ",true],\"shape\":[" +
         std::to_string(rows) + (cols > 0 ? "," + std::to_string(cols) : "") + "],\"typestr\":\"" +
         type + "\",\"version\":3}";
}

BoosterPtr LoadRaw(const std::string& bytes) {
  BoosterHandle raw = nullptr;
  EXPECT_EQ(XGBoosterCreate(nullptr, 0, &raw), 0);
  EXPECT_EQ(XGBoosterLoadModelFromBuffer(raw, bytes.data(), bytes.size()), 0) << XGBGetLastError();
  EXPECT_EQ(XGBoosterSetParam(raw, "nthread", "1"), 0);
  return BoosterPtr(raw);
}

// What the C API predicts for x ("type":0, missing NaN), dense or CSR (dense NaN left out).
std::vector<float> CApiPredict(void* booster, const Matrix& x) {
  const std::string config =
      "{\"type\":0,\"training\":false,\"iteration_begin\":0,\"iteration_end\":0,"
      "\"strict_shape\":false,\"cache_id\":0,\"missing\":NaN}";
  const bst_ulong* shape = nullptr;
  bst_ulong dim = 0;
  const float* result = nullptr;
  if (x.has_sparse()) {
    std::vector<uint64_t> indptr = {0};
    std::vector<uint32_t> indices;
    std::vector<float> values;
    for (size_t row = 0; row < x.rows; ++row) {
      for (size_t col = 0; col < x.dense_cols; ++col) {
        if (std::isnan(x.at(row, col))) continue;
        indices.push_back(static_cast<uint32_t>(col));
        values.push_back(x.at(row, col));
      }
      for (uint64_t k = x.sparse_indptr[row]; k < x.sparse_indptr[row + 1]; ++k) {
        indices.push_back(static_cast<uint32_t>(x.dense_cols + x.sparse_indices[k]));
        values.push_back(x.sparse_values[k]);
      }
      indptr.push_back(indices.size());
    }
    EXPECT_EQ(
        XGBoosterPredictFromCSR(booster, Interface(indptr.data(), "<u8", indptr.size()).c_str(),
                                Interface(indices.data(), "<u4", indices.size()).c_str(),
                                Interface(values.data(), "<f4", values.size()).c_str(), x.cols(),
                                config.c_str(), nullptr, &shape, &dim, &result),
        0)
        << XGBGetLastError();
  } else {
    EXPECT_EQ(XGBoosterPredictFromDense(
                  booster, Interface(x.dense.data(), "<f4", x.rows, x.dense_cols).c_str(),
                  config.c_str(), nullptr, &shape, &dim, &result),
              0)
        << XGBGetLastError();
  }
  size_t total = 1;
  for (bst_ulong i = 0; i < dim; ++i) total *= shape[i];
  return std::vector<float>(result, result + total);
}

// Equal within 1e-6 relative (the walker sums the same floats in the same order, so in practice
// bit for bit).
void ExpectSame(const std::vector<float>& got, const std::vector<float>& want,
                const std::string& what) {
  ASSERT_EQ(got.size(), want.size()) << what;
  size_t differing = 0;
  for (size_t i = 0; i < want.size(); ++i) {
    if (!(std::fabs(got[i] - want[i]) <= 1e-6f * std::fabs(want[i]))) {
      if (++differing <= 5) {
        ADD_FAILURE() << what << ": value " << i << ": compiled " << got[i] << ", C API "
                      << want[i];
      }
    }
  }
  EXPECT_EQ(differing, 0u) << what;
}

// Sets about `fraction` of the dense cells to NaN, and the whole of row 0.
void AddMissing(Matrix* x, double fraction, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::bernoulli_distribution pick(fraction);
  for (size_t i = 0; i < x->dense.size(); ++i) {
    if (i < x->dense_cols || pick(rng)) x->dense[i] = kNaN;
  }
}

// The shared check: a learner fitted by MakeEstimator compiles; its FlatForest and the model's
// small-batch Predict equal the C API on every row of `test` (with missing values); a batch just
// over the compiled limit (C API inside the model) agrees too.
void CheckMatchesCApi(const std::string& learner, const LabeledData& train, Matrix test,
                      const ProblemInfo& problem, const nlohmann::json& params) {
  SCOPED_TRACE(learner);
  AddMissing(&test, 0.15, 7);
  auto est = MakeEstimator(learner, params, problem);
  ASSERT_TRUE(est.ok()) << est.status().ToString();
  auto model = (*est)->Fit(train, nullptr, FitOptions());
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  EXPECT_TRUE(TEST_HasCompiledTrees(**model));
  auto bytes = (*model)->Save();
  ASSERT_TRUE(bytes.ok());
  BoosterPtr raw = LoadRaw(*bytes);
  const std::vector<float> want = CApiPredict(raw.get(), test);

  auto forest = FlatForest::FromUbjson(*bytes);
  ASSERT_TRUE(forest.ok()) << forest.status().ToString();
  std::vector<float> got(test.rows * (*forest)->num_outputs());
  (*forest)->Predict(test, got.data());
  ExpectSame(got, want, "FlatForest, all rows");

  // Through the model: one row at a time (compiled), and a batch over the compiled limit (the
  // C API inside the model) holding the rows cycled.
  const size_t k = problem.type == ProblemType::kRegression ? 1 : problem.classes.size();
  std::vector<float> one_by_one;
  for (uint32_t row = 0; row < test.rows; ++row) {
    auto p = (*model)->Predict(TakeRows(test, {row}));
    ASSERT_TRUE(p.ok()) << p.status().ToString();
    one_by_one.insert(one_by_one.end(), p->begin(), p->end());
  }
  ASSERT_EQ(one_by_one.size(), test.rows * k);
  if (problem.type == ProblemType::kBinary) {
    for (size_t row = 0; row < test.rows; ++row) {
      // A forest's averaged proportions can pass 1 by a rounding error; the model clamps them.
      const float p = std::clamp(want[row], 0.f, 1.f);
      EXPECT_FLOAT_EQ(one_by_one[2 * row + 1], p) << "row " << row;
      EXPECT_FLOAT_EQ(one_by_one[2 * row], 1.f - p) << "row " << row;
    }
  } else if (learner == "random_forest" && problem.type == ProblemType::kMulticlass &&
             params.value("leaves", "proportions") == "proportions") {
    // Class-proportion forests: the model clips each output at 0 and scales the row to sum 1.
    std::vector<float> shares = want;
    for (size_t begin = 0; begin < shares.size(); begin += k) {
      float sum = 0;
      for (size_t c = 0; c < k; ++c) sum += shares[begin + c] = std::max(shares[begin + c], 0.f);
      for (size_t c = 0; c < k; ++c) shares[begin + c] /= sum;
    }
    ExpectSame(one_by_one, shares, "Model::Predict row by row vs C API, normalised");
  } else {
    ExpectSame(one_by_one, want, "Model::Predict row by row vs C API");
  }
  const size_t big_rows = internal::kFlatForestMaxRows + 10;
  std::vector<uint32_t> cycled;
  for (size_t i = 0; i < big_rows; ++i) cycled.push_back(static_cast<uint32_t>(i % test.rows));
  auto big = (*model)->Predict(TakeRows(test, cycled));
  ASSERT_TRUE(big.ok()) << big.status().ToString();
  ASSERT_EQ(big->size(), big_rows * k);
  std::vector<float> expected;
  for (uint32_t row : cycled) {
    expected.insert(expected.end(), one_by_one.begin() + row * k,
                    one_by_one.begin() + (row + 1) * k);
  }
  ExpectSame(*big, expected, "Model::Predict over the limit (C API) vs row by row (compiled)");
  // The batch sizes on both sides of the limit.
  for (size_t rows : {internal::kFlatForestMaxRows, internal::kFlatForestMaxRows + 1}) {
    auto p = (*model)->Predict(
        TakeRows(test, std::vector<uint32_t>(cycled.begin(), cycled.begin() + rows)));
    ASSERT_TRUE(p.ok());
    ExpectSame(*p, std::vector<float>(expected.begin(), expected.begin() + rows * k),
               std::to_string(rows) + "-row batch");
  }
}

void CheckDense(const std::string& learner, int kind, const nlohmann::json& params) {
  CheckMatchesCApi(learner, MakeDense(800, kind, 11), MakeDense(200, kind, 12).x, ProblemFor(kind),
                   params);
}

// Dense block of 3 columns then a sparse block of 500 hashed-like columns, 0-6 entries a row;
// the label depends on sparse columns 0-9 and dense column 0.
LabeledData MakeSparse(size_t rows, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<float> n01(0, 1);
  std::uniform_int_distribution<uint32_t> col(0, 499), count(0, 6);
  LabeledData d;
  d.x.rows = rows;
  d.x.dense_cols = 3;
  d.x.sparse_cols = 500;
  d.x.sparse_indptr.push_back(0);
  for (size_t row = 0; row < rows; ++row) {
    for (int c = 0; c < 3; ++c) d.x.dense.push_back(n01(rng));
    float z = d.x.dense.back() * 0.5f;
    std::vector<uint32_t> cols;
    for (uint32_t i = count(rng); i > 0; --i) cols.push_back(col(rng) % (i < 3 ? 10 : 500));
    std::sort(cols.begin(), cols.end());
    cols.erase(std::unique(cols.begin(), cols.end()), cols.end());
    for (uint32_t c : cols) {
      d.x.sparse_indices.push_back(c);
      d.x.sparse_values.push_back(0.5f + std::fabs(n01(rng)));
      if (c < 10) z += c < 5 ? 1.f : -1.f;
    }
    d.x.sparse_indptr.push_back(d.x.sparse_indices.size());
    d.y.push_back(z > 0 ? 1.f : 0.f);
  }
  return d;
}

// Trains a booster through the C API with `params` (objective etc.) on dense x, y; from round
// `deep_from` on (if >= 0), trees may grow to depth 14 (a forest mixing shallow and deep trees).
std::string TrainRaw(const std::vector<std::pair<std::string, std::string>>& params,
                     const Matrix& x, const std::vector<float>& y, int rounds,
                     std::vector<const char*> feature_types = {}, int deep_from = -1) {
  DMatrixHandle dm = nullptr;
  EXPECT_EQ(XGDMatrixCreateFromDense(Interface(x.dense.data(), "<f4", x.rows, x.dense_cols).c_str(),
                                     "{\"missing\":NaN,\"nthread\":1}", &dm),
            0)
      << XGBGetLastError();
  DMatrixPtr dmatrix(dm);
  EXPECT_EQ(XGDMatrixSetFloatInfo(dm, "label", y.data(), y.size()), 0);
  if (!feature_types.empty()) {
    EXPECT_EQ(
        XGDMatrixSetStrFeatureInfo(dm, "feature_type", feature_types.data(), feature_types.size()),
        0)
        << XGBGetLastError();
  }
  BoosterHandle raw = nullptr;
  EXPECT_EQ(XGBoosterCreate(&dm, 1, &raw), 0);
  BoosterPtr booster(raw);
  XGBoosterSetParam(raw, "nthread", "1");
  XGBoosterSetParam(raw, "verbosity", "0");
  for (const auto& [key, value] : params) {
    EXPECT_EQ(XGBoosterSetParam(raw, key.c_str(), value.c_str()), 0) << key;
  }
  for (int round = 0; round < rounds; ++round) {
    if (round == deep_from) {
      EXPECT_EQ(XGBoosterSetParam(raw, "max_depth", "14"), 0);
    }
    EXPECT_EQ(XGBoosterUpdateOneIter(raw, round, dm), 0) << XGBGetLastError();
  }
  bst_ulong len = 0;
  const char* data = nullptr;
  EXPECT_EQ(XGBoosterSaveModelToBuffer(raw, "{\"format\":\"ubj\"}", &len, &data), 0);
  return std::string(data, len);
}

// A booster the walker refuses: FromUbjson says Unimplemented naming `what`, and LoadModel
// still loads it, does not compile it, and predicts what the C API predicts.
void CheckRefusedAndFallsBack(const std::string& bytes, const Matrix& test, const std::string& what,
                              const ProblemInfo& problem) {
  SCOPED_TRACE(what);
  auto forest = FlatForest::FromUbjson(bytes);
  ASSERT_FALSE(forest.ok());
  EXPECT_EQ(forest.status().code(), StatusCode::kUnimplemented) << forest.status().ToString();
  EXPECT_NE(forest.status().message().find(what), std::string::npos) << forest.status().ToString();
  auto model = LoadModel("xgboost", bytes, nlohmann::json::object(), problem);
  ASSERT_TRUE(model.ok()) << model.status().ToString();
  EXPECT_FALSE(TEST_HasCompiledTrees(**model));
  BoosterPtr raw = LoadRaw(bytes);
  const std::vector<float> want = CApiPredict(raw.get(), test);
  for (uint32_t row = 0; row < 5; ++row) {
    auto p = (*model)->Predict(TakeRows(test, {row}));
    ASSERT_TRUE(p.ok()) << p.status().ToString();
    ASSERT_EQ(p->size(), 2u);
    EXPECT_EQ((*p)[1], want[row]) << "row " << row;
  }
}

TEST(FlatForestTest, XgboostBinaryMatchesCApiOnEveryRow) {
  CheckDense("xgboost", 0, {{"n_estimators", 60}, {"early_stopping_rounds", 0}});
}

TEST(FlatForestTest, XgboostMulticlassMatchesCApiOnEveryRow) {
  CheckDense("xgboost", 1, {{"n_estimators", 40}, {"early_stopping_rounds", 0}});
}

TEST(FlatForestTest, XgboostRegressionMatchesCApiOnEveryRow) {
  CheckDense("xgboost", 2, {{"n_estimators", 60}, {"early_stopping_rounds", 0}});
}

TEST(FlatForestTest, RandomForestMatchesCApiOnEveryRow) {
  for (int kind : {0, 1, 2}) {
    SCOPED_TRACE(kind);
    // A multiclass forest on class proportions (the default) is a multi-target model (one tree
    // per class and round); its softmax form ("newton" leaves) is a multi:softprob one.
    const nlohmann::json params = {{"n_estimators", 25}, {"max_depth", 8}};
    CheckDense("random_forest", kind, params);
    if (kind == 1) {
      nlohmann::json newton = params;
      newton["leaves"] = "newton";
      CheckDense("random_forest", kind, newton);
    }
  }
}

TEST(FlatForestTest, SparseBlockMatchesCApiCsrOnEveryRow) {
  const LabeledData train = MakeSparse(1000, 21);
  const LabeledData test = MakeSparse(300, 22);
  CheckMatchesCApi("xgboost", train, test.x, ProblemFor(0),
                   {{"n_estimators", 50}, {"early_stopping_rounds", 0}, {"colsample_bytree", 1.0}});
}

// The vectorised walk (perfect trees, eight rows at a time, batches padded to 32 rows) against
// the C API for every batch size from 1 to 70 rows, with +-inf and NaN features, on shallow
// trees (padded leaves), depth-6 trees, trees too deep to lay out (walked by pointer), and a
// forest of both (20 shallow rounds, then 10 deep ones: vectorised, its deep trees walked by
// pointer in the same pass).
TEST(FlatForestTest, VectorisedWalkMatchesCApiOnEveryBatchSizeWithInfinities) {
  const LabeledData train = MakeDense(1500, 0, 31, 8);
  Matrix test = MakeDense(70, 0, 32, 8).x;
  const float inf = std::numeric_limits<float>::infinity();
  for (size_t i = 3; i < test.dense.size(); i += 7) test.dense[i] = (i % 2) ? inf : -inf;
  AddMissing(&test, 0.1, 33);
  for (const std::string depth : {"2", "6", "14", "6 then 14"}) {
    SCOPED_TRACE("max_depth " + depth);
    const bool mixed = depth == "6 then 14";
    const std::string bytes =
        TrainRaw({{"objective", "binary:logistic"}, {"max_depth", mixed ? "6" : depth},
                  {"eta", "0.3"}, {"min_child_weight", "0"}, {"tree_method", "hist"}},
                 train.x, train.y, 30, {}, mixed ? 20 : -1);
    auto forest = FlatForest::FromUbjson(bytes);
    ASSERT_TRUE(forest.ok()) << forest.status().ToString();
    const size_t laid_out = (*forest)->num_perfect_trees();
    if (depth == "14") {
      EXPECT_FALSE((*forest)->vectorised());
    } else {
      EXPECT_EQ((*forest)->vectorised(), MaxVectorisedTreeDepth() > 0);
    }
    if (mixed) {
      EXPECT_GE(laid_out, 20u);
      EXPECT_LT(laid_out, 30u);
    }
    BoosterPtr raw = LoadRaw(bytes);
    for (uint32_t rows = 1; rows <= test.rows; ++rows) {
      std::vector<uint32_t> take(rows);
      for (uint32_t r = 0; r < rows; ++r) take[r] = r;
      const Matrix batch = TakeRows(test, take);
      std::vector<float> got(rows);
      (*forest)->Predict(batch, got.data());
      ExpectSame(got, CApiPredict(raw.get(), batch), std::to_string(rows) + " rows");
    }
  }
}

TEST(FlatForestTest, IrisThroughFeaturePipelineMatchesCApi) {
  auto table =
      data::ReadCsvFile(std::string(LATHE_SOURCE_DIR) + "/tests/data/iris.csv", data::CsvOptions());
  ASSERT_TRUE(table.ok()) << table.status().ToString();
  auto problem = DetectProblem(*table, "species");
  ASSERT_TRUE(problem.ok());
  auto y = EncodeTarget(*table, *problem);
  ASSERT_TRUE(y.ok());
  auto fit = FeaturePipeline::Fit(*table, *problem, *y);
  ASSERT_TRUE(fit.ok()) << fit.status().ToString();
  LabeledData train{fit->train, *y, {}};
  CheckMatchesCApi("xgboost", train, fit->train, *problem,
                   {{"n_estimators", 30}, {"early_stopping_rounds", 0}});
  CheckMatchesCApi("random_forest", train, fit->train, *problem,
                   {{"n_estimators", 20}, {"leaves", "newton"}});
}

// Objectives our learners do not use but the walker compiles; margins checked too.
TEST(FlatForestTest, LogisticRegressionAndPoissonObjectivesMatchCApi) {
  LabeledData d = MakeDense(600, 2, 31);
  std::vector<float> rate(d.y.size()), share(d.y.size());
  for (size_t i = 0; i < d.y.size(); ++i) {
    rate[i] = std::floor(std::exp(0.3f * d.y[i]) + 0.5f);
    share[i] = 1.f / (1.f + std::exp(-0.4f * d.y[i]));
  }
  Matrix test = MakeDense(150, 2, 32).x;
  AddMissing(&test, 0.2, 33);
  const std::pair<std::string, std::vector<float>*> cases[] = {{"count:poisson", &rate},
                                                               {"reg:logistic", &share}};
  for (const auto& [objective, labels] : cases) {
    SCOPED_TRACE(objective);
    const std::string bytes = TrainRaw(
        {{"objective", objective}, {"max_depth", "5"}, {"base_score", "0.3"}}, d.x, *labels, 30);
    auto forest = FlatForest::FromUbjson(bytes);
    ASSERT_TRUE(forest.ok()) << forest.status().ToString();
    EXPECT_EQ((*forest)->objective(), objective);
    EXPECT_EQ((*forest)->num_trees(), 30u);
    std::vector<float> got(test.rows);
    (*forest)->Predict(test, got.data());
    BoosterPtr raw = LoadRaw(bytes);
    ExpectSame(got, CApiPredict(raw.get(), test), objective);
  }
}

TEST(FlatForestTest, RefusesDartGblinearCategoricalAndOtherObjectivesAndFallsBack) {
  const LabeledData d = MakeDense(500, 0, 41);
  Matrix test = MakeDense(20, 0, 42).x;
  AddMissing(&test, 0.2, 43);
  const ProblemInfo binary = ProblemFor(0);
  CheckRefusedAndFallsBack(TrainRaw({{"objective", "binary:logistic"},
                                     {"booster", "dart"},
                                     {"rate_drop", "0.3"},
                                     {"max_depth", "4"}},
                                    d.x, d.y, 15),
                           test, "dart", binary);
  // gblinear: refused (Lathe never loads one: its in-place predict is not supported anyway).
  auto linear = FlatForest::FromUbjson(
      TrainRaw({{"objective", "binary:logistic"}, {"booster", "gblinear"}}, d.x, d.y, 10));
  ASSERT_FALSE(linear.ok());
  EXPECT_EQ(linear.status().code(), StatusCode::kUnimplemented);
  EXPECT_NE(linear.status().message().find("gblinear"), std::string::npos);
  CheckRefusedAndFallsBack(
      TrainRaw({{"objective", "binary:logitraw"}, {"max_depth", "4"}}, d.x, d.y, 10), test,
      "binary:logitraw", binary);

  // Column 5 as a category code 0..3.
  LabeledData cat = d;
  for (size_t row = 0; row < cat.x.rows; ++row) {
    const float code = static_cast<float>(row % 4);
    cat.x.dense[row * cat.x.dense_cols + 5] = code;
    if (code == 2) cat.y[row] = 1.f - cat.y[row];
  }
  Matrix cat_test = test;
  for (size_t row = 0; row < cat_test.rows; ++row) {
    cat_test.dense[row * cat_test.dense_cols + 5] = static_cast<float>(row % 4);
  }
  CheckRefusedAndFallsBack(TrainRaw({{"objective", "binary:logistic"},
                                     {"tree_method", "hist"},
                                     {"max_cat_to_onehot", "1"},
                                     {"max_depth", "4"}},
                                    cat.x, cat.y, 10, {"q", "q", "q", "q", "q", "c"}),
                           cat_test, "categorical", binary);
}

TEST(FlatForestTest, MalformedModelIsDataLoss) {
  auto garbage = FlatForest::FromUbjson("certainly not a model");
  ASSERT_FALSE(garbage.ok());
  EXPECT_EQ(garbage.status().code(), StatusCode::kDataLoss);
  // Valid UBJSON, but a tree whose child points back at the root.
  const LabeledData d = MakeDense(200, 2, 51);
  const std::string bytes =
      TrainRaw({{"objective", "reg:squarederror"}, {"max_depth", "2"}}, d.x, d.y, 1);
  nlohmann::json model = nlohmann::json::from_ubjson(bytes);
  auto& left = model["learner"]["gradient_booster"]["model"]["trees"][0]["left_children"];
  ASSERT_GT(left.size(), 1u);
  left[0] = 0;
  std::vector<uint8_t> broken;
  nlohmann::json::to_ubjson(model, broken);
  auto cyclic = FlatForest::FromUbjson(std::string(broken.begin(), broken.end()));
  ASSERT_FALSE(cyclic.ok());
  EXPECT_EQ(cyclic.status().code(), StatusCode::kDataLoss);
  EXPECT_NE(cyclic.status().message().find("tree 0, node 0"), std::string::npos)
      << cyclic.status().ToString();
}

}  // namespace
}  // namespace lathe::ml
