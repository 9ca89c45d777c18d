// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Train, AutoML, Evaluate and Register: steps that make, measure and register models.
#include <algorithm>
#include <cmath>

#include "ml/evaluation.h"
#include "ml/problem.h"
#include "pipelines/steps/builtin_steps.h"
#include "pipelines/steps/step_util.h"

namespace lathe::pipelines {
namespace {

using nlohmann::json;

const std::vector<std::string> kProblemTypes = {"binary", "multiclass", "regression"};

// Fields shared by Train and AutoML.
std::vector<PropertyInfo> TrainingProperties() {
  std::vector<PropertyInfo> props = {
      Prop("target", "string", "the column to predict", true),
      Prop("problem_type", "string", "binary, multiclass or regression (default: detected)"),
      Prop("metric", "string", "metric to optimise (default: by problem; see docs/api/evaluation.md)"),
      Prop("exclude_columns", "string_list", "columns never used as features"),
      Prop("seed", "integer", "split, folds and learners", false, 42),
      Prop("model_name", "string", "model name (default <pipeline>-<step>)")};
  props[1].enum_values = kProblemTypes;
  return props;
}

Result<jobs::TrainingRequest> BaseRequest(const StepContext& ctx) {
  jobs::TrainingRequest r;
  LATHE_ASSIGN_OR_RETURN(r.dataset, InputId(ctx, "dataset"));
  const json& p = ctx.properties();
  r.target = StringProp(ctx, "target");
  r.problem_type = StringProp(ctx, "problem_type");
  r.metric = StringProp(ctx, "metric");
  if (p.contains("exclude_columns") && p["exclude_columns"].is_array()) {
    r.exclude_columns = p["exclude_columns"].get<std::vector<std::string>>();
  }
  r.seed = p.value("seed", uint64_t{42});
  r.model_name = StringProp(ctx, "model_name");
  if (r.model_name.empty()) r.model_name = ctx.pipeline_name() + "-" + ctx.step_id();
  return r;
}

// Forwards the job's new events to the step log.
void LogTrainingEvents(StepContext& ctx, const jobs::EventLog& log, int64_t& seen) {
  for (const json& e : log.Since(seen)) {
    seen = e.value("seq", seen);
    const std::string type = e.value("type", "");
    if (type == "trial_finished") {
      ctx.Log("trial " + std::to_string(e.value("trial_id", 0)) + " " + e.value("learner", "") +
              ": score " + json(e.value("mean_score", 0.0)).dump());
    } else if (type == "new_best") {
      ctx.Log("new best: trial " + std::to_string(e.value("trial_id", 0)) + " " +
              e.value("learner", "") + " " + json(e.value("mean_score", 0.0)).dump());
    } else if (type == "job_started") {
      ctx.Log("problem " + e.value("problem_type", "") + ", metric " + e.value("metric", "") +
              ", validation " + e.value("validation", ""));
    }
  }
}

// Submits the training job, follows it to the end and returns the model output.
Result<json> RunTraining(const BuiltinServices& s, StepContext& ctx, const jobs::TrainingRequest& r) {
  LATHE_ASSIGN_OR_RETURN(store::ResourceRecord job, s.training->Submit(r));
  ctx.Annotate("job_id", job.id);
  ctx.Log("training job " + job.id + " submitted (budget " + json(r.budget_seconds).dump() + " s)");
  std::shared_ptr<const jobs::EventLog> log;
  if (auto l = s.training->Events(job.id); l.ok()) log = *l;
  int64_t seen = 0;
  json body;
  Status followed = PollUntil(ctx, std::chrono::milliseconds(300), [&]() -> Result<bool> {
    if (log) LogTrainingEvents(ctx, *log, seen);
    LATHE_ASSIGN_OR_RETURN(job, s.training->Get(job.id));
    body = json::parse(job.body_json, nullptr, false);
    if (!body.is_object()) body = json::object();
    const json progress = body.value("progress", json::object());
    const double elapsed = progress.value("elapsed_seconds", 0.0);
    ctx.Progress({{"fraction", std::clamp(elapsed / std::max(1.0, r.budget_seconds), 0.0, 1.0)},
                  {"elapsed_seconds", elapsed},
                  {"trials", progress.value("trials_done", 0)},
                  {"best_score", progress.contains("best_score") ? progress["best_score"] : json(nullptr)},
                  {"best_learner", progress.value("best_learner", "")},
                  {"metric", body.value("metric", "")},
                  {"stage", body.value("stage", "")}});
    return jobs::IsTerminalState(job.state);
  });
  if (!followed.ok()) {
    if (followed.code() == StatusCode::kCancelled) {
      (void)s.training->Stop(job.id);
      ctx.Log("training job " + job.id + " stopped");
    }
    return followed;
  }
  if (log) LogTrainingEvents(ctx, *log, seen);
  if (job.state != jobs::kStateCompleted) {
    return FailedPreconditionError("training job " + job.id + " ended " + job.state + ": " +
                                   body.value("failure_reason", std::string("no reason given")));
  }
  LATHE_ASSIGN_OR_RETURN(store::ResourceRecord model, s.models->Get(body.value("model_id", "")));
  json artifact = ModelArtifact(model);
  artifact["test_metrics"] = body.value("test_metrics", json::object());
  ctx.Log("model " + model.name + " version " + std::to_string(model.version) + " (" + model.id + ")");
  return json{{"model", artifact}};
}

StepType TrainStep(const BuiltinServices& s) {
  StepType t;
  t.info.type = "Train";
  t.info.category = "model";
  t.info.description = "Train one learner (its default configuration, then as many trials as the budget allows)";
  t.info.inputs = {Port("dataset", kDatasetArtifact)};
  t.info.outputs = {Port("model", kModelArtifact)};
  t.info.properties = TrainingProperties();
  PropertyInfo algorithm = Prop("algorithm", "string", "the learner", true);
  algorithm.enum_values = {"xgboost",           "random_forest", "extra_trees",
                           "logistic_regression", "linear_svm",   "linear_regression",
                           "fasttext",          "naive_bayes",   "knn"};
  t.info.properties.insert(t.info.properties.begin() + 1, algorithm);
  PropertyInfo trials = Prop("max_trials", "integer", "configurations tried (1 = the default one)", false, 1);
  trials.minimum = 1;
  trials.maximum = 100;
  t.info.properties.push_back(trials);
  PropertyInfo budget = Prop("budget_seconds", "number", "time limit", false, 30);
  budget.minimum = 1;
  budget.maximum = 3600;
  t.info.properties.push_back(budget);
  t.info.cacheable = true;
  t.run = [s](StepContext& ctx) -> Result<json> {
    LATHE_ASSIGN_OR_RETURN(jobs::TrainingRequest r, BaseRequest(ctx));
    r.algorithms = {StringProp(ctx, "algorithm")};
    r.max_trials = ctx.properties().value("max_trials", 1);
    r.budget_seconds = ctx.properties().value("budget_seconds", 30.0);
    return RunTraining(s, ctx, r);
  };
  return t;
}

StepType AutoMlStep(const BuiltinServices& s) {
  StepType t;
  t.info.type = "AutoML";
  t.info.category = "model";
  t.info.description = "The best model AutoML finds within a time budget (portfolio, search, ensemble)";
  t.info.inputs = {Port("dataset", kDatasetArtifact)};
  t.info.outputs = {Port("model", kModelArtifact)};
  t.info.properties = TrainingProperties();
  PropertyInfo budget = Prop("budget_seconds", "number", "wall-clock budget of the search", false, 60);
  budget.minimum = 1;
  budget.maximum = 3600;
  t.info.properties.insert(t.info.properties.begin() + 1, budget);
  t.info.properties.push_back(Prop("algorithms", "string_list", "learners allowed (default: all that fit)"));
  t.info.cacheable = true;
  t.run = [s](StepContext& ctx) -> Result<json> {
    LATHE_ASSIGN_OR_RETURN(jobs::TrainingRequest r, BaseRequest(ctx));
    r.budget_seconds = ctx.properties().value("budget_seconds", 60.0);
    if (ctx.properties().contains("algorithms") && ctx.properties()["algorithms"].is_array()) {
      r.algorithms = ctx.properties()["algorithms"].get<std::vector<std::string>>();
    }
    return RunTraining(s, ctx, r);
  };
  return t;
}

// Predictions of `model` on `table`, scored against its target column.
Result<json> EvaluateOn(const BuiltinServices& s, const store::ResourceRecord& model,
                        const data::Table& table) {
  LATHE_ASSIGN_OR_RETURN(auto servable, s.models->Acquire(model));
  const ml::ProblemInfo& problem = servable->model().problem();
  if (table.FindColumn(problem.target) < 0) {
    return InvalidArgumentError("inputs.dataset: the dataset has no target column '" +
                                problem.target + "' to evaluate against");
  }
  LATHE_ASSIGN_OR_RETURN(ml::PredictionBatch batch, servable->Predict(table));
  LATHE_ASSIGN_OR_RETURN(std::vector<float> y, ml::EncodeTarget(table, problem));
  const bool regression = problem.type == ml::ProblemType::kRegression;
  const size_t width = regression ? 1 : batch.classes.size();
  const std::vector<float>& all = regression ? batch.values : batch.probabilities;
  std::vector<float> y_kept, predictions;
  for (size_t row = 0; row < y.size(); ++row) {
    if (!std::isfinite(y[row])) continue;  // no target, or a class the model never saw
    y_kept.push_back(y[row]);
    predictions.insert(predictions.end(), all.begin() + static_cast<std::ptrdiff_t>(row * width),
                       all.begin() + static_cast<std::ptrdiff_t>((row + 1) * width));
  }
  if (y_kept.empty()) {
    return FailedPreconditionError("no row of the dataset has a target value the model knows");
  }
  json body = json::parse(model.body_json, nullptr, false);
  ml::EvaluationOptions options;
  if (body.is_object()) options.primary_metric = body.value("metric", "");
  LATHE_ASSIGN_OR_RETURN(ml::EvaluationReport report,
                         ml::Evaluate(problem, y_kept, predictions, options));
  json out = {{"type", kReportArtifact},
              {"model", ModelArtifact(model)},
              {"rows", y_kept.size()},
              {"rows_skipped", y.size() - y_kept.size()},
              {"primary_metric", {{"name", report.primary_metric}, {"value", report.primary_value}}},
              {"metrics", report.json.value("metrics", json::object())},
              {"evaluation", report.json}};
  return out;
}

StepType EvaluateStep(const BuiltinServices& s) {
  StepType t;
  t.info.type = "Evaluate";
  t.info.category = "model";
  t.info.description = "Score a model on a dataset with its target column: metrics, confusion matrix, curves";
  t.info.inputs = {Port("model", kModelArtifact), Port("dataset", kDatasetArtifact)};
  t.info.outputs = {Port("report", kReportArtifact)};
  t.info.cacheable = true;
  t.run = [s](StepContext& ctx) -> Result<json> {
    LATHE_ASSIGN_OR_RETURN(std::string model_id, InputId(ctx, "model"));
    LATHE_ASSIGN_OR_RETURN(std::string dataset_id, InputId(ctx, "dataset"));
    LATHE_ASSIGN_OR_RETURN(store::ResourceRecord model, s.models->Get(model_id));
    LATHE_ASSIGN_OR_RETURN(store::DatasetRecord dataset, s.datasets->Get(dataset_id));
    LATHE_ASSIGN_OR_RETURN(auto table, s.datasets->LoadTable(dataset));
    LATHE_ASSIGN_OR_RETURN(json report, EvaluateOn(s, model, *table));
    std::string line = "on " + std::to_string(report["rows"].get<size_t>()) + " rows:";
    for (const auto& [name, value] : report["metrics"].items()) {
      if (value.is_number()) line += " " + name + "=" + value.dump();
    }
    ctx.Log(line);
    return json{{"report", std::move(report)}};
  };
  return t;
}

StepType RegisterStep(const BuiltinServices& s) {
  StepType t;
  t.info.type = "Register";
  t.info.category = "model";
  t.info.description = "Set the model version's approval status, description and tags in the registry";
  t.info.inputs = {Port("model", kModelArtifact)};
  t.info.outputs = {Port("model", kModelArtifact)};
  PropertyInfo status = Prop("approval_status", "string", "registry status", false, "Approved");
  status.enum_values = {"Approved", "PendingManualApproval", "Rejected"};
  t.info.properties = {status, Prop("description", "string", "model description"),
                       Prop("tags", "object", "tags: key -> value")};
  t.run = [s](StepContext& ctx) -> Result<json> {
    LATHE_ASSIGN_OR_RETURN(std::string model_id, InputId(ctx, "model"));
    LATHE_ASSIGN_OR_RETURN(store::ResourceRecord model, s.models->Get(model_id));
    jobs::ModelInfoUpdate info;
    if (ctx.properties().contains("description")) info.description = StringProp(ctx, "description");
    if (ctx.properties().contains("tags") && ctx.properties()["tags"].is_object()) {
      std::map<std::string, std::string> tags;
      for (const auto& [k, v] : ctx.properties()["tags"].items()) {
        tags[k] = v.is_string() ? v.get<std::string>() : v.dump();
      }
      info.tags = std::move(tags);
    }
    if (info.description || info.tags) {
      LATHE_ASSIGN_OR_RETURN(model, s.models->UpdateInfo(model, info));
    }
    const std::string status = StringProp(ctx, "approval_status");
    const std::string reason = "pipeline " + ctx.pipeline_name() + ", run " + ctx.run_id();
    if (status == "Approved") {
      LATHE_ASSIGN_OR_RETURN(model, s.models->Approve(model, reason));
    } else if (status == "Rejected") {
      LATHE_ASSIGN_OR_RETURN(model, s.models->Reject(model, reason));
    }
    ctx.Log("model " + model.name + " version " + std::to_string(model.version) + ": " +
            (status.empty() ? "PendingManualApproval" : status));
    json artifact = ModelArtifact(model);
    artifact["approval_status"] = status;
    return json{{"model", artifact}};
  };
  return t;
}

}  // namespace

Status RegisterModelSteps(StepRegistry& registry, const BuiltinServices& services) {
  LATHE_RETURN_IF_ERROR(registry.Register(TrainStep(services)));
  LATHE_RETURN_IF_ERROR(registry.Register(AutoMlStep(services)));
  LATHE_RETURN_IF_ERROR(registry.Register(EvaluateStep(services)));
  return registry.Register(RegisterStep(services));
}

}  // namespace lathe::pipelines
