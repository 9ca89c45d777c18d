// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "cli/pipeline_commands.h"

#include <chrono>
#include <filesystem>
#include <fstream>
#include <memory>
#include <sstream>
#include <thread>
#include <vector>

#include <CLI/CLI.hpp>

#include "cli/api_call.h"
#include "cli/format.h"
#include "cli/interrupt_guard.h"
#include "cli/table_printer.h"

namespace lathe::cli {
namespace {

using nlohmann::json;

constexpr auto kPollInterval = std::chrono::milliseconds(400);

struct RunOptions {
  std::string target;               // a pipeline file, or a stored pipeline's name or id
  std::vector<std::string> params;  // "name=value"
  std::string name;                 // --name: store the file under this name
  int version = 0;                  // of a stored pipeline (0 = latest)
  bool no_cache = false;
  bool detach = false;
};

std::string Str(const json& j, const char* key) {
  if (!j.is_object() || !j.contains(key)) return "";
  return FormatJsonValue(j[key], "");
}

bool IsTerminalRun(const std::string& state) {
  return state == "Succeeded" || state == "Failed" || state == "Stopped";
}

Result<std::string> ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFoundError(path + ": cannot read the file");
  std::ostringstream text;
  text << in.rdbuf();
  return text.str();
}

// Stores the document in `path` (JSON by extension, else YAML) as a new pipeline version.
Result<json> StoreFile(const CommandContext& context, const std::string& path, const std::string& name) {
  LATHE_ASSIGN_OR_RETURN(std::string text, ReadFile(path));
  const std::string ext = std::filesystem::path(path).extension().string();
  const std::string type = ext == ".json" ? "application/json" : "application/yaml";
  std::string url = "/api/v1/pipelines?source=" + UrlEncode(std::filesystem::path(path).filename().string());
  if (!name.empty()) url += "&name=" + UrlEncode(name);
  LATHE_ASSIGN_OR_RETURN(ApiAnswer answer, ParseAnswer(context.http.Post(url, text, type)));
  return answer.value;
}

// --param name=value pairs as a JSON object of strings (the server converts them to the
// parameters' types and names any that do not fit).
Result<json> ParseParams(const std::vector<std::string>& params) {
  json out = json::object();
  for (const std::string& p : params) {
    const size_t eq = p.find('=');
    if (eq == std::string::npos || eq == 0) {
      return InvalidArgumentError("--param '" + p + "': expected NAME=VALUE");
    }
    out[p.substr(0, eq)] = p.substr(eq + 1);
  }
  return out;
}

std::string OutputSummary(const json& outputs) {
  std::string text;
  for (const auto& [name, a] : outputs.items()) {
    if (!a.is_object()) {
      text += name + "=" + a.dump() + " ";
      continue;
    }
    const std::string type = Str(a, "type");
    if (type == "dataset") {
      text += name + ": " + Str(a, "name") + " v" + Str(a, "version") + " (" + Str(a, "rows") + " rows) ";
    } else if (type == "model") {
      text += "model " + Str(a, "name") + " v" + Str(a, "version") + " ";
    } else if (type == "report") {
      const json primary = a.value("primary_metric", json::object());
      text += Str(primary, "name") + "=" + FormatNumber(primary.value("value", 0.0)) + " ";
    } else if (type == "endpoint") {
      text += "POST " + Str(a, "url") + " ";
    }
  }
  if (outputs.contains("result")) text = "result " + outputs["result"].dump();
  while (!text.empty() && text.back() == ' ') text.pop_back();
  return text;
}

std::string Detail(const json& step) {
  const std::string state = Str(step, "state");
  if (state == "Running" && step.contains("progress")) {
    const json p = step["progress"];
    std::string text = FormatPercent(p.value("fraction", 0.0)) + ", " + Str(p, "trials") + " trials";
    if (p.contains("best_score") && !p["best_score"].is_null()) {
      text += ", best " + Str(p, "metric") + " " + FormatNumber(p["best_score"].get<double>());
    }
    return text;
  }
  if (state == "Failed" || state == "Stopped") return Str(step, "error");
  if (state == "Skipped") return Str(step, "reason");
  if (state == "Cached") return "from " + Str(step, "cached_from") + ": " + OutputSummary(step.value("outputs", json::object()));
  if (state == "Succeeded") return OutputSummary(step.value("outputs", json::object()));
  return "";
}

std::vector<std::string> StepLines(const json& run) {
  std::vector<std::string> lines;
  size_t width = 4;
  for (const json& id : run.value("order", json::array())) width = std::max(width, id.get<std::string>().size());
  for (const json& id : run.value("order", json::array())) {
    lines.push_back(PipelineStepLine(id, run["steps"][id.get<std::string>()], width));
  }
  return lines;
}

// Follows the run until it ends: on a terminal the step table is redrawn in place, otherwise a
// line is printed for every step state change. Ctrl-C stops the run on the server.
Result<json> Follow(const CommandContext& context, const std::string& id) {
  InterruptGuard guard;
  const std::string path = "/api/v1/pipeline-runs/" + UrlEncode(id);
  std::map<std::string, std::string> seen;
  size_t drawn = 0;
  bool stop_sent = false;
  while (true) {
    LATHE_ASSIGN_OR_RETURN(ApiAnswer answer, ParseAnswer(context.http.Get(path)));
    const json& run = answer.value;
    if (context.err_is_tty) {
      if (drawn > 0) context.err << "\x1b[" << drawn << "A";
      std::vector<std::string> lines = StepLines(run);
      lines.push_back("run " + id + ": " + Str(run, "state"));
      for (const std::string& l : lines) context.err << "\x1b[2K" << l.substr(0, 200) << "\n";
      context.err << std::flush;
      drawn = lines.size();
    } else {
      for (const json& step_id : run.value("order", json::array())) {
        const std::string sid = step_id.get<std::string>();
        const json& step = run["steps"][sid];
        const std::string state = Str(step, "state");
        if (seen[sid] == state) continue;
        seen[sid] = state;
        if (state == "Pending") continue;
        context.err << sid << ": " << state;
        const std::string detail = state == "Running" ? "" : Detail(step);
        if (!detail.empty()) context.err << " (" << detail << ")";
        context.err << "\n";
      }
    }
    if (IsTerminalRun(Str(run, "state"))) return run;
    if (guard.interrupted() && !stop_sent) {
      stop_sent = true;
      context.err << "stopping " << id << " ...\n";
      drawn = 0;
      (void)context.http.Post(path + "/stop", "", "application/json");
    }
    std::this_thread::sleep_for(kPollInterval);
  }
}

// Follows run `id` to its end, then prints the step table (or the run as JSON). Exit status 1
// for a Failed or Stopped run.
Status FollowAndReport(const CommandContext& context, const std::string& id) {
  const auto t0 = std::chrono::steady_clock::now();
  LATHE_ASSIGN_OR_RETURN(json run, Follow(context, id));
  const double seconds = std::chrono::duration<double>(std::chrono::steady_clock::now() - t0).count();
  const std::string state = Str(run, "state");
  if (context.global.json) {
    context.out << run.dump() << "\n";
  } else {
    TablePrinter table({{"STEP"}, {"TYPE"}, {"STATE"}, {"DETAIL"}},
                       {.bold_header = context.color, .max_cell_width = 80});
    for (const json& step_id : run.value("order", json::array())) {
      const json& step = run["steps"][step_id.get<std::string>()];
      table.AddRow({step_id.get<std::string>(), Str(step, "type"), Str(step, "state"), Detail(step)});
    }
    table.Print(context.out);
    context.out << "run " << id << " " << state << " in " << FormatNumber(seconds, 3) << " s\n";
  }
  if (state == "Failed") return FailedPreconditionError("run " + id + " failed: " + Str(run, "failure_reason"));
  if (state == "Stopped") return CancelledError("run " + id + " was stopped");
  return Status::Ok();
}

Status RunPipeline(const CommandContext& context, const RunOptions& o) {
  std::string pipeline = o.target;
  if (std::filesystem::is_regular_file(o.target)) {
    LATHE_ASSIGN_OR_RETURN(json stored, StoreFile(context, o.target, o.name));
    pipeline = Str(stored, "id");
    context.err << "pipeline " << Str(stored, "name") << " version " << Str(stored, "version")
                << " (" << pipeline << ")\n";
  } else if (o.target.find('.') != std::string::npos || o.target.find('/') != std::string::npos) {
    return NotFoundError(o.target + ": no such file (give a pipeline file, or a stored pipeline's name)");
  }
  LATHE_ASSIGN_OR_RETURN(json params, ParseParams(o.params));
  json body = {{"parameters", params}, {"cache", !o.no_cache}};
  if (o.version > 0) body["version"] = o.version;
  LATHE_ASSIGN_OR_RETURN(ApiAnswer started,
                         ParseAnswer(context.http.Post("/api/v1/pipelines/" + UrlEncode(pipeline) + "/runs",
                                                       body.dump(), "application/json")));
  const std::string id = Str(started.value, "id");
  if (o.detach) {
    if (context.global.json) PrintRawJson(context, started.raw);
    else context.out << "started " << id << "\n";
    return Status::Ok();
  }
  context.err << "run " << id << " (#" << Str(started.value, "number") << ") with "
              << started.value.value("parameters", json::object()).dump() << "\n";
  return FollowAndReport(context, id);
}

Status ExportPipeline(const CommandContext& context, const std::string& name, int version) {
  std::string url = "/api/v1/pipelines/" + UrlEncode(name) + "?format=yaml";
  if (version > 0) url += "&version=" + std::to_string(version);
  LATHE_ASSIGN_OR_RETURN(HttpResponse response, context.http.Get(url));
  if (response.status >= 400) return ParseAnswer(response).status();
  context.out << response.body;
  return Status::Ok();
}

Status ListPipelines(const CommandContext& context) {
  LATHE_ASSIGN_OR_RETURN(ApiAnswer answer, ParseAnswer(context.http.Get("/api/v1/pipelines")));
  if (context.global.json) {
    PrintRawJson(context, answer.raw);
    return Status::Ok();
  }
  TablePrinter table({{"NAME"}, {"VERSION", Align::kRight}, {"STEPS", Align::kRight}, {"LAST RUN"}, {"CREATED"}},
                     {.bold_header = context.color});
  for (const json& p : answer.value.value("pipelines", json::array())) {
    const json last = p.value("last_run", json());
    table.AddRow({Str(p, "name"), Str(p, "version"), Str(p, "step_count"),
                  last.is_object() ? "#" + Str(last, "number") + " " + Str(last, "state") : "-",
                  FormatTimestamp(Str(p, "created_at"))});
  }
  table.Print(context.out);
  return Status::Ok();
}

Status ListRuns(const CommandContext& context, const std::string& pipeline) {
  std::string url = "/api/v1/pipeline-runs";
  if (!pipeline.empty()) url += "?pipeline=" + UrlEncode(pipeline);
  LATHE_ASSIGN_OR_RETURN(ApiAnswer answer, ParseAnswer(context.http.Get(url)));
  if (context.global.json) {
    PrintRawJson(context, answer.raw);
    return Status::Ok();
  }
  TablePrinter table({{"RUN"}, {"PIPELINE"}, {"#", Align::kRight}, {"STATE"}, {"STARTED"}, {"REASON"}},
                     {.bold_header = context.color, .max_cell_width = 60});
  for (const json& r : answer.value.value("runs", json::array())) {
    table.AddRow({Str(r, "id"), Str(r["pipeline"], "name"), Str(r, "number"), Str(r, "state"),
                  FormatTimestamp(Str(r, "created_at")), Str(r, "failure_reason")});
  }
  table.Print(context.out);
  return Status::Ok();
}

}  // namespace

