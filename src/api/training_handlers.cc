// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "api/training_handlers.h"

#include "api/json_body.h"
#include "api/request_params.h"
#include "api/sse.h"
#include "automl/options.h"
#include "jobs/training_service.h"
#include "prep/params.h"

namespace lathe::api {
namespace {

using nlohmann::json;

constexpr std::string_view kJobsPath = "/api/v1/training-jobs/";

// budget_s (seconds) or budget ("quick" = 15 s, "standard" = 60 s); default standard.
Result<double> BudgetFromBody(prep::Params& p) {
  const bool seconds = p.Has("budget_s");
  const bool named = p.Has("budget");
  if (seconds && named) return prep::ParamError("budget", "give budget_s or budget, not both");
  if (seconds) return p.Number("budget_s");
  LATHE_ASSIGN_OR_RETURN(std::string name, p.Enum("budget", {"quick", "standard"}, "standard"));
  return name == "quick" ? automl::kQuickBudgetSeconds : automl::kDefaultBudgetSeconds;
}

// An inline recipe, or the one saved under recipe_id.
Result<json> RecipeFromBody(App& app, prep::Params& p) {
  LATHE_ASSIGN_OR_RETURN(json inline_recipe, p.Value("recipe", false));
  LATHE_ASSIGN_OR_RETURN(std::string recipe_id, p.String("recipe_id", ""));
  if (!inline_recipe.is_null() && !recipe_id.empty()) {
    return prep::ParamError("recipe", "give recipe or recipe_id, not both");
  }
  if (recipe_id.empty()) return inline_recipe;
  auto saved = app.stores.metadata->GetResource("recipe", recipe_id);
  if (!saved.ok()) return Status(saved.status()).WithDetail("field", "recipe_id");
  json body = json::parse(saved->body_json, nullptr, false);
  if (body.is_discarded() || !body.contains("recipe")) {
    return DataLossError("stored recipe '" + saved->id + "' is unreadable");
  }
  return body["recipe"];
}

Result<jobs::TrainingRequest> RequestFromBody(App& app, const json& body) {
  prep::Params p(body, "");
  jobs::TrainingRequest r;
  LATHE_ASSIGN_OR_RETURN(r.dataset, p.String("dataset"));
  if (p.Has("version")) {
    LATHE_ASSIGN_OR_RETURN(int64_t version, p.Integer("version"));
    if (version < 1) return prep::ParamError("version", "must be an integer >= 1");
    r.version = static_cast<int>(version);
  }
  LATHE_ASSIGN_OR_RETURN(r.target, p.String("target"));
  LATHE_ASSIGN_OR_RETURN(r.problem_type, p.String("problem_type", ""));
  LATHE_ASSIGN_OR_RETURN(r.metric, p.String("metric", ""));
  LATHE_ASSIGN_OR_RETURN(r.budget_seconds, BudgetFromBody(p));
  LATHE_ASSIGN_OR_RETURN(r.algorithms, p.Strings("algorithms", {}));
  LATHE_ASSIGN_OR_RETURN(r.exclude_columns, p.Strings("exclude_columns", {}));
  LATHE_ASSIGN_OR_RETURN(r.recipe, RecipeFromBody(app, p));
  LATHE_ASSIGN_OR_RETURN(int64_t seed, p.Integer("seed", 42));
  if (seed < 0) return prep::ParamError("seed", "must not be negative");
  r.seed = static_cast<uint64_t>(seed);
  LATHE_ASSIGN_OR_RETURN(r.test_fraction, p.Number("test_fraction", 0.2));
  LATHE_ASSIGN_OR_RETURN(r.model_name, p.String("model_name", ""));
  LATHE_ASSIGN_OR_RETURN(int64_t max_trials, p.Integer("max_trials", 0));
  if (max_trials < 0 || max_trials > 100000) {
    return prep::ParamError("max_trials", "must be between 0 and 100000");
  }
  r.max_trials = static_cast<int>(max_trials);
  LATHE_ASSIGN_OR_RETURN(r.predict_limit_ms,
                         p.Number("predict_limit_ms", automl::kDefaultPredictLimitMs));
  LATHE_RETURN_IF_ERROR(p.Finish());
  return r;
}

Result<HttpResponse> JobAnswer(int status, const store::ResourceRecord& record) {
  HttpResponse response = HttpResponse::Json(status, TrainingJobJson(record));
  if (status == 202) response.headers.Set("Location", std::string(kJobsPath) + record.id);
  return response;
}

}  // namespace

json TrainingJobJson(const store::ResourceRecord& record) {
  json body = json::parse(record.body_json, nullptr, false);
  if (!body.is_object()) body = json::object();
  json out = {{"id", record.id},
              {"state", record.state},
              {"created_at", record.created_at},
              {"updated_at", record.updated_at}};
  for (auto it = body.begin(); it != body.end(); ++it) out[it.key()] = it.value();
  const std::string self = std::string(kJobsPath) + record.id;
  out["links"] = {
      {"self", self}, {"events", self + "/events"}, {"leaderboard", self + "/leaderboard"}};
  if (body.contains("model_id")) {
    out["links"]["model"] = "/api/v1/models/" + body["model_id"].get<std::string>();
  }
  return out;
}

Result<HttpResponse> CreateTrainingJob(App& app, HttpRequest& request, RequestContext&) {
  LATHE_ASSIGN_OR_RETURN(json body, ParseJsonObjectBody(request));
  LATHE_ASSIGN_OR_RETURN(jobs::TrainingRequest training, RequestFromBody(app, body));
  LATHE_ASSIGN_OR_RETURN(store::ResourceRecord job, app.training->Submit(training));
  return JobAnswer(202, job);
}

Result<HttpResponse> ListTrainingJobs(App& app, HttpRequest& request, RequestContext&) {
  store::ResourceListOptions o;
  LATHE_ASSIGN_OR_RETURN(int64_t limit, IntParam(request, "limit", 100, 1, 1000));
  LATHE_ASSIGN_OR_RETURN(int64_t offset, IntParam(request, "offset", 0, 0, INT32_MAX));
  o.limit = static_cast<int>(limit);
  o.offset = static_cast<int>(offset);
  if (auto state = request.Query("state")) o.state = std::string(*state);
  LATHE_ASSIGN_OR_RETURN(auto list, app.training->List(o));
  LATHE_ASSIGN_OR_RETURN(int64_t total, app.training->Count(o));
  json items = json::array();
  for (const store::ResourceRecord& r : list) items.push_back(TrainingJobJson(r));
  return HttpResponse::Json(
      200, {{"training_jobs", items}, {"total", total}, {"limit", limit}, {"offset", offset}});
}

Result<HttpResponse> GetTrainingJob(App& app, HttpRequest& request, RequestContext&) {
  LATHE_ASSIGN_OR_RETURN(store::ResourceRecord job,
                         app.training->Get(request.path_params.at("id")));
  return JobAnswer(200, job);
}

Result<HttpResponse> GetTrainingJobEvents(App& app, HttpRequest& request, RequestContext&) {
  LATHE_ASSIGN_OR_RETURN(int64_t after, SseResumeAfter(request));
  LATHE_ASSIGN_OR_RETURN(std::shared_ptr<const jobs::EventLog> log,
                         app.training->Events(request.path_params.at("id")));
  return SseResponse(std::make_shared<EventLogStream>(std::move(log), after));
}

Result<HttpResponse> GetTrainingJobLeaderboard(App& app, HttpRequest& request, RequestContext&) {
  LATHE_ASSIGN_OR_RETURN(store::ResourceRecord job,
                         app.training->Get(request.path_params.at("id")));
  LATHE_ASSIGN_OR_RETURN(json board, app.training->Leaderboard(job.id));
  board["job_id"] = job.id;
  board["state"] = job.state;
  return HttpResponse::Json(200, board);
}

// DELETE /api/v1/training-jobs/{id}[?keep_best=true]
Result<HttpResponse> StopTrainingJob(App& app, HttpRequest& request, RequestContext&) {
  bool keep_best = false;
  if (auto keep = request.Query("keep_best")) {
    if (*keep != "true" && *keep != "false") {
      return InvalidArgumentError("keep_best must be true or false, got \"" + std::string(*keep) +
                                  "\"")
          .WithDetail("field", "keep_best");
    }
    keep_best = *keep == "true";
  }
  LATHE_ASSIGN_OR_RETURN(store::ResourceRecord job,
                         app.training->Stop(request.path_params.at("id"), keep_best));
  return JobAnswer(202, job);
}

}  // namespace lathe::api
