// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "jobs/training_plan.h"

#include <algorithm>
#include <cctype>
#include <cmath>

#include "automl/options.h"
#include "data/take.h"
#include "jobs/test_split.h"
#include "ml/estimator.h"

namespace lathe::jobs {
namespace {

// Rows the recipe is tried on at submit time (to learn its output columns).
constexpr size_t kRecipeProbeRows = 1000;

std::string ColumnList(const data::Table& table) {
  std::string out;
  for (size_t idx = 0; idx < table.num_columns() && idx < 20; ++idx) {
    out += (idx > 0 ? ", " : "") + table.column(idx).name;
  }
  if (table.num_columns() > 20) out += ", ...";
  return out;
}

// "<dataset>-<target>" with characters a resource name cannot hold replaced by '_'.
std::string DefaultModelName(const std::string& dataset, const std::string& target) {
  std::string out;
  for (char c : dataset + "-" + target) {
    out.push_back(
        std::isalnum(static_cast<unsigned char>(c)) || c == '.' || c == '_' || c == '-' ? c : '_');
  }
  return out.substr(0, 128);
}

Status CheckScalars(const TrainingRequest& r, double max_budget_seconds) {
  if (r.dataset.empty()) return FieldError("dataset", "required (a dataset id or name)");
  if (r.target.empty()) return FieldError("target", "required (the column to predict)");
  if (!std::isfinite(r.budget_seconds) || r.budget_seconds <= 0) {
    return FieldError("budget_s", "must be a positive number of seconds, got " +
                                      std::to_string(r.budget_seconds));
  }
  if (r.budget_seconds > max_budget_seconds) {
    return FieldError("budget_s", "must be at most " + std::to_string(max_budget_seconds) +
                                      " seconds, got " + std::to_string(r.budget_seconds));
  }
  if (!(r.test_fraction >= 0.05 && r.test_fraction <= 0.5)) {
    return FieldError("test_fraction", "must be between 0.05 and 0.5");
  }
  if (r.max_trials < 0) return FieldError("max_trials", "must not be negative");
  if (!r.model_name.empty() && !store::IsValidDatasetName(r.model_name)) {
    return FieldError("model_name", "must match [A-Za-z0-9._-]{1,128}, got '" + r.model_name + "'");
  }
  return Status::Ok();
}

// The columns the search will see: the recipe's output on the first rows, or the table itself.
Result<data::Table> ProbeColumns(const TrainingPlan& plan, const prep::ApplyContext& apply) {
  if (!plan.recipe.has_value()) return *plan.table;
  data::Table head = data::SliceRows(*plan.table, 0, kRecipeProbeRows);
  auto run = prep::ApplyRecipe(*plan.recipe, head, apply);
  if (!run.ok()) {
    return FieldError("recipe", run.status().message());
  }
  return std::move(run->table);
}

Status CheckColumns(const TrainingRequest& r, const data::Table& columns,
                    const std::string& dataset_name) {
  if (columns.FindColumn(r.target) < 0) {
    return FieldError("target", "no column \"" + r.target + "\" in dataset '" + dataset_name +
                                    "' (columns: " + ColumnList(columns) + ")");
  }
  for (size_t idx = 0; idx < r.exclude_columns.size(); ++idx) {
    const std::string field = "exclude_columns[" + std::to_string(idx) + "]";
    const std::string& name = r.exclude_columns[idx];
    if (name == r.target) return FieldError(field, "\"" + name + "\" is the target column");
    if (columns.FindColumn(name) < 0) {
      return FieldError(field, "no column \"" + name + "\" in dataset '" + dataset_name + "'");
    }
  }
  return Status::Ok();
}

// Detects the problem on the full table when the target is there before the recipe (the usual
// case), else on the recipe's output for the first rows.
Result<ml::ProblemInfo> CheckProblem(const TrainingRequest& r, const data::Table& table) {
  std::optional<ml::ProblemType> requested;
  if (!r.problem_type.empty()) {
    auto parsed = ml::ParseProblemType(r.problem_type);
    if (!parsed.ok()) {
      return FieldError("problem_type",
                        "must be binary, multiclass or regression, got '" + r.problem_type + "'");
    }
    requested = *parsed;
  }
  auto detected = ml::DetectProblem(table, r.target);
  if (!detected.ok()) return FieldError("target", detected.status().message());
  if (!requested.has_value()) return *detected;
  // The override is checked by the same rules (binary needs two classes, regression numbers).
  auto forced = ml::DetectProblem(table, r.target, requested);
  if (!forced.ok()) return FieldError("problem_type", forced.status().message());
  return *forced;
}

Status CheckAlgorithms(const TrainingRequest& r, const ml::ProblemInfo& problem) {
  const std::vector<std::string> usable = ml::LearnersFor(problem);
  for (size_t idx = 0; idx < r.algorithms.size(); ++idx) {
    if (std::find(usable.begin(), usable.end(), r.algorithms[idx]) != usable.end()) continue;
    std::string list;
    for (const std::string& name : usable) list += (list.empty() ? "" : ", ") + name;
    return FieldError("algorithms[" + std::to_string(idx) + "]",
                      "'" + r.algorithms[idx] + "' is not a learner for a " +
                          std::string(ml::ProblemTypeName(problem.type)) +
                          " problem (choose from: " + list + ")");
  }
  return Status::Ok();
}

}  // namespace

Status FieldError(const std::string& field, const std::string& message) {
  return InvalidArgumentError(field + ": " + message).WithDetail("field", field);
}

data::Table DropColumns(const data::Table& table, const std::vector<std::string>& columns) {
  if (columns.empty()) return table;
  data::Table out;
  for (const data::Column& c : table.columns()) {
    if (std::find(columns.begin(), columns.end(), c.name) != columns.end()) continue;
    (void)out.AddColumn(c);  // names are unique in the source table
  }
  return out;
}

Result<TrainingPlan> PlanTraining(const TrainingRequest& request,
                                  datasets::DatasetService& datasets,
                                  const prep::ApplyContext& apply, double max_budget_seconds) {
  LATHE_RETURN_IF_ERROR(CheckScalars(request, max_budget_seconds));
  TrainingPlan plan;
  plan.request = request;
  auto dataset = datasets.Get(request.dataset, request.version);
  if (!dataset.ok()) return Status(dataset.status()).WithDetail("field", "dataset");
  plan.dataset = *dataset;
  LATHE_ASSIGN_OR_RETURN(plan.table, datasets.LoadTable(plan.dataset));
  if (!request.recipe.is_null()) {
    auto recipe = prep::ParseRecipe(request.recipe);
    if (!recipe.ok()) return FieldError("recipe", recipe.status().message());
    plan.recipe = std::move(*recipe);
  }
  LATHE_ASSIGN_OR_RETURN(data::Table columns, ProbeColumns(plan, apply));
  LATHE_RETURN_IF_ERROR(CheckColumns(request, columns, plan.dataset.name));
  const bool target_in_source = plan.table->FindColumn(request.target) >= 0;
  const data::Table& probe = target_in_source ? *plan.table : columns;
  LATHE_ASSIGN_OR_RETURN(ml::ProblemInfo problem, CheckProblem(request, probe));
  plan.problem_type = problem.type;
  if (target_in_source) {
    LATHE_ASSIGN_OR_RETURN(std::vector<float> y, ml::EncodeTarget(*plan.table, problem));
    LATHE_RETURN_IF_ERROR(
        SplitTrainTest(y, problem.type, request.test_fraction, request.seed).status());
  }
  automl::AutoMlOptions options;
  options.budget_seconds = request.budget_seconds;
  options.metric = request.metric;
  options.learners = request.algorithms;
  options.seed = request.seed;
  options.predict_limit_ms = request.predict_limit_ms;
  Status valid = automl::ValidateOptionsFor(options, problem.type);
  if (!valid.ok()) {
    const std::string field = valid.details().value("field", std::string("metric"));
    return FieldError(field == "budget_seconds" ? "budget_s" : field, valid.message());
  }
  LATHE_RETURN_IF_ERROR(CheckAlgorithms(request, problem));
  plan.metric = automl::ResolveMetric(options, problem.type);
  if (plan.request.model_name.empty()) {
    plan.request.model_name = DefaultModelName(plan.dataset.name, request.target);
  }
  return plan;
}

}  // namespace lathe::jobs
