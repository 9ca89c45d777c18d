// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "api/pipelines_handlers.h"

#include <algorithm>

#include "api/json_body.h"
#include "api/request_params.h"
#include "api/sse.h"
#include "pipelines/pipeline_service.h"
#include "pipelines/yaml_json.h"

namespace lathe::api {
namespace {

using nlohmann::json;

bool IsYamlType(std::string_view content_type) {
  return content_type.find("yaml") != std::string_view::npos;
}

// The document from a JSON or YAML body (by Content-Type; a body that is not JSON is tried as
// YAML when no type says JSON).
Result<json> DocumentFromBody(const HttpRequest& request) {
  const std::string_view type = request.headers.Get("Content-Type").value_or("");
  // ?source= names the file in error messages ("pipeline.yaml:3:7: ...").
  const std::string source(request.Query("source").value_or("body"));
  if (IsYamlType(type)) return pipelines::ParseYaml(request.body, source);
  if (type.find("json") == std::string_view::npos) {
    json parsed = json::parse(request.body, nullptr, false);
    if (!parsed.is_discarded()) return parsed;
    return pipelines::ParseYaml(request.body, source);
  }
  return ParseJsonObjectBody(request);
}

// A snapshot of the run first, then the run's live events (if it is executing here).
class RunEventStream : public BodyStream {
 public:
  RunEventStream(std::string snapshot, std::shared_ptr<EventLogStream> live)
      : snapshot_(std::move(snapshot)), live_(std::move(live)) {}
  bool Poll(std::string* out) override {
    if (!snapshot_.empty()) {
      out->append(snapshot_);
      snapshot_.clear();
      if (!live_) return false;
    }
    return live_ ? live_->Poll(out) : false;
  }

