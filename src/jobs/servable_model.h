// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// ServableModel: what serving needs from one model bundle — the loaded learners
// (ml::LoadedModel) and, when the model was trained on a prepared dataset, the fitted recipe that
// is replayed on raw rows first. Immutable once built and thread-safe: endpoints, the predict API
// and batch transform share one `shared_ptr<const ServableModel>` across threads.
//
//   LATHE_ASSIGN_OR_RETURN(auto servable, ServableModel::FromBundleBytes(bytes));
//   LATHE_ASSIGN_OR_RETURN(ml::PredictionBatch p, servable->Predict(raw_rows));
#pragma once

#include <memory>
#include <optional>
#include <string_view>

#include "core/status.h"
#include "data/table.h"
#include "ml/loaded_model.h"
#include "prep/recipe.h"

namespace lathe::jobs {

class ServableModel {
 public:
  // DataLoss / FailedPrecondition for a corrupt or unsupported bundle.
  static Result<std::shared_ptr<const ServableModel>> FromBundleBytes(std::string_view bytes);

  // Predicts / explains raw rows (the recipe, if any, replayed first). InvalidArgument naming
  // row and column for values of the wrong type.
  Result<ml::PredictionBatch> Predict(const data::Table& rows) const;
  Result<ml::Explanation> Explain(const data::Table& rows) const;

  const ml::LoadedModel& model() const { return *model_; }
  bool has_recipe() const { return recipe_.has_value(); }

 private:
  ServableModel() = default;
  Result<data::Table> Prepare(const data::Table& rows) const;

  std::unique_ptr<const ml::LoadedModel> model_;
  std::optional<prep::Recipe> recipe_;  // fitted, replayed before the model
};

}  // namespace lathe::jobs
