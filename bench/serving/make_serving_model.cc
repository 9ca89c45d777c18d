// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// make_serving_model: builds the model and request bodies bench/serving/run.sh serves. Reads a
// shared dataset whose features are all numeric (default spambase.csv, binary target "type"),
// fits Lathe's FeaturePipeline and an XGBoost learner with exactly 100 trees of depth 6 (no
// early stopping), and writes into OUT_DIR:
//   model.lathe    the Lathe model bundle (what POST /api/v1/models?name= takes)
//   model.ubj      the same booster as raw XGBoost UBJSON (for the FastAPI peer and the direct
//                  C API baseline)
//   row.csv        one request row: no header, the model's input columns in order
//   rows10k.csv    10,000 rows (the dataset's rows cycled), same layout
//   rows10k.json   the same rows as {"instances": [[...], ...]}
//   meta.json      dataset, target, classes, input columns, trees, depth
// The pipeline must pass the features through unchanged (numeric, no missing values, none
// dropped), so the raw booster sees exactly what Lathe's pipeline gives it; any other dataset
// is refused with the reason. `--trees 1 --depth 1` makes the near no-op model whose requests
// measure the server's own cost (one split to walk instead of 100 trees).
//
//   make_serving_model OUT_DIR [--data DIR] [--dataset spambase] [--target type] [--rows 10000]
//                      [--trees 100] [--depth 6]
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/status.h"
#include "data/csv_reader.h"
#include "ml/estimator.h"
#include "ml/feature_pipeline.h"
#include "ml/model_bundle.h"
#include "ml/problem.h"

namespace {

using lathe::Result;
using lathe::Status;
using nlohmann::json;

struct Args {
  std::string out_dir;
  std::string data_dir;
  std::string dataset = "spambase";
  std::string target = "type";
  size_t rows = 10000;
  int trees = 100;
  int depth = 6;
};

bool ParseArgs(int argc, char** argv, Args* args) {
  const char* env = std::getenv("LATHE_BENCH_DATA");
  args->data_dir = env != nullptr ? env : "../shared/datasets";
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    const bool has_value = i + 1 < argc;
    if (a == "--data" && has_value) {
      args->data_dir = argv[++i];
    } else if (a == "--dataset" && has_value) {
      args->dataset = argv[++i];
    } else if (a == "--target" && has_value) {
      args->target = argv[++i];
    } else if (a == "--rows" && has_value) {
      args->rows = std::strtoull(argv[++i], nullptr, 10);
    } else if (a == "--trees" && has_value) {
      args->trees = std::atoi(argv[++i]);
    } else if (a == "--depth" && has_value) {
      args->depth = std::atoi(argv[++i]);
    } else if (a.rfind("--", 0) == 0 || !args->out_dir.empty()) {
      std::fprintf(stderr, "make_serving_model: unexpected argument: %s\n", a.c_str());
      return false;
    } else {
      args->out_dir = a;
    }
  }
  return !args->out_dir.empty() && args->rows > 0 && args->trees > 0 && args->depth > 0;
}

Status WriteFile(const std::string& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary | std::ios::trunc);
  out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
  out.close();
  if (!out) return lathe::InternalError("cannot write " + path);
  return Status::Ok();
}

// Input columns of the pipeline, in order; refuses a pipeline that does anything but pass them
// through (the raw booster would then see other features than the CSV rows hold).
Result<std::vector<int>> PassThroughColumns(const lathe::ml::FeaturePipeline& pipeline,
                                            const lathe::data::Table& table) {
  const auto& inputs = pipeline.input_schema();
  if (!pipeline.dropped().empty()) {
    return lathe::InvalidArgumentError("the pipeline dropped column '" +
                                       pipeline.dropped()[0].name + "' (" +
                                       pipeline.dropped()[0].reason + ")");
  }
  if (pipeline.sparse_cols() != 0 || pipeline.dense_cols() != inputs.size()) {
    return lathe::InvalidArgumentError(
        "the pipeline does not map inputs one to one (" + std::to_string(inputs.size()) +
        " inputs, " + std::to_string(pipeline.dense_cols()) + " dense features)");
  }
  std::vector<int> cols;
  for (size_t idx = 0; idx < inputs.size(); ++idx) {
    if (inputs[idx].kind != lathe::ml::FeatureKind::kNumeric ||
        pipeline.feature_names()[idx] != inputs[idx].name) {
      return lathe::InvalidArgumentError("input column '" + inputs[idx].name +
                                         "' is not a plain numeric feature at position " +
                                         std::to_string(idx));
    }
    const int col = table.FindColumn(inputs[idx].name);
    if (col < 0) return lathe::InternalError("input column '" + inputs[idx].name + "' vanished");
    cols.push_back(col);
  }
  return cols;
}

