// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// App: what the HTTP handlers can reach — the stores, the services and the server settings.
// Built once by RunServe, outlives the HTTP server; members are themselves thread-safe.
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <string>

#include "auth/key_service.h"
#include "datasets/dataset_service.h"
#include "jobs/model_service.h"
#include "jobs/training_service.h"
#include "jobs/transform_service.h"
#include "pipelines/pipeline_service.h"
#include "pipelines/step_type.h"
#include "serving/endpoint_service.h"
#include "store/store_factory.h"

namespace lathe::api {

struct AppConfig {
  std::string data_dir = "./lathe-data";
  uint64_t max_upload_bytes = uint64_t{2} << 30;  // 2 GiB
  std::string web_dir;  // serve the studio from here instead of the embedded copy
  // Polly synthesis tasks and Textract asynchronous jobs (records, outputs, results) finished
  // longer ago than this are deleted; 0 keeps them for ever.
  int64_t task_retention_seconds = 7 * 24 * 3600;
};

struct App {
  AppConfig config;
  store::Stores stores;
  std::unique_ptr<datasets::DatasetService> datasets;
  std::unique_ptr<jobs::ModelService> models;
  std::unique_ptr<serving::EndpointService> endpoints;  // after models: it holds their pointers
  // Declared after what it uses: destroyed (its running jobs stopped) before them.
  std::unique_ptr<jobs::TrainingService> training;
  // Batch transform jobs; uses datasets and models, so declared (and destroyed) after them.
  std::unique_ptr<jobs::TransformService> transforms;
  std::unique_ptr<auth::KeyService> keys;  // API keys (docs/api/deploy.md, "Access")
  // Pipelines drive every service above, so they are declared last: destroyed first, their
  // running steps are cancelled and left to resume before the services they use go away.
  std::unique_ptr<pipelines::StepRegistry> step_types;
  std::unique_ptr<pipelines::PipelineService> pipelines;
  std::atomic<bool> ready{false};
};

// Opens the stores under config.data_dir, removes what an interrupted run left behind (spool
// files, orphaned artifacts), builds the services and marks training jobs that the previous
// process left unfinished as failed (never left "running").
Result<std::unique_ptr<App>> OpenApp(const AppConfig& config);

}  // namespace lathe::api
