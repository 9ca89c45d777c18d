// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// TransformService: batch transform jobs ("transform_job" resources, docs/api/deploy.md "Batch
// transform"). Submit resolves the model and the dataset and checks that the dataset has every
// column the model needs (so bad input is a 400, not a failed job), then queues the job on a
// JobRunner. The job runs the model over the dataset in chunks of batch_rows rows, appending each
// chunk's predictions to a CSV file in the scratch directory as it goes (RunBatchTransform), then
// ingests that file as a new dataset version whose lineage names the model and the input dataset.
// Progress {rows_done, rows_total} is stored after every chunk. States as training jobs: Pending
// -> InProgress -> Completed | Failed | Stopped (InProgress -> Stopping -> Stopped on cancel),
// every transition a compare-and-set. Knows nothing of HTTP. Thread-safe.
//
//   TransformService transforms(*stores.metadata, *datasets, *models, {.scratch_dir = spool});
//   LATHE_ASSIGN_OR_RETURN(size_t interrupted, transforms.Recover());  // once, at start-up
//   TransformRequest req;
//   req.model = "iris-species:2"; req.dataset = "iris"; req.include_input = true;
//   LATHE_ASSIGN_OR_RETURN(store::ResourceRecord job, transforms.Submit(req));
#pragma once

#include <atomic>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/status.h"
#include "datasets/dataset_service.h"
#include "jobs/job_runner.h"
#include "jobs/model_service.h"
#include "store/metadata_store.h"

namespace lathe::jobs {

inline constexpr std::string_view kTransformJobKind = "transform_job";
inline constexpr std::string_view kTransformJobIdPrefix = "tjob";
inline constexpr size_t kDefaultBatchRows = 10000;
inline constexpr size_t kMaxBatchRows = 1000000;

struct TransformRequest {
  std::string model;            // model id, name (latest version) or "name:version"
  std::string dataset;          // dataset id, name (latest version) or "name:version"
  std::string output_name;      // output dataset name; "" = "<dataset name>-predictions"
  bool include_input = false;   // input columns first in the output
  size_t batch_rows = kDefaultBatchRows;  // rows per model call, 1..kMaxBatchRows
};

struct TransformServiceOptions {
  int concurrent_jobs = 1;  // jobs running at once
  // Where the output CSV grows before it moves into the artifact store: must be on the store's
  // file system (the spool directory). Empty = the system temp directory.
  std::string scratch_dir;
};

class TransformService {
 public:
  TransformService(store::MetadataStore& metadata, datasets::DatasetService& datasets,
                   ModelService& models, TransformServiceOptions options = {});
  // Shutdown().
  ~TransformService();
  TransformService(const TransformService&) = delete;
  TransformService& operator=(const TransformService&) = delete;

  // Marks jobs a previous process left Pending / InProgress as Failed (kInterruptedReason) and
  // Stopping ones as Stopped. Call once at start-up, before Submit. Returns how many.
  Result<size_t> Recover();

  // Validates and queues a job; returns it (state Pending). NotFound naming the model or the
  // dataset; InvalidArgument naming the field (details.field) for batch_rows out of range, a bad
  // output name, or naming the column (details.column) the dataset lacks or that clashes with a
  // prediction column under include_input. Unavailable after Shutdown.
  Result<store::ResourceRecord> Submit(const TransformRequest& request);

  Result<store::ResourceRecord> Get(std::string_view id);
  Result<std::vector<store::ResourceRecord>> List(const store::ResourceListOptions& options);
  Result<int64_t> Count(const store::ResourceListOptions& options);

  // Cancels a job: a queued one ends Stopped at once, a running one moves to Stopping and ends
  // Stopped after its current chunk. Returns the job after the change. FailedPrecondition naming
  // the state when it has already ended.
  Result<store::ResourceRecord> Stop(std::string_view id);

  // Stops accepting jobs; running jobs are cancelled and marked Failed ("interrupted by a server
  // shutdown"); queued jobs stay Pending for Recover() at the next start. Idempotent.
  void Shutdown();

 private:
  struct Job;
  struct Resolved;
  Result<Resolved> Resolve(const TransformRequest& request);
  void Run(const std::shared_ptr<Job>& job, const std::atomic<bool>& cancel);
  // The chunked run and the ingest of its output; returns the output dataset.
  Result<store::DatasetRecord> Execute(Job& job, const std::atomic<bool>& cancel);
  void Finish(Job& job, std::string_view state, const std::string& reason);
  Result<store::ResourceRecord> WriteBody(Job& job, std::optional<std::string_view> state,
                                          std::vector<std::string> expected);

  store::MetadataStore& metadata_;
  datasets::DatasetService& datasets_;
  ModelService& models_;
  TransformServiceOptions options_;

  std::mutex mu_;
  std::map<std::string, std::shared_ptr<Job>> active_;  // GUARDED_BY(mu_)
  bool shutting_down_ = false;                          // GUARDED_BY(mu_)

  JobRunner runner_;  // last: its threads stop before the members they use are destroyed
};

}  // namespace lathe::jobs
