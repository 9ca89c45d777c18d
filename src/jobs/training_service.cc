// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "jobs/training_service.h"

#include <algorithm>
#include <atomic>

#include "core/clock.h"
#include "core/ids.h"
#include "core/logging.h"
#include "jobs/model_registry.h"
#include "jobs/training_plan.h"
#include "jobs/training_run.h"

namespace lathe::jobs {
namespace {

using nlohmann::json;

constexpr std::string_view kShutdownReason = "interrupted by a server shutdown";

std::vector<std::string> Unfinished() {
  return {std::string(kStatePending), std::string(kStateInProgress), std::string(kStateStopping)};
}

json ParseBody(const store::ResourceRecord& record) {
  json body = json::parse(record.body_json, nullptr, false);
  return body.is_object() ? body : json::object();
}

json InitialBody(const TrainingPlan& plan) {
  return {
      {"request", TrainingRequestToJson(plan.request)},
      {"dataset",
       {{"id", plan.dataset.id}, {"name", plan.dataset.name}, {"version", plan.dataset.version}}},
      {"target", plan.request.target},
      {"problem_type", ml::ProblemTypeName(plan.problem_type)},
      {"metric", plan.metric},
      {"budget_seconds", plan.request.budget_seconds},
      {"model_name", plan.request.model_name},
      {"stage", "queued"},
      {"progress", {{"trials_done", 0}, {"trials_failed", 0}, {"elapsed_seconds", 0}}}};
}

json ModelBody(const std::string& job_id, const TrainingPlan& plan, const TrainingOutcome& out,
               const std::string& sha, size_t bytes) {
  const json dataset = {
      {"id", plan.dataset.id}, {"name", plan.dataset.name}, {"version", plan.dataset.version}};
  json body = {
      {"job_id", job_id},
      {"dataset", dataset},
      {"target", out.problem.target},
      {"problem_type", ml::ProblemTypeName(out.problem.type)},
      {"classes", out.problem.classes},
      {"metric", out.metric},
      {"validation_score", out.validation_score},
      {"test_metrics", TestMetricsSummary(out.evaluation)},
      {"train_rows", out.train_rows},
      {"test_rows", out.test_rows},
      {"members", out.members},
      {"input_columns", out.input_columns},
      {"has_recipe", plan.recipe.has_value()},
      {"bundle_sha256", sha},
      {"bundle_bytes", bytes}};
  body.update(TrainedModelRegistryFields(job_id, dataset, plan.recipe.has_value(),
                                         TrainingRequestToJson(plan.request)));
  return body;
}

// Leaderboard rows from the trial events of a log (for jobs without a final leaderboard).
json LeaderboardFromEvents(const EventLog& log) {
  json entries = json::array();
  std::string metric;
  bool higher = true;
  for (const json& e : log.Since(0)) {
    const std::string type = e.value("type", "");
    if (type == "job_started") {
      metric = e.value("metric", "");
      higher = e.value("higher_is_better", true);
    } else if (type == "trial_finished") {
      entries.push_back({{"trial_id", e.value("trial_id", 0)},
                         {"learner", e.value("learner", "")},
                         {"params", e.value("params", json::object())},
                         {"source", e.value("source", "")},
                         {"data_fraction", e.value("data_fraction", 1.0)},
                         {"fold_scores", e.value("fold_scores", json::array())},
                         {"score", e.value("mean_score", json())},
                         {"score_sd", e.value("std_score", json())},
                         {"oof_score", e.value("oof_score", json())},
                         {"fit_seconds", e.value("fit_seconds", 0.0)},
                         {"rounds", e.value("rounds", 0)},
                         {"ok", true}});
    } else if (type == "trial_failed" && !e.value("stopped", false)) {
      entries.push_back({{"trial_id", e.value("trial_id", 0)},
                         {"learner", e.value("learner", "")},
                         {"params", e.value("params", json::object())},
                         {"ok", false},
                         {"error", e.value("error", "")}});
    }
  }
  std::stable_sort(entries.begin(), entries.end(), [higher](const json& a, const json& b) {
    const bool a_ok = a.value("ok", false), b_ok = b.value("ok", false);
    if (a_ok != b_ok) return a_ok;
    const json sa_json = a.value("score", json()), sb_json = b.value("score", json());
    if (!sa_json.is_number() || !sb_json.is_number()) {
      return sa_json.is_number() && !sb_json.is_number();
    }
    const double sa = sa_json.get<double>(), sb = sb_json.get<double>();
    return higher ? sa > sb : sa < sb;
  });
  return {{"metric", metric}, {"higher_is_better", higher}, {"final", false}, {"entries", entries}};
}

}  // namespace

bool IsTerminalState(std::string_view state) {
  return state == kStateCompleted || state == kStateFailed || state == kStateStopped;
}

json TrainingRequestToJson(const TrainingRequest& r) {
  json out = {{"dataset", r.dataset},
              {"target", r.target},
              {"budget_s", r.budget_seconds},
              {"seed", r.seed},
              {"test_fraction", r.test_fraction}};
  if (r.version.has_value()) out["version"] = *r.version;
  if (!r.problem_type.empty()) out["problem_type"] = r.problem_type;
  if (!r.metric.empty()) out["metric"] = r.metric;
  if (!r.algorithms.empty()) out["algorithms"] = r.algorithms;
  if (!r.exclude_columns.empty()) out["exclude_columns"] = r.exclude_columns;
  if (!r.recipe.is_null()) out["recipe"] = r.recipe;
  if (!r.model_name.empty()) out["model_name"] = r.model_name;
  if (r.max_trials > 0) out["max_trials"] = r.max_trials;
  out["predict_limit_ms"] = r.predict_limit_ms;
  return out;
}

struct TrainingService::Job {
  std::string id;
  TrainingPlan plan;
  std::shared_ptr<EventLog> log = std::make_shared<EventLog>();
  std::mutex mu;  // guards body and artifacts (the runner thread writes; Stop/Shutdown may too)
  json body;
  std::vector<std::string> artifacts;
  std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
  std::chrono::steady_clock::time_point last_write;
  bool finished = false;
  std::atomic<bool> finish_search{false};  // Stop(keep_best): end the search, save its best
};

TrainingService::TrainingService(store::MetadataStore& metadata, store::ArtifactStore& artifacts,
                                 datasets::DatasetService& datasets, TrainingServiceOptions options)
    : metadata_(metadata),
      artifacts_(artifacts),
      datasets_(datasets),
      options_(options),
      runner_(options.concurrent_jobs) {}

TrainingService::~TrainingService() { Shutdown(); }

prep::ApplyContext TrainingService::ApplyContextFor(uint64_t seed) {
  prep::ApplyContext ctx;
  ctx.threads = prep::DefaultApplyThreads();
  ctx.seed = seed;
  ctx.load_dataset =
      [this](std::string_view id_or_name) -> Result<std::shared_ptr<const data::Table>> {
    LATHE_ASSIGN_OR_RETURN(store::DatasetRecord record, datasets_.Get(id_or_name));
    return datasets_.LoadTable(record);
  };
  return ctx;
}

Result<size_t> TrainingService::Recover() {
  size_t count = 0;
  for (const std::string& state : Unfinished()) {
    while (true) {
      store::ResourceListOptions list;
      list.state = state;
      list.limit = 1000;
      LATHE_ASSIGN_OR_RETURN(auto records, metadata_.ListResources(kJobKind, list));
      if (records.empty()) break;
      for (const store::ResourceRecord& r : records) {
        json body = ParseBody(r);
        const bool stopping = r.state == kStateStopping;
        if (!stopping) body["failure_reason"] = std::string(kInterruptedReason);
        body["stage"] = "done";
        body["ended_at"] = NowRfc3339();
        store::ResourceUpdate update;
        update.state = std::string(stopping ? kStateStopped : kStateFailed);
        update.body_json = body.dump();
        update.expected_states = std::vector<std::string>{r.state};
        LATHE_RETURN_IF_ERROR(metadata_.UpdateResource(kJobKind, r.id, update).status());
        ++count;
      }
    }
  }
  return count;
}

Result<store::ResourceRecord> TrainingService::Submit(const TrainingRequest& request) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (shutting_down_) return UnavailableError("the server is shutting down; no new jobs");
  }
  LATHE_ASSIGN_OR_RETURN(
      TrainingPlan plan,
      PlanTraining(request, datasets_, ApplyContextFor(request.seed), options_.max_budget_seconds));
  auto job = std::make_shared<Job>();
  job->plan = std::move(plan);
  job->body = InitialBody(job->plan);
  job->body["queued_at"] = NowRfc3339();
  store::ResourceRecord record;
  record.kind = std::string(kJobKind);
  record.state = std::string(kStatePending);
  record.body_json = job->body.dump();
  LATHE_ASSIGN_OR_RETURN(store::ResourceRecord stored,
                         metadata_.CreateResource(std::move(record), kJobIdPrefix));
  job->id = stored.id;
  job->log->Append({{"type", "job_queued"},
                    {"job_id", job->id},
                    {"dataset", job->body["dataset"]},
                    {"target", job->plan.request.target},
                    {"problem_type", job->body["problem_type"]},
                    {"metric", job->plan.metric},
                    {"budget_seconds", job->plan.request.budget_seconds}});
  {
    std::lock_guard<std::mutex> lock(mu_);
    active_[job->id] = job;
  }
  Status queued =
      runner_.Submit(job->id, [this, job](const std::atomic<bool>& cancel) { Run(job, cancel); });
  if (!queued.ok()) {
    Finish(*job, kStateFailed, queued.message());
    return queued;
  }
  return stored;
}

