// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// `lathe keys create|list|delete`: API keys (docs/api/deploy.md, "Access: API keys and SigV4").
// create prints the new key's secret and Bearer token (shown only once) and the environment
// variables for `aws --endpoint-url`; list prints a table without secrets; delete removes a key.
// --json prints the API's JSON. The commands register themselves (AddKeysCommands), so app.cc
// needs one line for them.
#pragma once

#include <string>

#include "cli/command_context.h"
#include "core/status.h"

namespace CLI {
class App;
}  // namespace CLI

namespace lathe::cli {

struct KeysCreateOptions {
  std::string scope = "admin";  // "admin" or "invoke".
  std::string rate;             // "100/s", "600/m", "3600/h" or "100" (per second); "" = no limit.
  int64_t burst = 0;            // 0 = the server's default (the rate per second, at least 1).
  std::string description;
};

// Adds `keys` with `create`, `list` and `delete` to `app`; when the parser chooses one, *action
// is set to run it. `action` must outlive the parse.
void AddKeysCommands(CLI::App& app, CommandAction* action);

Status CreateKey(const CommandContext& context, const KeysCreateOptions& options);
Status ListKeys(const CommandContext& context);
Status DeleteKey(const CommandContext& context, const std::string& access_key_id);

// Requests per second of a --rate value: "100/s", "6000/m" (= 100/s), "36000/h", "2.5" (per
// second). InvalidArgument saying what is expected.
Result<double> ParseRate(const std::string& text);

}  // namespace lathe::cli
