// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "jobs/servable_model.h"

#include <string>
#include <utility>

#include "ml/model_bundle.h"

namespace lathe::jobs {

Result<std::shared_ptr<const ServableModel>> ServableModel::FromBundleBytes(
    std::string_view bytes) {
  LATHE_ASSIGN_OR_RETURN(ml::ModelBundle bundle, ml::ParseBundle(bytes));
  std::shared_ptr<ServableModel> out(new ServableModel());
  if (!bundle.recipe.is_null()) {
    LATHE_ASSIGN_OR_RETURN(prep::Recipe recipe, prep::ParseRecipe(bundle.recipe));
    out->recipe_ = std::move(recipe);
  }
  LATHE_ASSIGN_OR_RETURN(std::unique_ptr<ml::LoadedModel> loaded,
                         ml::LoadedModel::FromBundle(bundle));
  out->model_ = std::move(loaded);
  return std::shared_ptr<const ServableModel>(std::move(out));
}

Result<data::Table> ServableModel::Prepare(const data::Table& rows) const {
  if (!recipe_.has_value()) return rows;
  prep::ApplyContext ctx;  // no dataset lookups at prediction time: joins are refused
  auto run = prep::ApplyRecipe(*recipe_, rows, ctx);
  if (!run.ok()) return run.status().Annotate("the model's recipe");
  if (run->table.num_rows() != rows.num_rows()) {
    return InvalidArgumentError(
        "the model's recipe changed the number of rows (" + std::to_string(rows.num_rows()) +
        " -> " + std::to_string(run->table.num_rows()) + "): predictions need a row-wise recipe");
  }
  return std::move(run->table);
}

Result<ml::PredictionBatch> ServableModel::Predict(const data::Table& rows) const {
  if (!recipe_.has_value()) return model_->Predict(rows);
  LATHE_ASSIGN_OR_RETURN(data::Table prepared, Prepare(rows));
  return model_->Predict(prepared);
}

Result<ml::Explanation> ServableModel::Explain(const data::Table& rows) const {
  if (!recipe_.has_value()) return model_->Explain(rows);
  LATHE_ASSIGN_OR_RETURN(data::Table prepared, Prepare(rows));
  return model_->Explain(prepared);
}

}  // namespace lathe::jobs
