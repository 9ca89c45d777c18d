// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// The step types Lathe ships (docs/api/pipelines.md, "Step types"), each a thin adapter over the
// service that does the work: datasets, prep recipes and SQL, training jobs, models, endpoints,
// batch transform. Registered once at start-up; the services must outlive the registry's use.
//
//   StepRegistry registry;
//   LATHE_RETURN_IF_ERROR(RegisterBuiltinSteps(registry, {.datasets = ..., ...}));
#pragma once

#include "core/status.h"
#include "datasets/dataset_service.h"
#include "jobs/model_service.h"
#include "jobs/training_service.h"
#include "jobs/transform_service.h"
#include "pipelines/run_execution.h"
#include "pipelines/step_type.h"
#include "serving/endpoint_service.h"

namespace lathe::pipelines {

struct BuiltinServices {
  datasets::DatasetService* datasets = nullptr;
  jobs::TrainingService* training = nullptr;
  jobs::ModelService* models = nullptr;
  serving::EndpointService* endpoints = nullptr;
  jobs::TransformService* transforms = nullptr;
  // The only directory a Dataset step's `path` may read from (a pipeline must not read any file
  // the server can: /etc/passwd would become a dataset). Empty = `path` is refused.
  std::string import_dir;
};

Status RegisterBuiltinSteps(StepRegistry& registry, const BuiltinServices& services);
// Cached outputs are reused only while their datasets and models still exist.
ArtifactCheck BuiltinArtifactCheck(const BuiltinServices& services);

// Per group (one file each).
Status RegisterDataSteps(StepRegistry& registry, const BuiltinServices& services);
Status RegisterModelSteps(StepRegistry& registry, const BuiltinServices& services);
Status RegisterDeploySteps(StepRegistry& registry, const BuiltinServices& services);
Status RegisterControlSteps(StepRegistry& registry);

}  // namespace lathe::pipelines
