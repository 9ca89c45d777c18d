// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "pipelines/steps/step_util.h"

#include <thread>

namespace lathe::pipelines {

using nlohmann::json;

json DatasetArtifact(const store::DatasetRecord& record) {
  return {{"type", kDatasetArtifact}, {"id", record.id},     {"name", record.name},
          {"version", record.version}, {"rows", record.rows}};
}

json ModelArtifact(const store::ResourceRecord& record) {
  return {{"type", kModelArtifact}, {"id", record.id}, {"name", record.name},
          {"version", record.version}};
}

Result<std::string> InputId(const StepContext& ctx, const std::string& name) {
  auto it = ctx.inputs().find(name);
  if (it == ctx.inputs().end() || !it->second.is_object() || !it->second.contains("id")) {
    return FailedPreconditionError("input '" + name + "' has no artifact (its step gave none)");
  }
  return it->second["id"].get<std::string>();
}

PropertyInfo Prop(std::string name, std::string type, std::string description, bool required,
                  json default_value) {
  PropertyInfo p;
  p.name = std::move(name);
  p.type = std::move(type);
  p.description = std::move(description);
  p.required = required;
  p.default_value = std::move(default_value);
  return p;
}

PortInfo Port(std::string name, std::string_view type, bool required) {
  return PortInfo{std::move(name), std::string(type), required};
}

std::string StringProp(const StepContext& ctx, const std::string& name) {
  const json& p = ctx.properties();
  if (!p.contains(name) || !p[name].is_string()) return "";
  return p[name].get<std::string>();
}

std::string OutputName(const StepContext& ctx, const std::string& suffix) {
  std::string name = StringProp(ctx, "output_name");
  if (name.empty()) name = ctx.pipeline_name() + "-" + ctx.step_id();
  if (!suffix.empty()) name += "-" + suffix;
  return name;
}

Status PollUntil(const StepContext& ctx, std::chrono::milliseconds interval,
                 const std::function<Result<bool>()>& done) {
  while (true) {
    LATHE_ASSIGN_OR_RETURN(bool finished, done());
    if (finished) return Status::Ok();
    for (auto waited = std::chrono::milliseconds(0); waited < interval;
         waited += std::chrono::milliseconds(50)) {
      if (ctx.cancelled()) return CancelledError("the run was stopped");
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
    }
  }
}

}  // namespace lathe::pipelines
