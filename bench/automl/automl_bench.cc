// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// automl_bench: one Lathe AutoML run on a fixed train/test split. Trains with RunAutoMl on
// TRAIN.csv, turns the result into a bundle (MakeBundle), loads it as a serving model
// (LoadedModel::FromBundle), predicts TEST.csv and scores it, then prints one JSON line:
//   {dataset, seed, task, metric, score, log_loss (multiclass), wall_s, fit_s, trials,
//    trials_failed, trials_stopped, failures, first_trial_s, first_boosted_s, best_learner,
//    ensemble, predict_1000_ms, predict_1000_ms_min, train_rows, test_rows}
// Metrics: ROC AUC (binary), accuracy (multiclass), RMSE (regression), as in ml/metrics.h.
// wall_s covers training, bundling, loading and predicting the test set (what the peers time);
// first_trial_s is when the first trial_finished event arrived, from the start of RunAutoMl, and
// first_boosted_s when the first full-data XGBoost trial finished (-1: none did);
// predict_1000_ms is the median of 7 timed LoadedModel::Predict calls on 1,000 test rows
// (repeated cyclically when the test set is smaller) after one warm-up; loaded models predict
// with one thread.
//
//   automl_bench train.csv test.csv --target species --budget 15 --seed 1 [--dataset iris]
//                [--threads 2] [--events events.jsonl] [--save-model model.lathe]
//                [--predict-limit-ms 50] [--algorithms xgboost,knn]
//
// With --model FILE (a saved bundle) it skips training: it loads the bundle, scores TEST.csv and
// times 1,000-row predictions (--repeat N timed calls, default 7), to profile the prediction
// path alone (e.g. under `perf record`).
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/clock.h"
#include "automl/automl.h"
#include "data/csv_reader.h"
#include "data/take.h"
#include "ml/loaded_model.h"
#include "ml/metrics.h"
#include "ml/model_bundle.h"

namespace {

using lathe::ThreadCpuSeconds;

using Clock = std::chrono::steady_clock;
using nlohmann::json;

double SecondsSince(Clock::time_point since) {
  return std::chrono::duration<double>(Clock::now() - since).count();
}

struct Args {
  std::string train, test, target, dataset, events, save_model, model;
  int repeat = 7;
  double predict_limit_ms = lathe::automl::kDefaultPredictLimitMs;  // as a job; 0 = none
  std::vector<std::string> algorithms;
  double budget = 60;
  uint64_t seed = 1;
  int threads = 2;
};

bool ParseArgs(int argc, char** argv, Args* args) {
  std::vector<std::string> positional;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    const bool has_value = i + 1 < argc;
    if (a == "--target" && has_value) {
      args->target = argv[++i];
    } else if (a == "--budget" && has_value) {
      args->budget = std::atof(argv[++i]);
    } else if (a == "--seed" && has_value) {
      args->seed = std::strtoull(argv[++i], nullptr, 10);
    } else if (a == "--dataset" && has_value) {
      args->dataset = argv[++i];
    } else if (a == "--threads" && has_value) {
      args->threads = std::atoi(argv[++i]);
    } else if (a == "--events" && has_value) {
      args->events = argv[++i];
    } else if (a == "--save-model" && has_value) {
      args->save_model = argv[++i];
    } else if (a == "--model" && has_value) {
      args->model = argv[++i];
    } else if (a == "--predict-limit-ms" && has_value) {
      args->predict_limit_ms = std::atof(argv[++i]);
    } else if (a == "--algorithms" && has_value) {
      std::string list = argv[++i];
      for (size_t start = 0; start <= list.size();) {
        const size_t comma = std::min(list.find(',', start), list.size());
        if (comma > start) args->algorithms.push_back(list.substr(start, comma - start));
        start = comma + 1;
      }
    } else if (a == "--repeat" && has_value) {
      args->repeat = std::max(1, std::atoi(argv[++i]));
    } else if (a.rfind("--", 0) == 0) {
      std::fprintf(stderr, "automl_bench: unknown option or missing value: %s\n", a.c_str());
      return false;
    } else {
      positional.push_back(a);
    }
  }
  if (args->target.empty()) return false;
  if (!args->model.empty()) {  // --model FILE TEST.csv: no training set
    if (positional.size() != 1) return false;
    args->test = positional[0];
    return true;
  }
  if (positional.size() != 2) return false;
  args->train = positional[0];
  args->test = positional[1];
  if (args->dataset.empty()) args->dataset = args->train;
  return true;
}