std::string PipelineStepLine(const std::string& id, const json& step, size_t id_width) {
  std::string line = id + std::string(id_width + 2 - std::min(id_width, id.size()), ' ');
  std::string type = Str(step, "type");
  line += type + std::string(16 - std::min<size_t>(14, type.size()), ' ');
  std::string state = Str(step, "state");
  line += state + std::string(11 - std::min<size_t>(10, state.size()), ' ');
  return line + Detail(step);
}

void AddPipelineCommands(CLI::App& app, CommandAction* action) {
  CLI::App* group = app.add_subcommand("pipeline", "Pipelines: store, run (live step table), export, list runs");
  group->alias("pipelines");
  group->require_subcommand(1);

  auto run = std::make_shared<RunOptions>();
  CLI::App* run_cmd = group->add_subcommand("run", "Run a pipeline file (stored as a new version first) or a stored pipeline, following every step");
  run_cmd->add_option("PIPELINE", run->target, "A .yaml / .json pipeline file, or a stored pipeline's name or id")->required();
  run_cmd->add_option("-p,--param", run->params, "A parameter value, NAME=VALUE (repeatable)");
  run_cmd->add_option("--name", run->name, "Store the file under this pipeline name");
  run_cmd->add_option("--version", run->version, "Version of a stored pipeline (default: latest)")->check(CLI::PositiveNumber);
  run_cmd->add_flag("--no-cache", run->no_cache, "Run every step even when an identical earlier step could be reused");
  run_cmd->add_flag("--detach", run->detach, "Start the run and return without following it");
  run_cmd->callback([run, action] {
    *action = [run](const CommandContext& c) { return RunPipeline(c, *run); };
  });

  auto file = std::make_shared<std::pair<std::string, std::string>>();
  CLI::App* create = group->add_subcommand("create", "Store a pipeline file (YAML or JSON) as a new version of its name");
  create->add_option("FILE", file->first, "The pipeline document")->required()->check(CLI::ExistingFile);
  create->add_option("--name", file->second, "Pipeline name (default: the document's)");
  create->callback([file, action] {
    *action = [file](const CommandContext& c) -> Status {
      LATHE_ASSIGN_OR_RETURN(json stored, StoreFile(c, file->first, file->second));
      if (c.global.json) c.out << stored.dump() << "\n";
      else c.out << "pipeline " << Str(stored, "name") << " version " << Str(stored, "version") << " (" << Str(stored, "id") << ")\n";
      return Status::Ok();
    };
  });

  auto exported = std::make_shared<std::pair<std::string, int>>("", 0);
  CLI::App* export_cmd = group->add_subcommand("export", "Print a stored pipeline as YAML (lathe pipeline export NAME > FILE.yaml)");
  export_cmd->add_option("PIPELINE", exported->first, "Pipeline name or id")->required();
  export_cmd->add_option("--version", exported->second, "Version (default: latest)")->check(CLI::PositiveNumber);
  export_cmd->callback([exported, action] {
    *action = [exported](const CommandContext& c) { return ExportPipeline(c, exported->first, exported->second); };
  });

  CLI::App* list = group->add_subcommand("list", "Stored pipelines (latest versions) and their last run");
  list->callback([action] { *action = [](const CommandContext& c) { return ListPipelines(c); }; });

  auto runs_of = std::make_shared<std::string>();
  CLI::App* runs = group->add_subcommand("runs", "Pipeline runs, newest first");
  runs->add_option("PIPELINE", *runs_of, "Only this pipeline's runs");
  runs->callback([runs_of, action] {
    *action = [runs_of](const CommandContext& c) { return ListRuns(c, *runs_of); };
  });

  auto stop_id = std::make_shared<std::string>();
  CLI::App* stop = group->add_subcommand("stop", "Stop a run");
  stop->add_option("RUN", *stop_id, "Run id")->required();
  stop->callback([stop_id, action] {
    *action = [stop_id](const CommandContext& c) -> Status {
      LATHE_ASSIGN_OR_RETURN(ApiAnswer a, ParseAnswer(c.http.Post("/api/v1/pipeline-runs/" + UrlEncode(*stop_id) + "/stop", "", "application/json")));
      c.out << "run " << Str(a.value, "id") << " " << Str(a.value, "state") << "\n";
      return Status::Ok();
    };
  });

  auto retry_id = std::make_shared<std::string>();
  CLI::App* retry = group->add_subcommand("retry", "Run a Failed or Stopped run again from where it ended, following it");
  retry->add_option("RUN", *retry_id, "Run id")->required();
  retry->callback([retry_id, action] {
    *action = [retry_id](const CommandContext& c) -> Status {
      LATHE_ASSIGN_OR_RETURN(ApiAnswer a, ParseAnswer(c.http.Post("/api/v1/pipeline-runs/" + UrlEncode(*retry_id) + "/retry", "", "application/json")));
      c.err << "run " << Str(a.value, "id") << " retried (retry " << Str(a.value, "retries") << ")\n";
      return FollowAndReport(c, Str(a.value, "id"));
    };
  });

  auto logs = std::make_shared<std::pair<std::string, std::string>>();
  CLI::App* logs_cmd = group->add_subcommand("logs", "A step's log");
  logs_cmd->add_option("RUN", logs->first, "Run id")->required();
  logs_cmd->add_option("STEP", logs->second, "Step id")->required();
  logs_cmd->callback([logs, action] {
    *action = [logs](const CommandContext& c) -> Status {
      LATHE_ASSIGN_OR_RETURN(HttpResponse r, c.http.Get("/api/v1/pipeline-runs/" + UrlEncode(logs->first) +
                                                        "/steps/" + UrlEncode(logs->second) + "/logs"));
      if (r.status >= 400) return ParseAnswer(r).status();
      c.out << r.body;
      return Status::Ok();
    };
  });
}

}  // namespace lathe::cli
