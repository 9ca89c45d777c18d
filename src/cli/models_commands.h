// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// `lathe models list|show|predict`: the trained models (docs/api/training.md, "Models"). list
// prints a table (with the approval status), show the model's summary, registry fields and test
// metrics, predict sends rows from a JSON file (an array of arrays or objects) or a CSV file with
// a header and prints the predictions. The registry (docs/api/deploy.md, "Registry"): `models
// approve|reject ID [--reason R]`, `models upload FILE --name N` and `models groups`. --json
// prints the API's JSON unchanged.
#pragma once

#include <string>

#include "cli/command_context.h"
#include "core/status.h"

namespace lathe::cli {

struct ModelsListOptions {
  std::string name;             // Only versions of this model name.
  std::string approval_status;  // Only models with this status ("" = all).
  int limit = 100;
};

struct ModelsDecideOptions {
  std::string model;   // Id, or name (latest version).
  std::string reason;  // Recorded in the approval history.
};

struct ModelsUploadOptions {
  std::string file;  // A Lathe model file (e.g. from `GET /api/v1/models/{id}/download`).
  std::string name;  // The model group: the upload becomes its next version.
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
Status ApproveModel(const CommandContext& context, const ModelsDecideOptions& options);
Status RejectModel(const CommandContext& context, const ModelsDecideOptions& options);
Status UploadModel(const CommandContext& context, const ModelsUploadOptions& options);
Status ListModelGroups(const CommandContext& context);

}  // namespace lathe::cli
