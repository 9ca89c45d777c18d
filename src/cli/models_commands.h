// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// `lathe models list|show|predict`: the trained models (docs/api/training.md, "Models"). list
// prints a table, show the model's summary and test metrics, predict sends rows from a JSON file
// (an array of arrays or objects) or a CSV file with a header and prints the predictions. --json
// prints the API's JSON unchanged.
#pragma once

#include <string>

#include "cli/command_context.h"
#include "core/status.h"

namespace lathe::cli {

struct ModelsListOptions {
  std::string name;  // Only versions of this model name.
  int limit = 100;
};

struct ModelsShowOptions {
  std::string model;  // Id or name (latest version).
};

struct PredictOptions {
  std::string model;      // Id or name.
  std::string rows_file;  // .json (array of rows) or .csv (header + rows).
};

Status ListModels(const CommandContext& context, const ModelsListOptions& options);
Status ShowModel(const CommandContext& context, const ModelsShowOptions& options);
Status PredictRows(const CommandContext& context, const PredictOptions& options);

}  // namespace lathe::cli
