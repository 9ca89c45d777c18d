// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// direct_predict: the in-process baseline of bench/serving. On one thread, with the files
// make_serving_model wrote, it times
//   xgb_1row_ns       XGBoosterPredictFromDense on one row (the XGBoost C API, model.ubj, one
//                     thread, the same prediction config Lathe's learner uses)
//   lathe_1row_ns     ml::LoadedModel::Predict on a 1-row table (model.lathe): feature pipeline,
//                     the learner and the label / probability output
//   pipeline_1row_ns  FeaturePipeline::Transform alone on that table
//   xgb_64rows_ns_per_row, lathe_64rows_ns_per_row  the same on a 64-row batch, per row
//   xgb_10k_rows_per_s, lathe_10k_rows_per_s  the same on the 10,000 rows of rows10k.csv
// With --sweep it also times, per row, the C API and the compiled trees (ml's FlatForest, which
// the XGBoost learner uses for batches of up to kFlatForestMaxRows rows) on batches of 1 to 1024
// rows, after checking that both give the same floats: where the crossover lies.
// Each figure is the median over batches of the mean time per call in the batch (a batch is
// timed as a whole, so clock reads do not count), in wall time and, as *_cpu_*, in process CPU
// time (what a busy shared machine distorts least). Prints one JSON line. The two predictions are
// compared first: the run fails if Lathe's probability differs from the booster's.
//
//   direct_predict DIR [--batches 101] [--calls 300] [--sweep]
#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <ctime>
#include <fstream>
#include <functional>
#include <memory>
#include <sstream>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>
#include <xgboost/c_api.h>

#include "core/status.h"
#include "data/table.h"
#include "ml/algorithms/xgboost/flat_forest.h"
#include "ml/loaded_model.h"

namespace {

using lathe::Result;
using lathe::Status;
using Clock = std::chrono::steady_clock;

struct BoosterDeleter {
  void operator()(void* handle) const { XGBoosterFree(handle); }
};
using BoosterPtr = std::unique_ptr<void, BoosterDeleter>;

Status Check(int rc, const std::string& what) {
  if (rc == 0) return Status::Ok();
  return lathe::InternalError("xgboost " + what + ": " + XGBGetLastError());
}

Result<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return lathe::NotFoundError("cannot open " + path);
  std::ostringstream ss;
  ss << in.rdbuf();
  return ss.str();
}

// Headerless numeric CSV -> row-major floats; InvalidArgument naming line and field.
Result<std::vector<float>> ParseRows(const std::string& path, const std::string& text,
                                     size_t cols) {
  std::vector<float> out;
  size_t line_no = 0, pos = 0;
  while (pos < text.size()) {
    size_t end = text.find('\n', pos);
    if (end == std::string::npos) end = text.size();
    ++line_no;
    const char* p = text.data() + pos;
    for (size_t col = 0; col < cols; ++col) {
      char* next = nullptr;
      out.push_back(std::strtof(p, &next));
      const char expected = col + 1 < cols ? ',' : '\n';
      if (next == p || (*next != expected && !(col + 1 == cols && next == text.data() + end))) {
        return lathe::InvalidArgumentError(path + ": line " + std::to_string(line_no) +
                                           ": field " + std::to_string(col + 1) +
                                           " is not a number or the row has the wrong width");
      }
      p = next + 1;
    }
    pos = end + 1;
  }
  return out;
}

// A table of float64 columns named as the model's inputs.
lathe::data::Table MakeTable(const lathe::ml::LoadedModel& model, const std::vector<float>& v,
                             size_t rows) {
  const auto& inputs = model.pipeline().input_schema();
  lathe::data::Table table;
  for (size_t col = 0; col < inputs.size(); ++col) {
    auto column = lathe::data::Column::Make(inputs[col].name, lathe::data::DataType::kFloat64);
    column.Reserve(rows);
    for (size_t row = 0; row < rows; ++row) column.AppendDouble(v[row * inputs.size() + col]);
    (void)table.AddColumn(std::move(column));
  }
  return table;
}

double CpuNs() {
  timespec ts{};
  clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &ts);
  return ts.tv_sec * 1e9 + ts.tv_nsec;
}

double Median(std::vector<double> v) {
  std::nth_element(v.begin(), v.begin() + v.size() / 2, v.end());
  return v[v.size() / 2];
}

struct Timing {
  double wall_ns = 0;  // median over batches of the wall time per call
  double cpu_ns = 0;   // the same in process CPU time (robust to a busy machine)
};

// Median over `batches` of the mean time per call of `calls` calls.
Timing Time(int batches, int calls, const std::function<void()>& fn) {
  for (int i = 0; i < calls; ++i) fn();  // warm-up
  std::vector<double> wall, cpu;
  for (int b = 0; b < batches; ++b) {
    const auto start = Clock::now();
    const double cpu_start = CpuNs();
    for (int i = 0; i < calls; ++i) fn();
    cpu.push_back((CpuNs() - cpu_start) / calls);
    wall.push_back(std::chrono::duration<double, std::nano>(Clock::now() - start).count() /
                   calls);
  }
  return {Median(wall), Median(cpu)};
}

