// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// What every `lathe` command receives: the global flags, an HTTP client for the endpoint, and the
// output streams with what the CLI knows about the terminal. Built once per process by app.cc
// (tests build their own with string streams). Plain aggregate; not owned by the commands.
#pragma once

#include <functional>
#include <ostream>
#include <string>

#include "cli/http_client.h"
#include "core/status.h"

namespace lathe::cli {

inline constexpr char kDefaultEndpoint[] = "http://127.0.0.1:8080";

// Flags accepted by every command (before or after the subcommand name).
struct GlobalOptions {
  std::string endpoint = kDefaultEndpoint;  // --endpoint / LATHE_ENDPOINT: server base URL.
  std::string api_key;                      // --api-key / LATHE_API_KEY: sent as a Bearer token.
  bool json = false;                        // --json: print the API's JSON, unchanged.
};

struct CommandContext {
  const GlobalOptions& global;
  const HttpClient& http;
  std::ostream& out;        // Results (tables, JSON).
  std::ostream& err;        // Progress, notes and errors.
  bool out_is_tty = false;  // stdout is a terminal: bold table headers unless NO_COLOR.
  bool err_is_tty = false;  // stderr is a terminal: progress bars allowed.
  bool color = false;       // Use ANSI styling on stdout (TTY and NO_COLOR unset).
};

// A command that registers itself on the parser from its own file (AddTransformCommands,
// AddEndpointsCommands): set when the parser chose it, then run with the context. Empty for the
// commands listed in cli::Command.
using CommandAction = std::function<Status(const CommandContext&)>;

}  // namespace lathe::cli
