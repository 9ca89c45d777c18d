// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// The `lathe` command line: ParseCommandLine turns arguments into an Invocation (or the help /
// usage text to print), Run executes one, and Main ties both to the process (streams, TTY checks,
// exit codes: 0 ok, 1 API or local error, 2 server unreachable, 64 usage). `lathe serve` is handed
// to a ServeFn so this library does not depend on the server (main.cc passes api::RunServe).
//
//   int main(int argc, char** argv) { return lathe::cli::Main(argc, argv, &lathe::api::RunServe); }
#pragma once

#include <optional>
#include <ostream>
#include <string>
#include <vector>

#include "cli/command_context.h"
#include "cli/datasets_commands.h"
#include "cli/endpoints_commands.h"
#include "cli/models_commands.h"
#include "cli/prep_commands.h"
#include "cli/train_commands.h"
#include "cli/transform_commands.h"

namespace lathe::cli {

// Exit code when this binary was built without the server (EX_UNAVAILABLE from sysexits.h).
inline constexpr int kExitServeUnavailable = 69;

enum class Command {
  kServe,
  kVersion,
  kDatasetsUpload,
  kDatasetsList,
  kDatasetsShow,
  kDatasetsProfile,
  kDatasetsHead,
  kDatasetsDownload,
  kDatasetsRemove,
  kDatasetsInsights,
  kPrepApply,
  kPrepPreview,
  kPrepOperations,
  kQuery,
  kTrain,
  kModelsList,
  kModelsShow,
  kModelsPredict,
  kModelsApprove,
  kModelsReject,
  kModelsUpload,
  kModelsGroups,
};

// A parsed command line: which command and the options of that command (others keep defaults).
struct Invocation {
  Command command = Command::kVersion;
  GlobalOptions global;
  std::vector<std::string> serve_args;  // Everything after `serve`, for RunServe.
  CommandAction action;  // Set by a self-registered command; when set, `command` is unused.
  UploadOptions upload;
  ListOptions list;
  ShowOptions show;
  ProfileOptions profile;
  HeadOptions head;
  DownloadOptions download;
  RemoveOptions remove;
  InsightsOptions insights;
  PrepApplyOptions prep_apply;
  PrepPreviewOptions prep_preview;
  QueryOptions query;
  TrainOptions train;
  ModelsListOptions models_list;
  ModelsShowOptions models_show;
  PredictOptions predict;
  ModelsDecideOptions models_decide;
  ModelsUploadOptions models_upload;
};

struct ParseResult {
  std::optional<Invocation> invocation;  // Set when a command should run.
  int exit_code = 0;  // Without an invocation: 0 after --help / --version, 64 for usage errors.
  std::string out;    // Text for stdout (help, version).
  std::string err;    // Text for stderr (usage error).
};

// Parses `args` (without the program name). Reads LATHE_ENDPOINT and LATHE_API_KEY from the
// environment when the flags are absent. Never exits the process.
ParseResult ParseCommandLine(const std::vector<std::string>& args);

// `lathe serve`: receives argv[0] = "lathe serve" followed by the serve arguments.
using ServeFn = int (*)(int argc, char** argv);

struct Terminal {
  bool out_is_tty = false;  // stdout is a terminal.
  bool err_is_tty = false;  // stderr is a terminal.
  bool no_color = false;    // NO_COLOR is set or TERM=dumb.
};

// Runs a parsed invocation and returns the process exit code. Errors go to `err` formatted by
// FormatError. `serve` may be null (prints "serve not built yet", returns 69).
int Run(const Invocation& invocation, ServeFn serve, std::ostream& out, std::ostream& err,
        const Terminal& terminal);

// Entry point for main(): parses argv, prints help or errors, runs the command.
int Main(int argc, char** argv, ServeFn serve);

// The client's version, "0.1.0".
const char* Version();

}  // namespace lathe::cli