// Counts trial outcomes and remembers when the first result arrived.
struct EventLog {
  Clock::time_point start;
  double first_trial_s = -1;
  double first_boosted_s = -1;
  int finished = 0, failed = 0, stopped = 0;
  json failures = json::array();  // {trial_id, learner, error} of real (not clock) failures
  std::ofstream out;

  void operator()(const json& e) {
    const std::string type = e.value("type", "");
    if (type == "trial_finished") {
      if (finished++ == 0) first_trial_s = SecondsSince(start);
      if (first_boosted_s < 0 && e.value("learner", "") == "xgboost" &&
          e.value("data_fraction", 1.0) >= 1.0) {
        first_boosted_s = SecondsSince(start);
      }
    } else if (type == "trial_failed") {
      if (e.value("stopped", false)) {
        ++stopped;
      } else {
        ++failed;
        failures.push_back({{"trial_id", e.value("trial_id", 0)},
                            {"learner", e.value("learner", "")},
                            {"error", e.value("error", "")}});
      }
    }
    if (out.is_open()) out << e.dump() << "\n";
  }
};

// The test score, plus log loss for multiclass. Rows whose class the model never saw count as
// wrong for accuracy and are left out of AUC / log loss (stratified splits make them rare).
struct Score {
  std::string metric;
  double value = NAN;
  double log_loss = NAN;
  size_t unknown_class_rows = 0;
};

lathe::Result<Score> ScoreTest(const lathe::ml::LoadedModel& model,
                               const lathe::data::Table& test) {
  namespace ml = lathe::ml;
  const ml::ProblemInfo& problem = model.problem();
  LATHE_ASSIGN_OR_RETURN(std::vector<float> y, ml::EncodeTarget(test, problem));
  LATHE_ASSIGN_OR_RETURN(ml::PredictionBatch p, model.Predict(test));
  Score s;
  s.metric = std::string(ml::DefaultMetricName(problem.type));
  if (problem.type == ml::ProblemType::kRegression) {
    std::vector<float> yt, yp;
    for (size_t row = 0; row < y.size(); ++row) {
      if (std::isnan(y[row])) continue;
      yt.push_back(y[row]);
      yp.push_back(p.values[row]);
    }
    s.value = ml::Rmse(yt, yp);
    return s;
  }
  const size_t k = problem.classes.size();
  std::vector<float> yt, proba;
  for (size_t row = 0; row < y.size(); ++row) {
    if (std::isnan(y[row])) {
      ++s.unknown_class_rows;
      continue;
    }
    yt.push_back(y[row]);
    proba.insert(proba.end(), p.probabilities.begin() + row * k,
                 p.probabilities.begin() + (row + 1) * k);
  }
  LATHE_ASSIGN_OR_RETURN(s.value, ml::ComputeMetric(s.metric, problem.type, yt, proba));
  if (problem.type == ml::ProblemType::kMulticlass) {
    // Accuracy over all test rows: unknown classes are misses.
    s.value = s.value * static_cast<double>(yt.size()) / static_cast<double>(y.size());
    LATHE_ASSIGN_OR_RETURN(s.log_loss, ml::ComputeMetric("log_loss", problem.type, yt, proba));
  }
  return s;
}