Result<store::ResourceRecord> TrainingService::Get(std::string_view id) {
  return metadata_.GetResource(kJobKind, id);
}

Result<std::vector<store::ResourceRecord>> TrainingService::List(
    const store::ResourceListOptions& options) {
  return metadata_.ListResources(kJobKind, options);
}

Result<int64_t> TrainingService::Count(const store::ResourceListOptions& options) {
  return metadata_.CountResources(kJobKind, options);
}

void TrainingService::Run(const std::shared_ptr<Job>& job, const std::atomic<bool>& cancel) {
  {
    std::lock_guard<std::mutex> lock(job->mu);
    job->started = std::chrono::steady_clock::now();
    job->body["started_at"] = NowRfc3339();
    job->body["stage"] = "preparing";
  }
  auto started = WriteBody(*job, kStateInProgress, {std::string(kStatePending)});
  if (!started.ok()) {  // stopped between the queue and now
    Finish(*job, kStateStopped, "");
    return;
  }
  job->log->Append({{"type", "stage"}, {"stage", "preparing"}});
  RunContext ctx;
  ctx.cancel = &cancel;
  ctx.finish = &job->finish_search;
  ctx.threads = options_.learner_threads;
  ctx.apply = ApplyContextFor(job->plan.request.seed);
  ctx.sink = [this, job](const json& event) { OnEvent(*job, event); };
  ctx.stage = [this, job](std::string_view stage) {
    if (stage == "preparing") return;  // announced above
    job->log->Append({{"type", "stage"}, {"stage", stage}});
    {
      std::lock_guard<std::mutex> lock(job->mu);
      job->body["stage"] = stage;
    }
    (void)WriteBody(*job, std::nullopt, {});
  };
  Result<TrainingOutcome> outcome = RunTraining(job->plan, ctx);
  bool shutting_down = false;
  {
    std::lock_guard<std::mutex> lock(mu_);
    shutting_down = shutting_down_;
  }
  if (!outcome.ok()) {
    if (cancel.load() || outcome.status().code() == StatusCode::kCancelled) {
      if (shutting_down) {
        Finish(*job, kStateFailed, std::string(kShutdownReason));
      } else {
        Finish(*job, kStateStopped, "");
      }
    } else {
      Finish(*job, kStateFailed, outcome.status().message());
    }
    return;
  }
  Status saved = SaveModel(*job, *outcome);
  const std::string_view ended = job->finish_search.load() ? kStateStopped : kStateCompleted;
  Finish(*job, saved.ok() ? ended : kStateFailed,
         saved.ok() ? "" : "saving the model: " + saved.message());
}

