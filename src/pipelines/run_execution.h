// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// RunExecution: executes one pipeline run. Steps start as soon as everything upstream of them is
// done, up to `parallel_steps` at a time, each on its own thread; a failed step (after its
// retries) skips what depends on it while independent branches go on; a Condition's result skips
// the branch not taken. Every state change is written to the run's stored document at once
// (compare-and-set on the run state), logs and progress at most once a second, so a restart can
// resume from the stored document: completed steps keep their outputs, interrupted ones run again.
// Cacheable steps look up an earlier identical step (same type, resolved properties and input
// artifacts) first. The run's events go to an EventLog for live streams.
//
// Used by PipelineService, which owns threads and lifetimes; Execute() blocks until the run ends
// (or the process shuts down). Stop() and Shutdown() may be called from any thread.
#pragma once

#include <atomic>
#include <chrono>
#include <condition_variable>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/status.h"
#include "jobs/event_log.h"
#include "pipelines/pipeline_spec.h"
#include "pipelines/step_type.h"
#include "store/metadata_store.h"

namespace lathe::pipelines {

inline constexpr std::string_view kPipelineKind = "pipeline";
inline constexpr std::string_view kRunKind = "pipeline_run";
inline constexpr std::string_view kCacheKind = "pipeline_cache";

// Run states (SageMaker PipelineExecutionStatus).
inline constexpr std::string_view kRunExecuting = "Executing";
inline constexpr std::string_view kRunStopping = "Stopping";
inline constexpr std::string_view kRunStopped = "Stopped";
inline constexpr std::string_view kRunSucceeded = "Succeeded";
inline constexpr std::string_view kRunFailed = "Failed";
bool IsTerminalRunState(std::string_view state);

// Step states.
inline constexpr std::string_view kStepPending = "Pending";
inline constexpr std::string_view kStepRunning = "Running";
inline constexpr std::string_view kStepSucceeded = "Succeeded";
inline constexpr std::string_view kStepFailed = "Failed";
inline constexpr std::string_view kStepSkipped = "Skipped";
inline constexpr std::string_view kStepCached = "Cached";
inline constexpr std::string_view kStepStopped = "Stopped";

// True if a cached output's artifacts still exist (datasets and models not deleted).
using ArtifactCheck = std::function<bool(const nlohmann::json& artifact)>;

struct ExecutionOptions {
  int parallel_steps = 2;
  size_t max_log_lines = 1000;  // per step; older lines are dropped
  std::chrono::milliseconds persist_interval{1000};
  ArtifactCheck artifact_exists;  // null = cached artifacts are trusted
};

class RunExecution {
 public:
  // `run` is the stored run (kRunKind) whose body holds pipeline, parameters and steps.
  RunExecution(store::MetadataStore& metadata, const StepRegistry& registry,
               ValidatedPipeline pipeline, store::ResourceRecord run, ExecutionOptions options);
  ~RunExecution();
  RunExecution(const RunExecution&) = delete;
  RunExecution& operator=(const RunExecution&) = delete;

  // Runs the remaining steps and writes the final state. Returns the final run state, or
  // "Executing" when Shutdown() interrupted it (the stored run can then be resumed).
  std::string Execute();
  void Stop();      // the user asked: running steps are cancelled, the run ends Stopped
  void Shutdown();  // the process is going away: steps are cancelled and left to resume

  const std::string& run_id() const { return run_id_; }
  std::shared_ptr<jobs::EventLog> events() const { return events_; }
  // The run document as it is now (also between persists).
  nlohmann::json Snapshot() const;

 private:
  class Context;
  friend class Context;

  void ScheduleLocked(std::vector<std::string>& to_start);
  void RunStep(const std::string& id);
  Result<nlohmann::json> Attempt(const std::string& id, const StepType& type,
                                 const nlohmann::json& properties,
                                 const std::map<std::string, nlohmann::json>& inputs);
  Result<nlohmann::json> ResolveProperties(const StepSpec& spec, const StepType& type);
  std::map<std::string, nlohmann::json> InputsOf(const StepSpec& spec);
  std::string CacheKey(const StepSpec& spec, const nlohmann::json& properties,
                       const std::map<std::string, nlohmann::json>& inputs) const;
  std::optional<nlohmann::json> CacheLookup(const std::string& key, std::string* from_run);
  void CacheStore(const std::string& key, const StepSpec& spec, const nlohmann::json& outputs);

  void SetStepStateLocked(const std::string& id, std::string_view state, nlohmann::json extra);
  void AppendLogLocked(const std::string& id, std::string line);
  void PersistLocked(std::optional<std::string_view> run_state);
  void MaybePersistLocked();

  store::MetadataStore& metadata_;
  const StepRegistry& registry_;
  const ValidatedPipeline pipeline_;
  const std::string run_id_;
  const ExecutionOptions options_;
  std::shared_ptr<jobs::EventLog> events_;

  mutable std::mutex mu_;
  std::condition_variable cv_;
  nlohmann::json doc_;                 // GUARDED_BY(mu_): the run body
  std::string state_;                  // GUARDED_BY(mu_): the stored run state
  std::map<std::string, nlohmann::json> outputs_;  // GUARDED_BY(mu_): completed steps' outputs
  int running_ = 0;                    // GUARDED_BY(mu_)
  bool dirty_ = false;                 // GUARDED_BY(mu_)
  std::chrono::steady_clock::time_point last_persist_;  // GUARDED_BY(mu_)
  std::vector<std::thread> threads_;   // GUARDED_BY(mu_)
  std::atomic<bool> cancel_{false};    // raised for steps on Stop or Shutdown
  std::atomic<bool> stop_requested_{false};
  std::atomic<bool> shutting_down_{false};
};

}  // namespace lathe::pipelines
