// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// `lathe prep apply|preview|ops`, `lathe query` and `lathe datasets insights`: data preparation
// from the command line, each one call to the prep API (docs/api/prep.md). Tables by default,
// the API's JSON with --json.
#pragma once

#include <string>
#include <vector>

#include "cli/command_context.h"
#include "core/status.h"

namespace lathe::cli {

struct PrepApplyOptions {
  std::string dataset;  // Id or name of the input.
  std::string recipe;   // Path of the recipe JSON file.
  std::string name;     // Output dataset name; empty = a new version of the input's name.
};

struct PrepPreviewOptions {
  std::string dataset;
  std::string recipe;
  int rows = 1000;  // Input rows the recipe runs on.
  int limit = 20;   // Output rows printed.
};

struct QueryOptions {
  std::string sql;
  std::vector<std::string> datasets;  // "alias=ID_OR_NAME"
  std::string save_as;                // Save the result as this dataset.
  int limit = 50;                     // Rows printed.
  int max_rows = 100000;
};

struct InsightsOptions {
  std::string dataset;
  std::string target;
};

Status PrepApply(const CommandContext& context, const PrepApplyOptions& options);
Status PrepPreview(const CommandContext& context, const PrepPreviewOptions& options);
Status PrepOperations(const CommandContext& context);
Status Query(const CommandContext& context, const QueryOptions& options);
Status DatasetInsights(const CommandContext& context, const InsightsOptions& options);

}  // namespace lathe::cli
