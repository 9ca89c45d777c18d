// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// csv_ingest_bench: loads one CSV file with ReadCsvFile (typed, with inference) and prints one
// JSON object: {"file", "bytes", "rows", "columns", "seconds", "mb_per_s", "peak_rss_mb",
// "types", "profile_seconds" (or "profile": null when the profiler is not built)}.
//
//   csv_ingest_bench data.csv [--threads N] [--no-profile]
#include <sys/resource.h>

#include <chrono>
#include <cstdio>
#include <cstring>
#include <map>
#include <string>

#include <nlohmann/json.hpp>

#include "data/csv_reader.h"
#if __has_include("data/profile.h")
#include "data/profile.h"
#define LATHE_BENCH_HAS_PROFILE 1
#endif

namespace {

double PeakRssMb() {
  struct rusage ru;
  getrusage(RUSAGE_SELF, &ru);
  return static_cast<double>(ru.ru_maxrss) / 1024.0;  // ru_maxrss is in KiB on Linux
}

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) {
    std::fprintf(stderr, "usage: %s FILE.csv [--threads N] [--no-profile]\n", argv[0]);
    return 2;
  }
  lathe::data::CsvOptions options;
  bool profile = true;
  for (int i = 2; i < argc; ++i) {
    if (std::strcmp(argv[i], "--threads") == 0 && i + 1 < argc) {
      options.num_threads = std::atoi(argv[++i]);
    } else if (std::strcmp(argv[i], "--no-profile") == 0) {
      profile = false;
    }
  }
  auto start = std::chrono::steady_clock::now();
  lathe::data::CsvInfo info;
  auto table = lathe::data::ReadCsvFile(argv[1], options, &info);
  double load_s = Seconds(start);
  if (!table.ok()) {
    std::fprintf(stderr, "%s\n", table.status().ToString().c_str());
    return 1;
  }
  double load_rss = PeakRssMb();
  nlohmann::ordered_json out;
  out["file"] = argv[1];
  out["bytes"] = info.bytes;
  out["rows"] = table->num_rows();
  out["columns"] = table->num_columns();
  out["threads"] = options.num_threads;
  out["seconds"] = load_s;
  out["mb_per_s"] = static_cast<double>(info.bytes) / 1e6 / load_s;
  out["peak_rss_mb"] = load_rss;
  std::map<std::string, int> types;
  for (const auto& c : table->columns()) ++types[std::string(lathe::data::DataTypeName(c.type))];
  out["types"] = types;
#ifdef LATHE_BENCH_HAS_PROFILE
  if (profile) {
    auto pstart = std::chrono::steady_clock::now();
    auto p = lathe::data::ProfileTable(*table, lathe::data::ProfileOptions());
    out["profile_seconds"] = Seconds(pstart);
    out["profile_ok"] = p.ok();
    out["peak_rss_after_profile_mb"] = PeakRssMb();
  }
#else
  (void)profile;
  out["profile"] = nullptr;  // TODO: time ProfileTable once data/profile.h lands
#endif
  std::printf("%s\n", out.dump().c_str());
  return 0;
}
