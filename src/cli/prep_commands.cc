// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "cli/prep_commands.h"

#include "cli/api_call.h"
#include "cli/format.h"
#include "cli/table_printer.h"

namespace lathe::cli {
namespace {

using nlohmann::json;

std::string DatasetPath(const std::string& dataset) {
  return "/api/v1/datasets/" + UrlEncode(dataset);
}

std::string Str(const json& j, const char* key) {
  if (!j.is_object() || !j.contains(key)) return "";
  return FormatJsonValue(j[key], "");
}

void PrintSteps(const json& steps, const CommandContext& context) {
  TablePrinter::Options options;
  options.bold_header = context.color;
  TablePrinter table({{"#", Align::kRight},
                      {"STEP"},
                      {"ROWS IN", Align::kRight},
                      {"ROWS OUT", Align::kRight},
                      {"COLUMNS", Align::kRight},
                      {"MS", Align::kRight}},
                     options);
  int i = 0;
  for (const json& s : steps) {
    table.AddRow({std::to_string(i++), Str(s, "op"), Str(s, "rows_in"), Str(s, "rows_out"),
                  Str(s, "columns_out"),
                  s.contains("millis") ? FormatNumber(s["millis"].get<double>(), 3) : ""});
  }
  table.Print(context.out);
}

void PrintRowWiseNote(const json& answer, const CommandContext& context) {
  if (answer.value("row_wise", true)) return;
  context.err << "note: not replayable on single rows at serving time because of";
  for (const json& s : answer.value("row_set_steps", json::array())) {
    context.err << " " << s.get<std::string>();
  }
  context.err << "\n";
}

}  // namespace

Status PrepApply(const CommandContext& context, const PrepApplyOptions& options) {
  LATHE_ASSIGN_OR_RETURN(json recipe, ReadJsonFile(options.recipe));
  json body = {{"recipe", recipe}};
  if (!options.name.empty()) body["name"] = options.name;
  LATHE_ASSIGN_OR_RETURN(ApiAnswer answer,
                         ParseAnswer(context.http.Post(DatasetPath(options.dataset) + "/transform",
                                                       body.dump(), "application/json")));
  if (context.global.json) {
    PrintRawJson(context, answer.raw);
    return Status::Ok();
  }
  PrintSteps(answer.value.value("steps", json::array()), context);
  const json& v = answer.value;
  context.out << "\ncreated " << Str(v, "name") << " version " << Str(v, "version") << " ("
              << Str(v, "id") << "): " << Str(v, "rows") << " rows, "
              << v.value("columns", json::array()).size() << " columns\n";
  if (v.contains("lineage") && v["lineage"].is_object()) {
    const json& parent = v["lineage"].value("parent", json::object());
    context.out << "lineage: " << Str(parent, "name") << " version " << Str(parent, "version")
                << " + recipe " << Str(v["lineage"], "recipe_sha256").substr(0, 12) << "\n";
  }
  PrintRowWiseNote(v, context);
  return Status::Ok();
}

Status PrepPreview(const CommandContext& context, const PrepPreviewOptions& options) {
  LATHE_ASSIGN_OR_RETURN(json recipe, ReadJsonFile(options.recipe));
  json body = {{"dataset", options.dataset},
               {"recipe", recipe},
               {"rows", options.rows},
               {"limit", options.limit}};
  LATHE_ASSIGN_OR_RETURN(ApiAnswer answer, ParseAnswer(context.http.Post(
                                               "/api/v1/prep/preview", body.dump(),
                                               "application/json")));
  if (context.global.json) {
    PrintRawJson(context, answer.raw);
    return Status::Ok();
  }
  PrintSteps(answer.value.value("steps", json::array()), context);
  context.out << "\n";
  PrintRows(answer.value, Style(context), context.out);
  context.err << "(" << answer.value.value("total_rows", 0) << " rows from the first "
              << answer.value.value("input_rows", 0) << " input rows)\n";
  PrintRowWiseNote(answer.value, context);
  return Status::Ok();
}

Status PrepOperations(const CommandContext& context) {
  LATHE_ASSIGN_OR_RETURN(ApiAnswer answer,
                         ParseAnswer(context.http.Get("/api/v1/prep/operations")));
  if (context.global.json) {
    PrintRawJson(context, answer.raw);
    return Status::Ok();
  }
  TablePrinter::Options options;
  options.bold_header = context.color;
  options.max_cell_width = 70;
  TablePrinter table({{"OPERATION"}, {"GROUP"}, {"ROW-WISE"}, {"SUMMARY"}}, options);
  for (const json& op : answer.value.value("operations", json::array())) {
    table.AddRow({Str(op, "name"), Str(op, "group"), op.value("row_wise", false) ? "yes" : "no",
                  Str(op, "summary")});
  }
  table.Print(context.out);
  return Status::Ok();
}

Status Query(const CommandContext& context, const QueryOptions& options) {
  json datasets = json::object();
  for (const std::string& d : options.datasets) {
    size_t eq = d.find('=');
    if (eq == std::string::npos || eq == 0 || eq + 1 == d.size()) {
      return InvalidArgumentError("--dataset '" + d + "': expected ALIAS=DATASET (e.g. p=pima)")
          .WithDetail("field", "--dataset");
    }
    datasets[d.substr(0, eq)] = d.substr(eq + 1);
  }
  json body = {{"sql", options.sql},
               {"datasets", datasets},
               {"limit", options.limit},
               {"max_rows", options.max_rows}};
  if (!options.save_as.empty()) body["save_as"] = options.save_as;
  LATHE_ASSIGN_OR_RETURN(ApiAnswer answer, ParseAnswer(context.http.Post(
                                               "/api/v1/query", body.dump(), "application/json")));
  if (context.global.json) {
    PrintRawJson(context, answer.raw);
    return Status::Ok();
  }
  PrintRows(answer.value, Style(context), context.out);
  int64_t count = answer.value.value("row_count", int64_t{0});
  context.err << "(" << count << (answer.value.value("truncated", false) ? "+" : "") << " rows, "
              << FormatNumber(answer.value.value("millis", 0.0), 3) << " ms)\n";
  if (answer.value.contains("dataset")) {
    const json& ds = answer.value["dataset"];
    context.err << "saved as " << Str(ds, "name") << " version " << Str(ds, "version") << " ("
                << Str(ds, "id") << ")\n";
  }
  return Status::Ok();
}

Status DatasetInsights(const CommandContext& context, const InsightsOptions& options) {
  std::string path = DatasetPath(options.dataset) + "/insights";
  if (!options.target.empty()) path += "?target=" + UrlEncode(options.target);
  LATHE_ASSIGN_OR_RETURN(ApiAnswer answer, ParseAnswer(context.http.Get(path)));
  if (context.global.json) {
    PrintRawJson(context, answer.raw);
    return Status::Ok();
  }
  const json& r = answer.value;
  const json& summary = r.value("summary", json::object());
  context.out << "rows " << Str(summary, "rows") << ", columns " << Str(summary, "columns")
              << ", duplicate rows " << Str(summary, "duplicate_rows") << "\n";
  // Every warning the report carries, most severe first: the report's own ordering.
  TablePrinter::Options topt;
  topt.bold_header = context.color;
  topt.max_cell_width = 90;
  TablePrinter warnings({{"SEVERITY"}, {"COLUMN"}, {"WARNING"}}, topt);
  for (const json& w : r.value("warnings", json::array())) {
    warnings.AddRow({Str(w, "severity"), Str(w, "column"), Str(w, "message")});
  }
  if (warnings.row_count() > 0) {
    context.out << "\n";
    warnings.Print(context.out);
  }
  if (r.contains("quick_model") && r["quick_model"].is_object()) {
    const json& q = r["quick_model"];
    if (q.value("status", "") == "ok") {
      context.out << "\nquick model (" << Str(q, "algorithm") << "): " << Str(q, "metric") << " "
                  << FormatNumber(q.value("value", 0.0), 3) << " vs "
                  << FormatNumber(q.value("baseline", 0.0), 3) << " for "
                  << Str(q, "baseline_name") << "\n";
    } else {
      context.out << "\nquick model skipped: " << Str(q, "reason") << "\n";
    }
  }
  return Status::Ok();
}

}  // namespace lathe::cli