void TrainingService::OnEvent(Job& job, const json& event) {
  job.log->Append(event);
  const std::string type = event.value("type", "");
  const auto now = std::chrono::steady_clock::now();
  bool write_now = false;
  {
    std::lock_guard<std::mutex> lock(job.mu);
    json& progress = job.body["progress"];
    progress["elapsed_seconds"] = std::chrono::duration<double>(now - job.started).count();
    if (type == "job_started") {
      job.body["problem_type"] = event.value("problem_type", "");
      job.body["metric"] = event.value("metric", "");
      job.body["validation"] = event.value("validation", "");
      progress["higher_is_better"] = event.value("higher_is_better", true);
      write_now = true;
    } else if (type == "trial_finished") {
      progress["trials_done"] = progress.value("trials_done", 0) + 1;
      write_now = progress["trials_done"] == 1;  // the first result shows at once
    } else if (type == "trial_failed" && !event.value("stopped", false)) {
      progress["trials_failed"] = progress.value("trials_failed", 0) + 1;
    } else if (type == "new_best") {
      progress["best_score"] = event.value("mean_score", json());
      progress["best_trial_id"] = event.value("trial_id", 0);
      progress["best_learner"] = event.value("learner", "");
    } else if (type == "progress") {
      progress["remaining_seconds"] = event.value("remaining_seconds", json());
    } else if (type == "warning") {
      job.body["warnings"].push_back(event.value("warning", json()));
      write_now = true;
    }
    write_now = write_now || now - job.last_write >= options_.progress_interval;
  }
  if (write_now) (void)WriteBody(job, std::nullopt, {});
}

