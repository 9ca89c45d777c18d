// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// `lathe pipeline ...`: store pipeline documents (JSON or YAML files), run them with parameter
// values while a live table shows every step, export them back to YAML, list pipelines and runs,
// stop a run, print a step's log (docs/cli.md, docs/api/pipelines.md).
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "cli/command_context.h"

namespace CLI {
class App;
}  // namespace CLI

namespace lathe::cli {

void AddPipelineCommands(CLI::App& app, CommandAction* action);

// One line per step for the live table: "evaluate   Evaluate   Succeeded   2.1 s   accuracy=0.95".
std::string PipelineStepLine(const std::string& id, const nlohmann::json& step, size_t id_width);

}  // namespace lathe::cli
