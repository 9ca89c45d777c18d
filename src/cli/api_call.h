// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Shared plumbing of the commands that call the JSON API: turn an HTTP result into the parsed
// answer (or the Status of a transport / API error), print the raw answer for --json, and read a
// local JSON file with errors that say where (file:line:column).
#pragma once

#include <string>

#include <nlohmann/json.hpp>

#include "cli/command_context.h"
#include "cli/datasets_views.h"
#include "core/status.h"

namespace lathe::cli {

struct ApiAnswer {
  std::string raw;       // The body as sent, for --json.
  nlohmann::json value;  // The parsed body.
};

// The parsed JSON answer, or the Status for a transport or API (>= 400) error.
Result<ApiAnswer> ParseAnswer(Result<HttpResponse> response);

// Writes `raw` and a final newline if it lacks one.
void PrintRawJson(const CommandContext& context, const std::string& raw);

ViewStyle Style(const CommandContext& context);

// Reads and parses a JSON file. InvalidArgument "FILE:LINE:COLUMN: ..." for malformed JSON,
// NotFound / the errno status if it cannot be read.
Result<nlohmann::json> ReadJsonFile(const std::string& path);

}  // namespace lathe::cli
