// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "cli/app.h"

#include <unistd.h>

#include <algorithm>
#include <cstdlib>
#include <iostream>
#include <sstream>

#include <CLI/CLI.hpp>

#include "cli/api_error.h"
#include "cli/keys_commands.h"
#include "cli/pipeline_commands.h"

#ifndef LATHE_VERSION
#define LATHE_VERSION "0.0.0"
#endif

namespace lathe::cli {
namespace {

constexpr char kDatasetHelp[] = "Dataset id (ds_...) or name (latest version)";

// CLI11 subcommands and the Invocation they fill.
struct Parser {
  CLI::App app{"lathe: the command-line client of a Lathe ML server", "lathe"};
  Invocation invocation;
  std::vector<std::pair<CLI::App*, Command>> commands;

  void On(CLI::App* sub, Command command) { commands.emplace_back(sub, command); }
};

void AddGlobalOptions(Parser& parser) {
  CLI::App& app = parser.app;
  GlobalOptions& global = parser.invocation.global;
  app.add_option("--endpoint", global.endpoint, "Lathe server URL")
      ->envname("LATHE_ENDPOINT")
      ->default_str(kDefaultEndpoint);
  app.add_option("--api-key", global.api_key, "API key, sent as a Bearer token")
      ->envname("LATHE_API_KEY");
  app.add_flag("--json", global.json, "Print the API's JSON answer unchanged");
  app.set_version_flag("--version", std::string("lathe ") + Version());
}

// Listed in --help only: ParseCommandLine hands `serve` and its arguments to RunServe untouched.
void AddServe(Parser& parser) {
  CLI::App* serve = parser.app.add_subcommand(
      "serve", "Run the Lathe server (API, studio, jobs); `lathe serve --help` lists its flags");
  serve->set_help_flag();
  serve->allow_extras();
  parser.On(serve, Command::kServe);
}

// Index of "serve" when only global flags come before it (`lathe --json serve --port 0`), else
// npos. Its flags belong to the server, so they must not meet this parser.
size_t FindServe(const std::vector<std::string>& args) {
  for (size_t idx = 0; idx < args.size(); ++idx) {
    const std::string& arg = args[idx];
    if (arg == "serve") return idx;
    if (arg == "--json" || arg.rfind("--endpoint=", 0) == 0 || arg.rfind("--api-key=", 0) == 0) {
      continue;
    }
    if ((arg == "--endpoint" || arg == "--api-key") && idx + 1 < args.size()) {
      ++idx;
      continue;
    }
    break;
  }
  return std::string::npos;
}

void AddUpload(Parser& parser, CLI::App& datasets) {
  UploadOptions& options = parser.invocation.upload;
  CLI::App* upload = datasets.add_subcommand("upload", "Upload a CSV or JSON Lines file");
  upload->add_option("FILE", options.file, "File to upload (.csv, .tsv, .jsonl)")->required();
  upload->add_option("--name", options.name, "Dataset name (default: file name without extension)");
  upload->add_option("--format", options.format, "File format (default: from the extension)")
      ->check(CLI::IsMember({"csv", "jsonl"}));
  upload->add_option("--delimiter", options.delimiter,
                     "CSV delimiter: , ; | tab (default: sniffed)");
  upload->add_option("--header", options.header, "First CSV line is a header (default: detected)")
      ->check(CLI::IsMember({"true", "false"}));
  parser.On(upload, Command::kDatasetsUpload);
}

void AddReadCommands(Parser& parser, CLI::App& datasets) {
  Invocation& inv = parser.invocation;
  CLI::App* list = datasets.add_subcommand("list", "List datasets, newest first (every version)");
  list->alias("ls");
  list->add_option("--name", inv.list.name, "Only versions of this dataset name");
  list->add_option("--limit", inv.list.limit, "At most this many datasets")
      ->check(CLI::Range(1, 10000));
  parser.On(list, Command::kDatasetsList);

  CLI::App* show = datasets.add_subcommand("show", "Show a dataset's schema");
  show->add_option("DATASET", inv.show.dataset, kDatasetHelp)->required();
  show->add_option("--version", inv.show.version, "Version of a named dataset (default: latest)")
      ->check(CLI::PositiveNumber);
  parser.On(show, Command::kDatasetsShow);

  CLI::App* profile = datasets.add_subcommand("profile", "Per-column statistics and data quality");
  profile->add_option("DATASET", inv.profile.dataset, kDatasetHelp)->required();
  profile->add_option("--target", inv.profile.target, "Column to report the class balance of");
  parser.On(profile, Command::kDatasetsProfile);

  CLI::App* head = datasets.add_subcommand("head", "Print the first rows");
  head->add_option("DATASET", inv.head.dataset, kDatasetHelp)->required();
  head->add_option("-n,--rows", inv.head.rows, "Number of rows")->check(CLI::Range(1, 10000));
  parser.On(head, Command::kDatasetsHead);

  CLI::App* download = datasets.add_subcommand("download", "Download the uploaded file, unchanged");
  download->add_option("DATASET", inv.download.dataset, kDatasetHelp)->required();
  download->add_option("-o,--output", inv.download.output,
                       "Output file, or - for stdout (default: the server's file name)");
  parser.On(download, Command::kDatasetsDownload);

  CLI::App* remove = datasets.add_subcommand("rm", "Delete a dataset (other versions are kept)");
  remove->alias("delete");
  remove->add_option("DATASET", inv.remove.dataset, kDatasetHelp)->required();
  parser.On(remove, Command::kDatasetsRemove);
}

void AddPrepCommands(Parser& parser, CLI::App& datasets) {
  Invocation& inv = parser.invocation;
  CLI::App* insights = datasets.add_subcommand(
      "insights", "Data-quality and insights report (leakage, correlations, quick model)");
  insights->add_option("DATASET", inv.insights.dataset, kDatasetHelp)->required();
  insights->add_option("--target", inv.insights.target, "Target column to analyse against");
  parser.On(insights, Command::kDatasetsInsights);

  CLI::App* prep = parser.app.add_subcommand("prep", "Apply and preview data-preparation recipes");
  prep->require_subcommand(1);
  CLI::App* apply = prep->add_subcommand(
      "apply", "Apply a recipe: a new dataset version with lineage (parent + recipe hash)");
  apply->add_option("DATASET", inv.prep_apply.dataset, kDatasetHelp)->required();
  apply->add_option("RECIPE", inv.prep_apply.recipe, "Recipe JSON file ({\"steps\": [...]})")
      ->required();
  apply->add_option("--name", inv.prep_apply.name,
                    "Output dataset name (default: a new version of DATASET's name)");
  parser.On(apply, Command::kPrepApply);

  CLI::App* preview = prep->add_subcommand("preview", "Run a recipe on the first rows and show "
                                                      "the result and per-step row counts");
  preview->add_option("DATASET", inv.prep_preview.dataset, kDatasetHelp)->required();
  preview->add_option("RECIPE", inv.prep_preview.recipe, "Recipe JSON file")->required();
  preview->add_option("--rows", inv.prep_preview.rows, "Input rows to run on")
      ->check(CLI::Range(1, 100000));
  preview->add_option("-n,--limit", inv.prep_preview.limit, "Output rows to print")
      ->check(CLI::Range(0, 10000));
  parser.On(preview, Command::kPrepPreview);

  CLI::App* ops = prep->add_subcommand("ops", "List the recipe operations");
  parser.On(ops, Command::kPrepOperations);

  CLI::App* query = parser.app.add_subcommand("query", "Run a read-only SQL SELECT over datasets");
  query->add_option("SQL", inv.query.sql, "SELECT or WITH statement")->required();
  query->add_option("-d,--dataset", inv.query.datasets,
                    "ALIAS=DATASET: expose a dataset as table ALIAS (repeatable)");
  query->add_option("--save-as", inv.query.save_as, "Save the result as a new dataset");
  query->add_option("-n,--limit", inv.query.limit, "Rows to print")->check(CLI::Range(0, 10000));
  query->add_option("--max-rows", inv.query.max_rows, "Stop the result at this many rows")
      ->check(CLI::Range(1, 10000000));
  parser.On(query, Command::kQuery);
}

void AddTrainCommands(Parser& parser) {
  Invocation& inv = parser.invocation;
  TrainOptions& t = inv.train;
  CLI::App* train = parser.app.add_subcommand(
      "train", "Build a model with AutoML: live progress, then the leaderboard and test metrics");
  train->add_option("DATASET_OR_FILE", t.dataset,
                    "Dataset id or name, or a local CSV / JSON Lines file (uploaded first)")
      ->required();
  train->add_option("--target", t.target, "Column to predict")->required();
  train->add_option("--budget", t.budget, "Time budget: seconds, quick (15) or standard (60)");
  train->add_option("--metric", t.metric, "Metric to optimise (default: by problem type)");
  train->add_option("--name", t.name, "Model name (default: <dataset>-<target>)");
  train->add_option("--problem-type", t.problem_type, "binary, multiclass or regression")
      ->check(CLI::IsMember({"binary", "multiclass", "regression"}));
  // One value per flag, repeatable: `--exclude id --exclude name DATASET` keeps DATASET positional.
  train->add_option("--exclude", t.exclude, "Column never used as a feature (repeatable)")
      ->expected(1)
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  train->add_option("--algorithm", t.algorithms, "Learner to try (repeatable; default: all)")
      ->expected(1)
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  train->add_option("--seed", t.seed, "Random seed")->check(CLI::NonNegativeNumber);
  train->add_option("--predict-limit-ms", t.predict_limit_ms,
                    "Most the final model may take to predict 1,000 rows on one core, estimated "
                    "(default: the server's, 50; 0 = no limit)")
      ->check(CLI::NonNegativeNumber);
  train->add_flag("--detach", t.detach, "Start the job and return without following it");
  parser.On(train, Command::kTrain);

  CLI::App* models = parser.app.add_subcommand("models", "Trained models");
  models->alias("model");
  models->require_subcommand(1);
  CLI::App* list = models->add_subcommand("list", "List models, newest first");
  list->alias("ls");
  list->add_option("--name", inv.models_list.name, "Only versions of this model name");
  list->add_option("--limit", inv.models_list.limit, "At most this many")->check(CLI::Range(1, 1000));
  list->add_option("--approval-status", inv.models_list.approval_status,
                   "Only models with this approval status")
      ->check(CLI::IsMember({"PendingManualApproval", "Approved", "Rejected"}));
  parser.On(list, Command::kModelsList);
  CLI::App* show = models->add_subcommand("show", "A model's summary and test metrics");
  show->add_option("MODEL", inv.models_show.model, "Model id or name")->required();
  parser.On(show, Command::kModelsShow);
  CLI::App* approve = models->add_subcommand("approve", "Approve a model version for deployment");
  approve->add_option("MODEL", inv.models_decide.model, "Model id or name (latest version)")
      ->required();
  approve->add_option("--reason", inv.models_decide.reason, "Recorded in the approval history");
  parser.On(approve, Command::kModelsApprove);
  CLI::App* reject = models->add_subcommand("reject", "Reject a model version");
  reject->add_option("MODEL", inv.models_decide.model, "Model id or name (latest version)")
      ->required();
  reject->add_option("--reason", inv.models_decide.reason, "Recorded in the approval history");
  parser.On(reject, Command::kModelsReject);
  CLI::App* upload = models->add_subcommand("upload", "Upload a Lathe model file as a new version");
  upload->add_option("FILE", inv.models_upload.file, "Model file (.lathe-model)")->required();
  upload->add_option("--name", inv.models_upload.name, "Model name (group)")->required();
  parser.On(upload, Command::kModelsUpload);
  CLI::App* groups = models->add_subcommand("groups", "Model names with their versions");
  parser.On(groups, Command::kModelsGroups);
  CLI::App* predict = parser.app.add_subcommand("predict", "Predict rows with a trained model");
  predict->add_option("MODEL", inv.predict.model, "Model id or name")->required();
  predict->add_option("--rows-file", inv.predict.rows_file,
                      "Rows: a CSV file with a header, or a JSON array of rows")
      ->required();
  parser.On(predict, Command::kModelsPredict);
}

void BuildParser(Parser& parser) {
  CLI::App& app = parser.app;
  app.require_subcommand(1);
  app.fallthrough();  // Global flags may follow the subcommand: `lathe datasets list --json`.
  AddGlobalOptions(parser);
  AddServe(parser);
  parser.On(app.add_subcommand("version", "Print the client version"), Command::kVersion);
  CLI::App* datasets = app.add_subcommand("datasets", "Upload, inspect and delete datasets");
  datasets->alias("dataset");
  datasets->require_subcommand(1);
  AddUpload(parser, *datasets);
  AddReadCommands(parser, *datasets);
  AddPrepCommands(parser, *datasets);
  AddTrainCommands(parser);
  AddKeysCommands(app, &parser.invocation.action);
  AddTransformCommands(app, &parser.invocation.action);
  AddEndpointsCommands(app, &parser.invocation.action);
  AddPipelineCommands(app, &parser.invocation.action);
  app.footer(
      "Environment: LATHE_ENDPOINT, LATHE_API_KEY. Exit codes: 0 ok, 1 error, "
      "2 server unreachable, 64 usage.");
}

Status RunDatasetsCommand(const Invocation& inv, const CommandContext& context) {
  switch (inv.command) {
    case Command::kDatasetsUpload:
      return UploadDataset(context, inv.upload);
    case Command::kDatasetsList:
      return ListDatasets(context, inv.list);
    case Command::kDatasetsShow:
      return ShowDataset(context, inv.show);
    case Command::kDatasetsProfile:
      return ProfileDataset(context, inv.profile);
    case Command::kDatasetsHead:
      return HeadDataset(context, inv.head);
    case Command::kDatasetsDownload:
      return DownloadDataset(context, inv.download);
    case Command::kDatasetsRemove:
      return RemoveDataset(context, inv.remove);
    case Command::kDatasetsInsights:
      return DatasetInsights(context, inv.insights);
    case Command::kPrepApply:
      return PrepApply(context, inv.prep_apply);
    case Command::kPrepPreview:
      return PrepPreview(context, inv.prep_preview);
    case Command::kPrepOperations:
      return PrepOperations(context);
    case Command::kQuery:
      return Query(context, inv.query);
    case Command::kTrain:
      return Train(context, inv.train);
    case Command::kModelsList:
      return ListModels(context, inv.models_list);
    case Command::kModelsShow:
      return ShowModel(context, inv.models_show);
    case Command::kModelsPredict:
      return PredictRows(context, inv.predict);
    case Command::kModelsApprove:
      return ApproveModel(context, inv.models_decide);
    case Command::kModelsReject:
      return RejectModel(context, inv.models_decide);
    case Command::kModelsUpload:
      return UploadModel(context, inv.models_upload);
    case Command::kModelsGroups:
      return ListModelGroups(context);
    default:
      return InternalError("unknown command");
  }
}

int RunServe(const Invocation& invocation, ServeFn serve, std::ostream& err) {
  if (serve == nullptr) {
    err << "serve not built yet: this lathe binary has no server (src/api/serve.h is missing)\n";
    return kExitServeUnavailable;
  }
  std::vector<std::string> args = {"lathe serve"};
  args.insert(args.end(), invocation.serve_args.begin(), invocation.serve_args.end());
  std::vector<char*> argv;
  for (auto& arg : args) argv.push_back(arg.data());
  argv.push_back(nullptr);
  return serve(static_cast<int>(args.size()), argv.data());
}

void PrintError(const Status& status, std::ostream& err, bool color) {
  std::string text = FormatError(status);
  if (color && text.rfind("error:", 0) == 0) text = "\x1b[1;31merror:\x1b[0m" + text.substr(6);
  err << text;
}

}  // namespace

const char* Version() { return LATHE_VERSION; }

ParseResult ParseCommandLine(const std::vector<std::string>& args) {
  ParseResult result;
  if (const size_t serve = FindServe(args); serve != std::string::npos) {
    Invocation invocation;
    invocation.command = Command::kServe;
    invocation.serve_args.assign(args.begin() + static_cast<std::ptrdiff_t>(serve) + 1, args.end());
    result.invocation = std::move(invocation);
    return result;
  }
  Parser parser;
  BuildParser(parser);
  try {
    std::vector<std::string> reversed(args.rbegin(), args.rend());  // CLI11 wants them reversed.
    parser.app.parse(reversed);
  } catch (const CLI::ParseError& error) {
    std::ostringstream out;
    std::ostringstream err;
    const int code = parser.app.exit(error, out, err);
    result.out = out.str();
    result.err = err.str();
    result.exit_code = code == 0 ? kExitOk : kExitUsage;
    return result;
  }
  for (const auto& [sub, command] : parser.commands) {
    if (sub->parsed()) parser.invocation.command = command;
  }
  result.invocation = std::move(parser.invocation);
  return result;
}

int Run(const Invocation& invocation, ServeFn serve, std::ostream& out, std::ostream& err,
        const Terminal& terminal) {
  if (invocation.command == Command::kServe) return RunServe(invocation, serve, err);
  if (invocation.command == Command::kVersion && !invocation.action) {
    if (invocation.global.json) {
      out << R"({"version": ")" << Version() << "\"}\n";
    } else {
      out << "lathe " << Version() << "\n";
    }
    return kExitOk;
  }
  HttpClient http(HttpClientOptions{.base_url = invocation.global.endpoint,
                                    .api_key = invocation.global.api_key,
                                    .user_agent = std::string("lathe-cli/") + Version()});
  const CommandContext context{.global = invocation.global,
                               .http = http,
                               .out = out,
                               .err = err,
                               .out_is_tty = terminal.out_is_tty,
                               .err_is_tty = terminal.err_is_tty,
                               .color = terminal.out_is_tty && !terminal.no_color};
  const Status status = invocation.action ? invocation.action(context)
                                          : RunDatasetsCommand(invocation, context);
  out.flush();
  if (!status.ok()) PrintError(status, err, terminal.err_is_tty && !terminal.no_color);
  return ExitCodeFor(status);
}

int Main(int argc, char** argv, ServeFn serve) {
  std::vector<std::string> args(argv + std::min(argc, 1), argv + argc);
  ParseResult parsed = ParseCommandLine(args);
  std::cout << parsed.out << std::flush;
  std::cerr << parsed.err << std::flush;
  if (!parsed.invocation.has_value()) return parsed.exit_code;
  const char* term = std::getenv("TERM");
  Terminal terminal{.out_is_tty = isatty(STDOUT_FILENO) == 1,
                    .err_is_tty = isatty(STDERR_FILENO) == 1,
                    .no_color = std::getenv("NO_COLOR") != nullptr ||
                                (term != nullptr && std::string(term) == "dumb")};
  return Run(*parsed.invocation, serve, std::cout, std::cerr, terminal);
}

}  // namespace lathe::cli
