// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "jobs/training_run.h"

#include <algorithm>
#include <cmath>
#include <map>

#include "automl/automl.h"
#include "data/cell_json.h"
#include "data/take.h"
#include "jobs/test_split.h"
#include "ml/evaluation.h"
#include "ml/loaded_model.h"
#include "ml/model_bundle.h"
#include "ml/target_leakage.h"

namespace lathe::jobs {
namespace {

struct PreparedData {
  data::Table train;
  data::Table test;
  nlohmann::json recipe;         // the fitted recipe (with state), or null
  std::string recipe_fitted_on;  // "train_split" or "all_rows" ("" without a recipe)
  nlohmann::json input_columns;  // what a prediction row carries
};

Status CheckCancel(const RunContext& ctx) {
  if (ctx.cancel != nullptr && ctx.cancel->load()) return CancelledError("training job cancelled");
  return Status::Ok();
}

// The problem type the request asks for, if any (validated by the training plan).
std::optional<ml::ProblemType> RequestedProblem(const TrainingRequest& r) {
  if (r.problem_type.empty()) return std::nullopt;
  auto parsed = ml::ParseProblemType(r.problem_type);
  return parsed.ok() ? std::optional<ml::ProblemType>(*parsed) : std::nullopt;
}

Result<TestSplit> SplitOn(const data::Table& table, const TrainingRequest& r) {
  LATHE_ASSIGN_OR_RETURN(ml::ProblemInfo problem,
                         ml::DetectProblem(table, r.target, RequestedProblem(r)));
  LATHE_ASSIGN_OR_RETURN(std::vector<float> y, ml::EncodeTarget(table, problem));
  return SplitTrainTest(y, problem.type, r.test_fraction, r.seed);
}

nlohmann::json ColumnNames(const data::Table& table, const std::string& target) {
  nlohmann::json out = nlohmann::json::array();
  for (const data::Column& c : table.columns()) {
    if (c.name != target) out.push_back(c.name);
  }
  return out;
}

// Splits before a row-wise recipe (fitted on the training rows only, replayed on the test rows);
// a recipe with row-set steps (filters, dedupe...) runs on all rows first and the split follows.
Result<PreparedData> Prepare(const TrainingPlan& plan, const RunContext& ctx) {
  const data::Table& raw = *plan.table;
  const TrainingRequest& r = plan.request;
  PreparedData out;
  const bool split_first =
      !plan.recipe.has_value() || (plan.recipe->row_wise() && raw.FindColumn(r.target) >= 0);
  if (split_first) {
    LATHE_ASSIGN_OR_RETURN(TestSplit split, SplitOn(raw, r));
    out.train = data::TakeRows(raw, split.train);
    out.test = data::TakeRows(raw, split.test);
    if (plan.recipe.has_value()) {
      LATHE_ASSIGN_OR_RETURN(prep::RecipeRun fit,
                             prep::ApplyRecipe(*plan.recipe, std::move(out.train), ctx.apply));
      LATHE_ASSIGN_OR_RETURN(prep::RecipeRun replay,
                             prep::ApplyRecipe(fit.fitted, std::move(out.test), ctx.apply));
      out.train = std::move(fit.table);
      out.test = std::move(replay.table);
      out.recipe = fit.fitted.ToJson(/*with_state=*/true);
      out.recipe_fitted_on = "train_split";
    }
  } else {
    LATHE_ASSIGN_OR_RETURN(prep::RecipeRun all, prep::ApplyRecipe(*plan.recipe, raw, ctx.apply));
    LATHE_ASSIGN_OR_RETURN(TestSplit split, SplitOn(all.table, r));
    out.train = data::TakeRows(all.table, split.train);
    out.test = data::TakeRows(all.table, split.test);
    out.recipe = all.fitted.ToJson(/*with_state=*/true);
    out.recipe_fitted_on = "all_rows";
  }
  out.train = DropColumns(out.train, r.exclude_columns);
  out.test = DropColumns(out.test, r.exclude_columns);
  // With a recipe, serving takes the dataset's raw rows and replays it first.
  out.input_columns = ColumnNames(plan.recipe.has_value() ? raw : out.train, r.target);
  return out;
}

// Gain importance of the heaviest member, when it matches the dense feature columns.
std::vector<float> GainImportance(const automl::AutoMlResult& result, size_t dense_cols) {
  const automl::FinalMember* best = nullptr;
  for (const automl::FinalMember& m : result.members) {
    if (best == nullptr || m.weight > best->weight) best = &m;
  }
  if (best == nullptr || best->model == nullptr) return {};
  std::vector<float> gain = best->model->Importance();
  if (gain.size() != dense_cols) return {};
  return gain;
}

// Up to kExamplesPerCell test rows for every (actual, predicted) cell of the confusion matrix,
// so the studio can show what the model confuses. Only for up to kMaxExampleClasses classes.
constexpr size_t kExamplesPerCell = 10;
constexpr size_t kMaxExampleClasses = 30;

nlohmann::json ConfusionExamples(const ml::ProblemInfo& problem, const data::Table& rows,
                                 const std::vector<float>& y, const std::vector<float>& proba) {
  const size_t k = problem.classes.size();
  if (problem.type == ml::ProblemType::kRegression || k == 0 || k > kMaxExampleClasses) return nullptr;
  std::map<std::pair<size_t, size_t>, nlohmann::json> cells;
  std::map<std::pair<size_t, size_t>, int64_t> counts;
  for (size_t row = 0; row < y.size(); ++row) {
    const float* p = proba.data() + row * k;
    const size_t predicted = static_cast<size_t>(std::max_element(p, p + k) - p);
    const auto cell = std::make_pair(static_cast<size_t>(y[row]), predicted);
    ++counts[cell];
    nlohmann::json& list = cells[cell];
    if (list.size() >= kExamplesPerCell) continue;
    nlohmann::json values = nlohmann::json::object();
    for (const data::Column& c : rows.columns()) values[c.name] = data::CellJson(c, row);
    list.push_back({{"row", row}, {"probability", p[predicted]}, {"values", std::move(values)}});
  }
  nlohmann::json out = nlohmann::json::array();
  for (auto& [cell, list] : cells) {
    out.push_back({{"actual", problem.classes[cell.first]},
                   {"predicted", problem.classes[cell.second]},
                   {"count", counts[cell]},
                   {"rows", std::move(list)}});
  }
  return {{"max_per_cell", kExamplesPerCell}, {"cells", std::move(out)}};
}

// Predicts the test rows through the reloaded bundle and evaluates them.
Result<nlohmann::json> Evaluate(const automl::AutoMlResult& result, const ml::ModelBundle& bundle,
                                const data::Table& test, const TrainingRequest& r,
                                TrainingOutcome& out) {
  LATHE_ASSIGN_OR_RETURN(auto loaded, ml::LoadedModel::FromBundle(bundle));
  LATHE_ASSIGN_OR_RETURN(ml::PredictionBatch batch, loaded->Predict(test));
  LATHE_ASSIGN_OR_RETURN(std::vector<float> y, ml::EncodeTarget(test, result.problem));
  const bool regression = result.problem.type == ml::ProblemType::kRegression;
  const size_t width = regression ? 1 : batch.classes.size();
  const std::vector<float>& all = regression ? batch.values : batch.probabilities;
  if (all.size() != y.size() * width) {
    return InternalError("the model returned " + std::to_string(all.size()) + " values for " +
                         std::to_string(y.size()) + " test rows");
  }
  std::vector<uint32_t> keep;
  std::vector<float> y_kept, predictions;
  for (uint32_t row = 0; row < y.size(); ++row) {
    if (!std::isfinite(y[row])) continue;  // a class the training split never had
    keep.push_back(row);
    y_kept.push_back(y[row]);
    predictions.insert(predictions.end(), all.begin() + row * width,
                       all.begin() + (row + 1) * width);
  }
  out.test_rows = keep.size();
  out.test_rows_skipped = y.size() - keep.size();
  if (keep.empty()) {
    return FailedPreconditionError("no test row has a target class that the training rows have");
  }
  const data::Table kept = keep.size() == y.size() ? test : data::TakeRows(test, keep);
  LATHE_ASSIGN_OR_RETURN(ml::Matrix x, result.pipeline->Transform(kept));
  ml::EvaluationOptions options;
  options.primary_metric = result.metric;
  options.gain_importance = GainImportance(result, x.feature_names.size());
  options.test_x = &x;
  options.predict = [&result](const ml::Matrix& m) { return result.Predict(m); };
  options.permutation_seconds = std::clamp(0.1 * r.budget_seconds, 1.0, 10.0);
  options.seed = r.seed;
  LATHE_ASSIGN_OR_RETURN(ml::EvaluationReport report,
                         ml::Evaluate(result.problem, y_kept, predictions, options));
  nlohmann::json examples = ConfusionExamples(result.problem, kept, y_kept, predictions);
  if (!examples.is_null()) report.json["examples"] = std::move(examples);
  return std::move(report.json);
}

}  // namespace

nlohmann::json TestMetricsSummary(const nlohmann::json& evaluation) {
  nlohmann::json out = evaluation.value("metrics", nlohmann::json::object());
  if (evaluation.contains("primary_metric")) {
    out["primary_metric"] = {
        {"name", evaluation["primary_metric"].value("name", "")},
        {"value", evaluation["primary_metric"].value("value", nlohmann::json())}};
  }
  return out;
}

Result<TrainingOutcome> RunTraining(const TrainingPlan& plan, const RunContext& ctx) {
  const TrainingRequest& r = plan.request;
  if (ctx.stage) ctx.stage("preparing");
  LATHE_ASSIGN_OR_RETURN(PreparedData data, Prepare(plan, ctx));
  LATHE_RETURN_IF_ERROR(CheckCancel(ctx));

  // A feature that copies the target makes a perfect-looking, useless model: say so up front.
  std::vector<ml::LeakageWarning> leaks;
  if (auto problem = ml::DetectProblem(data.train, r.target, RequestedProblem(r)); problem.ok()) {
    leaks = ml::FindTargetLeakage(data.train, r.target, *problem);
    for (const nlohmann::json& warning : ml::LeakageWarningsJson(leaks)) {
      if (ctx.sink) ctx.sink({{"type", "warning"}, {"warning", warning}});
    }
  }

  if (ctx.stage) ctx.stage("searching");
  automl::AutoMlOptions options;
  options.budget_seconds = r.budget_seconds;
  options.metric = r.metric;
  options.problem_type = RequestedProblem(r);
  options.learners = r.algorithms;
  options.seed = r.seed;
  options.threads = ctx.threads;
  options.cancel = ctx.cancel;
  options.finish = ctx.finish;
  options.max_trials = r.max_trials;
  options.predict_limit_ms = r.predict_limit_ms;
  LATHE_ASSIGN_OR_RETURN(automl::AutoMlResult result,
                         automl::RunAutoMl(data.train, r.target, options, ctx.sink));
  LATHE_RETURN_IF_ERROR(CheckCancel(ctx));

  if (ctx.stage) ctx.stage("evaluating");
  TrainingOutcome out;
  out.problem = result.problem;
  out.metric = result.metric;
  out.validation_score = result.final_score;
  out.leaderboard = result.LeaderboardJson();
  out.input_columns = data.input_columns;
  out.train_rows = data.train.num_rows();
  out.members = nlohmann::json::array();
  for (const automl::FinalMember& m : result.members) {
    out.members.push_back({{"trial_id", m.trial_id}, {"learner", m.learner}, {"weight", m.weight}});
  }
  LATHE_ASSIGN_OR_RETURN(ml::ModelBundle bundle, automl::MakeBundle(result));
  bundle.recipe = data.recipe;
  bundle.training_info["dataset"] = {
      {"id", plan.dataset.id}, {"name", plan.dataset.name}, {"version", plan.dataset.version}};
  bundle.training_info["train_rows"] = out.train_rows;
  bundle.training_info["test_fraction"] = r.test_fraction;
  bundle.training_info["seed"] = r.seed;
  bundle.training_info["excluded_columns"] = r.exclude_columns;
  bundle.training_info["input_columns"] = out.input_columns;
  if (!data.recipe_fitted_on.empty())
    bundle.training_info["recipe_fitted_on"] = data.recipe_fitted_on;
  LATHE_ASSIGN_OR_RETURN(out.evaluation, Evaluate(result, bundle, data.test, r, out));
  if (!leaks.empty()) out.evaluation["warnings"] = ml::LeakageWarningsJson(leaks);
  bundle.evaluation = out.evaluation;
  bundle.training_info["test_rows"] = out.test_rows;
  LATHE_RETURN_IF_ERROR(CheckCancel(ctx));

  if (ctx.stage) ctx.stage("saving");
  LATHE_ASSIGN_OR_RETURN(out.bundle_bytes, ml::SerializeBundle(bundle));
  return out;
}

}  // namespace lathe::jobs