// The 1,000 rows timed predictions use: the test rows, repeated cyclically when there are fewer.
lathe::data::Table Rows1000(const lathe::data::Table& test) {
  std::vector<uint32_t> rows(1000);
  for (size_t i = 0; i < rows.size(); ++i) rows[i] = static_cast<uint32_t>(i % test.num_rows());
  return lathe::data::TakeRows(test, rows);
}

// Median and minimum of `repeat` timed calls of `call` after one warm-up, in milliseconds: wall
// time, or with `cpu` the calling thread's CPU time (steadier on a shared machine; the
// prediction path is single-threaded).
template <typename Call>
lathe::Result<std::pair<double, double>> TimeCalls(int repeat, const Call& call,
                                                   bool cpu = false) {
  LATHE_RETURN_IF_ERROR(call());  // warm-up
  std::vector<double> ms;
  for (int rep = 0; rep < repeat; ++rep) {
    const auto start = Clock::now();
    const double cpu_start = ThreadCpuSeconds();
    LATHE_RETURN_IF_ERROR(call());
    ms.push_back((cpu ? ThreadCpuSeconds() - cpu_start : SecondsSince(start)) * 1000);
  }
  std::sort(ms.begin(), ms.end());
  return std::make_pair(ms[ms.size() / 2], ms.front());
}

// Median and minimum of timed 1,000-row predictions, in milliseconds.
lathe::Result<std::pair<double, double>> TimePredict1000(const lathe::ml::LoadedModel& model,
                                                         const lathe::data::Table& test,
                                                         int repeat, bool cpu = false) {
  const lathe::data::Table batch = Rows1000(test);
  return TimeCalls(repeat, [&] { return model.Predict(batch).status(); }, cpu);
}

