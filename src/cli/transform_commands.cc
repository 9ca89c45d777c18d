// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "cli/transform_commands.h"

#include <algorithm>
#include <atomic>
#include <chrono>
#include <memory>
#include <thread>

#include <CLI/CLI.hpp>

#include "cli/api_call.h"
#include "cli/datasets_commands.h"
#include "cli/format.h"
#include "cli/interrupt_guard.h"

namespace lathe::cli {
namespace {

using nlohmann::json;

constexpr char kJobsPath[] = "/api/v1/transform-jobs";
constexpr auto kPollInterval = std::chrono::milliseconds(300);

bool IsTerminal(const std::string& state) {
  return state == "Completed" || state == "Failed" || state == "Stopped";
}

std::string Str(const json& j, const char* key) {
  if (!j.is_object() || !j.contains(key)) return "";
  return FormatJsonValue(j[key], "");
}

json RequestBody(const TransformOptions& o) {
  json body = {{"model_id", o.model}, {"dataset_id", o.dataset}, {"include_input", o.include_input}};
  if (!o.output_name.empty()) body["output_name"] = o.output_name;
  if (o.batch_rows > 0) body["batch_rows"] = o.batch_rows;
  return body;
}

// Polls the job until it ends, redrawing the progress line; Ctrl-C stops it on the server.
Result<ApiAnswer> Follow(const CommandContext& context, const std::string& id) {
  InterruptGuard guard;
  const std::string path = std::string(kJobsPath) + "/" + UrlEncode(id);
  bool stop_sent = false;
  std::string last_state;
  size_t drawn = 0;
  while (true) {
    LATHE_ASSIGN_OR_RETURN(ApiAnswer answer, ParseAnswer(context.http.Get(path)));
    const std::string state = Str(answer.value, "state");
    if (context.err_is_tty) {
      std::string line = TransformProgressLine(answer.value);
      const size_t width = line.size();
      if (line.size() < drawn) line += std::string(drawn - line.size(), ' ');
      context.err << "\r" << line << std::flush;
      drawn = width;
    } else if (state != last_state) {
      context.err << id << ": " << state << "\n";
    }
    last_state = state;
    if (IsTerminal(state)) {
      if (context.err_is_tty) context.err << "\n";
      return answer;
    }
    if (guard.interrupted() && !stop_sent) {
      stop_sent = true;
      if (context.err_is_tty) context.err << "\n";
      context.err << "stopping " << id << " ...\n";
      (void)context.http.Delete(path);
    }
    std::this_thread::sleep_for(kPollInterval);
  }
}

void PrintStarted(const CommandContext& context, const json& job) {
  const json model = job.value("model", json::object());
  const json dataset = job.value("dataset", json::object());
  context.err << "transform job " << Str(job, "id") << ": model " << Str(model, "name") << " v"
              << Str(model, "version") << " over " << Str(dataset, "name") << " v"
              << Str(dataset, "version") << " (" << Str(dataset, "rows") << " rows, "
              << Str(job, "batch_rows") << " per batch) -> " << Str(job, "output_name") << "\n";
}

}  // namespace

void AddTransformCommands(CLI::App& app, CommandAction* action) {
  auto options = std::make_shared<TransformOptions>();
  CLI::App* cmd = app.add_subcommand(
      "batch-transform",
      "Run a model over a whole dataset: a new dataset of predictions (live progress)");
  cmd->add_option("MODEL", options->model, "Model id, name (latest version) or name:version")
      ->required();
  cmd->add_option("DATASET", options->dataset, "Dataset id, name (latest version) or name:version")
      ->required();
  cmd->add_option("--output-name", options->output_name,
                  "Output dataset name (default: <dataset>-predictions)");
  cmd->add_flag("--include-input", options->include_input,
                "Write the input columns before the predictions");
  cmd->add_option("--batch-rows", options->batch_rows, "Rows per model call (default: 10000)")
      ->check(CLI::Range(1, 1000000));
  cmd->add_option("-n,--rows", options->head_rows, "Output rows to print at the end")
      ->check(CLI::Range(0, 1000));
  cmd->add_flag("--detach", options->detach, "Start the job and return without following it");
  cmd->callback([options, action] {
    *action = [options](const CommandContext& context) { return BatchTransform(context, *options); };
  });
}

std::string TransformProgressLine(const json& job) {
  const json progress = job.value("progress", json::object());
  const double done = progress.value("rows_done", 0.0);
  const double total = progress.value("rows_total", 0.0);
  constexpr int kWidth = 20;
  const double fraction = total > 0 ? std::clamp(done / total, 0.0, 1.0) : 0.0;
  const int filled = static_cast<int>(kWidth * fraction);
  return Str(job, "id") + " [" + std::string(filled, '#') + std::string(kWidth - filled, '-') +
         "] " + FormatPercent(fraction) + "  " + FormatNumber(done) + " / " + FormatNumber(total) +
         " rows  " + Str(job, "state");
}

Status BatchTransform(const CommandContext& context, const TransformOptions& options) {
  LATHE_ASSIGN_OR_RETURN(
      ApiAnswer submitted,
      ParseAnswer(context.http.Post(kJobsPath, RequestBody(options).dump(), "application/json")));
  const std::string id = Str(submitted.value, "id");
  if (options.detach) {
    if (context.global.json) {
      PrintRawJson(context, submitted.raw);
    } else {
      context.out << "started " << id << "\n";
    }
    return Status::Ok();
  }
  PrintStarted(context, submitted.value);
  LATHE_ASSIGN_OR_RETURN(ApiAnswer done, Follow(context, id));
  const json& job = done.value;
  const std::string state = Str(job, "state");
  if (context.global.json) {
    PrintRawJson(context, done.raw);
  } else if (state == "Completed") {
    const json output = job.value("output_dataset", json::object());
    context.out << "output dataset " << Str(output, "name") << " version " << Str(output, "version")
                << " (" << Str(output, "id") << "): " << Str(output, "rows") << " rows, "
                << job.value("columns", json::array()).size() << " columns, "
                << FormatNumber(job.value("elapsed_seconds", 0.0), 3) << " s\n";
    if (options.head_rows > 0) {
      context.out << "\n";
      LATHE_RETURN_IF_ERROR(HeadDataset(context, {Str(output, "id"), options.head_rows}));
    }
  }
  if (state == "Failed") {
    return FailedPreconditionError("transform job " + id + " failed: " +
                                   Str(job, "failure_reason"));
  }
  if (state == "Stopped") return CancelledError("transform job " + id + " was stopped");
  return Status::Ok();
}

}  // namespace lathe::cli
