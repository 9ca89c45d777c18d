// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// "${parameters.name}" and "${steps.<id>.<path>}" references inside step properties. A string
// that is exactly one reference takes the referenced value with its JSON type; a reference
// inside a longer string is interpolated as text. Step paths read a step's outputs: the first
// segment is an output name ("${steps.automl.model.id}") or, when it is not, a field of the
// step's outputs in order ("${steps.evaluate.metrics.accuracy}" reads outputs.report.metrics).
// Pure functions, thread-safe.
//
//   FindReferences(json("${parameters.target}"));  // [{kParameter, "target", ""}]
//   Resolve(props, {.parameters = &params, .step_outputs = &outputs});
#pragma once

#include <map>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/status.h"

namespace lathe::pipelines {

struct Reference {
  enum class Kind { kParameter, kStep };
  Kind kind = Kind::kParameter;
  std::string name;  // parameter name or step id
  std::string path;  // after the step id ("metrics.accuracy"); "" for parameters
};

// Every reference in `value` (strings at any depth). InvalidArgument for a malformed one
// ("${" without "}", an unknown root such as "${params.x}"), naming the text.
Result<std::vector<Reference>> FindReferences(const nlohmann::json& value);

struct ResolveScope {
  const nlohmann::json* parameters = nullptr;    // name -> value
  const std::map<std::string, nlohmann::json>* step_outputs = nullptr;  // step id -> outputs
};

// `value` with every reference replaced. NotFound naming the reference when a parameter or step
// output is missing.
Result<nlohmann::json> Resolve(const nlohmann::json& value, const ResolveScope& scope);

}  // namespace lathe::pipelines