 private:
  std::string snapshot_;
  std::shared_ptr<EventLogStream> live_;
};

}  // namespace

Result<HttpResponse> ListPipelineStepTypes(App& app, HttpRequest&, RequestContext&) {
  return HttpResponse::Json(200, app.pipelines->registry().ToJson());
}

Result<HttpResponse> CreatePipeline(App& app, HttpRequest& request, RequestContext&) {
  LATHE_ASSIGN_OR_RETURN(json document, DocumentFromBody(request));
  const std::string name(request.Query("name").value_or(""));
  LATHE_ASSIGN_OR_RETURN(store::ResourceRecord stored, app.pipelines->Create(document, name));
  HttpResponse response = HttpResponse::Json(201, pipelines::PipelineToJson(stored));
  response.headers.Set("Location", "/api/v1/pipelines/" + stored.id);
  return response;
}

Result<HttpResponse> ValidatePipelineDocument(App& app, HttpRequest& request, RequestContext&) {
  LATHE_ASSIGN_OR_RETURN(json document, DocumentFromBody(request));
  pipelines::ValidationResult v = app.pipelines->Validate(document, /*require_name=*/false);
  json out = {{"valid", v.ok()}, {"errors", pipelines::ErrorsToJson(v.errors)}};
  out["order"] = v.ok() ? json(v.pipeline->order) : json::array();
  return HttpResponse::Json(200, out);
}

Result<HttpResponse> ListPipelines(App& app, HttpRequest& request, RequestContext&) {
  LATHE_ASSIGN_OR_RETURN(int64_t limit, IntParam(request, "limit", 100, 1, 1000));
  LATHE_ASSIGN_OR_RETURN(int64_t offset, IntParam(request, "offset", 0, 0, INT32_MAX));
  int64_t total = 0;
  LATHE_ASSIGN_OR_RETURN(auto list, app.pipelines->ListLatest(static_cast<int>(limit),
                                                              static_cast<int>(offset), &total));
  json items = json::array();
  for (const store::ResourceRecord& r : list) {
    json p = pipelines::PipelineToJson(r);
    p.erase("spec");
    store::ResourceListOptions o;
    o.name = r.name;
    o.limit = 1;
    auto runs = app.pipelines->ListRuns(o);
    p["last_run"] = runs.ok() && !runs->empty()
                        ? json{{"id", runs->front().id}, {"state", runs->front().state},
                               {"number", runs->front().version}, {"created_at", runs->front().created_at}}
                        : json(nullptr);
    items.push_back(std::move(p));
  }
  return HttpResponse::Json(200, {{"pipelines", items}, {"total", total}, {"limit", limit}, {"offset", offset}});
}

Result<HttpResponse> GetPipeline(App& app, HttpRequest& request, RequestContext&) {
  LATHE_ASSIGN_OR_RETURN(std::optional<int> version, VersionParam(request));
  LATHE_ASSIGN_OR_RETURN(store::ResourceRecord p,
                         app.pipelines->Get(request.path_params.at("id"), version));
  json out = pipelines::PipelineToJson(p);
  const std::string_view format = request.Query("format").value_or("json");
  if (format == "yaml") {
    HttpResponse response = HttpResponse::Text(200, pipelines::ToYaml(out["spec"]), "application/yaml");
    response.headers.Set("Content-Disposition", "attachment; filename=\"" + p.name + ".yaml\"");
    return response;
  }
  if (format != "json") {
    return InvalidArgumentError("format: must be json or yaml, got '" + std::string(format) + "'")
        .WithDetail("field", "format");
  }
  return HttpResponse::Json(200, out);
}

Result<HttpResponse> DeletePipeline(App& app, HttpRequest& request, RequestContext&) {
  LATHE_RETURN_IF_ERROR(app.pipelines->Delete(request.path_params.at("id")));
  return HttpResponse::NoContent();
}

Result<HttpResponse> StartPipelineRun(App& app, HttpRequest& request, RequestContext&) {
  LATHE_ASSIGN_OR_RETURN(json body, ParseJsonObjectBody(request));
  std::optional<int> version;
  if (body.contains("version")) {
    if (!body["version"].is_number_integer() || body["version"].get<int64_t>() < 1) {
      return InvalidArgumentError("version: must be an integer >= 1").WithDetail("field", "version");
    }
    version = body["version"].get<int>();
  }
  if (body.contains("cache") && !body["cache"].is_boolean()) {
    return InvalidArgumentError("cache: must be true or false").WithDetail("field", "cache");
  }
  for (const auto& [key, value] : body.items()) {
    if (key != "version" && key != "cache" && key != "parameters") {
      return InvalidArgumentError(key + ": unknown field (known: parameters, version, cache)")
          .WithDetail("field", key);
    }
  }
  LATHE_ASSIGN_OR_RETURN(store::ResourceRecord p,
                         app.pipelines->Get(request.path_params.at("id"), version));
  LATHE_ASSIGN_OR_RETURN(store::ResourceRecord run,
                         app.pipelines->StartRun(p, body.value("parameters", json::object()),
                                                 body.value("cache", true)));
  HttpResponse response = HttpResponse::Json(201, pipelines::RunToJson(run));
  response.headers.Set("Location", "/api/v1/pipeline-runs/" + run.id);
  return response;
}

Result<HttpResponse> ListPipelineRuns(App& app, HttpRequest& request, RequestContext&) {
  store::ResourceListOptions o;
  LATHE_ASSIGN_OR_RETURN(int64_t limit, IntParam(request, "limit", 100, 1, 1000));
  LATHE_ASSIGN_OR_RETURN(int64_t offset, IntParam(request, "offset", 0, 0, INT32_MAX));
  o.limit = static_cast<int>(limit);
  o.offset = static_cast<int>(offset);
  if (auto state = request.Query("state")) o.state = std::string(*state);
  if (auto pipeline = request.Query("pipeline")) o.name = std::string(*pipeline);
  LATHE_ASSIGN_OR_RETURN(auto list, app.pipelines->ListRuns(o));
  LATHE_ASSIGN_OR_RETURN(int64_t total, app.pipelines->CountRuns(o));
  json items = json::array();
  for (const store::ResourceRecord& r : list) {
    json run = pipelines::RunToJson(r);
    run.erase("steps");  // the list shows runs; GET one for its steps
    items.push_back(std::move(run));
  }
  return HttpResponse::Json(200, {{"runs", items}, {"total", total}, {"limit", limit}, {"offset", offset}});
}

Result<HttpResponse> GetPipelineRun(App& app, HttpRequest& request, RequestContext&) {
  LATHE_ASSIGN_OR_RETURN(store::ResourceRecord run, app.pipelines->GetRun(request.path_params.at("id")));
  return HttpResponse::Json(200, pipelines::RunToJson(run));
}

Result<HttpResponse> StopPipelineRun(App& app, HttpRequest& request, RequestContext&) {
  LATHE_ASSIGN_OR_RETURN(store::ResourceRecord run, app.pipelines->StopRun(request.path_params.at("id")));
  return HttpResponse::Json(202, pipelines::RunToJson(run));
}

Result<HttpResponse> RetryPipelineRun(App& app, HttpRequest& request, RequestContext&) {
  LATHE_ASSIGN_OR_RETURN(store::ResourceRecord run, app.pipelines->RetryRun(request.path_params.at("id")));
  return HttpResponse::Json(202, pipelines::RunToJson(run));
}

Result<HttpResponse> GetPipelineStepLogs(App& app, HttpRequest& request, RequestContext&) {
  LATHE_ASSIGN_OR_RETURN(store::ResourceRecord run, app.pipelines->GetRun(request.path_params.at("id")));
  json full = pipelines::RunToJson(run, /*with_logs=*/true);
  const std::string& step = request.path_params.at("step");
  if (!full["steps"].is_object() || !full["steps"].contains(step)) {
    return NotFoundError("run '" + run.id + "' has no step '" + step + "'").WithDetail("field", "step");
  }
  std::string text;
  for (const json& line : full["steps"][step].value("log", json::array())) {
    text += line.get<std::string>() + "\n";
  }
  return HttpResponse::Text(200, std::move(text));
}

Result<HttpResponse> GetPipelineRunEvents(App& app, HttpRequest& request, RequestContext&) {
  LATHE_ASSIGN_OR_RETURN(int64_t after, SseResumeAfter(request));
  const std::string id = request.path_params.at("id");
  // The live log's position first, then the snapshot: no event is lost between the two.
  std::shared_ptr<const jobs::EventLog> log = app.pipelines->RunEvents(id);
  const int64_t seen = log ? log->last_seq() : 0;
  LATHE_ASSIGN_OR_RETURN(store::ResourceRecord run, app.pipelines->GetRun(id));
  json snapshot = pipelines::RunToJson(run);
  std::string frame = FormatSseEvent(std::max(after, seen), "snapshot", snapshot.dump());
  std::shared_ptr<EventLogStream> live;
  if (log && !pipelines::IsTerminalRunState(run.state)) {
    live = std::make_shared<EventLogStream>(log, std::max(after, seen));
  }
  return SseResponse(std::make_shared<RunEventStream>(std::move(frame), std::move(live)));
}

}  // namespace lathe::api
