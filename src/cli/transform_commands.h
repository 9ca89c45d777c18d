// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// `lathe batch-transform MODEL DATASET`: starts a batch transform job (docs/api/deploy.md, "Batch
// transform"), follows it — a progress line on stderr (rows done / total) — and prints the output
// dataset and its first rows. With --json it prints the finished job's JSON. Ctrl-C stops the job
// on the server (DELETE) before exiting. The command registers itself on the parser
// (AddTransformCommands), so app.cc needs one line for it.
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "cli/command_context.h"
#include "core/status.h"

namespace CLI {
class App;
}  // namespace CLI

namespace lathe::cli {

struct TransformOptions {
  std::string model;         // Model id, name (latest version) or name:version.
  std::string dataset;       // Dataset id, name (latest version) or name:version.
  std::string output_name;   // Output dataset name; empty = "<dataset>-predictions".
  bool include_input = false;  // Input columns before the predictions.
  int batch_rows = 0;        // Rows per model call; 0 = the server's default.
  bool detach = false;       // Start the job and print it, without following.
  int head_rows = 5;         // Output rows printed at the end (0 = none).
};

// Adds `batch-transform` to `app`; when the parser chooses it, *action is set to run it.
// `action` must outlive the parse.
void AddTransformCommands(CLI::App& app, CommandAction* action);

Status BatchTransform(const CommandContext& context, const TransformOptions& options);

// The progress line for a job's JSON (for tests): "tjob_... [#####-----]  50%  75 / 150 rows".
std::string TransformProgressLine(const nlohmann::json& job);

}  // namespace lathe::cli
