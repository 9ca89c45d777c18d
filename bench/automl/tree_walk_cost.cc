// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// tree_walk_cost: what one tree costs per predicted row, by depth, through the XGBoost learner's
// Model::Predict on 1,000 rows (the compiled walk: vectorised up to ml::MaxVectorisedTreeDepth,
// a pointer walk deeper). Calibrates automl's EstimatePredictionMs (search_space.cc). For each
// max_depth it fits 200 rounds on 20,000 noisy synthetic rows x 16 features (so trees grow to
// full depth), then prints one JSON line: {max_depth, trees, ns_per_tree_row,
// ns_per_tree_row_level, vectorised}, the median of 9 calls' thread CPU time.
//
//   tree_walk_cost [--depths 2,4,6,8,10,12] [--rounds 200]
#include <time.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/clock.h"
#include "ml/estimator.h"
#include "ml/matrix.h"
#include "ml/problem.h"

namespace {

using lathe::ThreadCpuSeconds;

namespace ml = lathe::ml;

ml::LabeledData Synthetic(size_t rows, size_t cols, uint64_t seed) {
  std::mt19937_64 rng(seed);
  std::normal_distribution<float> n01(0, 1);
  ml::LabeledData d;
  d.x.rows = rows;
  d.x.dense_cols = cols;
  for (size_t r = 0; r < rows; ++r) {
    float z = 0;
    for (size_t c = 0; c < cols; ++c) {
      const float v = n01(rng);
      d.x.dense.push_back(v);
      z += (c % 3 == 0 ? 1.f : -0.5f) * v * (c % 2 ? v : 1.f);
    }
    d.y.push_back(z + 2.f * n01(rng) > 0 ? 1.f : 0.f);  // noisy: trees keep splitting
  }
  return d;
}

int Run(const std::vector<int>& depths, int rounds) {
  ml::ProblemInfo problem;
  problem.type = ml::ProblemType::kBinary;
  problem.target = "y";
  problem.classes = {"0", "1"};
  const ml::LabeledData train = Synthetic(20000, 16, 1);
  const ml::LabeledData test = Synthetic(1000, 16, 2);
  for (int depth : depths) {
    const nlohmann::json params = {{"n_estimators", rounds}, {"max_depth", depth},
                                   {"learning_rate", 0.1}, {"min_child_weight", 0.0},
                                   {"early_stopping_rounds", 0}};
    auto est = ml::MakeEstimator("xgboost", params, problem);
    if (!est.ok()) return std::fprintf(stderr, "%s\n", est.status().ToString().c_str()), 1;
    ml::FitOptions options;
    options.threads = 2;
    auto model = (*est)->Fit(train, nullptr, options);
    if (!model.ok()) return std::fprintf(stderr, "%s\n", model.status().ToString().c_str()), 1;
    std::vector<double> seconds;
    for (int call = 0; call < 10; ++call) {
      const double start = ThreadCpuSeconds();
      auto p = (*model)->Predict(test.x);
      if (!p.ok()) return std::fprintf(stderr, "%s\n", p.status().ToString().c_str()), 1;
      if (call > 0) seconds.push_back(ThreadCpuSeconds() - start);  // call 0 warms up
    }
    std::nth_element(seconds.begin(), seconds.begin() + seconds.size() / 2, seconds.end());
    const double ns = seconds[seconds.size() / 2] * 1e9 / (1000.0 * rounds);
    const nlohmann::json line = {{"max_depth", depth},
                                 {"trees", rounds},
                                 {"ns_per_tree_row", ns},
                                 {"ns_per_tree_row_level", ns / (1 + depth)},
                                 {"vectorised", depth <= ml::MaxVectorisedTreeDepth()}};
    std::printf("%s\n", line.dump().c_str());
    std::fflush(stdout);
  }
  return 0;
}

}  // namespace

int main(int argc, char** argv) {
  std::vector<int> depths = {2, 4, 6, 8, 10, 12};
  int rounds = 200;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--depths" && i + 1 < argc) {
      depths.clear();
      std::stringstream list(argv[++i]);
      for (std::string item; std::getline(list, item, ',');) depths.push_back(std::atoi(item.c_str()));
    } else if (a == "--rounds" && i + 1 < argc) {
      rounds = std::max(1, std::atoi(argv[++i]));
    } else {
      std::fprintf(stderr, "usage: %s [--depths 2,4,6,8,10,12] [--rounds 200]\n", argv[0]);
      return 2;
    }
  }
  return Run(depths, rounds);
}
