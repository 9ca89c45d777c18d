// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// `lathe train DATASET_OR_CSV_FILE --target COL`: starts an AutoML training job (uploading the
// file first when the argument is a local file), follows it live — a progress line on stderr
// (elapsed / budget, trials, best score) — and prints the leaderboard and the test metrics.
// With --json it prints one object {job_id, model_id, state, metric, test_metrics, leaderboard}.
// Ctrl-C stops the job on the server (DELETE) before exiting. Talks to the training API
// (docs/api/training.md).
#pragma once

#include <optional>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/command_context.h"
#include "core/status.h"

namespace lathe::cli {

struct TrainOptions {
  std::string dataset;                  // Dataset id / name, or a local CSV / JSON Lines file.
  std::string target;                   // Column to predict.
  std::string budget;                   // Seconds, or "quick" / "standard"; empty = server default.
  std::string metric;                   // Metric to optimise; empty = the problem's default.
  std::string name;                     // Model name; empty = "<dataset>-<target>".
  std::string problem_type;             // binary | multiclass | regression; empty = detected.
  std::vector<std::string> exclude;     // Columns never used as features.
  std::vector<std::string> algorithms;  // Learners to try; empty = all that fit.
  int seed = -1;                        // -1 = the server's default.
  std::optional<double> predict_limit_ms;  // absent = the server's default (50); 0 = no limit
  bool detach = false;                  // Submit and print the job, without waiting.
};

Status Train(const CommandContext& context, const TrainOptions& options);

// The progress line for a job's JSON (for tests): "searching  12.3s / 60s  trials 7  best ...".
std::string TrainProgressLine(const nlohmann::json& job);

}  // namespace lathe::cli
