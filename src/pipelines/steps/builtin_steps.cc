// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "pipelines/steps/builtin_steps.h"

namespace lathe::pipelines {

Status RegisterBuiltinSteps(StepRegistry& registry, const BuiltinServices& services) {
  LATHE_RETURN_IF_ERROR(RegisterDataSteps(registry, services));
  LATHE_RETURN_IF_ERROR(RegisterModelSteps(registry, services));
  LATHE_RETURN_IF_ERROR(RegisterDeploySteps(registry, services));
  return RegisterControlSteps(registry);
}

ArtifactCheck BuiltinArtifactCheck(const BuiltinServices& services) {
  return [services](const nlohmann::json& artifact) {
    const std::string type = artifact.value("type", "");
    const std::string id = artifact.value("id", "");
    if (type == kDatasetArtifact) return services.datasets->Get(id).ok();
    if (type == kModelArtifact) return services.models->Get(id).ok();
    return true;
  };
}

}  // namespace lathe::pipelines
