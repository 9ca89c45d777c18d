// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "pipelines/run_execution.h"

#include <algorithm>
#include <set>
#include <thread>

#include "core/clock.h"
#include "core/logging.h"
#include "core/sha256.h"
#include "pipelines/references.h"

namespace lathe::pipelines {
namespace {

using nlohmann::json;

constexpr size_t kMaxLogLineBytes = 2000;

bool IsTerminalStep(std::string_view s) {
  return s == kStepSucceeded || s == kStepCached || s == kStepFailed || s == kStepSkipped ||
         s == kStepStopped;
}

bool IsDone(std::string_view s) { return s == kStepSucceeded || s == kStepCached; }

}  // namespace

bool IsTerminalRunState(std::string_view state) {
  return state == kRunStopped || state == kRunSucceeded || state == kRunFailed;
}

// The StepContext handed to a step: forwards to the execution under its lock.
class RunExecution::Context : public StepContext {
 public:
  Context(RunExecution& run, std::string step_id, json properties,
          std::map<std::string, json> inputs)
      : run_(run), step_id_(std::move(step_id)), properties_(std::move(properties)),
        inputs_(std::move(inputs)) {}

  const std::string& pipeline_name() const override { return run_.pipeline_.spec.name; }
  const std::string& run_id() const override { return run_.run_id_; }
  const std::string& step_id() const override { return step_id_; }
  const json& properties() const override { return properties_; }
  const std::map<std::string, json>& inputs() const override { return inputs_; }
  const std::atomic<bool>& cancelled() const override { return run_.cancel_; }
  void Log(std::string line) override {
    std::lock_guard lock(run_.mu_);
    run_.AppendLogLocked(step_id_, std::move(line));
  }
  void Progress(json progress) override {
    std::lock_guard lock(run_.mu_);
    run_.doc_["steps"][step_id_]["progress"] = progress;
    progress["type"] = "progress";
    progress["step"] = step_id_;
    run_.events_->Append(std::move(progress));
    run_.dirty_ = true;
  }
  void Annotate(std::string_view key, json value) override {
    std::lock_guard lock(run_.mu_);
    run_.doc_["steps"][step_id_][std::string(key)] = std::move(value);
    run_.PersistLocked(std::nullopt);
  }

