// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// prep_bench: loads a CSV, applies a recipe (fit mode) and prints one JSON object:
// {"seconds" (apply only), "load_seconds", "rows_in", "rows_out", "columns_out",
//  "rows_per_s", "peak_rss_mb", "steps": [{"op", "rows_out", "millis"}]}.
//
//   prep_bench data.csv recipe.json [--threads N]
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <fstream>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "data/csv_reader.h"
#include "prep/recipe.h"

namespace {

double PeakRssMb() {
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  return static_cast<double>(ru.ru_maxrss) / 1024.0;  // KiB on Linux
}

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 3) {
    std::fprintf(stderr, "usage: %s FILE.csv RECIPE.json [--threads N]\n", argv[0]);
    return 2;
  }
  lathe::data::CsvOptions options;
  options.num_threads = 2;
  for (int i = 3; i < argc; ++i) {
    if (std::strcmp(argv[i], "--threads") == 0 && i + 1 < argc) options.num_threads = std::atoi(argv[++i]);
  }
  std::ifstream in(argv[2]);
  std::stringstream text;
  text << in.rdbuf();
  nlohmann::json recipe_json = nlohmann::json::parse(text.str(), nullptr, false);
  if (recipe_json.is_discarded()) {
    std::fprintf(stderr, "%s: invalid JSON\n", argv[2]);
    return 1;
  }
  auto recipe = lathe::prep::ParseRecipe(recipe_json);
  if (!recipe.ok()) {
    std::fprintf(stderr, "%s\n", recipe.status().ToString().c_str());
    return 1;
  }
  auto t0 = std::chrono::steady_clock::now();
  auto table = lathe::data::ReadCsvFile(argv[1], options);
  if (!table.ok()) {
    std::fprintf(stderr, "%s\n", table.status().ToString().c_str());
    return 1;
  }
  double load = Seconds(t0);
  auto t1 = std::chrono::steady_clock::now();
  // Moved in, as pandas assigns into its frame: the recipe owns the table it transforms.
  const size_t rows_in = table->num_rows();
  lathe::prep::ApplyContext ctx;
  ctx.threads = options.num_threads;  // --threads: the CSV reader's and the steps' threads
  auto run = lathe::prep::ApplyRecipe(*recipe, std::move(*table), ctx);
  if (!run.ok()) {
    std::fprintf(stderr, "%s\n", run.status().ToString().c_str());
    return 1;
  }
  double seconds = Seconds(t1);
  nlohmann::json steps = nlohmann::json::array();
  for (const auto& s : run->steps) {
    steps.push_back({{"op", s.op}, {"rows_out", s.rows_out}, {"millis", s.millis}});
  }
  nlohmann::json out = {{"seconds", seconds},
                        {"load_seconds", load},
                        {"rows_in", rows_in},
                        {"rows_out", run->table.num_rows()},
                        {"columns_out", run->table.num_columns()},
                        {"rows_per_s", static_cast<double>(rows_in) / seconds},
                        {"peak_rss_mb", PeakRssMb()},
                        {"steps", steps}};
  std::printf("%s\n", out.dump().c_str());
  return 0;
}