// --model: predicts with a saved bundle only.
lathe::Result<json> RunSavedModel(const Args& args) {
  std::ifstream in(args.model, std::ios::binary);
  if (!in) return lathe::NotFoundError("cannot read the model file " + args.model);
  const std::string bytes((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  lathe::data::CsvOptions csv;
  csv.num_threads = 1;
  LATHE_ASSIGN_OR_RETURN(lathe::data::Table test, lathe::data::ReadCsvFile(args.test, csv));
  LATHE_ASSIGN_OR_RETURN(auto model, lathe::ml::LoadedModel::Load(bytes));
  LATHE_ASSIGN_OR_RETURN(Score score, ScoreTest(*model, test));
  LATHE_ASSIGN_OR_RETURN(auto predict_ms, TimePredict1000(*model, test, args.repeat));
  LATHE_ASSIGN_OR_RETURN(auto predict_cpu_ms, TimePredict1000(*model, test, args.repeat, true));
  const lathe::data::Table batch = Rows1000(test);
  LATHE_ASSIGN_OR_RETURN(auto pipeline_ms, TimeCalls(args.repeat, [&] {
                           return model->pipeline().TransformForPrediction(batch).status();
                         }));
  json out;
  out["tool"] = "lathe";
  out["dataset"] = args.dataset;
  out["metric"] = score.metric;
  out["score"] = score.value;
  out["predict_1000_ms"] = predict_ms.first;
  out["predict_1000_ms_min"] = predict_ms.second;
  out["predict_1000_cpu_ms"] = predict_cpu_ms.first;
  out["pipeline_1000_ms"] = pipeline_ms.first;  // the feature pipeline's share
  json members = json::array();
  for (const auto& m : model->manifest().value("members", json::array())) {
    members.push_back(m.value("learner", ""));
  }
  out["members"] = members;
  out["test_rows"] = test.num_rows();
  return out;
}

lathe::Result<json> Run(const Args& args) {
  if (!args.model.empty()) return RunSavedModel(args);
  namespace automl = lathe::automl;
  lathe::data::CsvOptions csv;
  csv.num_threads = 1;
  LATHE_ASSIGN_OR_RETURN(lathe::data::Table train, lathe::data::ReadCsvFile(args.train, csv));
  LATHE_ASSIGN_OR_RETURN(lathe::data::Table test, lathe::data::ReadCsvFile(args.test, csv));

  automl::AutoMlOptions options;
  options.budget_seconds = args.budget;
  options.seed = args.seed;
  options.threads = args.threads;
  options.predict_limit_ms = args.predict_limit_ms;
  options.learners = args.algorithms;
  EventLog log;
  if (!args.events.empty()) log.out.open(args.events);
  log.start = Clock::now();
  LATHE_ASSIGN_OR_RETURN(automl::AutoMlResult result,
                         automl::RunAutoMl(train, args.target, options, std::ref(log)));
  LATHE_ASSIGN_OR_RETURN(lathe::ml::ModelBundle bundle, automl::MakeBundle(result));
  LATHE_ASSIGN_OR_RETURN(auto model, lathe::ml::LoadedModel::FromBundle(bundle));
  const double fit_s = SecondsSince(log.start);
  LATHE_ASSIGN_OR_RETURN(Score score, ScoreTest(*model, test));
  const double wall_s = SecondsSince(log.start);
  LATHE_ASSIGN_OR_RETURN(auto predict_ms, TimePredict1000(*model, test, args.repeat));
  if (!args.save_model.empty()) {
    LATHE_ASSIGN_OR_RETURN(std::string bytes, lathe::ml::SerializeBundle(bundle));
    std::ofstream(args.save_model, std::ios::binary) << bytes;
  }

  std::string best_learner;
  for (const automl::LeaderboardEntry& e : result.leaderboard) {
    if (e.trial_id == result.best_trial_id) best_learner = e.learner;
  }
  json members = json::array();
  for (const automl::FinalMember& m : result.members) {
    members.push_back({{"learner", m.learner}, {"weight", m.weight}});
  }
  json out;
  out["tool"] = "lathe";
  out["dataset"] = args.dataset;
  out["seed"] = args.seed;
  out["task"] = lathe::ml::ProblemTypeName(result.problem.type);
  out["metric"] = score.metric;
  out["score"] = score.value;
  out["log_loss"] = std::isnan(score.log_loss) ? json(nullptr) : json(score.log_loss);
  out["wall_s"] = wall_s;
  out["fit_s"] = fit_s;
  out["budget_s"] = args.budget;
  out["trials"] = log.finished;
  out["trials_failed"] = log.failed;
  out["trials_stopped"] = log.stopped;
  out["failures"] = log.failures;
  out["first_trial_s"] = log.first_trial_s;
  out["first_boosted_s"] = log.first_boosted_s;
  out["validation"] = result.validation;
  out["cv_score"] = result.final_score;
  out["best_learner"] = best_learner;
  out["ensemble"] = result.ensemble_selected;
  out["members"] = members;
  out["predict_1000_ms"] = predict_ms.first;
  out["predict_1000_ms_min"] = predict_ms.second;
  out["predict_limit_ms"] = args.predict_limit_ms;
  out["train_rows"] = train.num_rows();
  out["test_rows"] = test.num_rows();
  out["unknown_class_rows"] = score.unknown_class_rows;
  return out;
}

}  // namespace

int main(int argc, char** argv) {
  Args args;
  if (!ParseArgs(argc, argv, &args)) {
    std::fprintf(stderr,
                 "usage: %s TRAIN.csv TEST.csv --target COL [--budget S] [--seed N] "
                 "[--dataset NAME] [--threads N] [--events FILE] [--save-model FILE]\n"
                 "       [--predict-limit-ms MS] [--algorithms A,B]\n"
                 "       %s --model FILE TEST.csv --target COL [--repeat N]\n",
                 argv[0], argv[0]);
    return 2;
  }
  lathe::Result<json> out = Run(args);
  if (!out.ok()) {
    std::fprintf(stderr, "automl_bench %s: %s\n", args.dataset.c_str(),
                 out.status().ToString().c_str());
    return 1;
  }
  std::printf("%s\n", out->dump().c_str());
  return 0;
}
