// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "cli/endpoints_commands.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <fstream>
#include <memory>
#include <sstream>
#include <thread>

#include <CLI/CLI.hpp>

#include "cli/api_call.h"
#include "cli/api_error.h"
#include "cli/format.h"
#include "cli/table_printer.h"

namespace lathe::cli {
namespace {

using nlohmann::json;

constexpr char kEndpointsPath[] = "/api/v1/endpoints";
constexpr auto kPollInterval = std::chrono::milliseconds(300);
constexpr size_t kTopProbabilities = 3;
constexpr size_t kTopContributions = 3;

std::string Str(const json& j, const char* key) {
  if (!j.is_object() || !j.contains(key)) return "";
  return FormatJsonValue(j[key], "");
}

std::string EndpointPath(const std::string& name) {
  return std::string(kEndpointsPath) + "/" + UrlEncode(name);
}

TablePrinter::Options TableOptions(const CommandContext& context) {
  TablePrinter::Options options;
  options.bold_header = context.color;
  return options;
}

bool IsNumber(const std::string& text, double* value) {
  if (text.empty()) return false;
  char* end = nullptr;
  *value = std::strtod(text.c_str(), &end);
  return end == text.c_str() + text.size() && std::isfinite(*value);
}

// "AllTraffic=iris-species:2 (1)" per variant.
std::string VariantsSummary(const json& endpoint) {
  std::string out;
  for (const json& v : endpoint.value("variants", json::array())) {
    if (!out.empty()) out += ", ";
    out += Str(v, "name") + "=" + Str(v, "model_name") + ":" + Str(v, "model_version");
    if (endpoint["variants"].size() > 1) out += " (" + Str(v, "weight") + ")";
  }
  return out;
}

std::string CaptureSummary(const json& endpoint) {
  const json capture = endpoint.value("data_capture", json::object());
  const double pct = capture.value("sampling_percentage", 0.0);
  if (!capture.value("enabled", pct > 0) || pct <= 0) return "off";
  return FormatNumber(pct) + "%";
}

// The create / update body: the variants and the data capture.
Result<json> SpecBody(const EndpointSpecOptions& o, const json& current_variants) {
  json variants = json::array();
  if (!o.model.empty()) {
    variants.push_back({{"name", "AllTraffic"}, {"model_id", o.model}, {"weight", 1.0}});
  }
  for (const std::string& arg : o.variants) {
    LATHE_ASSIGN_OR_RETURN(json v, ParseVariantArg(arg));
    variants.push_back(std::move(v));
  }
  if (variants.empty()) variants = current_variants;
  if (variants.empty()) {
    return InvalidArgumentError("give --model MODEL or at least one --variant NAME:MODEL[:WEIGHT]");
  }
  json body = {{"variants", variants}};
  if (o.capture >= 0) body["data_capture"] = {{"sampling_percentage", o.capture}};
  return body;
}

// Polls the endpoint until it leaves Creating / Updating. FailedPrecondition with the reason when
// it ends Failed, or when an update failed and the previous variants kept serving.
Result<ApiAnswer> WaitInService(const CommandContext& context, const EndpointSpecOptions& o) {
  const auto deadline = std::chrono::steady_clock::now() + std::chrono::seconds(o.wait_seconds);
  std::string last_state;
  while (true) {
    LATHE_ASSIGN_OR_RETURN(ApiAnswer answer, ParseAnswer(context.http.Get(EndpointPath(o.name))));
    const std::string state = Str(answer.value, "state");
    if (state != last_state && !context.global.json) context.err << o.name << ": " << state << "\n";
    last_state = state;
    const std::string reason = Str(answer.value, "failure_reason");
    if (state == "Failed") {
      return FailedPreconditionError("endpoint " + o.name + " failed: " + reason);
    }
    if (state == "InService") {
      if (!reason.empty()) {
        return FailedPreconditionError("endpoint " + o.name + ": the update failed, the previous "
                                       "variants keep serving: " + reason);
      }
      return answer;
    }
    if (state != "Creating" && state != "Updating") {
      return FailedPreconditionError("endpoint " + o.name + " is " + state);
    }
    if (std::chrono::steady_clock::now() > deadline) {
      return DeadlineExceededError("endpoint " + o.name + " still " + state + " after " +
                                   std::to_string(o.wait_seconds) + " s");
    }
    std::this_thread::sleep_for(kPollInterval);
  }
}

void PrintEndpointLine(const CommandContext& context, const json& e) {
  context.out << "endpoint " << Str(e, "name") << " (" << Str(e, "id") << "): " << Str(e, "state")
              << "  variants " << VariantsSummary(e) << "\n";
}

Status SendSpec(const CommandContext& context, const EndpointSpecOptions& options, bool create) {
  json current = json::array();
  if (!create && options.model.empty() && options.variants.empty() && options.capture < 0) {
    return InvalidArgumentError("nothing to update: give --model, --variant or --capture");
  }
  if (!create && options.model.empty() && options.variants.empty()) {
    // Only --capture changed: keep the variants as they are.
    LATHE_ASSIGN_OR_RETURN(ApiAnswer now, ParseAnswer(context.http.Get(EndpointPath(options.name))));
    for (const json& v : now.value.value("variants", json::array())) {
      current.push_back(
          {{"name", v.value("name", "")}, {"model_id", v.value("model_id", "")}, {"weight", v.value("weight", 1.0)}});
    }
  }
  LATHE_ASSIGN_OR_RETURN(json body, SpecBody(options, current));
  if (create) body["name"] = options.name;
  HttpRequest request{.method = create ? "POST" : "PUT",
                      .url = create ? std::string(kEndpointsPath) : EndpointPath(options.name),
                      .body = body.dump(),
                      .content_type = "application/json"};
  LATHE_ASSIGN_OR_RETURN(ApiAnswer answer, ParseAnswer(context.http.Send(request)));
  if (options.wait) {
    LATHE_ASSIGN_OR_RETURN(answer, WaitInService(context, options));
  }
  if (context.global.json) {
    PrintRawJson(context, answer.raw);
    return Status::Ok();
  }
  PrintEndpointLine(context, answer.value);
  if (Str(answer.value, "state") == "InService") {
    context.out << "invoke: lathe invoke " << options.name << " --body 'ROW'   (or POST "
                << Str(answer.value, "invocation_url") << ")\n";
  }
  return Status::Ok();
}

// --- invoke ---

Result<std::string> ReadBodyFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFoundError(path + ": cannot open the file").WithDetail("file", path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

bool EndsWith(const std::string& text, const std::string& suffix) {
  return text.size() >= suffix.size() &&
         text.compare(text.size() - suffix.size(), suffix.size(), suffix) == 0;
}

std::string ContentTypeFor(const InvokeOptions& o) {
  if (!o.content_type.empty()) return o.content_type;
  if (EndsWith(o.file, ".json")) return "application/json";
  if (EndsWith(o.file, ".jsonl") || EndsWith(o.file, ".ndjson")) return "application/jsonlines";
  return "text/csv";
}

// An AWS rest-json error ({"message"}, X-Amzn-ErrorType) or a Lathe error, as a Status.
Status InvokeError(const HttpResponse& response) {
  const json body = json::parse(response.body, nullptr, false);
  const std::string type = response.Header("x-amzn-errortype");
  if (!body.is_object() || (!body.contains("message") && !body.contains("Message"))) {
    return StatusFromHttpError(response.status, response.body);
  }
  std::string message = body.contains("OriginalMessage") ? Str(body, "OriginalMessage")
                        : body.contains("message")       ? Str(body, "message")
                                                         : Str(body, "Message");
  const std::string code = type.substr(0, type.find(':'));
  Status status(StatusCodeFromHttp(response.status), code.empty() ? message : code + ": " + message);
  status.WithDetail("http_status", response.status);
  if (!response.Header("x-amzn-invoked-production-variant").empty()) {
    status.WithDetail("variant", response.Header("x-amzn-invoked-production-variant"));
  }
  return status;
}

// "setosa 0.97  versicolor 0.02" (highest first).
std::string TopProbabilities(const json& probabilities) {
  std::vector<std::pair<double, std::string>> sorted;
  for (auto it = probabilities.begin(); it != probabilities.end(); ++it) {
    if (it.value().is_number()) sorted.emplace_back(it.value().get<double>(), it.key());
  }
  std::sort(sorted.begin(), sorted.end(), [](const auto& a, const auto& b) { return a > b; });
  std::string out;
  for (size_t idx = 0; idx < sorted.size() && idx < kTopProbabilities; ++idx) {
    if (!out.empty()) out += "  ";
    out += sorted[idx].second + " " + FormatNumber(sorted[idx].first, 3);
  }
  return out;
}

// "petal_length +1.23  petal_width -0.4" (largest magnitude first).
std::string TopContributions(const json& explanation) {
  std::vector<std::pair<double, std::string>> sorted;
  const json contributions = explanation.value("contributions", json::object());
  for (auto it = contributions.begin(); it != contributions.end(); ++it) {
    if (it.value().is_number()) sorted.emplace_back(it.value().get<double>(), it.key());
  }
  std::sort(sorted.begin(), sorted.end(),
            [](const auto& a, const auto& b) { return std::fabs(a.first) > std::fabs(b.first); });
  std::string out;
  for (size_t idx = 0; idx < sorted.size() && idx < kTopContributions; ++idx) {
    if (!out.empty()) out += "  ";
    out += sorted[idx].second + " " + (sorted[idx].first >= 0 ? "+" : "") +
           FormatNumber(sorted[idx].first, 3);
  }
  return out;
}

void PrintPredictions(const CommandContext& context, const json& predictions, bool explain) {
  const bool classification =
      !predictions.empty() && predictions[0].is_object() && predictions[0].contains("predicted_label");
  std::vector<TableColumn> columns = {{"ROW", Align::kRight}};
  if (classification) {
    columns.push_back({"LABEL"});
    columns.push_back({"PROBABILITIES"});
  } else {
    columns.push_back({"SCORE", Align::kRight});
  }
  if (explain) columns.push_back({"TOP CONTRIBUTIONS"});
  TablePrinter::Options options = TableOptions(context);
  options.max_cell_width = 80;
  TablePrinter table(columns, options);
  size_t row = 0;
  for (const json& p : predictions) {
    std::vector<std::string> cells = {std::to_string(++row)};
    if (classification) {
      cells.push_back(Str(p, "predicted_label"));
      cells.push_back(TopProbabilities(p.value("probabilities", json::object())));
    } else {
      const json score = p.value("score", json());
      cells.push_back(score.is_number() ? FormatNumber(score.get<double>(), 6) : "-");
    }
    if (explain) cells.push_back(TopContributions(p.value("explanation", json::object())));
    table.AddRow(std::move(cells));
  }
  table.Print(context.out);
}

// Registration helpers: each binds a subcommand's options and sets *action when it is chosen.
template <typename Options>
void Bind(CLI::App* sub, std::shared_ptr<Options> options, CommandAction* action,
          Status (*run)(const CommandContext&, const Options&)) {
  sub->callback([options, action, run] {
    *action = [options, run](const CommandContext& context) { return run(context, *options); };
  });
}

void AddSpecOptions(CLI::App* sub, EndpointSpecOptions& o) {
  sub->add_option("--model", o.model, "Model id, name or name:version (one variant AllTraffic)");
  sub->add_option("--variant", o.variants,
                  "NAME:MODEL[:WEIGHT] (repeatable; MODEL may be name:version, then give WEIGHT)")
      ->expected(1)
      ->allow_extra_args(false)
      ->multi_option_policy(CLI::MultiOptionPolicy::TakeAll);
  sub->add_option("--capture", o.capture, "Data capture: percentage of requests sampled (0-100)")
      ->check(CLI::Range(0.0, 100.0));
  sub->add_flag("--wait", o.wait, "Wait until the endpoint is InService");
  sub->add_option("--wait-seconds", o.wait_seconds, "Give up waiting after this many seconds")
      ->check(CLI::Range(1, 86400));
}

}  // namespace

Result<json> ParseVariantArg(const std::string& arg) {
  std::vector<std::string> parts;
  std::stringstream in(arg);
  std::string part;
  while (std::getline(in, part, ':')) parts.push_back(part);
  if (!arg.empty() && arg.back() == ':') parts.emplace_back();
  auto bad = [&](const std::string& why) {
    return InvalidArgumentError("--variant '" + arg + "': " + why +
                                " (expected NAME:MODEL[:WEIGHT], e.g. blue:iris-species:2:0.5)")
        .WithDetail("field", "--variant");
  };
  if (parts.size() < 2 || parts.size() > 4) return bad("wrong number of ':' parts");
  double weight = 1;
  std::string model = parts[1];
  if (parts.size() >= 3 && !IsNumber(parts.back(), &weight)) return bad("WEIGHT is not a number");
  if (parts.size() == 4) model += ":" + parts[2];
  if (parts[0].empty()) return bad("NAME is empty");
  if (model.empty()) return bad("MODEL is empty");
  if (!(weight > 0)) return bad("WEIGHT must be above 0");
  return json{{"name", parts[0]}, {"model_id", model}, {"weight", weight}};
}

void AddEndpointsCommands(CLI::App& app, CommandAction* action) {
  CLI::App* endpoints = app.add_subcommand("endpoints", "Real-time endpoints serving models");
  endpoints->alias("endpoint");
  endpoints->require_subcommand(1);

  auto create = std::make_shared<EndpointSpecOptions>();
  CLI::App* sub = endpoints->add_subcommand("create", "Deploy models to a new endpoint");
  sub->add_option("NAME", create->name, "Endpoint name (letters, digits, '-')")->required();
  AddSpecOptions(sub, *create);
  Bind(sub, create, action, &CreateEndpoint);

  sub = endpoints->add_subcommand("list", "List endpoints");
  sub->alias("ls");
  sub->callback([action] { *action = [](const CommandContext& c) { return ListEndpoints(c); }; });

  auto show = std::make_shared<EndpointNameOptions>();
  sub = endpoints->add_subcommand("show", "An endpoint's state and variants");
  sub->add_option("NAME", show->name, "Endpoint name")->required();
  Bind(sub, show, action, &ShowEndpoint);

  auto update = std::make_shared<EndpointSpecOptions>();
  sub = endpoints->add_subcommand("update", "Replace an endpoint's variants (no failed request)");
  sub->add_option("NAME", update->name, "Endpoint name")->required();
  AddSpecOptions(sub, *update);
  Bind(sub, update, action, &UpdateEndpoint);

  auto remove = std::make_shared<EndpointNameOptions>();
  sub = endpoints->add_subcommand("delete", "Delete an endpoint");
  sub->alias("rm");
  sub->add_option("NAME", remove->name, "Endpoint name")->required();
  Bind(sub, remove, action, &DeleteEndpoint);

  auto invoke = std::make_shared<InvokeOptions>();
  sub = app.add_subcommand("invoke", "Send rows to an endpoint (SageMaker InvokeEndpoint)");
  sub->add_option("NAME", invoke->endpoint, "Endpoint name")->required();
  CLI::Option* body = sub->add_option("--body", invoke->body, "Request body, e.g. one CSV row");
  sub->add_option("--file", invoke->file, "Read the request body from a file")->excludes(body);
  sub->add_option("--content-type", invoke->content_type,
                  "text/csv (default), application/json or application/jsonlines");
  sub->add_option("--accept", invoke->accept, "Response type (default: application/json)");
  sub->add_option("--variant", invoke->variant, "Target this production variant");
  sub->add_flag("--explain", invoke->explain, "Add per-feature contributions");
  sub->add_flag("--raw", invoke->raw, "Print the response body unchanged");
  Bind(sub, invoke, action, &Invoke);
}

Status CreateEndpoint(const CommandContext& context, const EndpointSpecOptions& options) {
  return SendSpec(context, options, /*create=*/true);
}

Status UpdateEndpoint(const CommandContext& context, const EndpointSpecOptions& options) {
  return SendSpec(context, options, /*create=*/false);
}

Status ListEndpoints(const CommandContext& context) {
  LATHE_ASSIGN_OR_RETURN(ApiAnswer answer, ParseAnswer(context.http.Get(kEndpointsPath)));
  if (context.global.json) {
    PrintRawJson(context, answer.raw);
    return Status::Ok();
  }
  const json endpoints = answer.value.value("endpoints", json::array());
  if (endpoints.empty()) {
    context.err << "No endpoints yet. Deploy a model with `lathe endpoints create NAME --model "
                   "MODEL`.\n";
    return Status::Ok();
  }
  TablePrinter table({{"NAME"}, {"STATE"}, {"VARIANTS"}, {"CAPTURE"}, {"UPDATED"}},
                     TableOptions(context));
  for (const json& e : endpoints) {
    table.AddRow({Str(e, "name"), Str(e, "state"), VariantsSummary(e), CaptureSummary(e),
                  FormatTimestamp(Str(e, "updated_at"))});
  }
  table.Print(context.out);
  return Status::Ok();
}

Status ShowEndpoint(const CommandContext& context, const EndpointNameOptions& options) {
  LATHE_ASSIGN_OR_RETURN(ApiAnswer answer,
                         ParseAnswer(context.http.Get(EndpointPath(options.name))));
  if (context.global.json) {
    PrintRawJson(context, answer.raw);
    return Status::Ok();
  }
  const json& e = answer.value;
  context.out << Str(e, "name") << " (" << Str(e, "id") << ")  " << Str(e, "state") << "\n";
  if (!Str(e, "failure_reason").empty()) {
    context.out << "  failure      " << Str(e, "failure_reason") << "\n";
  }
  context.out << "  invocations  POST " << Str(e, "invocation_url") << "\n";
  context.out << "  capture      " << CaptureSummary(e) << "\n";
  context.out << "  created      " << FormatTimestamp(Str(e, "created_at")) << ", updated "
              << FormatTimestamp(Str(e, "updated_at")) << "\n\n";
  const json variants = e.value("variants", json::array());
  double total = 0;
  for (const json& v : variants) total += v.value("weight", 0.0);
  TablePrinter table({{"VARIANT"},
                      {"MODEL"},
                      {"VERSION", Align::kRight},
                      {"MODEL ID"},
                      {"WEIGHT", Align::kRight},
                      {"TRAFFIC", Align::kRight},
                      {"STATE"}},
                     TableOptions(context));
  for (const json& v : variants) {
    const double weight = v.value("weight", 0.0);
    table.AddRow({Str(v, "name"), Str(v, "model_name"), Str(v, "model_version"),
                  Str(v, "model_id"), FormatNumber(weight),
                  total > 0 ? FormatPercent(weight / total) : "-", Str(v, "state")});
  }
  table.Print(context.out);
  return Status::Ok();
}

Status DeleteEndpoint(const CommandContext& context, const EndpointNameOptions& options) {
  auto response = context.http.Delete(EndpointPath(options.name));
  if (!response.ok()) return response.status();
  if (response->status >= 400) return StatusFromHttpError(response->status, response->body);
  if (context.global.json) {
    context.out << json{{"deleted", options.name}}.dump() << "\n";
  } else {
    context.out << "deleted endpoint " << options.name << "\n";
  }
  return Status::Ok();
}

Status Invoke(const CommandContext& context, const InvokeOptions& options) {
  std::string body = options.body;
  if (!options.file.empty()) {
    LATHE_ASSIGN_OR_RETURN(body, ReadBodyFile(options.file));
  } else if (body.empty()) {
    return InvalidArgumentError("give the request with --body 'ROW' or --file FILE");
  }
  HttpRequest request{.method = "POST",
                      .url = "/endpoints/" + UrlEncode(options.endpoint) + "/invocations" +
                             (options.explain ? "?explain=true" : ""),
                      .body = std::move(body),
                      .content_type = ContentTypeFor(options)};
  if (!options.accept.empty()) request.headers.push_back("Accept: " + options.accept);
  if (!options.variant.empty()) {
    request.headers.push_back("X-Amzn-SageMaker-Target-Variant: " + options.variant);
  }
  LATHE_ASSIGN_OR_RETURN(HttpResponse response, context.http.Send(request));
  if (response.status >= 400) return InvokeError(response);
  const json parsed = json::parse(response.body, nullptr, false);
  if (options.raw || context.global.json || !parsed.is_object()) {
    PrintRawJson(context, response.body);
    return Status::Ok();
  }
  context.err << "variant " << response.Header("x-amzn-invoked-production-variant") << "\n";
  PrintPredictions(context, parsed.value("predictions", json::array()), options.explain);
  return Status::Ok();
}

}  // namespace lathe::cli
