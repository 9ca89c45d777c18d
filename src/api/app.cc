// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "api/app.h"

#include <filesystem>

#include "core/logging.h"
#include "pipelines/steps/builtin_steps.h"

namespace lathe::api {

Result<std::unique_ptr<App>> OpenApp(const AppConfig& config) {
  auto app = std::make_unique<App>();
  app->config = config;
  LATHE_ASSIGN_OR_RETURN(app->stores, store::OpenEmbeddedStores({config.data_dir}));
  LATHE_ASSIGN_OR_RETURN(app->keys, auth::KeyService::Open(*app->stores.metadata,
                                                           config.data_dir + "/keys"));
  // Spool files belong to uploads that were cut off when the previous process died.
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(app->stores.spool_dir, ec)) {
    std::filesystem::remove(entry.path(), ec);
  }
  datasets::DatasetServiceOptions dataset_options;
  dataset_options.scratch_dir = app->stores.spool_dir;
  app->datasets = std::make_unique<datasets::DatasetService>(
      *app->stores.metadata, *app->stores.artifacts, dataset_options);
  Result<size_t> orphans = app->datasets->CollectOrphans();
  if (!orphans.ok()) {
    LogWarn("", "artifact garbage collection failed: " + orphans.status().ToString());
  } else if (*orphans > 0) {
    LogInfo("", "removed " + std::to_string(*orphans) + " orphaned artifact files");
  }
  app->models = std::make_unique<jobs::ModelService>(*app->stores.metadata, *app->stores.artifacts);
  app->endpoints = std::make_unique<serving::EndpointService>(
      *app->stores.metadata, *app->models, config.data_dir + "/capture");
  // Endpoints that were serving come back (their models load in the background).
  LATHE_RETURN_IF_ERROR(app->endpoints->Recover());
  app->training = std::make_unique<jobs::TrainingService>(
      *app->stores.metadata, *app->stores.artifacts, *app->datasets);
  LATHE_ASSIGN_OR_RETURN(size_t interrupted, app->training->Recover());
  if (interrupted > 0) {
    LogWarn("", std::to_string(interrupted) + " training job(s) were interrupted by the previous "
                "process and are now marked failed");
  }
  jobs::TransformServiceOptions transform_options;
  transform_options.scratch_dir = app->stores.spool_dir;
  app->transforms = std::make_unique<jobs::TransformService>(
      *app->stores.metadata, *app->datasets, *app->models, transform_options);
  LATHE_ASSIGN_OR_RETURN(size_t transforms_interrupted, app->transforms->Recover());
  if (transforms_interrupted > 0) {
    LogWarn("", std::to_string(transforms_interrupted) + " transform job(s) were interrupted by "
                "the previous process and are now marked failed");
  }
  const pipelines::BuiltinServices services{.datasets = app->datasets.get(),
                                            .training = app->training.get(),
                                            .models = app->models.get(),
                                            .endpoints = app->endpoints.get(),
                                            .transforms = app->transforms.get(),
                                            .import_dir = config.data_dir + "/imports"};
  app->step_types = std::make_unique<pipelines::StepRegistry>();
  LATHE_RETURN_IF_ERROR(pipelines::RegisterBuiltinSteps(*app->step_types, services));
  pipelines::PipelineServiceOptions pipeline_options;
  pipeline_options.execution.artifact_exists = pipelines::BuiltinArtifactCheck(services);
  app->pipelines = std::make_unique<pipelines::PipelineService>(*app->stores.metadata,
                                                                *app->step_types, pipeline_options);
  LATHE_ASSIGN_OR_RETURN(size_t resumed, app->pipelines->Recover());
  if (resumed > 0) {
    LogInfo("", "resumed " + std::to_string(resumed) + " pipeline run(s) left executing by the "
                "previous process");
  }
  return app;
}

}  // namespace lathe::api
