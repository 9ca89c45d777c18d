// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "cli/train_commands.h"

#include <atomic>
#include <chrono>
#include <cstdlib>
#include <filesystem>
#include <thread>

#include "cli/api_call.h"
#include "cli/datasets_commands.h"
#include "cli/format.h"
#include "cli/interrupt_guard.h"
#include "cli/table_printer.h"

namespace lathe::cli {
namespace {

using nlohmann::json;

constexpr char kJobsPath[] = "/api/v1/training-jobs";
constexpr auto kPollInterval = std::chrono::milliseconds(500);
constexpr size_t kLeaderboardRows = 15;

bool IsTerminal(const std::string& state) {
  return state == "Completed" || state == "Failed" || state == "Stopped";
}

std::string Str(const json& j, const char* key) {
  if (!j.is_object() || !j.contains(key)) return "";
  return FormatJsonValue(j[key], "");
}

std::string Num(const json& v, int significant = 4) {
  return v.is_number() ? FormatNumber(v.get<double>(), significant) : "-";
}

// Uploads a local file as a dataset and returns its id.
Result<std::string> UploadFile(const CommandContext& context, const std::string& file) {
  UploadOptions upload;
  upload.file = file;
  context.err << "uploading " << file << " ...\n";
  auto response = context.http.PostFile(UploadPath(upload), file, UploadContentType(file, ""), {});
  LATHE_ASSIGN_OR_RETURN(ApiAnswer answer, ParseAnswer(std::move(response)));
  context.err << "dataset " << Str(answer.value, "name") << " version "
              << Str(answer.value, "version") << " (" << Str(answer.value, "id")
              << "): " << Str(answer.value, "rows") << " rows\n";
  return Str(answer.value, "id");
}

Result<json> RequestBody(const TrainOptions& o, const std::string& dataset) {
  json body = {{"dataset", dataset}, {"target", o.target}};
  if (o.budget == "quick" || o.budget == "standard") {
    body["budget"] = o.budget;
  } else if (!o.budget.empty()) {
    char* end = nullptr;
    const double seconds = std::strtod(o.budget.c_str(), &end);
    if (end == o.budget.c_str() || *end != '\0') {
      return InvalidArgumentError("--budget must be a number of seconds, quick or standard, got '" +
                                  o.budget + "'");
    }
    body["budget_s"] = seconds;
  }
  if (!o.metric.empty()) body["metric"] = o.metric;
  if (!o.name.empty()) body["model_name"] = o.name;
  if (!o.problem_type.empty()) body["problem_type"] = o.problem_type;
  if (!o.exclude.empty()) body["exclude_columns"] = o.exclude;
  if (!o.algorithms.empty()) body["algorithms"] = o.algorithms;
  if (o.seed >= 0) body["seed"] = o.seed;
  if (o.predict_limit_ms) body["predict_limit_ms"] = *o.predict_limit_ms;
  return body;
}

// Polls the job until it ends, redrawing the progress line; Ctrl-C stops it on the server.
Result<json> Follow(const CommandContext& context, const std::string& id) {
  InterruptGuard guard;
  const std::string path = std::string(kJobsPath) + "/" + UrlEncode(id);
  bool stop_sent = false;
  std::string last_stage;
  size_t drawn = 0;
  while (true) {
    LATHE_ASSIGN_OR_RETURN(ApiAnswer answer, ParseAnswer(context.http.Get(path)));
    const json& job = answer.value;
    const std::string state = Str(job, "state");
    if (context.err_is_tty) {
      std::string line = TrainProgressLine(job);
      if (line.size() < drawn) line += std::string(drawn - line.size(), ' ');
      context.err << "\r" << line << std::flush;
      drawn = line.size();
    } else if (Str(job, "stage") != last_stage) {
      last_stage = Str(job, "stage");
      context.err << id << ": " << state << " (" << last_stage << ")\n";
    }
    if (IsTerminal(state)) {
      if (context.err_is_tty) context.err << "\n";
      return job;
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

void PrintLeaderboard(const CommandContext& context, const json& board) {
  TablePrinter::Options options;
  options.bold_header = context.color;
  TablePrinter table(
      {{"#", Align::kRight},
       {"TRIAL", Align::kRight},
       {"LEARNER"},
       {"SOURCE"},
       {Str(board, "metric").empty() ? "SCORE" : Str(board, "metric"), Align::kRight},
       {"SD", Align::kRight},
       {"FIT S", Align::kRight}},
      options);
  size_t rank = 0;
  const json entries = board.value("entries", json::array());
  for (const json& e : entries) {
    if (++rank > kLeaderboardRows) break;
    table.AddRow({std::to_string(rank), Str(e, "trial_id"), Str(e, "learner"), Str(e, "source"),
                  e.value("ok", true) ? Num(e.value("score", json())) : "failed",
                  Num(e.value("score_sd", json()), 2), Num(e.value("fit_seconds", json()), 3)});
  }
  table.Print(context.out);
  if (entries.size() > kLeaderboardRows) {
    context.out << "(" << entries.size() - kLeaderboardRows << " more trials)\n";
  }
}

void PrintTestMetrics(const CommandContext& context, const json& metrics) {
  context.out << "\ntest metrics (held-out split):\n";
  for (auto it = metrics.begin(); it != metrics.end(); ++it) {
    if (it.value().is_number()) {
      context.out << "  " << it.key() << ": " << FormatNumber(it.value().get<double>(), 4) << "\n";
    }
  }
}

}  // namespace

std::string TrainProgressLine(const json& job) {
  const json progress = job.value("progress", json::object());
  const double elapsed = progress.value("elapsed_seconds", 0.0);
  const double budget = job.value("budget_seconds", 0.0);
  constexpr int kWidth = 20;
  const int filled = budget > 0 ? std::min(kWidth, static_cast<int>(kWidth * elapsed / budget)) : 0;
  std::string line = Str(job, "id") + " [" + std::string(filled, '#') +
                     std::string(kWidth - filled, '-') + "] " + FormatNumber(elapsed, 3) + "s / " +
                     FormatNumber(budget, 4) + "s  " + Str(job, "stage") + "  trials " +
                     std::to_string(progress.value("trials_done", 0));
  if (progress.contains("best_score") && progress["best_score"].is_number()) {
    line += "  best " + Str(job, "metric") + " " + Num(progress["best_score"]) + " (" +
            Str(progress, "best_learner") + ")";
  }
  return line;
}

Status Train(const CommandContext& context, const TrainOptions& options) {
  std::string dataset = options.dataset;
  std::error_code error;
  if (std::filesystem::is_regular_file(options.dataset, error)) {
    LATHE_ASSIGN_OR_RETURN(dataset, UploadFile(context, options.dataset));
  }
  LATHE_ASSIGN_OR_RETURN(json body, RequestBody(options, dataset));
  LATHE_ASSIGN_OR_RETURN(ApiAnswer submitted, ParseAnswer(context.http.Post(kJobsPath, body.dump(),
                                                                            "application/json")));
  const std::string id = Str(submitted.value, "id");
  if (options.detach) {
    if (context.global.json) {
      PrintRawJson(context, submitted.raw);
    } else {
      context.out << "started " << id << " (" << Str(submitted.value, "problem_type") << ", "
                  << Str(submitted.value, "metric") << ", budget "
                  << Str(submitted.value, "budget_seconds") << " s)\n";
    }
    return Status::Ok();
  }
  if (!context.err_is_tty) {
    context.err << "training job " << id << ": " << Str(submitted.value, "problem_type") << ", "
                << Str(submitted.value, "metric") << ", budget "
                << Str(submitted.value, "budget_seconds") << " s\n";
  }
  LATHE_ASSIGN_OR_RETURN(json job, Follow(context, id));
  const std::string state = Str(job, "state");
  json board = json::object();
  auto leaderboard =
      ParseAnswer(context.http.Get(std::string(kJobsPath) + "/" + UrlEncode(id) + "/leaderboard"));
  if (leaderboard.ok()) board = leaderboard->value;
  if (context.global.json) {
    json out = {{"job_id", id},
                {"state", state},
                {"model_id", job.value("model_id", json())},
                {"metric", job.value("metric", json())},
                {"validation_score", job.value("validation_score", json())},
                {"test_metrics", job.value("test_metrics", json())},
                {"leaderboard", board.value("entries", json::array())}};
    if (job.contains("failure_reason")) out["failure_reason"] = job["failure_reason"];
    if (job.contains("warnings")) out["warnings"] = job["warnings"];
    context.out << out.dump() << "\n";
  } else if (state == "Completed") {
    PrintLeaderboard(context, board);
    PrintTestMetrics(context, job.value("test_metrics", json::object()));
    for (const json& warning : job.value("warnings", json::array())) {
      context.out << "\nwarning: " << Str(warning, "message") << "\n";
    }
    context.out << "\nmodel " << Str(job, "model_name") << " version " << Str(job, "model_version")
                << " (" << Str(job, "model_id") << ")\n";
  }
  if (state == "Failed") {
    return FailedPreconditionError("training job " + id + " failed: " + Str(job, "failure_reason"));
  }
  if (state == "Stopped") return CancelledError("training job " + id + " was stopped");
  return Status::Ok();
}

}  // namespace lathe::cli