struct Direct {
  BoosterPtr booster;
  std::string config;
  size_t cols = 0;

  // Probability of class 1 (binary:logistic) per row.
  Result<std::vector<float>> Predict(const float* data, size_t rows) const {
    const std::string iface = "{\"data\":[" + std::to_string(reinterpret_cast<uintptr_t>(data)) +
                              ",true],\"shape\":[" + std::to_string(rows) + "," +
                              std::to_string(cols) + "],\"typestr\":\"<f4\",\"version\":3}";
    const bst_ulong* shape = nullptr;
    bst_ulong dim = 0;
    const float* result = nullptr;
    LATHE_RETURN_IF_ERROR(Check(XGBoosterPredictFromDense(booster.get(), iface.c_str(),
                                                          config.c_str(), nullptr, &shape, &dim,
                                                          &result),
                                "predict"));
    return std::vector<float>(result, result + rows);
  }
};

Result<Direct> LoadDirect(const std::string& path, size_t cols) {
  BoosterHandle raw = nullptr;
  LATHE_RETURN_IF_ERROR(Check(XGBoosterCreate(nullptr, 0, &raw), "create booster"));
  Direct d;
  d.booster.reset(raw);
  LATHE_RETURN_IF_ERROR(Check(XGBoosterLoadModel(raw, path.c_str()), "load " + path));
  LATHE_RETURN_IF_ERROR(Check(XGBoosterSetParam(raw, "nthread", "1"), "nthread"));
  d.config =
      "{\"type\":0,\"training\":false,\"iteration_begin\":0,\"iteration_end\":0,"
      "\"strict_shape\":false,\"cache_id\":0,\"missing\":NaN}";
  d.cols = cols;
  return d;
}

// Per-row C API and FlatForest times on batches of 1..1024 rows of `many` (dense, cols wide).
Result<nlohmann::json> Sweep(const Direct& direct, const std::string& booster_bytes,
                             const std::vector<float>& many, size_t cols, int batches) {
  LATHE_ASSIGN_OR_RETURN(auto forest, lathe::ml::internal::FlatForest::FromUbjson(booster_bytes));
  nlohmann::json out = nlohmann::json::array();
  bool failed = false;
  for (size_t rows : {1, 2, 4, 8, 16, 32, 64, 96, 128, 256, 512, 1024}) {
    lathe::ml::Matrix x;
    x.rows = rows;
    x.dense_cols = cols;
    x.dense.assign(many.begin(), many.begin() + rows * cols);
    std::vector<float> flat(rows);
    forest->Predict(x, flat.data());
    LATHE_ASSIGN_OR_RETURN(std::vector<float> capi, direct.Predict(x.dense.data(), rows));
    if (flat != capi) return lathe::InternalError("FlatForest and the C API disagree");
    const int calls = static_cast<int>(std::max<size_t>(4, 2048 / rows));
    const Timing t_capi = Time(batches, calls, [&] {
      failed = failed || !direct.Predict(x.dense.data(), rows).ok();
    });
    const Timing t_flat = Time(batches, calls, [&] {
      std::vector<float> p(rows);
      forest->Predict(x, p.data());
    });
    out.push_back({{"rows", rows},
                   {"capi_ns_per_row", t_capi.wall_ns / rows},
                   {"flat_ns_per_row", t_flat.wall_ns / rows},
                   {"capi_cpu_ns_per_row", t_capi.cpu_ns / rows},
                   {"flat_cpu_ns_per_row", t_flat.cpu_ns / rows}});
  }
  if (failed) return lathe::InternalError("a timed prediction failed");
  return out;
}

