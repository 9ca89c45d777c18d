// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// A pipeline document (docs/api/pipelines.md) parsed and validated against a StepRegistry:
// parameters, steps with their wiring, and the dependency graph the executor follows. Every
// problem is reported with its path ("steps[2].inputs.dataset: ..."), all of them at once, so
// the designer can show them next to the nodes. Pure functions, thread-safe.
//
//   ValidationResult v = ValidatePipeline(document, registry);
//   if (!v.ok()) return ValidationStatus(v.errors);
//   for (const std::string& id : v.pipeline->order) ...
#pragma once

#include <map>
#include <optional>
#include <set>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/status.h"
#include "pipelines/step_type.h"

namespace lathe::pipelines {

struct ParameterSpec {
  std::string name;
  std::string type;              // string, number, integer, boolean
  nlohmann::json default_value;  // null = required at run time
  std::string description;
};

struct StepSpec {
  std::string id;
  std::string type;
  std::string display_name;
  std::map<std::string, std::string> inputs;  // input name -> "<step>.<output>"
  nlohmann::json properties = nlohmann::json::object();
  std::vector<std::string> depends_on;
  int max_attempts = 1;
  double backoff_seconds = 0;
  bool cache = true;
};

struct PipelineSpec {
  std::string name;
  std::string description;
  std::vector<ParameterSpec> parameters;
  std::vector<StepSpec> steps;
};

struct SpecError {
  std::string path;
  std::string message;
};

struct ValidatedPipeline {
  PipelineSpec spec;
  std::vector<std::string> order;                         // a topological order of step ids
  std::map<std::string, std::set<std::string>> upstream;  // step -> steps it waits for
  // Steps inside a condition's branch: step -> {condition id, true for then / false for else}.
  std::map<std::string, std::pair<std::string, bool>> branch;

  const StepSpec* Find(const std::string& id) const;
};

struct ValidationResult {
  std::optional<ValidatedPipeline> pipeline;  // set when errors is empty
  std::vector<SpecError> errors;
  bool ok() const { return errors.empty(); }
};

// Parses and checks `document` (a JSON object; YAML is converted before). `require_name`: the
// document must carry a valid name.
ValidationResult ValidatePipeline(const nlohmann::json& document, const StepRegistry& registry,
                                  bool require_name = true);

// InvalidArgument whose message is the first error ("path: message") and whose details hold
// {"errors": [{"path", "message"}...]}.
Status ValidationStatus(const std::vector<SpecError>& errors);
nlohmann::json ErrorsToJson(const std::vector<SpecError>& errors);

// Parameter values for a run: defaults, overridden by `given` (name -> value; strings given on a
// command line are converted to the parameter's type). InvalidArgument naming the parameter for
// an unknown name, a wrong type or a missing required value.
Result<nlohmann::json> BindParameters(const PipelineSpec& spec, const nlohmann::json& given);

// True if `value` fits a parameter or property type (StepTypeInfo's property types).
bool FitsPropertyType(const nlohmann::json& value, std::string_view type);

// True if `name` is [A-Za-z0-9._-]{1,128} (pipeline names, as dataset names).
bool IsValidPipelineName(std::string_view name);

}  // namespace lathe::pipelines
