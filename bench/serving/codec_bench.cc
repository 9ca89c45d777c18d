// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// codec_bench: the server-side cost of the invocation codec and the per-request bookkeeping,
// without HTTP or a model: a single-row CSV / JSON request decoded and its prediction encoded
// (issue 5 target: ~30 µs of total server overhead per request), 10,000-row CSV / JSON / JSON
// Lines bodies decoded (target: well over 1M rows/s), and VariantMetrics::Record /
// DataCapture::Offer. Run: build/bench/serving/codec_bench [--benchmark_filter=...].
#include <cstdio>
#include <random>
#include <string>

#include <benchmark/benchmark.h>

#include "serving/data_capture.h"
#include "serving/endpoint_metrics.h"
#include "serving/invocation_codec.h"

namespace lathe::serving {
namespace {

// The pima-indians-diabetes inputs: 8 numeric columns.
InputSchema PimaSchema() {
  InputSchema s;
  s.columns = {"pregnancies", "glucose", "blood_pressure", "skin_thickness",
               "insulin",     "bmi",     "pedigree",       "age"};
  s.types = {data::DataType::kInt64, data::DataType::kInt64,   data::DataType::kInt64,
             data::DataType::kInt64, data::DataType::kInt64,   data::DataType::kFloat64,
             data::DataType::kFloat64, data::DataType::kInt64};
  return s;
}

// One pima-like row as CSV fields.
std::vector<std::string> RandomRow(std::mt19937& rng) {
  std::uniform_int_distribution<int> small(0, 17), mid(40, 200);
  std::uniform_real_distribution<double> bmi(18, 60), ped(0.05, 2.5);
  char b[32], p[32];
  std::snprintf(b, sizeof(b), "%.1f", bmi(rng));
  std::snprintf(p, sizeof(p), "%.3f", ped(rng));
  return {std::to_string(small(rng)), std::to_string(mid(rng)), std::to_string(mid(rng) / 2),
          std::to_string(small(rng) * 2), std::to_string(mid(rng)), b, p,
          std::to_string(21 + small(rng) * 3)};
}

std::string CsvBody(size_t rows) {
  std::mt19937 rng(7);
  std::string out;
  for (size_t r = 0; r < rows; ++r) {
    std::vector<std::string> f = RandomRow(rng);
    for (size_t i = 0; i < f.size(); ++i) out += f[i] + (i + 1 < f.size() ? "," : "\n");
  }
  return out;
}

std::string JsonRow(const std::vector<std::string>& f) {
  std::string out = "[";
  for (size_t i = 0; i < f.size(); ++i) out += f[i] + (i + 1 < f.size() ? "," : "]");
  return out;
}

std::string JsonBody(size_t rows) {
  std::mt19937 rng(7);
  std::string out = "{\"instances\":[";
  for (size_t r = 0; r < rows; ++r) out += (r ? "," : "") + JsonRow(RandomRow(rng));
  return out + "]}";
}

std::string JsonLinesBody(size_t rows) {
  std::mt19937 rng(7);
  std::string out;
  for (size_t r = 0; r < rows; ++r) out += JsonRow(RandomRow(rng)) + "\n";
  return out;
}

ml::PredictionBatch Binary(size_t rows) {
  ml::PredictionBatch p;
  p.rows = rows;
  p.classes = {"0", "1"};
  for (size_t r = 0; r < rows; ++r) {
    const float p1 = static_cast<float>(r % 100) / 100.0f + 0.003f;
    p.labels.push_back(p1 > 0.5f ? "1" : "0");
    p.probabilities.push_back(1 - p1);
    p.probabilities.push_back(p1);
  }
  return p;
}

void DecodeEncodeOne(benchmark::State& state, WireFormat in, const std::string& body) {
  const InputSchema schema = PimaSchema();
  const ml::PredictionBatch prediction = Binary(1);
  std::string type;
  for (auto _ : state) {
    Result<data::Table> rows = DecodeRows(in, body, schema, 10000);
    if (!rows.ok()) state.SkipWithError(rows.status().message().c_str());
    benchmark::DoNotOptimize(rows->num_rows());
    std::string out = EncodePredictions(WireFormat::kJson, prediction, nullptr, &type);
    benchmark::DoNotOptimize(out.data());
  }
}

void BM_SingleRowCsv(benchmark::State& state) {
  DecodeEncodeOne(state, WireFormat::kCsv, "6,148,72,35,0,33.6,0.627,50\n");
}
BENCHMARK(BM_SingleRowCsv);

void BM_SingleRowJson(benchmark::State& state) {
  DecodeEncodeOne(state, WireFormat::kJson, "{\"instances\":[[6,148,72,35,0,33.6,0.627,50]]}");
}
BENCHMARK(BM_SingleRowJson);

void Decode(benchmark::State& state, WireFormat in, const std::string& body) {
  const InputSchema schema = PimaSchema();
  const size_t rows = static_cast<size_t>(state.range(0));
  for (auto _ : state) {
    Result<data::Table> t = DecodeRows(in, body, schema, rows);
    if (!t.ok()) state.SkipWithError(t.status().message().c_str());
    benchmark::DoNotOptimize(t->num_rows());
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * rows));  // items/s = rows/s
  state.SetBytesProcessed(static_cast<int64_t>(state.iterations() * body.size()));
}

void BM_DecodeCsv(benchmark::State& state) {
  Decode(state, WireFormat::kCsv, CsvBody(static_cast<size_t>(state.range(0))));
}
BENCHMARK(BM_DecodeCsv)->Arg(10000);

void BM_DecodeJson(benchmark::State& state) {
  Decode(state, WireFormat::kJson, JsonBody(static_cast<size_t>(state.range(0))));
}
BENCHMARK(BM_DecodeJson)->Arg(10000);

void BM_DecodeJsonLines(benchmark::State& state) {
  Decode(state, WireFormat::kJsonLines, JsonLinesBody(static_cast<size_t>(state.range(0))));
}
BENCHMARK(BM_DecodeJsonLines)->Arg(10000);

void BM_EncodeJson(benchmark::State& state) {
  const ml::PredictionBatch p = Binary(static_cast<size_t>(state.range(0)));
  std::string type;
  for (auto _ : state) {
    std::string out = EncodePredictions(WireFormat::kJson, p, nullptr, &type);
    benchmark::DoNotOptimize(out.data());
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations() * p.rows));
}
BENCHMARK(BM_EncodeJson)->Arg(10000);

void BM_MetricsRecord(benchmark::State& state) {
  static monitor::MetricsRegistry registry;
  static VariantMetrics metrics("bench", "AllTraffic", &registry);
  uint32_t i = 0;
  for (auto _ : state) metrics.Record(200, 40 + (++i & 63), 12);
}
BENCHMARK(BM_MetricsRecord)->Threads(1)->Threads(2);

void BM_CaptureOfferNotSampled(benchmark::State& state) {
  DataCapture capture("/tmp/lathe_codec_bench_capture_unused", 0);
  for (auto _ : state) {
    capture.Offer("bench", "AllTraffic", "text/csv", "6,148,72,35,0,33.6,0.627,50\n",
                  "application/json", "{}", 200, "req");
  }
}
BENCHMARK(BM_CaptureOfferNotSampled);

}  // namespace
}  // namespace lathe::serving

BENCHMARK_MAIN();
