// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// forest_cv: one Lathe learner (through ml::MakeEstimator, as AutoML calls it) in repeated k-fold
// cross-validation on folds chosen by the caller, so a peer can be scored on the same folds.
// forest_cv.py writes the inputs and scores the output. Prints one JSON line:
//   {learner, params, oof: [[per repeat: rows x k probabilities, or rows values]],
//    fit_s_mean, predict_1000_ms, predict_1000_ms_min, predict_1_us}
// predict_1000_ms is the median of 7 timed Model::Predict calls (one thread) on 1,000 rows (the
// data repeated cyclically) of a model fitted on all rows, after one warm-up; predict_1_us the
// median of 500 one-row calls.
//
//   forest_cv DATA.txt FOLDS.txt --learner random_forest --params '{"n_estimators":500}'
//             [--threads 1] [--seed 1]
// DATA.txt: "task k rows cols" (task binary / multiclass / regression, k classes or 0), then one
// row per line: label (class id or value) then the cols features ("nan" = missing).
// FOLDS.txt: one line per repeat, the fold id of each row.
#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "ml/estimator.h"
#include "ml/matrix.h"
#include "ml/problem.h"

namespace {

namespace ml = lathe::ml;
using Clock = std::chrono::steady_clock;
using nlohmann::json;

double SecondsSince(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

struct Args {
  std::string data, folds, learner = "random_forest";
  json params = json::object();
  int threads = 1;
  uint64_t seed = 1;
};

bool ParseArgs(int argc, char** argv, Args* args) {
  std::vector<std::string> positional;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    const bool has_value = i + 1 < argc;
    if (a == "--learner" && has_value) {
      args->learner = argv[++i];
    } else if (a == "--params" && has_value) {
      args->params = json::parse(argv[++i], nullptr, false);
      if (args->params.is_discarded() || !args->params.is_object()) {
        std::fprintf(stderr, "forest_cv: --params is not a JSON object\n");
        return false;
      }
    } else if (a == "--threads" && has_value) {
      args->threads = std::max(1, std::atoi(argv[++i]));
    } else if (a == "--seed" && has_value) {
      args->seed = std::strtoull(argv[++i], nullptr, 10);
    } else if (a.rfind("--", 0) == 0) {
      std::fprintf(stderr, "forest_cv: unknown option or missing value: %s\n", a.c_str());
      return false;
    } else {
      positional.push_back(a);
    }
  }
  if (positional.size() != 2) return false;
  args->data = positional[0];
  args->folds = positional[1];
  return true;
}

lathe::Result<std::pair<ml::ProblemInfo, ml::LabeledData>> ReadData(const std::string& path) {
  std::ifstream in(path);
  std::string task;
  size_t k = 0;
  ml::LabeledData d;
  if (!(in >> task >> k >> d.x.rows >> d.x.dense_cols)) {
    return lathe::InvalidArgumentError(path + ": line 1: expected 'task k rows cols'");
  }
  ml::ProblemInfo problem;
  LATHE_ASSIGN_OR_RETURN(problem.type, ml::ParseProblemType(task));
  problem.target = "y";
  for (size_t c = 0; c < k; ++c) problem.classes.push_back(std::to_string(c));
  d.y.resize(d.x.rows);
  d.x.dense.resize(d.x.rows * d.x.dense_cols);
  std::string token;
  for (size_t row = 0; row < d.x.rows; ++row) {
    for (size_t col = 0; col <= d.x.dense_cols; ++col) {
      if (!(in >> token)) {
        return lathe::InvalidArgumentError(path + ": row " + std::to_string(row + 1) +
                                           ": expected " + std::to_string(d.x.dense_cols + 1) +
                                           " values");
      }
      const float v = std::strtof(token.c_str(), nullptr);
      if (col == 0) {
        d.y[row] = v;
      } else {
        d.x.dense[row * d.x.dense_cols + col - 1] = v;
      }
    }
  }
  return std::make_pair(problem, d);
}

lathe::Result<std::vector<std::vector<int>>> ReadFolds(const std::string& path, size_t rows) {
  std::ifstream in(path);
  std::vector<std::vector<int>> out;
  std::string line;
  while (std::getline(in, line)) {
    if (line.empty()) continue;
    std::istringstream ls(line);
    std::vector<int> ids;
    int id = 0;
    while (ls >> id) ids.push_back(id);
    if (ids.size() != rows) {
      return lathe::InvalidArgumentError(path + ": line " + std::to_string(out.size() + 1) +
                                         ": " + std::to_string(ids.size()) + " fold ids for " +
                                         std::to_string(rows) + " rows");
    }
    out.push_back(std::move(ids));
  }
  return out;
}

lathe::Result<json> Run(const Args& args) {
  LATHE_ASSIGN_OR_RETURN(auto loaded, ReadData(args.data));
  const auto& [problem, data] = loaded;
  LATHE_ASSIGN_OR_RETURN(auto repeats, ReadFolds(args.folds, data.x.rows));
  LATHE_ASSIGN_OR_RETURN(auto estimator, ml::MakeEstimator(args.learner, args.params, problem));
  const size_t width = problem.type == ml::ProblemType::kRegression ? 1 : problem.classes.size();
  ml::FitOptions fo;
  fo.threads = args.threads;
  json oof = json::array();
  double fit_s = 0;
  int fits = 0;
  for (size_t rep = 0; rep < repeats.size(); ++rep) {
    const std::vector<int>& fold_of = repeats[rep];
    const int folds = *std::max_element(fold_of.begin(), fold_of.end()) + 1;
    std::vector<float> pred(data.x.rows * width, 0.f);
    for (int fold = 0; fold < folds; ++fold) {
      std::vector<uint32_t> train_rows, test_rows;
      for (size_t row = 0; row < fold_of.size(); ++row) {
        (fold_of[row] == fold ? test_rows : train_rows).push_back(static_cast<uint32_t>(row));
      }
      fo.seed = args.seed * 1000 + rep * 10 + static_cast<uint64_t>(fold);
      const auto start = Clock::now();
      LATHE_ASSIGN_OR_RETURN(auto model, estimator->Fit(ml::TakeRows(data, train_rows), nullptr, fo));
      fit_s += SecondsSince(start);
      ++fits;
      LATHE_ASSIGN_OR_RETURN(std::vector<float> p,
                             model->Predict(ml::TakeRows(data.x, test_rows)));
      for (size_t i = 0; i < test_rows.size(); ++i) {
        std::copy(p.begin() + i * width, p.begin() + (i + 1) * width,
                  pred.begin() + test_rows[i] * width);
      }
    }
    oof.push_back(pred);
  }
  // Prediction time of a model fitted on all rows, one thread, 1,000 rows.
  fo.seed = args.seed;
  LATHE_ASSIGN_OR_RETURN(auto full, estimator->Fit(data, nullptr, fo));
  std::vector<uint32_t> rows(1000);
  for (size_t i = 0; i < rows.size(); ++i) rows[i] = static_cast<uint32_t>(i % data.x.rows);
  const ml::Matrix batch = ml::TakeRows(data.x, rows);
  LATHE_RETURN_IF_ERROR(full->Predict(batch).status());
  std::vector<double> ms;
  for (int rep = 0; rep < 7; ++rep) {
    const auto start = Clock::now();
    LATHE_RETURN_IF_ERROR(full->Predict(batch).status());
    ms.push_back(SecondsSince(start) * 1000);
  }
  std::sort(ms.begin(), ms.end());
  // One row at a time (what an endpoint sees): median over 500 calls.
  const ml::Matrix one = ml::TakeRows(data.x, {0});
  std::vector<double> us;
  for (int rep = 0; rep < 500; ++rep) {
    const auto start = Clock::now();
    LATHE_RETURN_IF_ERROR(full->Predict(one).status());
    us.push_back(SecondsSince(start) * 1e6);
  }
  std::nth_element(us.begin(), us.begin() + us.size() / 2, us.end());
  return json{{"learner", args.learner},
              {"params", full->Params()},
              {"oof", oof},
              {"fit_s_mean", fits > 0 ? fit_s / fits : 0.0},
              {"predict_1000_ms", ms[ms.size() / 2]},
              {"predict_1000_ms_min", ms.front()},
              {"predict_1_us", us[us.size() / 2]}};
}

}  // namespace

int main(int argc, char** argv) {
  Args args;
  if (!ParseArgs(argc, argv, &args)) {
    std::fprintf(stderr,
                 "usage: forest_cv DATA.txt FOLDS.txt [--learner random_forest] "
                 "[--params JSON] [--threads 1] [--seed 1]\n");
    return 2;
  }
  auto result = Run(args);
  if (!result.ok()) {
    std::fprintf(stderr, "forest_cv: %s\n", result.status().ToString().c_str());
    return 1;
  }
  std::printf("%s\n", result->dump().c_str());
  return 0;
}