// Writes rows (cycled) as headerless CSV and as JSON instances.
Status WriteRows(const Args& args, const lathe::data::Table& table, const std::vector<int>& cols) {
  std::string one, csv;
  json instances = json::array();
  for (size_t idx = 0; idx < args.rows; ++idx) {
    const size_t row = idx % table.num_rows();
    std::string line;
    json values = json::array();
    for (size_t c = 0; c < cols.size(); ++c) {
      const lathe::data::Column& column = table.column(cols[c]);
      if (c > 0) line += ',';
      line += column.ToString(row);
      values.push_back(column.NumericAt(row));
    }
    line += '\n';
    if (idx == 0) one = line;
    csv += line;
    instances.push_back(std::move(values));
  }
  LATHE_RETURN_IF_ERROR(WriteFile(args.out_dir + "/row.csv", one));
  LATHE_RETURN_IF_ERROR(WriteFile(args.out_dir + "/rows10k.csv", csv));
  return WriteFile(args.out_dir + "/rows10k.json", json{{"instances", instances}}.dump());
}

Status Run(const Args& args) {
  const std::string path = args.data_dir + "/" + args.dataset + ".csv";
  lathe::data::CsvOptions csv_options;
  LATHE_ASSIGN_OR_RETURN(lathe::data::Table table, lathe::data::ReadCsvFile(path, csv_options));
  LATHE_ASSIGN_OR_RETURN(lathe::ml::ProblemInfo problem,
                         lathe::ml::DetectProblem(table, args.target));
  LATHE_ASSIGN_OR_RETURN(std::vector<float> y, lathe::ml::EncodeTarget(table, problem));
  LATHE_ASSIGN_OR_RETURN(lathe::ml::PipelineFit fit,
                         lathe::ml::FeaturePipeline::Fit(table, problem, y));
  LATHE_ASSIGN_OR_RETURN(std::vector<int> cols, PassThroughColumns(*fit.pipeline, table));

  // Exactly `trees` trees of depth `depth`: no validation set and no early stopping.
  const json params = {{"n_estimators", args.trees},
                       {"max_depth", args.depth},
                       {"early_stopping_rounds", 0}};
  LATHE_ASSIGN_OR_RETURN(auto estimator, lathe::ml::MakeEstimator("xgboost", params, problem));
  lathe::ml::LabeledData train{std::move(fit.train), y, {}};
  lathe::ml::FitOptions fit_options;
  fit_options.threads = 2;
  LATHE_ASSIGN_OR_RETURN(auto model, estimator->Fit(train, nullptr, fit_options));
  const json fitted = model->Params();
  if (fitted.value("rounds_trained", 0) != args.trees) {
    return lathe::InternalError("expected " + std::to_string(args.trees) +
                                " boosting rounds, got " + fitted.dump());
  }

  lathe::ml::ModelBundle bundle;
  bundle.problem = problem;
  bundle.pipeline = fit.pipeline->ToJson();
  LATHE_ASSIGN_OR_RETURN(std::string booster_bytes, model->Save());
  bundle.members.push_back({"xgboost", fitted, booster_bytes});
  bundle.training_info = {{"dataset", args.dataset}, {"rows", table.num_rows()},
                          {"note", "bench/serving model: " + std::to_string(args.trees) +
                                       " trees, depth " + std::to_string(args.depth)}};
  LATHE_ASSIGN_OR_RETURN(std::string bundle_bytes, lathe::ml::SerializeBundle(bundle));
  LATHE_RETURN_IF_ERROR(WriteFile(args.out_dir + "/model.lathe", bundle_bytes));
  LATHE_RETURN_IF_ERROR(WriteFile(args.out_dir + "/model.ubj", booster_bytes));
  LATHE_RETURN_IF_ERROR(WriteRows(args, table, cols));

  json columns = json::array();
  for (const auto& input : fit.pipeline->input_schema()) columns.push_back(input.name);
  const json meta = {{"dataset", args.dataset},   {"target", args.target},
                     {"classes", problem.classes}, {"input_columns", columns},
                     {"trees", args.trees},        {"max_depth", args.depth},
                     {"train_rows", table.num_rows()}, {"request_rows", args.rows},
                     {"bundle_bytes", bundle_bytes.size()}};
  LATHE_RETURN_IF_ERROR(WriteFile(args.out_dir + "/meta.json", meta.dump(2) + "\n"));
  std::printf("%s\n", meta.dump().c_str());
  return Status::Ok();
}

}  // namespace

int main(int argc, char** argv) {
  Args args;
  if (!ParseArgs(argc, argv, &args)) {
    std::fprintf(stderr,
                 "usage: make_serving_model OUT_DIR [--data DIR] [--dataset NAME] "
                 "[--target COLUMN] [--rows N] [--trees N] [--depth N]\n");
    return 2;
  }
  const Status status = Run(args);
  if (!status.ok()) {
    std::fprintf(stderr, "make_serving_model: %s\n", status.ToString().c_str());
    return 1;
  }
  return 0;
}