 private:
  RunExecution& run_;
  std::string step_id_;
  json properties_;
  std::map<std::string, json> inputs_;
};

RunExecution::RunExecution(store::MetadataStore& metadata, const StepRegistry& registry,
                           ValidatedPipeline pipeline, store::ResourceRecord run,
                           ExecutionOptions options)
    : metadata_(metadata), registry_(registry), pipeline_(std::move(pipeline)),
      run_id_(run.id), options_(std::move(options)), events_(std::make_shared<jobs::EventLog>()) {
  doc_ = json::parse(run.body_json, nullptr, false);
  if (!doc_.is_object()) doc_ = json::object();
  state_ = run.state;
  if (!doc_.contains("steps") || !doc_["steps"].is_object()) doc_["steps"] = json::object();
  doc_["order"] = pipeline_.order;
  for (const std::string& id : pipeline_.order) {
    json& step = doc_["steps"][id];
    if (!step.is_object()) step = json::object();
    step["type"] = pipeline_.Find(id)->type;
    const std::string state = step.value("state", "");
    if (state.empty()) {
      step["state"] = kStepPending;
    } else if (state == kStepRunning) {  // the process died while it ran
      step["state"] = kStepPending;
      step.erase("progress");
      AppendLogLocked(id, "interrupted by a server restart: running the step again");
    } else if (IsDone(state)) {
      outputs_[id] = step.value("outputs", json::object());
    }
  }
}

RunExecution::~RunExecution() {
  Shutdown();
  std::vector<std::thread> threads;
  {
    std::lock_guard lock(mu_);
    threads.swap(threads_);
  }
  for (std::thread& t : threads) t.join();
}

void RunExecution::Stop() {
  stop_requested_ = true;
  cancel_ = true;
  std::lock_guard lock(mu_);
  if (state_ == kRunExecuting) {
    PersistLocked(kRunStopping);
    events_->Append({{"type", "run"}, {"state", kRunStopping}});
  }
  cv_.notify_all();
}

void RunExecution::Shutdown() {
  shutting_down_ = true;
  cancel_ = true;
  cv_.notify_all();
}

json RunExecution::Snapshot() const {
  std::lock_guard lock(mu_);
  return doc_;
}

std::string RunExecution::Execute() {
  std::unique_lock lock(mu_);
  if (!doc_.contains("started_at")) doc_["started_at"] = NowRfc3339();
  PersistLocked(stop_requested_ ? kRunStopping : kRunExecuting);
  events_->Append({{"type", "run"}, {"state", state_}});
  while (true) {
    std::vector<std::string> to_start;
    ScheduleLocked(to_start);
    for (const std::string& id : to_start) {
      ++running_;
      threads_.emplace_back([this, id] { RunStep(id); });
    }
    if (running_ == 0 && to_start.empty()) break;
    cv_.wait_for(lock, options_.persist_interval);
    MaybePersistLocked();
  }
  std::vector<std::thread> threads;
  threads.swap(threads_);
  lock.unlock();
  for (std::thread& t : threads) t.join();
  lock.lock();

  if (shutting_down_ && !stop_requested_) {
    PersistLocked(std::nullopt);  // left Executing: Recover() resumes it
    events_->Close();
    return state_;
  }
  std::string final_state(kRunSucceeded);
  json failure = nullptr;
  if (stop_requested_) {
    final_state = kRunStopped;
  } else {
    for (const std::string& id : pipeline_.order) {
      const json& step = doc_["steps"][id];
      if (step.value("state", "") == kStepFailed) {
        final_state = kRunFailed;
        failure = "step '" + id + "' failed: " + step.value("error", std::string("unknown error"));
        break;
      }
    }
  }
  doc_["failure_reason"] = failure;
  doc_["ended_at"] = NowRfc3339();
  PersistLocked(final_state);
  json event = {{"type", "run"}, {"state", final_state}};
  if (!failure.is_null()) event["failure_reason"] = failure;
  events_->Append(std::move(event));
  events_->Close();
  return final_state;
}

void RunExecution::ScheduleLocked(std::vector<std::string>& to_start) {
  json& steps = doc_["steps"];
  for (const std::string& id : pipeline_.order) {
    if (steps[id].value("state", "") != kStepPending) continue;
    std::string skip_reason;
    bool ready = true;
    for (const std::string& up : pipeline_.upstream.at(id)) {
      const std::string s = steps[up].value("state", "");
      if (!IsTerminalStep(s)) {
        ready = false;
        break;
      }
      if (!skip_reason.empty()) continue;
      if (s == kStepFailed || s == kStepStopped) {
        skip_reason = "upstream step '" + up + "' " + (s == kStepFailed ? "failed" : "was stopped");
      } else if (s == kStepSkipped) {
        skip_reason = "upstream step '" + up + "' was skipped";
      }
    }
    if (!ready || shutting_down_) continue;
    if (skip_reason.empty() && stop_requested_) skip_reason = "the run was stopped";
    if (skip_reason.empty()) {
      auto branch = pipeline_.branch.find(id);
      if (branch != pipeline_.branch.end()) {
        const json& out = outputs_[branch->second.first];
        const bool result = out.value("result", false);
        if (result != branch->second.second) {
          skip_reason = "branch not taken: '" + branch->second.first + "' is " +
                        (result ? "true" : "false");
        }
      }
    }
    if (!skip_reason.empty()) {
      SetStepStateLocked(id, kStepSkipped, {{"reason", skip_reason}});
      continue;
    }
    if (running_ + static_cast<int>(to_start.size()) >= options_.parallel_steps) continue;
    SetStepStateLocked(id, kStepRunning, json::object());
    to_start.push_back(id);
  }
}

Result<json> RunExecution::ResolveProperties(const StepSpec& spec, const StepType& type) {
  json props = json::object();
  for (const PropertyInfo& p : type.info.properties) {
    if (!p.default_value.is_null()) props[p.name] = p.default_value;
  }
  for (const auto& [k, v] : spec.properties.items()) {
    if (!v.is_null()) props[k] = v;
  }
  const json& params = doc_["parameters"];
  ResolveScope scope{.parameters = &params, .step_outputs = &outputs_};
  LATHE_ASSIGN_OR_RETURN(json resolved, Resolve(props, scope));
  // Whole references take their value's type: check it now that it is known.
  for (const PropertyInfo& p : type.info.properties) {
    if (!resolved.contains(p.name)) continue;
    const json& v = resolved[p.name];
    if (!FitsPropertyType(v, p.type)) {
      return InvalidArgumentError("properties." + p.name + ": must be a " + p.type + ", got " +
                                  v.dump() + " after substitution");
    }
  }
  return resolved;
}

std::map<std::string, json> RunExecution::InputsOf(const StepSpec& spec) {
  std::map<std::string, json> inputs;
  for (const auto& [name, src] : spec.inputs) {
    const size_t dot = src.find('.');
    const json& outs = outputs_[src.substr(0, dot)];
    const std::string output = src.substr(dot + 1);
    inputs[name] = outs.contains(output) ? outs[output] : json(nullptr);
  }
  return inputs;
}

std::string RunExecution::CacheKey(const StepSpec& spec, const json& properties,
                                   const std::map<std::string, json>& inputs) const {
  // Per pipeline and step (as SageMaker's step caching): outputs carry names derived from them.
  json key = {{"pipeline", pipeline_.spec.name}, {"step", spec.id}, {"type", spec.type},
              {"properties", properties}, {"inputs", inputs}};
  return Sha256Hex(key.dump());
}

std::optional<json> RunExecution::CacheLookup(const std::string& key, std::string* from_run) {
  auto record = metadata_.GetResource(kCacheKind, key);
  if (!record.ok()) return std::nullopt;
  json body = json::parse(record->body_json, nullptr, false);
  if (!body.is_object() || !body.contains("outputs") || !body["outputs"].is_object()) {
    return std::nullopt;
  }
  if (options_.artifact_exists) {
    for (const auto& [name, artifact] : body["outputs"].items()) {
      if (artifact.is_object() && artifact.contains("id") && !options_.artifact_exists(artifact)) {
        return std::nullopt;
      }
    }
  }
  *from_run = body.value("run_id", "");
  return body["outputs"];
}

void RunExecution::CacheStore(const std::string& key, const StepSpec& spec, const json& outputs) {
  store::ResourceRecord record;
  record.kind = std::string(kCacheKind);
  record.name = key;
  record.body_json =
      json{{"outputs", outputs}, {"run_id", run_id_}, {"step", spec.id}, {"type", spec.type}}.dump();
  auto stored = metadata_.CreateResource(std::move(record), "pcache");
  if (!stored.ok()) LogWarn("", "pipeline cache entry not stored: " + stored.status().message());
}

Result<json> RunExecution::Attempt(const std::string& id, const StepType& type,
                                   const json& properties, const std::map<std::string, json>& inputs) {
  Context ctx(*this, id, properties, inputs);
  try {
    return type.run(ctx);
  } catch (const std::exception& e) {  // a step must not take the run down with it
    return InternalError(std::string("unexpected error: ") + e.what());
  }
}

void RunExecution::RunStep(const std::string& id) {
  const StepSpec& spec = *pipeline_.Find(id);
  const StepType& type = *registry_.Find(spec.type);
  json properties;
  std::map<std::string, json> inputs;
  Status prepare = Status::Ok();
  bool run_cache = true;
  {
    std::lock_guard lock(mu_);
    run_cache = doc_.value("cache", true);
    auto resolved = ResolveProperties(spec, type);
    if (resolved.ok()) properties = std::move(*resolved);
    else prepare = resolved.status();
    inputs = InputsOf(spec);
  }
  const bool cacheable = prepare.ok() && type.info.cacheable && spec.cache && run_cache;
  std::string key;
  if (cacheable) {
    key = CacheKey(spec, properties, inputs);
    std::string from_run;
    if (std::optional<json> hit = CacheLookup(key, &from_run)) {
      std::lock_guard lock(mu_);
      outputs_[id] = *hit;
      AppendLogLocked(id, "cache hit: outputs reused from run " + from_run);
      SetStepStateLocked(id, kStepCached,
                         {{"outputs", *hit}, {"cached_from", from_run}, {"cache_key", key}});
      --running_;
      cv_.notify_all();
      return;
    }
  }
  Result<json> result = prepare.ok() ? Result<json>(json::object()) : Result<json>(prepare);
  int attempt = 0;
  while (prepare.ok()) {
    ++attempt;
    {
      std::lock_guard lock(mu_);
      doc_["steps"][id]["attempts"] = attempt;
      if (attempt > 1) AppendLogLocked(id, "attempt " + std::to_string(attempt) + " of " +
                                               std::to_string(spec.max_attempts));
    }
    result = Attempt(id, type, properties, inputs);
    if (result.ok() || cancel_ || attempt >= spec.max_attempts) break;
    std::unique_lock lock(mu_);
    AppendLogLocked(id, "attempt " + std::to_string(attempt) + " failed: " +
                            result.status().message() + "; retrying in " +
                            json(spec.backoff_seconds).dump() + " s");
    cv_.wait_for(lock, std::chrono::duration<double>(spec.backoff_seconds),
                 [this] { return cancel_.load(); });
    if (cancel_) break;
  }
  std::lock_guard lock(mu_);
  if (result.ok()) {  // a step that finished despite a stop keeps its outputs
    json outputs = result->is_object() ? *result : json::object();
    outputs_[id] = outputs;
    json extra = {{"outputs", outputs}};
    if (cacheable) {
      extra["cache_key"] = key;
      CacheStore(key, spec, outputs);
    }
    SetStepStateLocked(id, kStepSucceeded, std::move(extra));
  } else if (cancel_ && shutting_down_ && !stop_requested_) {
    AppendLogLocked(id, "interrupted by a server shutdown: the step runs again on restart");
    SetStepStateLocked(id, kStepPending, json::object());
  } else if (cancel_) {
    SetStepStateLocked(id, kStepStopped, {{"error", "stopped with the run"}});
  } else {
    AppendLogLocked(id, "failed: " + result.status().message());
    SetStepStateLocked(id, kStepFailed, {{"error", result.status().message()}});
  }
  --running_;
  cv_.notify_all();
}

void RunExecution::SetStepStateLocked(const std::string& id, std::string_view state, json extra) {
  json& step = doc_["steps"][id];
  step["state"] = state;
  const std::string now = NowRfc3339();
  if (state == kStepRunning) {
    step["started_at"] = now;
    step.erase("ended_at");
    step.erase("error");
  } else if (IsTerminalStep(state)) {
    step["ended_at"] = now;
    if (!step.contains("started_at")) step["started_at"] = now;
  }
  json event = {{"type", "step"}, {"step", id}, {"state", state}, {"time", now}};
  for (auto& [k, v] : extra.items()) {
    step[k] = v;
    event[k] = v;
  }
  event["run_state"] = state_;
  events_->Append(std::move(event));
  PersistLocked(std::nullopt);
}

void RunExecution::AppendLogLocked(const std::string& id, std::string line) {
  if (line.size() > kMaxLogLineBytes) line = line.substr(0, kMaxLogLineBytes) + "…";
  json& log = doc_["steps"][id]["log"];
  if (!log.is_array()) log = json::array();
  const std::string stamped = NowRfc3339().substr(11, 8) + "  " + line;
  log.push_back(stamped);
  if (log.size() > options_.max_log_lines) log.erase(log.begin());
  events_->Append({{"type", "log"}, {"step", id}, {"line", stamped}});
  dirty_ = true;
}

void RunExecution::MaybePersistLocked() {
  if (!dirty_) return;
  if (std::chrono::steady_clock::now() - last_persist_ < options_.persist_interval) return;
  PersistLocked(std::nullopt);
}

void RunExecution::PersistLocked(std::optional<std::string_view> run_state) {
  store::ResourceUpdate update;
  if (run_state) update.state = std::string(*run_state);
  update.body_json = doc_.dump();
  update.expected_states = {std::string(kRunExecuting), std::string(kRunStopping)};
  auto stored = metadata_.UpdateResource(kRunKind, run_id_, update);
  if (!stored.ok()) {
    LogWarn("", "pipeline run " + run_id_ + " not saved: " + stored.status().message());
    return;
  }
  if (run_state) state_ = std::string(*run_state);
  dirty_ = false;
  last_persist_ = std::chrono::steady_clock::now();
}

}  // namespace lathe::pipelines
