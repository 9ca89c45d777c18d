// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Micro-benchmark: XGBoost through Lathe's Estimator vs python3-xgboost (xgboost_bench.py) on
// the same generated data, parameters and threads. Not a test; run by hand:
//   build/tests/unit/ml/ml_xgboost_bench [rows] [threads]
#include <chrono>
#include <cstdio>
#include <cstdlib>

#include "ml/estimator.h"

namespace {

// Same generator as xgboost_bench.py: integer hash -> float32 in [-0.5, 0.5).
float Cell(uint64_t row, uint64_t col) {
  const uint64_t h = ((row * 131 + col * 7919 + 17) * 2654435761ULL) % 4294967296ULL;
  return static_cast<float>(h) / 4294967296.0f - 0.5f;
}

}  // namespace

int main(int argc, char** argv) {
  using namespace lathe::ml;
  const size_t rows = argc > 1 ? std::strtoul(argv[1], nullptr, 10) : 100000;
  const int threads = argc > 2 ? std::atoi(argv[2]) : 2;
  const size_t cols = 20;
  LabeledData d;
  d.x.rows = rows;
  d.x.dense_cols = cols;
  d.x.dense.resize(rows * cols);
  for (size_t r = 0; r < rows; ++r) {
    for (size_t c = 0; c < cols; ++c) d.x.dense[r * cols + c] = Cell(r, c);
    const float* x = d.x.dense.data() + r * cols;
    d.y.push_back(x[0] + x[1] * x[2] - 0.5f * x[3] > 0 ? 1.f : 0.f);
  }
  ProblemInfo problem;
  problem.classes = {"0", "1"};
  auto est = MakeEstimator("xgboost",
                           {{"n_estimators", 200}, {"learning_rate", 0.1}, {"max_depth", 6},
                            {"subsample", 1.0}, {"colsample_bytree", 1.0},
                            {"early_stopping_rounds", 0}},
                           problem);
  FitOptions options;
  options.threads = threads;
  for (int rep = 0; rep < 3; ++rep) {
    const auto t0 = std::chrono::steady_clock::now();
    auto model = (*est)->Fit(d, nullptr, options);
    const auto t1 = std::chrono::steady_clock::now();
    if (!model.ok()) {
      std::fprintf(stderr, "%s\n", model.status().ToString().c_str());
      return 1;
    }
    auto pred = (*model)->Predict(d.x);
    const auto t2 = std::chrono::steady_clock::now();
    double acc = 0;
    for (size_t r = 0; r < rows; ++r) acc += ((*pred)[2 * r + 1] > 0.5f) == (d.y[r] > 0.5f);
    std::printf("lathe  fit %.3f s  predict %.3f s  train-acc %.4f\n",
                std::chrono::duration<double>(t1 - t0).count(),
                std::chrono::duration<double>(t2 - t1).count(), acc / rows);
  }
  return 0;
}
