// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
// The portfolio's random forest: grown as scikit-learn's, sized by classes, and better than the
// depth-capped forest it replaced on a small imbalanced multiclass set.
#include "automl/search_space.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <map>
#include <random>

#include "automl/options.h"
#include "ml/estimator.h"

namespace lathe::automl {
namespace {

using nlohmann::json;

ml::ProblemInfo Problem(size_t k) {
  ml::ProblemInfo p;
  p.target = "y";
  p.type = k == 0 ? ml::ProblemType::kRegression
                  : (k == 2 ? ml::ProblemType::kBinary : ml::ProblemType::kMulticlass);
  for (size_t c = 0; c < k; ++c) p.classes.push_back(std::to_string(c));
  return p;
}

json ForestParams(const ml::ProblemInfo& problem, const DataShape& shape) {
  for (const Candidate& c : DefaultPortfolio(problem, shape, {})) {
    if (c.learner == "random_forest") return c.params;
  }
  ADD_FAILURE() << "no random_forest in the portfolio";
  return json::object();
}

// A small glass-like set: 9 features, 6 classes of glass's shares (70, 76, 17, 13, 9, 29 of
// 214), each class two Gaussian blobs at random centres.
ml::LabeledData GlassLike(size_t rows, uint64_t data_seed, uint64_t row_seed) {
  constexpr size_t kCols = 9;
  constexpr int kShares[6] = {70, 76, 17, 13, 9, 29};
  std::mt19937_64 centres_rng(data_seed);
  std::uniform_real_distribution<float> centre(-2, 2);
  std::vector<float> centres(6 * 2 * kCols);
  for (float& v : centres) v = centre(centres_rng);
  std::mt19937_64 rng(row_seed);
  std::discrete_distribution<int> cls(std::begin(kShares), std::end(kShares));
  std::normal_distribution<float> noise(0, 1);
  ml::LabeledData d;
  d.x.rows = rows;
  d.x.dense_cols = kCols;
  for (size_t row = 0; row < rows; ++row) {
    const int c = cls(rng);
    const size_t blob = static_cast<size_t>(c) * 2 + (rng() % 2);
    for (size_t col = 0; col < kCols; ++col) {
      d.x.dense.push_back(centres[blob * kCols + col] + noise(rng));
    }
    d.y.push_back(static_cast<float>(c));
  }
  return d;
}

// Accuracy and log loss of `params` fitted on `train`, on `test`.
std::pair<double, double> Score(const json& params, const ml::ProblemInfo& problem,
                                const ml::LabeledData& train, const ml::LabeledData& test) {
  auto est = ml::MakeEstimator("random_forest", params, problem);
  EXPECT_TRUE(est.ok()) << est.status().ToString();
  ml::FitOptions options;
  options.seed = 5;
  auto model = (*est)->Fit(train, nullptr, options);
  EXPECT_TRUE(model.ok()) << model.status().ToString();
  const std::vector<float> p = *(*model)->Predict(test.x);
  const size_t k = problem.classes.size();
  double hits = 0, loss = 0;
  for (size_t row = 0; row < test.y.size(); ++row) {
    const float* proba = p.data() + row * k;
    const size_t y = static_cast<size_t>(test.y[row]);
    if (std::max_element(proba, proba + k) - proba == static_cast<long>(y)) ++hits;
    loss -= std::log(std::max(1e-15, static_cast<double>(proba[y])));
  }
  const double n = static_cast<double>(test.y.size());
  return {hits / n, loss / n};
}

TEST(SearchSpaceTest, PortfolioForestIsFullyGrownWithTreesPerClass) {
  const DataShape shape{.rows = 200, .dense_cols = 16};
  const json binary = ForestParams(Problem(2), shape);
  EXPECT_EQ(binary.value("max_depth", -1), 0);
  EXPECT_EQ(binary.value("min_child_weight", -1.0), 0.0);
  EXPECT_EQ(binary.value("n_estimators", 0), 300);
  EXPECT_NEAR(binary.value("colsample_bynode", 0.0), 0.25, 1e-4);  // sqrt(16) of 16
  // One tree per class and forest tree: fewer forest trees for more classes.
  EXPECT_EQ(ForestParams(Problem(6), shape).value("n_estimators", 0), 150);
  EXPECT_EQ(ForestParams(Problem(26), shape).value("n_estimators", 0), 34);
  // Regression: leaves of at least 5 rows, a third of the columns per split.
  const json regression = ForestParams(Problem(0), shape);
  EXPECT_EQ(regression.value("min_child_weight", -1.0), 5.0);
  EXPECT_NEAR(regression.value("colsample_bynode", 0.0), 0.3333, 1e-4);
  // Many rows: fewer trees (fit time), 30 at least.
  EXPECT_EQ(ForestParams(Problem(2), {.rows = 3680, .dense_cols = 57}).value("n_estimators", 0),
            75);
  EXPECT_EQ(ForestParams(Problem(2), {.rows = 100000, .dense_cols = 16}).value("n_estimators", 0),
            30);
  // Every portfolio forest is a valid random_forest configuration.
  for (size_t k : {0u, 2u, 6u}) {
    EXPECT_TRUE(ml::MakeEstimator("random_forest", ForestParams(Problem(k), shape), Problem(k)).ok());
  }
}

TEST(SearchSpaceTest, SampledForestsAreValidConfigurations) {
  LearnerCatalog catalog = DefaultCatalog({"random_forest"});
  std::mt19937_64 rng(3);
  const DataShape shape{.rows = 500, .dense_cols = 12};
  for (int i = 0; i < 20; ++i) {
    auto c = catalog.sample(rng, Problem(3), shape);
    ASSERT_TRUE(c.has_value());
    EXPECT_EQ(c->learner, "random_forest");
    auto est = ml::MakeEstimator(c->learner, c->params, Problem(3));
    EXPECT_TRUE(est.ok()) << c->params.dump() << ": " << est.status().ToString();
  }
}

// With every learner allowed the search samples about one kNN and one forest in six, where kNN
// applies; on a table too big for kNN, forests and boosted models only. Every sample is valid.
TEST(SearchSpaceTest, SearchMixesFamiliesWhereEachApplies) {
  LearnerCatalog catalog = DefaultCatalog({});
  std::mt19937_64 rng(5);
  for (const DataShape shape : {DataShape{.rows = 500, .dense_cols = 12},
                                DataShape{.rows = 50000, .dense_cols = 12}}) {
    std::map<std::string, int> counts;
    for (int i = 0; i < 600; ++i) {
      auto c = catalog.sample(rng, Problem(3), shape);
      ASSERT_TRUE(c.has_value());
      ++counts[c->learner];
      auto est = ml::MakeEstimator(c->learner, c->params, Problem(3));
      ASSERT_TRUE(est.ok()) << c->params.dump() << ": " << est.status().ToString();
    }
    const bool small = shape.rows <= 20000;
    SCOPED_TRACE(small ? "500 rows" : "50,000 rows");
    EXPECT_EQ(counts.size(), small ? 4u : 3u);
    if (small) {
      EXPECT_NEAR(counts["knn"], 100, 35);
    }
    EXPECT_NEAR(counts["random_forest"], 100, 35);
    EXPECT_NEAR(counts["extra_trees"], 100, 35);
    EXPECT_NEAR(counts["xgboost"], small ? 300 : 400, 45);
  }
}

TEST(SearchSpaceTest, PortfolioForestBeatsTheDepthCappedForestOnSmallImbalancedMulticlass) {
  // The forest the portfolio had before: XGBoost's softmax leaves, depth 12, leaves of at
  // least ~4 rows (min_child_weight 1 against a softmax hessian of ~0.28 per row).
  const json old_forest = {{"n_estimators", 150}, {"max_depth", 12}, {"colsample_bynode", 0.5},
                           {"min_child_weight", 1}, {"reg_lambda", 1e-5}, {"leaves", "newton"}};
  const ml::ProblemInfo problem = Problem(6);
  double old_accuracy = 0, new_accuracy = 0, old_loss = 0, new_loss = 0;
  const int kSets = 3;
  for (int set = 0; set < kSets; ++set) {
    const ml::LabeledData train = GlassLike(214, 100 + set, 200 + set);
    const ml::LabeledData test = GlassLike(3000, 100 + set, 300 + set);
    const json params = ForestParams(problem, {.rows = train.x.rows, .dense_cols = 9});
    const auto [acc_old, loss_old] = Score(old_forest, problem, train, test);
    const auto [acc_new, loss_new] = Score(params, problem, train, test);
    old_accuracy += acc_old / kSets;
    new_accuracy += acc_new / kSets;
    old_loss += loss_old / kSets;
    new_loss += loss_new / kSets;
  }
  std::printf("old forest: accuracy %.4f log loss %.4f; portfolio forest: %.4f, %.4f\n",
              old_accuracy, old_loss, new_accuracy, new_loss);
  EXPECT_GE(new_accuracy, old_accuracy + 0.01);
  EXPECT_LT(new_loss, old_loss - 0.05);
}

TEST(SearchSpaceTest, FitToPredictionLimitResizesOnlyWhatDrivesTheCost) {
  const DataShape shape{.rows = 16000, .dense_cols = 16};
  const ml::ProblemInfo letters = Problem(26);
  // 550 rounds of 26 depth-6 trees are estimated far over 50 ms; the capped model fits.
  const json boosted = {{"n_estimators", 550}, {"max_depth", 6}, {"learning_rate", 0.1}};
  ASSERT_GT(EstimatePredictionMs("xgboost", boosted, letters, shape), 50.0);
  const json capped = FitToPredictionLimit("xgboost", boosted, letters, shape, 50.0);
  EXPECT_LT(capped["n_estimators"].get<int>(), 550);
  EXPECT_GE(capped["n_estimators"].get<int>(), 1);
  EXPECT_LE(EstimatePredictionMs("xgboost", capped, letters, shape), 50.0);
  EXPECT_EQ(capped["learning_rate"], 0.1);  // nothing else changes
  // Already within the limit: unchanged. kNN keeps at least 10 rows; linear models are free.
  EXPECT_EQ(FitToPredictionLimit("xgboost", boosted, letters, shape, 1e6), boosted);
  const json knn = FitToPredictionLimit("knn", json::object(), letters, shape, 5.0);
  EXPECT_LT(knn["max_train_rows"].get<int>(), 16000);
  EXPECT_LE(EstimatePredictionMs("knn", knn, letters, shape), 5.0);
  EXPECT_EQ(FitToPredictionLimit("knn", json::object(), letters, shape, 1e-9)["max_train_rows"],
            10);
  const json linear = {{"C", 1.0}};
  EXPECT_EQ(FitToPredictionLimit("logistic_regression", linear, letters, shape, 1e-9), linear);
}

TEST(SearchSpaceTest, SparseRowsAddAFixedGatherCostThatTheCapLeavesRoomFor) {
  // spam_assassin-like: 2^18 hashed columns, ~2,200 non-zeros per row.
  const DataShape shape{.rows = 4000, .sparse_cols = 1 << 18, .sparse_nnz = 2200};
  const ml::ProblemInfo binary = Problem(2);
  const json boosted = {{"n_estimators", 5000}, {"max_depth", 6}};
  const double limit = 14.0;
  const json capped = FitToPredictionLimit("xgboost", boosted, binary, shape, limit);
  const int trees = capped["n_estimators"].get<int>();
  EXPECT_LE(EstimatePredictionMs("xgboost", capped, binary, shape), limit);
  json one_more = capped;
  one_more["n_estimators"] = trees + 1;
  EXPECT_GT(EstimatePredictionMs("xgboost", one_more, binary, shape), limit);
  // Without the sparse rows the same limit holds more trees.
  const DataShape dense{.rows = 4000, .dense_cols = 10};
  EXPECT_GT(FitToPredictionLimit("xgboost", boosted, binary, dense, limit)["n_estimators"]
                .get<int>(),
            trees);
}

TEST(SearchSpaceTest, TextCostsGrowWithTheTextAndWideSparseTreesUseFrequentColumns) {
  const ml::ProblemInfo binary = Problem(2);
  DataShape mails{.rows = 4836, .sparse_cols = 1 << 18, .has_text = true, .text_bytes = 2000,
                  .sparse_nnz = 2200};
  DataShape tweets = mails;
  tweets.text_bytes = 100;
  tweets.sparse_nnz = 150;
  EXPECT_NEAR(EstimatePipelineMs(tweets) * 20, EstimatePipelineMs(mails), 1e-9);
  EXPECT_EQ(EstimatePipelineMs(DataShape{.rows = 100, .dense_cols = 8}), 0.0);
  // fastText on 2,000-byte e-mails costs more than the default limit; on tweets far less.
  const json ft = {{"word_ngrams", 2}};
  EXPECT_GT(EstimatePredictionMs("fasttext", ft, binary, mails), kDefaultPredictLimitMs);
  EXPECT_LT(EstimatePredictionMs("fasttext", ft, binary, tweets), 0.2 * kDefaultPredictLimitMs);

  // Tree learners on the 2^18-column block train on its 2,000 most frequent columns at 32 bins;
  // on a narrow block they are unchanged.
  int trees_seen = 0;
  for (const Candidate& c : DefaultPortfolio(binary, mails, {})) {
    if (c.learner != "xgboost" && c.learner != "random_forest") continue;
    ++trees_seen;
    EXPECT_EQ(c.params.value("max_sparse_features", 0), 2000) << c.params.dump();
    EXPECT_EQ(c.params.value("max_bin", 0), 32) << c.params.dump();
  }
  EXPECT_GE(trees_seen, 2);
  DataShape narrow = mails;
  narrow.sparse_cols = 1000;
  for (const Candidate& c : DefaultPortfolio(binary, narrow, {})) {
    EXPECT_FALSE(c.params.contains("max_sparse_features")) << c.params.dump();
  }
}

TEST(SearchSpaceTest, ExtraTreesJoinDenseTablesAndFitThePredictionLimit) {
  const ml::ProblemInfo glass = Problem(6), letters = Problem(26);
  const DataShape small{.rows = 171, .dense_cols = 9};
  const DataShape text{.rows = 4000, .sparse_cols = 1 << 18, .has_text = true,
                       .text_bytes = 2000, .sparse_nnz = 2200};
  auto has = [](const std::vector<Candidate>& cs, std::string_view learner) {
    return std::any_of(cs.begin(), cs.end(), [&](const Candidate& c) { return c.learner == learner; });
  };
  EXPECT_TRUE(has(DefaultPortfolio(glass, small, {}), "extra_trees"));
  EXPECT_FALSE(has(DefaultPortfolio(Problem(2), text, {}), "extra_trees"));  // no dense block

  // About one search draw in six, each a valid configuration.
  LearnerCatalog catalog = DefaultCatalog({});
  std::mt19937_64 rng(3);
  int drawn = 0;
  for (int i = 0; i < 600; ++i) {
    const std::optional<Candidate> c = catalog.sample(rng, glass, small);
    ASSERT_TRUE(c.has_value());
    if (c->learner != "extra_trees") continue;
    ++drawn;
    EXPECT_TRUE(ml::MakeEstimator("extra_trees", c->params, glass).ok()) << c->params.dump();
  }
  EXPECT_GT(drawn, 60);
  EXPECT_LT(drawn, 150);
  // Allowed alone, the search still has something to draw.
  EXPECT_EQ(DefaultCatalog({"extra_trees"}).sample(rng, glass, small)->learner, "extra_trees");

  // Fully grown trees on 16,000 rows are big: 300 of them cost more than 50 ms per 1,000 rows,
  // and the cap keeps the forest within the limit. Leaves of 20 rows make smaller trees.
  const DataShape letter_shape{.rows = 16000, .dense_cols = 16};
  const json forest = {{"n_estimators", 300}};
  ASSERT_GT(EstimatePredictionMs("extra_trees", forest, letters, letter_shape), 50.0);
  const json capped = FitToPredictionLimit("extra_trees", forest, letters, letter_shape, 50.0);
  EXPECT_LT(capped["n_estimators"].get<int>(), 300);
  EXPECT_LE(EstimatePredictionMs("extra_trees", capped, letters, letter_shape), 50.0);
  json coarse = forest;
  coarse["min_samples_leaf"] = 20;
  EXPECT_LT(EstimatePredictionMs("extra_trees", coarse, letters, letter_shape),
            0.5 * EstimatePredictionMs("extra_trees", forest, letters, letter_shape));
}

}  // namespace
}  // namespace lathe::automl
