// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "pipelines/pipeline_service.h"

#include <set>

#include "core/clock.h"
#include "core/logging.h"

namespace lathe::pipelines {
namespace {

using nlohmann::json;

json ParseBody(const store::ResourceRecord& record) {
  json body = json::parse(record.body_json, nullptr, false);
  return body.is_object() ? body : json::object();
}

}  // namespace

json PipelineToJson(const store::ResourceRecord& record) {
  json body = ParseBody(record);
  json spec = body.value("spec", json::object());
  return {{"id", record.id},
          {"name", record.name},
          {"version", record.version},
          {"created_at", record.created_at},
          {"description", spec.value("description", "")},
          {"step_count", spec.contains("steps") ? spec["steps"].size() : 0},
          {"spec", spec}};
}

json RunToJson(const store::ResourceRecord& record, bool with_logs) {
  json body = ParseBody(record);
  json out = {{"id", record.id},
              {"number", record.version},
              {"state", record.state},
              {"created_at", record.created_at},
              {"updated_at", record.updated_at}};
  for (const char* key : {"pipeline", "parameters", "cache", "order", "started_at", "ended_at",
                          "failure_reason", "steps"}) {
    out[key] = body.contains(key) ? body[key] : json(nullptr);
  }
  out["retries"] = body.value("retries", 0);
  if (!with_logs && out["steps"].is_object()) {
    for (auto& [id, step] : out["steps"].items()) {
      if (step.contains("log")) {
        step["log_lines"] = step["log"].size();
        step.erase("log");
      }
    }
  }
  return out;
}

PipelineService::PipelineService(store::MetadataStore& metadata, const StepRegistry& registry,
                                 PipelineServiceOptions options)
    : metadata_(metadata), registry_(registry), options_(std::move(options)),
      runner_(std::max(1, options_.concurrent_runs)) {}

PipelineService::~PipelineService() { Shutdown(); }

ValidationResult PipelineService::Validate(const json& document, bool require_name) const {
  return ValidatePipeline(document, registry_, require_name);
}

Result<store::ResourceRecord> PipelineService::Create(json document, const std::string& name) {
  if (!name.empty()) {
    if (!document.is_object()) return ValidationStatus({{"", "a pipeline is an object"}});
    document["name"] = name;
  }
  ValidationResult v = Validate(document);
  if (!v.ok()) return ValidationStatus(v.errors);
  store::ResourceRecord record;
  record.kind = std::string(kPipelineKind);
  record.name = v.pipeline->spec.name;
  record.state = "Active";
  record.body_json = json{{"spec", document}}.dump();
  return metadata_.CreateResource(std::move(record), "pl");
}

Result<store::ResourceRecord> PipelineService::Get(std::string_view id_or_name,
                                                   std::optional<int> version) {
  return metadata_.GetResource(kPipelineKind, id_or_name, version);
}

Result<std::vector<store::ResourceRecord>> PipelineService::ListLatest(int limit, int offset,
                                                                       int64_t* total) {
  // Versions come newest first: the first record of each name is its latest version.
  std::vector<store::ResourceRecord> latest;
  std::set<std::string> seen;
  for (int page = 0;; ++page) {
    store::ResourceListOptions o;
    o.limit = 1000;
    o.offset = page * 1000;
    LATHE_ASSIGN_OR_RETURN(auto records, metadata_.ListResources(kPipelineKind, o));
    for (auto& r : records) {
      if (seen.insert(r.name).second) latest.push_back(std::move(r));
    }
    if (records.size() < 1000) break;
  }
  *total = static_cast<int64_t>(latest.size());
  std::vector<store::ResourceRecord> out;
  for (size_t i = static_cast<size_t>(offset); i < latest.size() && out.size() < static_cast<size_t>(limit); ++i) {
    out.push_back(std::move(latest[i]));
  }
  return out;
}

Status PipelineService::Delete(std::string_view id_or_name) {
  LATHE_ASSIGN_OR_RETURN(store::ResourceRecord one, Get(id_or_name));
  store::ResourceListOptions o;
  o.name = one.name;
  o.limit = 1000;
  LATHE_ASSIGN_OR_RETURN(auto versions, metadata_.ListResources(kPipelineKind, o));
  for (const auto& v : versions) LATHE_RETURN_IF_ERROR(metadata_.DeleteResource(kPipelineKind, v.id));
  return Status::Ok();
}

Result<ValidatedPipeline> PipelineService::PipelineOfRun(const json& run_body) {
  ValidationResult v = Validate(run_body.value("spec", json::object()));
  if (!v.ok()) return ValidationStatus(v.errors).Annotate("the run's pipeline no longer validates");
  return std::move(*v.pipeline);
}

Result<store::ResourceRecord> PipelineService::StartRun(const store::ResourceRecord& pipeline,
                                                        const json& parameters, bool cache) {
  json spec = ParseBody(pipeline).value("spec", json::object());
  ValidationResult v = Validate(spec);
  if (!v.ok()) return ValidationStatus(v.errors);
  LATHE_ASSIGN_OR_RETURN(json bound, BindParameters(v.pipeline->spec, parameters));
  json steps = json::object();
  for (const std::string& id : v.pipeline->order) {
    steps[id] = {{"type", v.pipeline->Find(id)->type}, {"state", kStepPending}};
  }
  store::ResourceRecord run;
  run.kind = std::string(kRunKind);
  run.name = pipeline.name;
  run.state = std::string(kRunExecuting);
  run.body_json = json{{"pipeline", {{"id", pipeline.id}, {"name", pipeline.name}, {"version", pipeline.version}}},
                       {"spec", spec},
                       {"parameters", bound},
                       {"cache", cache},
                       {"order", v.pipeline->order},
                       {"failure_reason", nullptr},
                       {"ended_at", nullptr},
                       {"steps", steps}}
                      .dump();
  LATHE_ASSIGN_OR_RETURN(store::ResourceRecord stored, metadata_.CreateResource(std::move(run), "run"));
  LATHE_RETURN_IF_ERROR(Launch(stored));
  return stored;
}

Status PipelineService::Launch(const store::ResourceRecord& run) {
  LATHE_ASSIGN_OR_RETURN(ValidatedPipeline pipeline, PipelineOfRun(ParseBody(run)));
  auto execution = std::make_shared<RunExecution>(metadata_, registry_, std::move(pipeline), run,
                                                  options_.execution);
  {
    std::lock_guard lock(mu_);
    if (shutting_down_) return UnavailableError("the server is shutting down");
    active_[run.id] = execution;
  }
  Status submitted = runner_.Submit(run.id, [this, execution](const std::atomic<bool>&) {
    const std::string state = execution->Execute();
    LogInfo("", "pipeline run " + execution->run_id() + " ended " + state);
    std::lock_guard lock(mu_);
    active_.erase(execution->run_id());
  });
  if (!submitted.ok()) {
    std::lock_guard lock(mu_);
    active_.erase(run.id);
  }
  return submitted;
}

Result<store::ResourceRecord> PipelineService::GetRun(std::string_view id) {
  LATHE_ASSIGN_OR_RETURN(store::ResourceRecord record, metadata_.GetResource(kRunKind, id));
  std::shared_ptr<RunExecution> live;
  {
    std::lock_guard lock(mu_);
    auto it = active_.find(record.id);
    if (it != active_.end()) live = it->second;
  }
  if (live) record.body_json = live->Snapshot().dump();
  return record;
}

Result<std::vector<store::ResourceRecord>> PipelineService::ListRuns(
    const store::ResourceListOptions& options) {
  return metadata_.ListResources(kRunKind, options);
}

Result<int64_t> PipelineService::CountRuns(const store::ResourceListOptions& options) {
  return metadata_.CountResources(kRunKind, options);
}

Result<store::ResourceRecord> PipelineService::StopRun(std::string_view id) {
  LATHE_ASSIGN_OR_RETURN(store::ResourceRecord record, metadata_.GetResource(kRunKind, id));
  if (IsTerminalRunState(record.state)) {
    return FailedPreconditionError("run '" + record.id + "' already ended " + record.state);
  }
  std::shared_ptr<RunExecution> live;
  {
    std::lock_guard lock(mu_);
    auto it = active_.find(record.id);
    if (it != active_.end()) live = it->second;
  }
  if (live) {
    live->Stop();
  } else {  // not executing in this process (should not happen after Recover): end it here
    store::ResourceUpdate u;
    u.state = std::string(kRunStopped);
    u.expected_states = {std::string(kRunExecuting), std::string(kRunStopping)};
    LATHE_ASSIGN_OR_RETURN(record, metadata_.UpdateResource(kRunKind, record.id, u));
  }
  return GetRun(record.id);
}

Result<store::ResourceRecord> PipelineService::RetryRun(std::string_view id) {
  LATHE_ASSIGN_OR_RETURN(store::ResourceRecord record, metadata_.GetResource(kRunKind, id));
  if (record.state != kRunFailed && record.state != kRunStopped) {
    return FailedPreconditionError("run '" + record.id + "' is " + record.state +
                                   ": only a Failed or Stopped run can be retried");
  }
  json body = ParseBody(record);
  const std::string now = NowRfc3339();
  for (auto& [step_id, step] : body["steps"].items()) {
    const std::string state = step.value("state", "");
    if (state != kStepFailed && state != kStepStopped && state != kStepSkipped) continue;
    step["state"] = kStepPending;
    for (const char* key : {"error", "reason", "ended_at", "started_at", "outputs", "progress"}) step.erase(key);
    if (!step.contains("log") || !step["log"].is_array()) step["log"] = json::array();
    step["log"].push_back(now.substr(11, 8) + "  retry of the run: the step runs again (it was " + state + ")");
  }
  body["failure_reason"] = nullptr;
  body["ended_at"] = nullptr;
  body["retries"] = body.value("retries", 0) + 1;
  store::ResourceUpdate u;
  u.state = std::string(kRunExecuting);
  u.body_json = body.dump();
  u.expected_states = {std::string(kRunFailed), std::string(kRunStopped)};
  LATHE_ASSIGN_OR_RETURN(store::ResourceRecord updated, metadata_.UpdateResource(kRunKind, record.id, u));
  LATHE_RETURN_IF_ERROR(Launch(updated));
  return GetRun(updated.id);
}

std::shared_ptr<const jobs::EventLog> PipelineService::RunEvents(std::string_view id) {
  std::lock_guard lock(mu_);
  auto it = active_.find(std::string(id));
  return it == active_.end() ? nullptr : it->second->events();
}

Result<size_t> PipelineService::Recover() {
  size_t resumed = 0;
  for (std::string_view state : {kRunStopping, kRunExecuting}) {
    store::ResourceListOptions o;
    o.state = std::string(state);
    o.limit = 1000;
    LATHE_ASSIGN_OR_RETURN(auto runs, metadata_.ListResources(kRunKind, o));
    // Oldest first, so runs resume in the order they started.
    for (auto it = runs.rbegin(); it != runs.rend(); ++it) {
      if (state == kRunStopping) {
        store::ResourceUpdate u;
        u.state = std::string(kRunStopped);
        u.expected_states = {std::string(kRunStopping)};
        auto stopped = metadata_.UpdateResource(kRunKind, it->id, u);
        if (!stopped.ok()) LogWarn("", "run " + it->id + ": " + stopped.status().message());
        continue;
      }
      Status launched = Launch(*it);
      if (!launched.ok()) {
        store::ResourceUpdate u;
        u.state = std::string(kRunFailed);
        json body = ParseBody(*it);
        body["failure_reason"] = "could not resume after a restart: " + launched.message();
        body["ended_at"] = NowRfc3339();
        u.body_json = body.dump();
        u.expected_states = {std::string(kRunExecuting)};
        (void)metadata_.UpdateResource(kRunKind, it->id, u);
        continue;
      }
      ++resumed;
    }
  }
  return resumed;
}

void PipelineService::Shutdown() {
  std::vector<std::shared_ptr<RunExecution>> live;
  {
    std::lock_guard lock(mu_);
    if (shutting_down_) return;
    shutting_down_ = true;
    for (auto& [id, e] : active_) live.push_back(e);
  }
  for (auto& e : live) e->Shutdown();
  runner_.Shutdown();
}

}  // namespace lathe::pipelines
