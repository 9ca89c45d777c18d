// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// TrainingPlan: a training request checked against its dataset before the job is queued, so
// that bad input is refused at once with the field it concerns (details.field uses the API's
// field names: "target", "budget_s", "metric", "exclude_columns[1]", ...). Also holds what the
// run needs (the resolved dataset, its table, the parsed recipe). A plain value; PlanTraining
// only reads the dataset service (thread-safe).
//
//   LATHE_ASSIGN_OR_RETURN(TrainingPlan plan, PlanTraining(request, datasets, ctx, 3600));
//   plan.problem_type; plan.metric;  // detected / resolved
#pragma once

#include <memory>
#include <optional>
#include <string>

#include "core/status.h"
#include "data/table.h"
#include "datasets/dataset_service.h"
#include "jobs/training_service.h"
#include "ml/problem.h"
#include "prep/operation.h"
#include "prep/recipe.h"

namespace lathe::jobs {

struct TrainingPlan {
  TrainingRequest request;                                  // as given; model_name filled in
  store::DatasetRecord dataset;                             // the resolved dataset version
  std::shared_ptr<const data::Table> table;                 // its rows
  std::optional<prep::Recipe> recipe;                       // parsed request.recipe
  ml::ProblemType problem_type = ml::ProblemType::kBinary;  // detected on the target
  std::string metric;  // request.metric or the problem's default
};

// Validates `request` (see TrainingService::Submit for the errors) and resolves its dataset.
// `apply` resolves datasets named in the recipe (joins). `max_budget_seconds` caps budget_s.
Result<TrainingPlan> PlanTraining(const TrainingRequest& request,
                                  datasets::DatasetService& datasets,
                                  const prep::ApplyContext& apply, double max_budget_seconds);

// InvalidArgument "<field>: <message>" with details {"field": field}.
Status FieldError(const std::string& field, const std::string& message);

// The table without `columns` (names that do not exist are ignored).
data::Table DropColumns(const data::Table& table, const std::vector<std::string>& columns);

}  // namespace lathe::jobs
