// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "prep/recipe.h"

#include <chrono>

#include "core/sha256.h"

namespace lathe::prep {

bool Recipe::row_wise() const { return RowSetSteps().empty(); }

std::vector<std::string> Recipe::RowSetSteps() const {
  std::vector<std::string> out;
  for (size_t i = 0; i < steps.size(); ++i) {
    if (!steps[i].op->row_wise()) {
      out.push_back("steps[" + std::to_string(i) + "] (" + std::string(steps[i].op->name()) + ")");
    }
  }
  return out;
}

nlohmann::json Recipe::ToJson(bool with_state) const {
  nlohmann::json arr = nlohmann::json::array();
  for (const RecipeStep& s : steps) {
    nlohmann::json j = s.spec;
    if (with_state && !s.state.is_null()) j["state"] = s.state;
    arr.push_back(std::move(j));
  }
  return {{"steps", std::move(arr)}};
}

std::string Recipe::Hash() const { return Sha256Hex(ToJson(false).dump()); }

Result<Recipe> ParseRecipe(const nlohmann::json& json) {
  const nlohmann::json* steps = &json;
  if (json.is_object()) {
    for (const auto& [key, value] : json.items()) {
      if (key != "steps" && key != "name" && key != "description") {
        return InvalidArgumentError(key + ": unknown property of a recipe (expected steps, name, "
                                          "description)")
            .WithDetail("field", key);
      }
    }
    auto it = json.find("steps");
    if (it == json.end()) {
      return InvalidArgumentError("steps: required").WithDetail("field", "steps");
    }
    steps = &*it;
  }
  if (!steps->is_array()) {
    return InvalidArgumentError("steps: expected an array of steps").WithDetail("field", "steps");
  }
  if (steps->size() > kMaxRecipeSteps) {
    return InvalidArgumentError("steps: at most " + std::to_string(kMaxRecipeSteps) +
                                " steps, got " + std::to_string(steps->size()))
        .WithDetail("field", "steps");
  }
  Recipe recipe;
  for (size_t i = 0; i < steps->size(); ++i) {
    std::string path = "steps[" + std::to_string(i) + "]";
    const nlohmann::json& step = (*steps)[i];
    LATHE_ASSIGN_OR_RETURN(std::unique_ptr<Operation> op, MakeOperation(step, path));
    RecipeStep rs;
    rs.spec = step;
    if (rs.spec.is_object() && rs.spec.contains("state")) {
      rs.state = rs.spec["state"];
      rs.spec.erase("state");
    }
    rs.op = std::move(op);
    recipe.steps.push_back(std::move(rs));
  }
  return recipe;
}

Result<RecipeRun> ApplyRecipe(const Recipe& recipe, data::Table input, const ApplyContext& ctx) {
  RecipeRun run;
  run.fitted = recipe;
  for (size_t i = 0; i < recipe.steps.size(); ++i) {
    RecipeStep& step = run.fitted.steps[i];
    auto start = std::chrono::steady_clock::now();
    const auto rows_in = static_cast<int64_t>(input.num_rows());
    Result<data::Table> out = step.op->Apply(std::move(input), ctx, step.state);
    if (!out.ok()) {
      // Operations prefix their errors with their path ("steps[3].column: ..."); add the op name
      // only where they did not.
      std::string path = "steps[" + std::to_string(i) + "]";
      Status st = out.status();
      if (st.message().rfind(path, 0) != 0) st = st.Annotate(path + " (" + std::string(step.op->name()) + ")");
      return std::move(st).WithDetail("step", i);
    }
    StepRun sr;
    sr.op = std::string(step.op->name());
    sr.rows_in = rows_in;
    sr.rows_out = static_cast<int64_t>(out->num_rows());
    sr.columns_out = static_cast<int64_t>(out->num_columns());
    sr.millis = std::chrono::duration<double, std::milli>(std::chrono::steady_clock::now() - start)
                    .count();
    run.steps.push_back(std::move(sr));
    input = std::move(*out);
  }
  run.table = std::move(input);
  return run;
}

}  // namespace lathe::prep
