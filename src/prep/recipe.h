// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Recipe: an ordered list of operations stored as JSON, {"steps": [{"op": ..., ...}, ...]}.
// Parsing validates every step's parameters; applying runs the steps in order and reports the
// rows in and out of each (for previews), and returns the recipe with each step's fitted state
// so that the same preparation can be replayed exactly on new rows.
//
//   LATHE_ASSIGN_OR_RETURN(Recipe recipe, ParseRecipe(json));
//   LATHE_ASSIGN_OR_RETURN(RecipeRun run, ApplyRecipe(recipe, table, ctx));
//   // run.table, run.steps[i].rows_out, run.fitted (the recipe JSON with "state" per step)
#pragma once

#include <memory>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/status.h"
#include "data/table.h"
#include "prep/operation.h"

namespace lathe::prep {

struct RecipeStep {
  nlohmann::json spec;   // the step object as given, without "state"
  nlohmann::json state;  // fitted state (null until fitted)
  std::shared_ptr<const Operation> op;
};

struct Recipe {
  std::vector<RecipeStep> steps;

  // True if every step is row-wise (the recipe can run inside a model's feature pipeline).
  bool row_wise() const;
  // Steps that are not row-wise, as "steps[i] (op)"; empty if row_wise().
  std::vector<std::string> RowSetSteps() const;
  // {"steps": [...]} with or without each step's "state".
  nlohmann::json ToJson(bool with_state) const;
  // SHA-256 hex of the canonical JSON without state: the recipe's identity in lineage.
  std::string Hash() const;
};

// Limits that keep a recipe reasonable.
inline constexpr size_t kMaxRecipeSteps = 200;

// {"steps": [...]} or a bare array of steps. A step may carry "state" (a fitted recipe).
Result<Recipe> ParseRecipe(const nlohmann::json& json);

struct StepRun {
  std::string op;
  int64_t rows_in = 0;
  int64_t rows_out = 0;
  int64_t columns_out = 0;
  double millis = 0;
};

struct RecipeRun {
  data::Table table;
  std::vector<StepRun> steps;
  Recipe fitted;  // the recipe with every step's state filled
};

// Applies each step to the previous step's output. Steps with state replay it; others fit.
// An error names the failing step ("steps[3] (filter): ..."). `input` is taken by value: move
// a table in when it is not needed afterwards, and no step copies the columns it leaves alone.
Result<RecipeRun> ApplyRecipe(const Recipe& recipe, data::Table input, const ApplyContext& ctx);

}  // namespace lathe::prep
