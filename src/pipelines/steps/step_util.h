// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Small helpers shared by the built-in step types: artifact JSON for datasets and models,
// reading an input's id, property schema shorthands, and a cancellable wait.
#pragma once

#include <chrono>
#include <functional>
#include <string>

#include <nlohmann/json.hpp>

#include "core/status.h"
#include "pipelines/step_type.h"
#include "store/metadata_store.h"

namespace lathe::pipelines {

nlohmann::json DatasetArtifact(const store::DatasetRecord& record);
nlohmann::json ModelArtifact(const store::ResourceRecord& record);

// The id of input `name` (an artifact with an "id"). FailedPrecondition if it is missing.
Result<std::string> InputId(const StepContext& ctx, const std::string& name);

// Property shorthands for schemas.
PropertyInfo Prop(std::string name, std::string type, std::string description,
                  bool required = false, nlohmann::json default_value = nullptr);
PortInfo Port(std::string name, std::string_view type, bool required = true);

// The property as a string ("" when absent or null).
std::string StringProp(const StepContext& ctx, const std::string& name);

// A dataset name for a step's output: the `output_name` property, else
// "<pipeline>-<step>[-suffix]".
std::string OutputName(const StepContext& ctx, const std::string& suffix = "");

// Polls `done` every `interval` until it returns true (OK), returns an error, or the run is
// cancelled (Cancelled). `done` may report progress.
Status PollUntil(const StepContext& ctx, std::chrono::milliseconds interval,
                 const std::function<Result<bool>()>& done);

}  // namespace lathe::pipelines
