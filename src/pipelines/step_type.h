// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Step types of a pipeline: what each type takes (typed inputs), gives (typed outputs) and
// accepts as properties (a small schema the validator checks and the studio turns into forms),
// plus the function that runs it. A StepRegistry maps type names to types; the executor and the
// validator only ever see a registry, so tests can register step types of their own.
// Immutable after set-up; thread-safe to read.
//
//   StepRegistry registry;
//   RegisterBuiltinSteps(registry, services);          // Dataset, Split, AutoML, ...
//   const StepType* split = registry.Find("Split");
//   split->info.outputs[0].name;                        // "train"
#pragma once

#include <atomic>
#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/status.h"

namespace lathe::pipelines {

// Artifact types flowing between steps.
inline constexpr std::string_view kDatasetArtifact = "dataset";
inline constexpr std::string_view kModelArtifact = "model";
inline constexpr std::string_view kReportArtifact = "report";
inline constexpr std::string_view kEndpointArtifact = "endpoint";

struct PortInfo {
  std::string name;
  std::string type;  // an artifact type
  bool required = true;
};

// Property types: string, number, integer, boolean, value (any string, number or boolean),
// string_list, object, step_list.
struct PropertyInfo {
  std::string name;
  std::string type;
  bool required = false;
  nlohmann::json default_value;  // null = none
  std::vector<std::string> enum_values;
  std::optional<double> minimum;
  std::optional<double> maximum;
  std::string description;
};

struct StepTypeInfo {
  std::string type;      // "Split"
  std::string category;  // "data", "model", "deploy", "control"
  std::string description;
  std::vector<PortInfo> inputs;
  std::vector<PortInfo> outputs;
  std::vector<PropertyInfo> properties;
  bool cacheable = false;
  // Any input name (an identifier) of `variadic_input_type` is accepted (Query's SQL aliases).
  std::string variadic_input_type;

  const PortInfo* FindInput(std::string_view name) const;
  const PortInfo* FindOutput(std::string_view name) const;
  const PropertyInfo* FindProperty(std::string_view name) const;
};

// What a running step can see and do. Built by the executor for each attempt.
class StepContext {
 public:
  virtual ~StepContext() = default;
  virtual const std::string& pipeline_name() const = 0;
  virtual const std::string& run_id() const = 0;
  virtual const std::string& step_id() const = 0;
  // Resolved properties (parameters and step references substituted, defaults filled).
  virtual const nlohmann::json& properties() const = 0;
  // Input name -> the artifact an upstream step produced ({"type", "id", "name", ...}).
  virtual const std::map<std::string, nlohmann::json>& inputs() const = 0;
  // True once the run is being stopped: return soon (any status; the executor records Stopped).
  virtual const std::atomic<bool>& cancelled() const = 0;
  // Appends a line to the step's log (and the run's event stream).
  virtual void Log(std::string line) = 0;
  // Live progress of a long step ({"fraction", "trials", "best_score", "metric", ...}).
  virtual void Progress(nlohmann::json progress) = 0;
  // Extra fields kept in the step's state (e.g. {"job_id": ...}).
  virtual void Annotate(std::string_view key, nlohmann::json value) = 0;
};

// Runs one attempt of a step: the outputs object (output name -> artifact), or an error.
using StepFn = std::function<Result<nlohmann::json>(StepContext& ctx)>;

struct StepType {
  StepTypeInfo info;
  StepFn run;
};

class StepRegistry {
 public:
  // AlreadyExists for a taken type name.
  Status Register(StepType type);
  const StepType* Find(std::string_view type) const;
  std::vector<std::string> Names() const;
  // {"step_types": [...]} as GET /api/v1/pipeline-step-types answers it.
  nlohmann::json ToJson() const;

 private:
  std::map<std::string, std::shared_ptr<const StepType>, std::less<>> types_;
  std::vector<std::string> order_;  // registration order (the palette's order)
};

nlohmann::json StepTypeInfoToJson(const StepTypeInfo& info);

}  // namespace lathe::pipelines