Status TrainingService::SaveModel(Job& job, const TrainingOutcome& out) {
  LATHE_ASSIGN_OR_RETURN(std::string sha, artifacts_.Put(out.bundle_bytes));
  LATHE_ASSIGN_OR_RETURN(std::string board_sha, artifacts_.Put(out.leaderboard.dump()));
  store::ResourceRecord model;
  model.kind = std::string(kModelKind);
  model.name = job.plan.request.model_name;
  model.state = std::string(kModelStateReady);
  model.body_json = ModelBody(job.id, job.plan, out, sha, out.bundle_bytes.size()).dump();
  model.artifacts = {sha};
  LATHE_ASSIGN_OR_RETURN(store::ResourceRecord stored,
                         metadata_.CreateResource(std::move(model), kModelIdPrefix));
  const json metrics = TestMetricsSummary(out.evaluation);
  {
    std::lock_guard<std::mutex> lock(job.mu);
    job.body["model_id"] = stored.id;
    job.body["model_name"] = stored.name;
    job.body["model_version"] = stored.version;
    job.body["test_metrics"] = metrics;
    job.body["validation_score"] = out.validation_score;
    job.body["rows"] = {{"train", out.train_rows},
                        {"test", out.test_rows},
                        {"test_skipped", out.test_rows_skipped}};
    job.body["leaderboard_sha256"] = board_sha;
    job.artifacts.push_back(board_sha);
  }
  job.log->Append(
      {{"type", "evaluation"}, {"test_rows", out.test_rows}, {"test_metrics", metrics}});
  job.log->Append({{"type", "model_saved"},
                   {"model_id", stored.id},
                   {"name", stored.name},
                   {"version", stored.version},
                   {"bytes", out.bundle_bytes.size()}});
  return Status::Ok();
}

