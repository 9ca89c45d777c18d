// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// PipelineService: pipelines as versioned documents (kind "pipeline", versions per name) and
// their runs (kind "pipeline_run", named after the pipeline so a pipeline's runs are numbered).
// A run is validated and bound to its parameter values when it starts, then executed by a
// RunExecution on the service's run threads. Recover() resumes the runs a dead process left
// Executing. Knows nothing of HTTP. Thread-safe.
//
//   PipelineService pipelines(metadata, registry, {});
//   LATHE_ASSIGN_OR_RETURN(size_t resumed, pipelines.Recover());
//   LATHE_ASSIGN_OR_RETURN(auto p, pipelines.Create(document, ""));
//   LATHE_ASSIGN_OR_RETURN(auto run, pipelines.StartRun(p, {{"min_accuracy", 0.9}}, true));
#pragma once

#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/status.h"
#include "jobs/event_log.h"
#include "jobs/job_runner.h"
#include "pipelines/pipeline_spec.h"
#include "pipelines/run_execution.h"
#include "pipelines/step_type.h"
#include "store/metadata_store.h"

namespace lathe::pipelines {

struct PipelineServiceOptions {
  int concurrent_runs = 2;
  ExecutionOptions execution;
};

class PipelineService {
 public:
  PipelineService(store::MetadataStore& metadata, const StepRegistry& registry,
                  PipelineServiceOptions options = {});
  ~PipelineService();  // Shutdown()
  PipelineService(const PipelineService&) = delete;
  PipelineService& operator=(const PipelineService&) = delete;

  const StepRegistry& registry() const { return registry_; }
  ValidationResult Validate(const nlohmann::json& document, bool require_name = true) const;

  // Validates and stores `document` as a new version of its name (`name` overrides the
  // document's). InvalidArgument with every problem in details.errors.
  Result<store::ResourceRecord> Create(nlohmann::json document, const std::string& name);
  Result<store::ResourceRecord> Get(std::string_view id_or_name,
                                    std::optional<int> version = std::nullopt);
  // The latest version of each pipeline, newest first.
  Result<std::vector<store::ResourceRecord>> ListLatest(int limit, int offset, int64_t* total);
  // Every version of a pipeline (its runs stay).
  Status Delete(std::string_view id_or_name);

  // Binds `parameters` (BindParameters) and queues the run. `cache` false: no step is looked up
  // in the cache.
  Result<store::ResourceRecord> StartRun(const store::ResourceRecord& pipeline,
                                         const nlohmann::json& parameters, bool cache);
  // The stored run; for a run executing here, its live document (fresher than the store).
  Result<store::ResourceRecord> GetRun(std::string_view id);
  Result<std::vector<store::ResourceRecord>> ListRuns(const store::ResourceListOptions& options);
  Result<int64_t> CountRuns(const store::ResourceListOptions& options);
  // Stops a queued or executing run. FailedPrecondition for a run that already ended.
  Result<store::ResourceRecord> StopRun(std::string_view id);
  // Runs a Failed or Stopped run again from where it ended (SageMaker's RetryPipelineExecution):
  // its Failed, Stopped and Skipped steps go back to Pending, finished steps keep their outputs.
  // FailedPrecondition naming the state for a run that is executing or succeeded.
  Result<store::ResourceRecord> RetryRun(std::string_view id);
  // The live event log of a run executing here, or nullptr.
  std::shared_ptr<const jobs::EventLog> RunEvents(std::string_view id);

  // Resumes every run left Executing; runs left Stopping become Stopped. Once, at start-up.
  Result<size_t> Recover();
  // Cancels running steps and leaves their runs Executing (resumed by the next Recover).
  void Shutdown();

 private:
  Status Launch(const store::ResourceRecord& run);
  Result<ValidatedPipeline> PipelineOfRun(const nlohmann::json& run_body);

  store::MetadataStore& metadata_;
  const StepRegistry& registry_;
  PipelineServiceOptions options_;
  jobs::JobRunner runner_;

  std::mutex mu_;
  std::map<std::string, std::shared_ptr<RunExecution>> active_;  // GUARDED_BY(mu_)
  bool shutting_down_ = false;                                   // GUARDED_BY(mu_)
};

// The pipeline JSON the API answers: {id, name, version, created_at, description, spec, ...}.
nlohmann::json PipelineToJson(const store::ResourceRecord& record);
// The run JSON the API answers (without the steps' logs unless `with_logs`).
nlohmann::json RunToJson(const store::ResourceRecord& record, bool with_logs = false);

}  // namespace lathe::pipelines
