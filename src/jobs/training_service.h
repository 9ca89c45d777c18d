// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// TrainingService: AutoML training jobs as durable resources. Submit validates a request against
// the dataset right away (so bad input is a 400, not a failed job) and queues the job; a
// background JobRunner then loads the data, applies the recipe, holds out a stratified test
// split, runs AutoML with its events streamed into the job's EventLog, evaluates the final model
// on the test split and stores it as a "model" resource (bundle bytes in the ArtifactStore).
// Job states follow SageMaker's AutoML job statuses: Pending -> InProgress -> Completed | Failed
// | Stopped (InProgress -> Stopping -> Stopped when cancelled); every transition is a
// compare-and-set on the stored state. The event log is saved as a JSON Lines artifact when the
// job ends, so it can be replayed after a restart. Knows nothing of HTTP. Thread-safe.
//
//   TrainingService training(*stores.metadata, *stores.artifacts, *datasets);
//   LATHE_ASSIGN_OR_RETURN(size_t interrupted, training.Recover());  // once, at start-up
//   TrainingRequest req;
//   req.dataset = "iris"; req.target = "species"; req.budget_seconds = 15;
//   LATHE_ASSIGN_OR_RETURN(store::ResourceRecord job, training.Submit(req));
//   LATHE_ASSIGN_OR_RETURN(auto log, training.Events(job.id));  // live events
#pragma once

#include <chrono>
#include <cstdint>
#include <deque>
#include <map>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "automl/options.h"
#include "core/status.h"
#include "datasets/dataset_service.h"
#include "jobs/event_log.h"
#include "jobs/job_runner.h"
#include "prep/operation.h"
#include "store/artifact_store.h"
#include "store/metadata_store.h"

namespace lathe::jobs {

struct TrainingOutcome;

inline constexpr std::string_view kJobKind = "training_job";
inline constexpr std::string_view kModelKind = "model";

// Job states (as SageMaker AutoMLJobStatus).
inline constexpr std::string_view kStatePending = "Pending";
inline constexpr std::string_view kStateInProgress = "InProgress";
inline constexpr std::string_view kStateStopping = "Stopping";
inline constexpr std::string_view kStateCompleted = "Completed";
inline constexpr std::string_view kStateFailed = "Failed";
inline constexpr std::string_view kStateStopped = "Stopped";
// Completed, Failed or Stopped.
bool IsTerminalState(std::string_view state);

// The reason Recover() gives jobs that a dead process left unfinished.
inline constexpr std::string_view kInterruptedReason = "interrupted by a server restart";

struct TrainingRequest {
  std::string dataset;                       // dataset id or name
  std::optional<int> version;                // of a named dataset; unset = latest
  std::string target;                        // target column (after the recipe)
  std::string problem_type;                  // "binary" | "multiclass" | "regression"; "" = detect
  std::string metric;                        // metrics registry name; "" = the problem's default
  double budget_seconds = 60;                // wall-clock budget of the AutoML search
  std::vector<std::string> algorithms;       // learner names; empty = all that fit
  std::vector<std::string> exclude_columns;  // never used as features
  nlohmann::json recipe;                     // prep recipe {"steps": [...]}; null = none
  uint64_t seed = 42;                        // split, folds and learners
  double test_fraction = 0.2;                // held-out test share, [0.05, 0.5]
  std::string model_name;                    // "" = "<dataset name>-<target>"
  int max_trials = 0;                        // stop after this many trials (0 = budget only)
  // The final model's estimated ms per 1,000 rows; 0 = none.
  double predict_limit_ms = automl::kDefaultPredictLimitMs;
};

// The request as stored in the job ({"dataset", "target", ...}; absent optionals omitted).
nlohmann::json TrainingRequestToJson(const TrainingRequest& request);

struct TrainingServiceOptions {
  int concurrent_jobs = 1;  // jobs running at once (AutoML already uses both cores)
  int learner_threads = 2;  // threads each learner may use
  double max_budget_seconds = 3600;
  size_t cached_logs = 32;  // finished jobs whose event logs stay in memory
  std::chrono::milliseconds progress_interval{1000};  // job body updates at most this often
};

class TrainingService {
 public:
  TrainingService(store::MetadataStore& metadata, store::ArtifactStore& artifacts,
                  datasets::DatasetService& datasets, TrainingServiceOptions options = {});
  // Shutdown().
  ~TrainingService();
  TrainingService(const TrainingService&) = delete;
  TrainingService& operator=(const TrainingService&) = delete;

