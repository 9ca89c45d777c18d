// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "api/transform_handlers.h"

#include "api/json_body.h"
#include "api/request_params.h"
#include "jobs/transform_service.h"
#include "prep/params.h"

namespace lathe::api {
namespace {

using nlohmann::json;

constexpr std::string_view kJobsPath = "/api/v1/transform-jobs/";

Result<jobs::TransformRequest> RequestFromBody(const json& body) {
  prep::Params p(body, "");
  jobs::TransformRequest r;
  LATHE_ASSIGN_OR_RETURN(r.model, p.String("model_id"));
  LATHE_ASSIGN_OR_RETURN(r.dataset, p.String("dataset_id"));
  LATHE_ASSIGN_OR_RETURN(r.output_name, p.String("output_name", ""));
  LATHE_ASSIGN_OR_RETURN(r.include_input, p.Bool("include_input", false));
  LATHE_ASSIGN_OR_RETURN(int64_t batch_rows,
                         p.Integer("batch_rows", static_cast<int64_t>(jobs::kDefaultBatchRows)));
  if (batch_rows < 1 || batch_rows > static_cast<int64_t>(jobs::kMaxBatchRows)) {
    return prep::ParamError("batch_rows", "must be between 1 and " +
                                              std::to_string(jobs::kMaxBatchRows));
  }
  r.batch_rows = static_cast<size_t>(batch_rows);
  LATHE_RETURN_IF_ERROR(p.Finish());
  return r;
}

HttpResponse JobAnswer(int status, const store::ResourceRecord& record) {
  HttpResponse response = HttpResponse::Json(status, TransformJobJson(record));
  if (status == 202) response.headers.Set("Location", std::string(kJobsPath) + record.id);
  return response;
}

}  // namespace

json TransformJobJson(const store::ResourceRecord& record) {
  json body = json::parse(record.body_json, nullptr, false);
  if (!body.is_object()) body = json::object();
  json out = {{"id", record.id},
              {"state", record.state},
              {"created_at", record.created_at},
              {"updated_at", record.updated_at}};
  for (auto it = body.begin(); it != body.end(); ++it) out[it.key()] = it.value();
  out["links"] = {{"self", std::string(kJobsPath) + record.id}};
  if (body.contains("model") && body["model"].contains("id")) {
    out["links"]["model"] = "/api/v1/models/" + body["model"]["id"].get<std::string>();
  }
  if (body.contains("output_dataset") && body["output_dataset"].contains("id")) {
    out["links"]["output_dataset"] =
        "/api/v1/datasets/" + body["output_dataset"]["id"].get<std::string>();
  }
  return out;
}

Result<HttpResponse> CreateTransformJob(App& app, HttpRequest& request, RequestContext&) {
  LATHE_ASSIGN_OR_RETURN(json body, ParseJsonObjectBody(request));
  LATHE_ASSIGN_OR_RETURN(jobs::TransformRequest transform, RequestFromBody(body));
  LATHE_ASSIGN_OR_RETURN(store::ResourceRecord job, app.transforms->Submit(transform));
  return JobAnswer(202, job);
}

Result<HttpResponse> ListTransformJobs(App& app, HttpRequest& request, RequestContext&) {
  store::ResourceListOptions o;
  LATHE_ASSIGN_OR_RETURN(int64_t limit, IntParam(request, "limit", 100, 1, 1000));
  LATHE_ASSIGN_OR_RETURN(int64_t offset, IntParam(request, "offset", 0, 0, INT32_MAX));
  o.limit = static_cast<int>(limit);
  o.offset = static_cast<int>(offset);
  if (auto state = request.Query("state")) o.state = std::string(*state);
  LATHE_ASSIGN_OR_RETURN(auto list, app.transforms->List(o));
  LATHE_ASSIGN_OR_RETURN(int64_t total, app.transforms->Count(o));
  json items = json::array();
  for (const store::ResourceRecord& r : list) items.push_back(TransformJobJson(r));
  return HttpResponse::Json(
      200, {{"transform_jobs", items}, {"total", total}, {"limit", limit}, {"offset", offset}});
}

Result<HttpResponse> GetTransformJob(App& app, HttpRequest& request, RequestContext&) {
  LATHE_ASSIGN_OR_RETURN(store::ResourceRecord job,
                         app.transforms->Get(request.path_params.at("id")));
  return JobAnswer(200, job);
}

Result<HttpResponse> StopTransformJob(App& app, HttpRequest& request, RequestContext&) {
  LATHE_ASSIGN_OR_RETURN(store::ResourceRecord job,
                         app.transforms->Stop(request.path_params.at("id")));
  return JobAnswer(202, job);
}

}  // namespace lathe::api
