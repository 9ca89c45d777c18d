// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "automl/search_space.h"

#include <algorithm>
#include <cmath>

namespace lathe::automl {
namespace {

using nlohmann::json;

// Learners of `allowed` (or all) that ml:: says fit the problem, in ml::LearnersFor order.
std::vector<std::string> Usable(const ml::ProblemInfo& problem,
                                const std::vector<std::string>& allowed) {
  std::vector<std::string> out;
  for (const std::string& name : ml::LearnersFor(problem)) {
    if (allowed.empty() || std::find(allowed.begin(), allowed.end(), name) != allowed.end()) {
      out.push_back(name);
    }
  }
  return out;
}

bool Has(const std::vector<std::string>& names, std::string_view name) {
  return std::find(names.begin(), names.end(), name) != names.end();
}

// Column share per tree that keeps about 300 columns per tree on wide data.
double ColumnShare(const DataShape& shape, double preferred) {
  if (shape.dense_cols <= 375) return preferred;
  return std::max(0.05, std::min(preferred, 300.0 / static_cast<double>(shape.dense_cols)));
}

double LogUniform(std::mt19937_64& rng, double lo, double hi) {
  std::uniform_real_distribution<double> u(std::log(lo), std::log(hi));
  return std::exp(u(rng));
}

double Uniform(std::mt19937_64& rng, double lo, double hi) {
  return std::uniform_real_distribution<double>(lo, hi)(rng);
}

// Rounded so params print and compare cleanly.
double Round4(double v) { return std::round(v * 1e4) / 1e4; }

// Trees per forest. Prediction: XGBoost grows one tree per class, so about 900 trees in all
// (a 1,000-row batch in ~10-40 ms here). Fit: a fully grown tree costs about 1e-7 s x rows x
// log2(rows) x sqrt(columns) (spambase 27 ms, pima 2.3 ms per tree; one tree per class, but the
// trees of rare classes stop early: x sqrt(classes)), and a fit may take ~2.5 s on one core (as
// the depth-12 forest took on spambase). 30 to 300 trees.
int ForestTrees(const ml::ProblemInfo& problem, const DataShape& shape) {
  const double outputs = problem.type == ml::ProblemType::kMulticlass
                             ? static_cast<double>(std::max<size_t>(problem.classes.size(), 1))
                             : 1.0;
  const double rows = static_cast<double>(std::max<size_t>(shape.rows, 2));
  const double cols = static_cast<double>(std::max<size_t>(shape.dense_cols + shape.sparse_cols, 1));
  const double tree_s = 1e-7 * rows * std::log2(rows) * std::sqrt(std::min(cols, 300.0)) *
                        std::sqrt(outputs);
  return static_cast<int>(std::clamp(std::min(900.0 / outputs, 2.5 / tree_s), 30.0, 300.0));
}

// Column share per split as scikit-learn's forests (Breiman): sqrt(p) of p columns to classify,
// a third to regress.
double ForestColumnShare(const ml::ProblemInfo& problem, const DataShape& shape) {
  const double p = static_cast<double>(std::max<size_t>(shape.dense_cols + shape.sparse_cols, 1));
  const double share =
      problem.type == ml::ProblemType::kRegression ? 1.0 / 3.0 : std::sqrt(p) / p;
  return Round4(ColumnShare(shape, std::clamp(share, 0.05, 1.0)));
}

// Tree learners on a wide sparse block (hashed text n-grams) train on its most frequent columns
// at a coarser binning: XGBoost's histograms cover every column at every node, and one round
// over 2^18 columns took ~40 s on spam_assassin's 3,900 e-mails; over the 2,000 most frequent
// at 32 bins, ~0.14 s (python3-xgboost, same features). TF-IDF weights need few bins.
constexpr size_t kTreeSparseColumns = 2000;

json WithSparseColumnCap(std::string_view learner, json params, const DataShape& shape) {
  if ((learner != "xgboost" && learner != "random_forest") ||
      shape.sparse_cols <= kTreeSparseColumns) {
    return params;
  }
  params["max_sparse_features"] = kTreeSparseColumns;
  if (!params.contains("max_bin")) params["max_bin"] = 32;
  return params;
}

// The parameter a learner's prediction cost grows with, its default (as the learner reads it) and
// its smallest valid value; key null = the learner has none.
struct CostSize {
  const char* key = nullptr;
  double fallback = 0;
  double smallest = 1;
};

CostSize CostSizeOf(std::string_view learner) {
  if (learner == "xgboost") return {"n_estimators", 300, 1};
  if (learner == "random_forest") return {"n_estimators", 100, 1};
  if (learner == "extra_trees") return {"n_estimators", 300, 1};
  if (learner == "knn") return {"max_train_rows", 20000, 10};
  return {};
}

// kNN only on small, numeric, not too wide tables: brute force costs rows x columns per query.
bool KnnApplies(const DataShape& shape) {
  return shape.rows <= 20000 && shape.dense_cols <= 100 && shape.sparse_cols == 0;
}

// Extremely randomised trees on the dense block (they do not read the sparse one), where a tree
// stays cheap: growing one costs ~rows x log2(rows) x sqrt(columns) x 10 ns (random_tree.h).
bool ExtraTreesApplies(const DataShape& shape) {
  return shape.sparse_cols == 0 && shape.dense_cols > 0 && shape.rows <= 200000;
}

// Trees per extra-trees forest: up to 300 while a fit stays within ~2.5 s of one core.
int ExtraTreesCount(const DataShape& shape) {
  const double rows = static_cast<double>(std::max<size_t>(shape.rows, 2));
  const double tried = std::sqrt(static_cast<double>(std::max<size_t>(shape.dense_cols, 1)));
  // letter_recognition, 12,800 rows x 16 columns: 7 ms a tree on one core.
  const double tree_s = 1e-8 * rows * std::log2(rows) * tried;
  return static_cast<int>(std::clamp(2.5 / tree_s, 30.0, 300.0));
}

}  // namespace

std::vector<Candidate> DefaultPortfolio(const ml::ProblemInfo& problem, const DataShape& shape,
                                        const std::vector<std::string>& allowed) {
  const std::vector<std::string> usable = Usable(problem, allowed);
  const bool regression = problem.type == ml::ProblemType::kRegression;
  const double cols = ColumnShare(shape, 0.8);
  std::vector<Candidate> out;
  auto add = [&](std::string_view learner, json params) {
    if (!Has(usable, learner)) return;
    out.push_back({std::string(learner), WithSparseColumnCap(learner, std::move(params), shape)});
  };
  // Text problems: the text learners are the strong, fast baselines.
  if (shape.has_text) {
    add("naive_bayes", json::object());
    add("fasttext", {{"epoch", 25}, {"lr", 0.5}, {"word_ngrams", 2}});
  }
  // A linear model answers within a second or two even on 50k x 100: the first result.
  add(regression ? "linear_regression" : "logistic_regression", {{"C", 1.0}});
  // XGBoost's own defaults (100 rounds at learning rate 0.3): a boosted model on the leaderboard
  // in a fifth of the time of the next configuration (letter_recognition, 26 classes: ~7 s).
  add("xgboost", {{"n_estimators", 100}, {"learning_rate", 0.3}, {"max_depth", 6},
                  {"early_stopping_rounds", 10}});
  // kNN where it is cheap and meaningful, early because a trial takes under a second there and
  // ensembles gain most from a view unlike the trees' (digits: k 5 scores 0.983 alone, k 15
  // 0.97; letter_recognition, where a 60 s budget runs ~4 trials, 0.95).
  if (KnnApplies(shape)) add("knn", {{"k", 5}, {"weights", "distance"}});
  // Extremely randomised trees, as scikit-learn's ExtraTrees defaults: the best single model on
  // small tables (test accuracy on glass 0.82 against RandomForest's 0.80 and boosting's 0.77;
  // sonar ROC AUC 0.95 against 0.90), and a view unlike the boosted trees' for the ensemble.
  if (ExtraTreesApplies(shape)) add("extra_trees", {{"n_estimators", ExtraTreesCount(shape)}});
  add("xgboost", {{"n_estimators", 500}, {"learning_rate", 0.1}, {"max_depth", 6},
                  {"colsample_bytree", cols}, {"early_stopping_rounds", 20}});
  add("xgboost", {{"n_estimators", 1500}, {"learning_rate", 0.03}, {"max_depth", 3},
                  {"subsample", 0.9}, {"colsample_bytree", cols}, {"early_stopping_rounds", 40}});
  // A forest as scikit-learn grows it: trees grown until their leaves are pure (classification;
  // leaves hold class proportions) or hold 5 rows (regression), a bootstrap-sized row sample
  // per tree. bench/automl/forest_cv.py: as good as RandomForestClassifier(500) in repeated CV.
  add("random_forest", {{"n_estimators", ForestTrees(problem, shape)},
                        {"max_depth", 0},
                        {"min_child_weight", regression ? 5 : 0},
                        {"subsample", 0.632},
                        {"colsample_bynode", ForestColumnShare(problem, shape)}});
  add("xgboost", {{"n_estimators", 1000}, {"learning_rate", 0.05}, {"max_depth", 10},
                  {"min_child_weight", 3}, {"subsample", 0.7},
                  {"colsample_bytree", ColumnShare(shape, 0.6)}, {"early_stopping_rounds", 30}});
  // A smoother neighbourhood than the early k 5 (above).
  if (KnnApplies(shape)) add("knn", {{"k", 15}, {"weights", "distance"}});
  if (!shape.has_text && shape.sparse_cols > 0) add("naive_bayes", json::object());
  return out;
}

json SampleXgboostParams(std::mt19937_64& rng, const DataShape& shape) {
  json p;
  p["learning_rate"] = Round4(LogUniform(rng, 0.01, 0.3));
  p["max_depth"] = std::uniform_int_distribution<int>(2, 10)(rng);
  p["min_child_weight"] = Round4(LogUniform(rng, 0.5, 20));
  p["subsample"] = Round4(Uniform(rng, 0.5, 1.0));
  p["colsample_bytree"] = Round4(ColumnShare(shape, Uniform(rng, 0.3, 1.0)));
  p["reg_lambda"] = Round4(LogUniform(rng, 1e-3, 10));
  const bool l1 = Uniform(rng, 0, 1) < 0.5;
  const double alpha = LogUniform(rng, 1e-3, 1);
  p["reg_alpha"] = l1 ? Round4(alpha) : 0.0;
  // Fewer, faster rounds at high learning rates; early stopping ends most trials sooner.
  p["n_estimators"] = p["learning_rate"].get<double>() < 0.05 ? 2000 : 1000;
  p["early_stopping_rounds"] = 30;
  return p;
}

namespace {

// Around the portfolio's forest: depth unlimited half the time, else 8-24; leaves of at least
// 0-20 rows (min_child_weight counts rows: squared error on class indicators).
json SampleForestParams(std::mt19937_64& rng, const ml::ProblemInfo& problem,
                        const DataShape& shape) {
  const bool grown = Uniform(rng, 0, 1) < 0.5;
  const double base_share = ForestColumnShare(problem, shape);
  return {{"n_estimators", ForestTrees(problem, shape)},
          {"max_depth", grown ? 0 : std::uniform_int_distribution<int>(8, 24)(rng)},
          {"colsample_bynode",
           Round4(std::clamp(base_share * LogUniform(rng, 0.5, 2.5), 0.05, 1.0))},
          {"min_child_weight", Uniform(rng, 0, 1) < 0.3 ? 0.0 : Round4(LogUniform(rng, 1, 20))},
          {"subsample", Round4(Uniform(rng, 0.5, 0.9))}};
}

// Around the defaults: columns per node 0.5-2.5x sqrt(columns) (all of them to regress, or a
// share), leaves of 1 row half the time, else 2-10; a bootstrap sample one time in four.
json SampleExtraTreesParams(std::mt19937_64& rng, const ml::ProblemInfo& problem,
                            const DataShape& shape) {
  const double p = static_cast<double>(std::max<size_t>(shape.dense_cols, 1));
  const double base = problem.type == ml::ProblemType::kRegression ? 1.0 : std::sqrt(p) / p;
  return {{"n_estimators", ExtraTreesCount(shape)},
          {"max_features", Round4(std::clamp(base * LogUniform(rng, 0.5, 2.5), 1.0 / p, 1.0))},
          {"min_samples_leaf",
           Uniform(rng, 0, 1) < 0.5 ? 1 : static_cast<int>(std::lround(LogUniform(rng, 2, 10)))},
          {"bootstrap", Uniform(rng, 0, 1) < 0.25}};
}

}  // namespace

double EstimatePredictionMs(std::string_view learner, const json& params,
                            const ml::ProblemInfo& problem, const DataShape& shape) {
  const double rows = static_cast<double>(std::max<size_t>(shape.rows, 2));
  if (learner == "xgboost" || learner == "random_forest") {
    // One tree per class and round for multiclass; a pointer walk costs ~3.5 ns per level here
    // (letter_recognition: 17,160 depth-6 trees, 1,000 rows in ~450 ms of CPU), the vectorised
    // walk of trees up to ml::MaxVectorisedTreeDepth ~1.25 ns up to depth 8 and ~1.8 ns at
    // depths 9-10, whose 8-12 KiB trees leave the cache (bench/automl/tree_walk_cost; the
    // letter ensemble in ~117 ms). Trees stop growing where the rows run out: a path is at
    // most ~1.5 log2(rows) deep.
    const double outputs = problem.type == ml::ProblemType::kMulticlass
                               ? static_cast<double>(std::max<size_t>(problem.classes.size(), 1))
                               : 1.0;
    const double trees = outputs * params.value("n_estimators", CostSizeOf(learner).fallback);
    const double grown = 1.5 * std::log2(rows) + 1;
    const double max_depth = params.value("max_depth", 6.0);
    const double depth = max_depth > 0 ? std::min(max_depth, grown) : grown;
    const bool vectorised = max_depth > 0 && max_depth <= ml::MaxVectorisedTreeDepth();
    const double per_level = !vectorised ? 3.5e-6 : depth > 8 ? 1.8e-6 : 1.25e-6;
    // Before the walk, each row's sparse non-zeros are looked up among the features the trees
    // read: ~2 ns each (spam_assassin, ~2,200 per e-mail: ~4.5 ms per tree model).
    return trees * per_level * (1 + depth) * 1000 + shape.sparse_nnz * 2e-6 * 1000;
  }
  if (learner == "extra_trees") {
    // Per tree and row, ~3.5 ns per level walked, plus loading the tree once per 1,000 rows:
    // ~50 ns per 64-byte line of 4 nodes. Fully grown, a tree to classify has ~0.2-0.4 leaves
    // per row (letter_recognition 0.25, glass 0.41) and paths ~1.5 log2(leaves) long (random
    // splits are unbalanced); one to regress, about a leaf per row. Measured (estimate), 300
    // trees, 1,000 rows: glass 10 ms (12), digits 16 (21), spambase 30 (30),
    // letter_recognition 64 (70).
    const double trees = params.value("n_estimators", CostSizeOf(learner).fallback);
    const double leaf_rows = std::max(1.0, params.value("min_samples_leaf", 1.0));
    const double per_row = problem.type == ml::ProblemType::kRegression ? 1.0 : 0.4;
    const double leaves = std::max(2.0, rows * per_row / leaf_rows);
    const double depth = 1.5 * std::log2(leaves) + 1;
    const double tree_row_ns = 3.5 * (1 + depth) + 50.0 / 4 * 2 * leaves / 1000;
    return trees * tree_row_ns * 1e-6 * 1000;
  }
  if (learner == "knn") {
    // Brute force: every kept training row against every query. With AVX2 (eight queries per
    // pass) ~0.065 ns per row and column plus ~0.2 ns per row for the running k best, else
    // ~0.15 and ~0.4 ns (ml/algorithms/knn/nearest_points.h; digits, 1,437 x 64: 5.8 ms per
    // 1,000 rows; letter_recognition, 16,000 x 16: ~16 ms per member).
    const bool vectorised = ml::KnnSearchVectorised();
    const double per_cell = vectorised ? 0.065e-6 : 0.15e-6;
    const double per_row = vectorised ? 0.2e-6 : 0.4e-6;
    const double kept = std::min(rows, params.value("max_train_rows", CostSizeOf(learner).fallback));
    const double cols = static_cast<double>(std::max<size_t>(shape.dense_cols, 1));
    return kept * (per_cell * cols + per_row) * 1000;
  }
  if (learner == "fasttext") {
    // fastText tokenises the raw text itself and sums one embedding row per word and word
    // n-gram; with 200,000 hashed buckets x 50 dimensions each row is a cache miss: ~60 ns per
    // byte of text at the default 2-grams (spam_assassin, ~2,000 bytes a row: ~125 ms per 1,000
    // rows, bench/automl `--model`).
    return shape.text_bytes * 0.03e-3 * params.value("word_ngrams", 2.0) * 1000;
  }
  if (learner == "naive_bayes" || learner == "logistic_regression" ||
      learner == "linear_regression") {
    // A weight per value read and output: ~0.5 ns (spam_assassin's naive Bayes, 2 classes x
    // ~2,200 non-zeros: ~2-3 ms per 1,000 rows); well under a millisecond on tabular data.
    const double outputs = problem.type == ml::ProblemType::kRegression
                               ? 1.0
                               : static_cast<double>(std::max<size_t>(problem.classes.size(), 2));
    return outputs * (static_cast<double>(shape.dense_cols) + shape.sparse_nnz) * 0.5e-6 * 1000;
  }
  return 0.0;
}

double EstimatePipelineMs(const DataShape& shape) {
  // ml/internal/text_features: ~3.5 hashed terms per byte, each a counter bump in a 256 KiB
  // table, and the CSR block written (spam_assassin: 26-29 ms per 1,000 rows of 1,900-2,150
  // bytes, ~13.5 ns per byte). Numeric and categorical encoding is well under a millisecond.
  return shape.text_bytes * 14e-6 * 1000;
}

json FitToPredictionLimit(std::string_view learner, json params, const ml::ProblemInfo& problem,
                          const DataShape& shape, double limit_ms) {
  const CostSize size = CostSizeOf(learner);
  if (size.key == nullptr || !params.is_object()) return params;
  // The cost is affine in the size (a fixed part: gathering sparse rows): price two sizes.
  json one = params, two = params;
  one[size.key] = 1;
  two[size.key] = 2;
  const double at_one = EstimatePredictionMs(learner, one, problem, shape);
  const double per_unit = EstimatePredictionMs(learner, two, problem, shape) - at_one;
  if (!(per_unit > 0)) return params;
  const double fixed = at_one - per_unit;
  const double cap = std::max(size.smallest, std::floor((limit_ms - fixed) / per_unit));
  if (params.value(size.key, size.fallback) > cap) params[size.key] = static_cast<int64_t>(cap);
  return params;
}

LearnerCatalog DefaultCatalog(std::vector<std::string> allowed) {
  LearnerCatalog catalog;
  catalog.make = [](std::string_view learner, const json& params,
                    const ml::ProblemInfo& problem) {
    return ml::MakeEstimator(learner, params, problem);
  };
  catalog.portfolio = [allowed](const ml::ProblemInfo& problem, const DataShape& shape) {
    return DefaultPortfolio(problem, shape, allowed);
  };
  catalog.sample = [allowed](std::mt19937_64& rng, const ml::ProblemInfo& problem,
                             const DataShape& shape) -> std::optional<Candidate> {
    const std::vector<std::string> usable = Usable(problem, allowed);
    Candidate c;
    c.source = "search";
    // One search trial in six is a kNN neighbourhood (where kNN applies: a trial costs well under
    // a second there), one in six a forest, one in six extra trees (where they apply; else
    // XGBoost). Greedy ensembles gain most from members unlike the boosted ones, and a family
    // tried once loses to the best of thirty boosted configurations' out-of-fold scores on small
    // data by their noise alone (glass, 171 rows).
    const double family = Uniform(rng, 0, 1);
    if (Has(usable, "knn") && KnnApplies(shape) && family < 1.0 / 6) {
      c.learner = "knn";
      c.params = {{"k", static_cast<int>(std::lround(LogUniform(rng, 1, 50)))},
                  {"weights", Uniform(rng, 0, 1) < 0.75 ? "distance" : "uniform"}};
    } else if (Has(usable, "extra_trees") && ExtraTreesApplies(shape) &&
               (family >= 2.0 / 6 && family < 3.0 / 6)) {
      c.learner = "extra_trees";
      c.params = SampleExtraTreesParams(rng, problem, shape);
    } else if (Has(usable, "random_forest") && (family >= 1.0 / 6 && family < 2.0 / 6)) {
      c.learner = "random_forest";
      c.params = SampleForestParams(rng, problem, shape);
    } else if (Has(usable, "xgboost")) {
      c.learner = "xgboost";
      c.params = SampleXgboostParams(rng, shape);
    } else if (Has(usable, "random_forest")) {
      c.learner = "random_forest";
      c.params = SampleForestParams(rng, problem, shape);
    } else if (Has(usable, "logistic_regression") || Has(usable, "linear_regression")) {
      c.learner = Has(usable, "logistic_regression") ? "logistic_regression" : "linear_regression";
      c.params = {{"C", Round4(LogUniform(rng, 1e-3, 1e3))}};
    } else if (Has(usable, "extra_trees") && ExtraTreesApplies(shape)) {
      c.learner = "extra_trees";
      c.params = SampleExtraTreesParams(rng, problem, shape);
    } else if (Has(usable, "knn")) {
      c.learner = "knn";
      c.params = {{"k", std::uniform_int_distribution<int>(3, 60)(rng)}};
    } else {
      return std::nullopt;
    }
    c.params = WithSparseColumnCap(c.learner, std::move(c.params), shape);
    return c;
  };
  catalog.refit_params = [](const Candidate& c, const std::vector<json>& fold_params,
                            const DataShape&) {
    json params = c.params;
    if (c.learner != "xgboost" || fold_params.empty()) return params;
    double rounds = 0;
    for (const json& p : fold_params) {
      if (!p.contains("best_iteration")) return params;
      rounds += p["best_iteration"].get<double>() + 1;
    }
    // A little more than the folds' mean: the refit sees all rows, not (k-1)/k of them.
    params["n_estimators"] =
        std::max(1, static_cast<int>(std::lround(1.1 * rounds / fold_params.size())));
    params["early_stopping_rounds"] = 0;
    return params;
  };
  catalog.prediction_ms = [](std::string_view learner, const json& params,
                             const ml::ProblemInfo& problem, const DataShape& shape) {
    return EstimatePredictionMs(learner, params, problem, shape);
  };
  catalog.pipeline_ms = EstimatePipelineMs;
  catalog.fit_to_prediction_limit = FitToPredictionLimit;
  return catalog;
}

}  // namespace lathe::automl