Status Run(const std::string& dir, int batches, int calls, bool sweep) {
  LATHE_ASSIGN_OR_RETURN(std::string bundle, ReadFile(dir + "/model.lathe"));
  LATHE_ASSIGN_OR_RETURN(auto model, lathe::ml::LoadedModel::Load(bundle));
  const size_t cols = model->pipeline().input_schema().size();
  LATHE_ASSIGN_OR_RETURN(std::string one_text, ReadFile(dir + "/row.csv"));
  LATHE_ASSIGN_OR_RETURN(std::vector<float> one, ParseRows(dir + "/row.csv", one_text, cols));
  LATHE_ASSIGN_OR_RETURN(std::string many_text, ReadFile(dir + "/rows10k.csv"));
  LATHE_ASSIGN_OR_RETURN(std::vector<float> many,
                         ParseRows(dir + "/rows10k.csv", many_text, cols));
  const size_t many_rows = many.size() / cols;
  LATHE_ASSIGN_OR_RETURN(Direct direct, LoadDirect(dir + "/model.ubj", cols));
  const lathe::data::Table one_table = MakeTable(*model, one, 1);
  const lathe::data::Table many_table = MakeTable(*model, many, many_rows);
  constexpr size_t kMid = 64;
  if (many_rows < kMid) return lathe::InvalidArgumentError("rows10k.csv has under 64 rows");
  const lathe::data::Table mid_table = MakeTable(*model, many, kMid);

  // Same answer from both paths, or the comparison means nothing.
  LATHE_ASSIGN_OR_RETURN(std::vector<float> raw, direct.Predict(one.data(), 1));
  LATHE_ASSIGN_OR_RETURN(lathe::ml::PredictionBatch batch, model->Predict(one_table));
  if (batch.probabilities.size() != 2 || std::fabs(batch.probabilities[1] - raw[0]) > 1e-5) {
    return lathe::InternalError("Lathe and the raw booster disagree on row 1: " +
                                std::to_string(raw[0]) + " vs " +
                                (batch.probabilities.size() > 1
                                     ? std::to_string(batch.probabilities[1])
                                     : std::string("no probability")));
  }

  bool failed = false;
  auto note = [&](bool ok) { failed = failed || !ok; };
  const Timing xgb1 = Time(batches, calls, [&] { note(direct.Predict(one.data(), 1).ok()); });
  const Timing lathe1 = Time(batches, calls, [&] { note(model->Predict(one_table).ok()); });
  const Timing pipe1 =
      Time(batches, calls, [&] { note(model->pipeline().Transform(one_table).ok()); });
  const int mid_calls = std::max(1, calls / 16);
  const Timing xgb_mid =
      Time(batches, mid_calls, [&] { note(direct.Predict(many.data(), kMid).ok()); });
  const Timing lathe_mid = Time(batches, mid_calls, [&] { note(model->Predict(mid_table).ok()); });
  const int big_batches = std::max(5, batches / 10);
  const Timing xgb_many =
      Time(big_batches, 1, [&] { note(direct.Predict(many.data(), many_rows).ok()); });
  const Timing lathe_many = Time(big_batches, 1, [&] { note(model->Predict(many_table).ok()); });
  if (failed) return lathe::InternalError("a timed prediction failed");

  nlohmann::json out = {{"features", cols},
                        {"xgb_1row_ns", xgb1.wall_ns},
                        {"lathe_1row_ns", lathe1.wall_ns},
                        {"pipeline_1row_ns", pipe1.wall_ns},
                        {"xgb_1row_cpu_ns", xgb1.cpu_ns},
                        {"lathe_1row_cpu_ns", lathe1.cpu_ns},
                        {"pipeline_1row_cpu_ns", pipe1.cpu_ns},
                        {"lathe_vs_xgb_1row", lathe1.wall_ns / xgb1.wall_ns},
                        {"xgb_64rows_ns_per_row", xgb_mid.wall_ns / kMid},
                        {"lathe_64rows_ns_per_row", lathe_mid.wall_ns / kMid},
                        {"xgb_64rows_cpu_ns_per_row", xgb_mid.cpu_ns / kMid},
                        {"lathe_64rows_cpu_ns_per_row", lathe_mid.cpu_ns / kMid},
                        {"rows_many", many_rows},
                        {"xgb_10k_rows_per_s", many_rows / (xgb_many.wall_ns * 1e-9)},
                        {"lathe_10k_rows_per_s", many_rows / (lathe_many.wall_ns * 1e-9)},
                        {"xgb_10k_cpu_rows_per_s", many_rows / (xgb_many.cpu_ns * 1e-9)},
                        {"lathe_10k_cpu_rows_per_s", many_rows / (lathe_many.cpu_ns * 1e-9)},
                        {"batches", batches},
                        {"calls_per_batch", calls}};
  if (sweep) {
    LATHE_ASSIGN_OR_RETURN(std::string booster_bytes, ReadFile(dir + "/model.ubj"));
    LATHE_ASSIGN_OR_RETURN(out["sweep"], Sweep(direct, booster_bytes, many, cols, batches));
  }
  std::printf("%s\n", out.dump().c_str());
  return Status::Ok();
}

}  // namespace

int main(int argc, char** argv) {
  std::string dir;
  int batches = 101, calls = 300;
  bool sweep = false;
  for (int i = 1; i < argc; ++i) {
    const std::string a = argv[i];
    if (a == "--batches" && i + 1 < argc) {
      batches = std::max(1, std::atoi(argv[++i]));
    } else if (a == "--calls" && i + 1 < argc) {
      calls = std::max(1, std::atoi(argv[++i]));
    } else if (a == "--sweep") {
      sweep = true;
    } else if (dir.empty() && a.rfind("--", 0) != 0) {
      dir = a;
    } else {
      std::fprintf(stderr, "direct_predict: unexpected argument: %s\n", a.c_str());
      return 2;
    }
  }
  if (dir.empty()) {
    std::fprintf(stderr, "usage: direct_predict DIR [--batches N] [--calls N] [--sweep]\n");
    return 2;
  }
  const Status status = Run(dir, batches, calls, sweep);
  if (!status.ok()) {
    std::fprintf(stderr, "direct_predict: %s\n", status.ToString().c_str());
    return 1;
  }
  return 0;
}
