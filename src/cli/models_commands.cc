// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "cli/models_commands.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include "cli/api_call.h"
#include "cli/format.h"
#include "cli/table_printer.h"

namespace lathe::cli {
namespace {

using nlohmann::json;

constexpr char kModelsPath[] = "/api/v1/models";

std::string Str(const json& j, const char* key) {
  if (!j.is_object() || !j.contains(key)) return "";
  return FormatJsonValue(j[key], "");
}

std::string Num(const json& v) { return v.is_number() ? FormatNumber(v.get<double>(), 4) : "-"; }

std::string PrimaryMetric(const json& model) {
  const json metrics = model.value("test_metrics", json::object());
  if (!metrics.contains("primary_metric")) return "";
  const json& p = metrics["primary_metric"];
  if (!p.value("value", json()).is_number()) return Str(p, "name");
  return Str(p, "name") + " " + FormatNumber(p["value"].get<double>(), 4);
}

// "training job job_..." / "upload iris.lathe-model".
std::string SourceText(const json& source) {
  const std::string kind = Str(source, "kind");
  if (kind == "training_job") return "training job " + Str(source, "job_id");
  if (kind == "upload") return "upload " + Str(source, "file_name");
  return kind.empty() ? "-" : kind;
}

// "iris-species version 2 (mdl_...)".
std::string ModelTitle(const json& m) {
  return Str(m, "name") + " version " + Str(m, "version") + " (" + Str(m, "id") + ")";
}

Status Decide(const CommandContext& context, const ModelsDecideOptions& options,
              const char* action) {
  json body = json::object();
  if (!options.reason.empty()) body["reason"] = options.reason;
  LATHE_ASSIGN_OR_RETURN(
      ApiAnswer answer,
      ParseAnswer(context.http.Post(std::string(kModelsPath) + "/" + UrlEncode(options.model) +
                                        "/" + action,
                                    body.dump(), "application/json")));
  if (context.global.json) {
    PrintRawJson(context, answer.raw);
    return Status::Ok();
  }
  context.out << ModelTitle(answer.value) << ": " << Str(answer.value, "approval_status");
  if (!options.reason.empty()) context.out << " (" << options.reason << ")";
  context.out << "\n";
  return Status::Ok();
}

// Splits one CSV line (RFC 4180 quotes; no embedded newlines).
std::vector<std::string> SplitCsvLine(const std::string& line) {
  std::vector<std::string> out(1);
  bool quoted = false;
  for (size_t idx = 0; idx < line.size(); ++idx) {
    const char c = line[idx];
    if (quoted && c == '"' && idx + 1 < line.size() && line[idx + 1] == '"') {
      out.back() += '"';
      ++idx;
    } else if (c == '"') {
      quoted = !quoted;
    } else if (c == ',' && !quoted) {
      out.emplace_back();
    } else if (c != '\r' || quoted) {
      out.back() += c;
    }
  }
  return out;
}

// A CSV cell as JSON: empty = null, a number when it parses as one, else the text.
json CellValue(const std::string& text) {
  if (text.empty()) return nullptr;
  char* end = nullptr;
  const double v = std::strtod(text.c_str(), &end);
  if (end == text.c_str() + text.size()) return v;
  return text;
}

Result<json> ReadCsvRows(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFoundError(path + ": cannot open the file");
  std::string line;
  if (!std::getline(in, line)) return InvalidArgumentError(path + ": empty file");
  const std::vector<std::string> header = SplitCsvLine(line);
  json rows = json::array();
  size_t line_no = 1;
  while (std::getline(in, line)) {
    ++line_no;
    if (line.empty() || line == "\r") continue;
    const std::vector<std::string> cells = SplitCsvLine(line);
    if (cells.size() != header.size()) {
      return InvalidArgumentError(path + ": line " + std::to_string(line_no) + ": expected " +
                                  std::to_string(header.size()) + " fields, found " +
                                  std::to_string(cells.size()));
    }
    json row = json::object();
    for (size_t c = 0; c < cells.size(); ++c) row[header[c]] = CellValue(cells[c]);
    rows.push_back(std::move(row));
  }
  return rows;
}

}  // namespace

Status ListModels(const CommandContext& context, const ModelsListOptions& options) {
  std::string path = std::string(kModelsPath) + "?limit=" + std::to_string(options.limit);
  if (!options.name.empty()) path += "&name=" + UrlEncode(options.name);
  if (!options.approval_status.empty()) {
    path += "&approval_status=" + UrlEncode(options.approval_status);
  }
  LATHE_ASSIGN_OR_RETURN(ApiAnswer answer, ParseAnswer(context.http.Get(path)));
  if (context.global.json) {
    PrintRawJson(context, answer.raw);
    return Status::Ok();
  }
  const json models = answer.value.value("models", json::array());
  if (models.empty()) {
    if (!options.approval_status.empty() || !options.name.empty()) {
      context.err << "No models match.\n";
    } else {
      context.err << "No models yet. Train one with `lathe train DATASET --target COLUMN`.\n";
    }
    return Status::Ok();
  }
  TablePrinter::Options table_options;
  table_options.bold_header = context.color;
  TablePrinter table({{"ID"},
                      {"NAME"},
                      {"VERSION", Align::kRight},
                      {"PROBLEM"},
                      {"TEST SCORE"},
                      {"APPROVAL"},
                      {"CREATED"}},
                     table_options);
  for (const json& m : models) {
    table.AddRow({Str(m, "id"), Str(m, "name"), Str(m, "version"), Str(m, "problem_type"),
                  PrimaryMetric(m), Str(m, "approval_status"),
                  FormatTimestamp(Str(m, "created_at"))});
  }
  table.Print(context.out);
  return Status::Ok();
}

Status ShowModel(const CommandContext& context, const ModelsShowOptions& options) {
  LATHE_ASSIGN_OR_RETURN(
      ApiAnswer answer,
      ParseAnswer(context.http.Get(std::string(kModelsPath) + "/" + UrlEncode(options.model))));
  if (context.global.json) {
    PrintRawJson(context, answer.raw);
    return Status::Ok();
  }
  const json& m = answer.value;
  context.out << Str(m, "name") << " version " << Str(m, "version") << " (" << Str(m, "id")
              << ")\n";
  const json dataset = m.value("dataset", json::object());
  context.out << "  trained on   " << Str(dataset, "name") << " version " << Str(dataset, "version")
              << ", target " << Str(m, "target") << " (" << Str(m, "problem_type") << ")\n";
  context.out << "  source       " << SourceText(m.value("source", json::object())) << "\n";
  context.out << "  approval     " << Str(m, "approval_status") << "\n";
  if (!Str(m, "description").empty()) {
    context.out << "  description  " << Str(m, "description") << "\n";
  }
  const json tags = m.value("tags", json::object());
  if (tags.is_object() && !tags.empty()) {
    context.out << "  tags         ";
    for (auto it = tags.begin(); it != tags.end(); ++it) {
      context.out << it.key() << "=" << FormatJsonValue(it.value(), "") << " ";
    }
    context.out << "\n";
  }
  context.out << "  rows         " << Str(m, "train_rows") << " train, " << Str(m, "test_rows")
              << " test\n";
  context.out << "  members      ";
  for (const json& member : m.value("members", json::array())) {
    context.out << Str(member, "learner") << " (" << Num(member.value("weight", json())) << ") ";
  }
  context.out << "\n  test metrics\n";
  const json metrics = m.value("test_metrics", json::object());
  for (auto it = metrics.begin(); it != metrics.end(); ++it) {
    if (it.value().is_number())
      context.out << "    " << it.key() << ": " << Num(it.value()) << "\n";
  }
  return Status::Ok();
}

Status PredictRows(const CommandContext& context, const PredictOptions& options) {
  json rows;
  if (options.rows_file.size() >= 4 &&
      options.rows_file.compare(options.rows_file.size() - 4, 4, ".csv") == 0) {
    LATHE_ASSIGN_OR_RETURN(rows, ReadCsvRows(options.rows_file));
  } else {
    LATHE_ASSIGN_OR_RETURN(rows, ReadJsonFile(options.rows_file));
    if (rows.is_object() && rows.contains("rows")) rows = rows["rows"];
  }
  const json body = {{"rows", rows}};
  LATHE_ASSIGN_OR_RETURN(ApiAnswer answer,
                         ParseAnswer(context.http.Post(
                             std::string(kModelsPath) + "/" + UrlEncode(options.model) + "/predict",
                             body.dump(), "application/json")));
  if (context.global.json) {
    PrintRawJson(context, answer.raw);
    return Status::Ok();
  }
  TablePrinter::Options table_options;
  table_options.bold_header = context.color;
  const bool classes = answer.value.contains("classes");
  TablePrinter table({{"ROW", Align::kRight},
                      {classes ? "LABEL" : "VALUE"},
                      {classes ? "PROBABILITY" : "", Align::kRight}},
                     table_options);
  size_t row = 0;
  for (const json& p : answer.value.value("predictions", json::array())) {
    if (classes) {
      const std::string label = Str(p, "label");
      const json probs = p.value("probabilities", json::object());
      table.AddRow({std::to_string(row++), label, Num(probs.value(label, json()))});
    } else {
      table.AddRow({std::to_string(row++), Num(p.value("value", json())), ""});
    }
  }
  table.Print(context.out);
  return Status::Ok();
}

Status ApproveModel(const CommandContext& context, const ModelsDecideOptions& options) {
  return Decide(context, options, "approve");
}

Status RejectModel(const CommandContext& context, const ModelsDecideOptions& options) {
  return Decide(context, options, "reject");
}

Status UploadModel(const CommandContext& context, const ModelsUploadOptions& options) {
  const std::string file_name = std::filesystem::path(options.file).filename().string();
  const std::string path = std::string(kModelsPath) + "?name=" + UrlEncode(options.name) +
                           "&file_name=" + UrlEncode(file_name);
  LATHE_ASSIGN_OR_RETURN(ApiAnswer answer,
                         ParseAnswer(context.http.PostFile(path, options.file,
                                                           "application/octet-stream", {})));
  if (context.global.json) {
    PrintRawJson(context, answer.raw);
    return Status::Ok();
  }
  const json& m = answer.value;
  context.out << "Uploaded " << file_name << " as " << ModelTitle(m) << "\n";
  context.out << "  problem      " << Str(m, "problem_type") << ", target " << Str(m, "target")
              << "\n";
  context.out << "  approval     " << Str(m, "approval_status") << "\n";
  return Status::Ok();
}

Status ListModelGroups(const CommandContext& context) {
  LATHE_ASSIGN_OR_RETURN(ApiAnswer answer,
                         ParseAnswer(context.http.Get("/api/v1/model-groups")));
  if (context.global.json) {
    PrintRawJson(context, answer.raw);
    return Status::Ok();
  }
  const json groups = answer.value.value("model_groups", json::array());
  if (groups.empty()) {
    context.err << "No models yet. Train one with `lathe train DATASET --target COLUMN`.\n";
    return Status::Ok();
  }
  TablePrinter::Options table_options;
  table_options.bold_header = context.color;
  TablePrinter table({{"NAME"},
                      {"VERSIONS", Align::kRight},
                      {"LATEST", Align::kRight},
                      {"APPROVED", Align::kRight},
                      {"UPDATED"}},
                     table_options);
  for (const json& g : groups) {
    const std::string approved = Str(g, "approved_version");
    table.AddRow({Str(g, "name"), Str(g, "versions"), Str(g, "latest_version"),
                  approved.empty() ? "-" : approved,
                  FormatTimestamp(Str(g, "updated_at"))});
  }
  table.Print(context.out);
  return Status::Ok();
}

}  // namespace lathe::cli