void TrainingService::Finish(Job& job, std::string_view state, const std::string& reason) {
  json terminal = {{"type", "job_finished"}, {"state", state}};
  {
    std::lock_guard<std::mutex> lock(job.mu);
    if (job.finished) return;
    job.finished = true;
    job.body["stage"] = "done";
    job.body["ended_at"] = NowRfc3339();
    job.body["progress"]["elapsed_seconds"] =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - job.started).count();
    if (!reason.empty()) {
      job.body["failure_reason"] = reason;
      terminal["failure_reason"] = reason;
    }
    for (const char* key : {"model_id", "test_metrics"}) {
      if (job.body.contains(key)) terminal[key] = job.body[key];
    }
  }
  job.log->Append(terminal);
  // The log is saved before the state changes, and closed after: a reader that sees the end of
  // the stream finds the job in its final state.
  Result<std::string> events_sha = artifacts_.Put(job.log->ToJsonLines());
  {
    std::lock_guard<std::mutex> lock(job.mu);
    if (events_sha.ok()) {
      job.body["events_sha256"] = *events_sha;
      job.artifacts.push_back(*events_sha);
    } else {
      LogWarn("",
              "job " + job.id + ": saving the event log failed: " + events_sha.status().ToString());
    }
  }
  Result<store::ResourceRecord> written = WriteBody(job, state, Unfinished());
  if (!written.ok()) {
    LogWarn("", "job " + job.id + ": recording state " + std::string(state) +
                    " failed: " + written.status().ToString());
  }
  job.log->Close();
  Forget(job.id);
}

Result<store::ResourceRecord> TrainingService::WriteBody(Job& job,
                                                         std::optional<std::string_view> state,
                                                         std::vector<std::string> expected) {
  store::ResourceUpdate update;
  {
    std::lock_guard<std::mutex> lock(job.mu);
    update.body_json = job.body.dump(-1, ' ', false, json::error_handler_t::replace);
    if (!job.artifacts.empty()) update.artifacts = job.artifacts;
    job.last_write = std::chrono::steady_clock::now();
  }
  if (state.has_value()) update.state = std::string(*state);
  if (!expected.empty()) update.expected_states = std::move(expected);
  return metadata_.UpdateResource(kJobKind, job.id, update);
}

void TrainingService::Forget(const std::string& id) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = active_.find(id);
  if (it == active_.end()) return;
  done_.emplace_back(id, it->second->log);
  active_.erase(it);
  while (done_.size() > options_.cached_logs) done_.pop_front();
}

std::shared_ptr<EventLog> TrainingService::FindLog(const std::string& id) {
  std::lock_guard<std::mutex> lock(mu_);
  auto it = active_.find(id);
  if (it != active_.end()) return it->second->log;
  for (const auto& [done_id, log] : done_) {
    if (done_id == id) return log;
  }
  return nullptr;
}

