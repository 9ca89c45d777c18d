// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// `lathe endpoints create|list|show|update|delete` and `lathe invoke`: real-time endpoints and
// their invocation (docs/api/deploy.md, "Endpoints" and "Invocation"). create / update send the
// variants (`--model M` is one variant "AllTraffic"; `--variant NAME:MODEL[:WEIGHT]` repeatable)
// and can wait until the endpoint is InService; invoke posts rows to
// /endpoints/NAME/invocations as SageMaker Runtime does and prints the predictions as a table.
// Every command prints the API's JSON with --json. The commands register themselves on the
// parser (AddEndpointsCommands), so app.cc needs one line for them.
#pragma once

#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "cli/command_context.h"
#include "core/status.h"

namespace CLI {
class App;
}  // namespace CLI

namespace lathe::cli {

struct EndpointSpecOptions {
  std::string name;                   // Endpoint name.
  std::string model;                  // One variant "AllTraffic" of this model (id, name[:ver]).
  std::vector<std::string> variants;  // "NAME:MODEL[:WEIGHT]" each.
  double capture = -1;                // Data-capture sampling percentage; < 0 = not sent.
  bool wait = false;                  // Poll until InService (or Failed).
  int wait_seconds = 600;             // Give up waiting after this long.
};

struct EndpointNameOptions {
  std::string name;
};

struct InvokeOptions {
  std::string endpoint;      // Endpoint name.
  std::string content_type;  // Request Content-Type; empty = from --file's extension, or CSV.
  std::string body;          // Request body (--body).
  std::string file;          // Or a file with the body (--file).
  std::string accept;        // Accept header; empty = the server's default.
  std::string variant;       // X-Amzn-SageMaker-Target-Variant.
  bool explain = false;      // ?explain=true: per-feature contributions.
  bool raw = false;          // Print the response body as it came.
};

// Adds `endpoints ...` and `invoke` to `app`; when the parser chooses one, *action is set to
// run it. `action` must outlive the parse.
void AddEndpointsCommands(CLI::App& app, CommandAction* action);

Status CreateEndpoint(const CommandContext& context, const EndpointSpecOptions& options);
Status UpdateEndpoint(const CommandContext& context, const EndpointSpecOptions& options);
Status ListEndpoints(const CommandContext& context);
Status ShowEndpoint(const CommandContext& context, const EndpointNameOptions& options);
Status DeleteEndpoint(const CommandContext& context, const EndpointNameOptions& options);
Status Invoke(const CommandContext& context, const InvokeOptions& options);

// A variant from "NAME:MODEL[:WEIGHT]" as the API takes it: {"name", "model_id", "weight"}.
// MODEL may itself be "name:version" (then WEIGHT is required to tell them apart:
// "b:iris:2:0.5"). InvalidArgument naming the argument when it is malformed.
Result<nlohmann::json> ParseVariantArg(const std::string& arg);

}  // namespace lathe::cli