  // Marks jobs that a previous process left Pending / InProgress as Failed (kInterruptedReason),
  // and Stopping ones as Stopped. Call once at start-up, before Submit. Returns how many.
  Result<size_t> Recover();

  // Validates and queues a job; returns it (state Pending). InvalidArgument naming the field
  // (details.field) for a bad request: unknown target or excluded column, constant / all-null
  // target, budget <= 0 or above the maximum, unknown metric or one that does not fit the
  // problem, unknown algorithm, a recipe that fails, too few rows. NotFound for the dataset.
  Result<store::ResourceRecord> Submit(const TrainingRequest& request);

  Result<store::ResourceRecord> Get(std::string_view id);
  Result<std::vector<store::ResourceRecord>> List(const store::ResourceListOptions& options);
  Result<int64_t> Count(const store::ResourceListOptions& options);

  // Cancels a job: a queued one ends Stopped at once, a running one moves to Stopping and ends
  // Stopped within a second or two. With `keep_best` a running job's search ends instead (the
  // running trial is stopped), its best model(s) are refit, evaluated and saved, and the job ends
  // Stopped with a model_id (as SageMaker's StopAutoMLJob keeps the finished candidates).
  // Returns the job after the change. FailedPrecondition (409) naming the state when it has
  // already ended.
  Result<store::ResourceRecord> Stop(std::string_view id, bool keep_best = false);

  // The job's event log: live while it runs, else replayed from its artifact. A job that
  // ended without a saved log (a crash) gets a closed log with one synthetic "job_finished".
  Result<std::shared_ptr<const EventLog>> Events(std::string_view id);

  // The leaderboard: the final one (with the ensemble) for a completed job, else the trials so
  // far from the event log. {"metric", "higher_is_better", "entries": [...]}.
  Result<nlohmann::json> Leaderboard(std::string_view id);

  // Stops accepting jobs; running jobs are cancelled and marked Failed ("interrupted by a server
  // shutdown"); queued jobs stay Pending for Recover() at the next start. Idempotent.
  void Shutdown();

 private:
  struct Job;
  prep::ApplyContext ApplyContextFor(uint64_t seed);
  void Run(const std::shared_ptr<Job>& job, const std::atomic<bool>& cancel);
  // Forwards an AutoML event into the log and the job's progress (stored at most once a
  // progress_interval).
  void OnEvent(Job& job, const nlohmann::json& event);
  // Bundle and leaderboard into the artifact store, then the "model" resource.
  Status SaveModel(Job& job, const TrainingOutcome& outcome);
  // Final state, artifacts and the job_finished event; closes the log.
  void Finish(Job& job, std::string_view state, const std::string& reason);
  // Writes job.body (state unchanged unless `state`), CAS against `expected`.
  Result<store::ResourceRecord> WriteBody(Job& job, std::optional<std::string_view> state,
                                          std::vector<std::string> expected);
  void Forget(const std::string& id);  // moves a finished job's log to the LRU cache
  std::shared_ptr<EventLog> FindLog(const std::string& id);

  store::MetadataStore& metadata_;
  store::ArtifactStore& artifacts_;
  datasets::DatasetService& datasets_;
  TrainingServiceOptions options_;

  std::mutex mu_;
  std::map<std::string, std::shared_ptr<Job>> active_;                  // GUARDED_BY(mu_)
  std::deque<std::pair<std::string, std::shared_ptr<EventLog>>> done_;  // GUARDED_BY(mu_)
  bool shutting_down_ = false;                                          // GUARDED_BY(mu_)

  JobRunner runner_;  // last: its threads stop before the members they use are destroyed
};

}  // namespace lathe::jobs