Result<store::ResourceRecord> TrainingService::Stop(std::string_view id, bool keep_best) {
  LATHE_ASSIGN_OR_RETURN(store::ResourceRecord record, Get(id));
  if (IsTerminalState(record.state)) {
    return FailedPreconditionError("training job " + record.id + " has already ended (state " +
                                   record.state + ")")
        .WithDetail("state", record.state);
  }
  if (record.state == kStateStopping) return record;
  std::shared_ptr<Job> job;
  {
    std::lock_guard<std::mutex> lock(mu_);
    auto it = active_.find(record.id);
    if (it != active_.end()) job = it->second;
  }
  if (keep_best && job != nullptr && record.state == kStateInProgress) {
    job->finish_search = true;
    job->log->Append({{"type", "stop_requested"}, {"keep_best", true}});
    store::ResourceUpdate update;
    update.state = std::string(kStateStopping);
    update.expected_states = std::vector<std::string>{std::string(kStateInProgress)};
    Result<store::ResourceRecord> stopping = metadata_.UpdateResource(kJobKind, record.id, update);
    if (stopping.ok()) return stopping;
    return Get(record.id);  // it ended meanwhile
  }
  switch (runner_.Cancel(record.id)) {
    case CancelOutcome::kDequeued:
      if (job != nullptr) Finish(*job, kStateStopped, "");
      break;
    case CancelOutcome::kSignalled: {
      if (job != nullptr) job->log->Append({{"type", "stop_requested"}});
      store::ResourceUpdate update;
      update.state = std::string(kStateStopping);
      update.expected_states =
          std::vector<std::string>{std::string(kStatePending), std::string(kStateInProgress)};
      Result<store::ResourceRecord> stopping =
          metadata_.UpdateResource(kJobKind, record.id, update);
      if (stopping.ok()) return stopping;
      break;  // it ended meanwhile: report the final state below
    }
    case CancelOutcome::kUnknown:
      if (job == nullptr) {  // no process is running it (cannot happen after Recover)
        store::ResourceUpdate update;
        update.state = std::string(kStateStopped);
        update.expected_states = Unfinished();
        (void)metadata_.UpdateResource(kJobKind, record.id, update);
      }
      break;
  }
  return Get(record.id);
}

Result<std::shared_ptr<const EventLog>> TrainingService::Events(std::string_view id) {
  LATHE_ASSIGN_OR_RETURN(store::ResourceRecord record, Get(id));
  if (auto log = FindLog(record.id)) return std::shared_ptr<const EventLog>(log);
  const json body = ParseBody(record);
  if (body.contains("events_sha256") && body["events_sha256"].is_string()) {
    LATHE_ASSIGN_OR_RETURN(std::string text,
                           artifacts_.Get(body["events_sha256"].get<std::string>()));
    LATHE_ASSIGN_OR_RETURN(std::unique_ptr<EventLog> loaded, EventLog::FromJsonLines(text));
    std::shared_ptr<EventLog> shared = std::move(loaded);
    std::lock_guard<std::mutex> lock(mu_);
    done_.emplace_back(record.id, shared);
    while (done_.size() > options_.cached_logs) done_.pop_front();
    return std::shared_ptr<const EventLog>(shared);
  }
  // Ended without a saved log (the process died): one synthetic terminal event.
  auto log = std::make_shared<EventLog>();
  json terminal = {{"type", "job_finished"}, {"state", record.state}};
  if (body.contains("failure_reason")) terminal["failure_reason"] = body["failure_reason"];
  log->Append(terminal);
  log->Close();
  return std::shared_ptr<const EventLog>(log);
}

Result<json> TrainingService::Leaderboard(std::string_view id) {
  LATHE_ASSIGN_OR_RETURN(store::ResourceRecord record, Get(id));
  const json body = ParseBody(record);
  if (body.contains("leaderboard_sha256") && body["leaderboard_sha256"].is_string()) {
    LATHE_ASSIGN_OR_RETURN(std::string text,
                           artifacts_.Get(body["leaderboard_sha256"].get<std::string>()));
    json board = json::parse(text, nullptr, false);
    if (board.is_discarded())
      return DataLossError("stored leaderboard of " + record.id + " is unreadable");
    board["final"] = true;
    return board;
  }
  LATHE_ASSIGN_OR_RETURN(std::shared_ptr<const EventLog> log, Events(record.id));
  return LeaderboardFromEvents(*log);
}

void TrainingService::Shutdown() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (shutting_down_) return;
    shutting_down_ = true;
  }
  runner_.Shutdown();  // running jobs see their cancel flag and finish as Failed
  std::vector<std::shared_ptr<Job>> left;
  {
    std::lock_guard<std::mutex> lock(mu_);
    for (auto& [id, job] : active_) left.push_back(job);
  }
  for (const auto& job : left) Finish(*job, kStateFailed, std::string(kShutdownReason));
}

}  // namespace lathe::jobs
