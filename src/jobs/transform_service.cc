// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "jobs/transform_service.h"

#include <charconv>
#include <chrono>
#include <filesystem>
#include <utility>

#include "core/clock.h"
#include "core/logging.h"
#include "jobs/batch_transform.h"
#include "jobs/training_service.h"  // the job states, shared with training jobs

namespace lathe::jobs {
namespace {

using nlohmann::json;

constexpr std::string_view kShutdownReason = "interrupted by a server shutdown";
constexpr std::string_view kOutputSuffix = "-predictions";

std::vector<std::string> Unfinished() {
  return {std::string(kStatePending), std::string(kStateInProgress), std::string(kStateStopping)};
}

json ParseBody(std::string_view text) {
  json body = json::parse(text, nullptr, false);
  return body.is_object() ? body : json::object();
}

// "name:version" -> {"name", version}; anything else -> {text, nullopt}.
std::pair<std::string, std::optional<int>> SplitVersion(const std::string& text) {
  const size_t colon = text.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == text.size()) return {text, {}};
  int version = 0;
  const char* begin = text.data() + colon + 1;
  const char* end = text.data() + text.size();
  auto [ptr, ec] = std::from_chars(begin, end, version);
  if (ec != std::errc() || ptr != end || version < 1) return {text, {}};
  return {text.substr(0, colon), version};
}

std::vector<std::string> SchemaNames(const store::DatasetRecord& dataset) {
  std::vector<std::string> out;
  const json schema = json::parse(dataset.schema_json, nullptr, false);
  if (!schema.is_array()) return out;
  for (const json& c : schema) {
    if (c.is_object() && c.contains("name") && c["name"].is_string()) out.push_back(c["name"]);
  }
  return out;
}

json Ref(const store::ResourceRecord& model) {
  return {{"id", model.id}, {"name", model.name}, {"version", model.version}};
}

json Ref(const store::DatasetRecord& dataset) {
  return {{"id", dataset.id}, {"name", dataset.name}, {"version", dataset.version}};
}

}  // namespace

struct TransformService::Resolved {
  store::ResourceRecord model;
  json model_body;
  store::DatasetRecord dataset;
  std::vector<std::string> columns;  // output columns
  std::string problem_type;
};

struct TransformService::Job {
  std::string id;
  TransformRequest request;
  Resolved resolved;
  std::mutex mu;  // guards body and finished (the runner thread writes; Stop/Shutdown may too)
  json body;
  bool finished = false;
  std::chrono::steady_clock::time_point started = std::chrono::steady_clock::now();
};

TransformService::TransformService(store::MetadataStore& metadata,
                                   datasets::DatasetService& datasets, ModelService& models,
                                   TransformServiceOptions options)
    : metadata_(metadata),
      datasets_(datasets),
      models_(models),
      options_(std::move(options)),
      runner_(options_.concurrent_jobs) {}

TransformService::~TransformService() { Shutdown(); }

Result<size_t> TransformService::Recover() {
  size_t count = 0;
  for (const std::string& state : Unfinished()) {
    while (true) {
      store::ResourceListOptions list;
      list.state = state;
      list.limit = 1000;
      LATHE_ASSIGN_OR_RETURN(auto records, metadata_.ListResources(kTransformJobKind, list));
      if (records.empty()) break;
      for (const store::ResourceRecord& r : records) {
        json body = ParseBody(r.body_json);
        const bool stopping = r.state == kStateStopping;
        if (!stopping) body["failure_reason"] = std::string(kInterruptedReason);
        body["ended_at"] = NowRfc3339();
        store::ResourceUpdate update;
        update.state = std::string(stopping ? kStateStopped : kStateFailed);
        update.body_json = body.dump();
        update.expected_states = std::vector<std::string>{r.state};
        LATHE_RETURN_IF_ERROR(metadata_.UpdateResource(kTransformJobKind, r.id, update).status());
        ++count;
      }
    }
  }
  return count;
}

Result<TransformService::Resolved> TransformService::Resolve(const TransformRequest& request) {
  if (request.batch_rows < 1 || request.batch_rows > kMaxBatchRows) {
    return InvalidArgumentError("batch_rows: must be between 1 and " +
                                std::to_string(kMaxBatchRows) + ", got " +
                                std::to_string(request.batch_rows))
        .WithDetail("field", "batch_rows");
  }
  Resolved out;
  auto [model_name, model_version] = SplitVersion(request.model);
  auto model = models_.Get(model_name, model_version);
  if (!model.ok()) return Status(model.status()).WithDetail("field", "model_id");
  out.model = std::move(*model);
  out.model_body = ParseBody(out.model.body_json);
  auto [dataset_name, dataset_version] = SplitVersion(request.dataset);
  auto dataset = datasets_.Get(dataset_name, dataset_version);
  if (!dataset.ok()) return Status(dataset.status()).WithDetail("field", "dataset_id");
  out.dataset = std::move(*dataset);
  const std::string output =
      request.output_name.empty() ? out.dataset.name + std::string(kOutputSuffix)
                                  : request.output_name;
  if (!store::IsValidDatasetName(output)) {
    return InvalidArgumentError("output_name: invalid dataset name '" + output.substr(0, 140) +
                                "': use 1-128 letters, digits, '.', '_' or '-'")
        .WithDetail("field", "output_name");
  }
  auto servable = models_.Acquire(out.model);
  if (!servable.ok()) return servable.status().Annotate("model " + out.model.id);
  const std::vector<std::string> available = SchemaNames(out.dataset);
  Status columns = CheckInputColumns(RequiredInputColumns(**servable, out.model_body), available);
  if (!columns.ok()) {
    return columns.Annotate("dataset " + out.dataset.name + " version " +
                            std::to_string(out.dataset.version))
        .WithDetail("field", "dataset_id");
  }
  LATHE_ASSIGN_OR_RETURN(out.columns,
                         TransformOutputColumns(**servable, available, request.include_input));
  out.problem_type = std::string(ml::ProblemTypeName((*servable)->model().problem().type));
  return out;
}

Result<store::ResourceRecord> TransformService::Submit(const TransformRequest& request) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (shutting_down_) return UnavailableError("the server is shutting down; no new jobs");
  }
  LATHE_ASSIGN_OR_RETURN(Resolved resolved, Resolve(request));
  auto job = std::make_shared<Job>();
  job->request = request;
  if (job->request.output_name.empty()) {
    job->request.output_name = resolved.dataset.name + std::string(kOutputSuffix);
  }
  job->resolved = std::move(resolved);
  const Resolved& r = job->resolved;
  json dataset_ref = Ref(r.dataset);
  dataset_ref["rows"] = r.dataset.rows;
  job->body = {{"model", Ref(r.model)},
               {"dataset", dataset_ref},
               {"output_name", job->request.output_name},
               {"include_input", request.include_input},
               {"batch_rows", request.batch_rows},
               {"problem_type", r.problem_type},
               {"columns", r.columns},
               {"progress", {{"rows_done", 0}, {"rows_total", r.dataset.rows}}},
               {"queued_at", NowRfc3339()}};
  store::ResourceRecord record;
  record.kind = std::string(kTransformJobKind);
  record.state = std::string(kStatePending);
  record.body_json = job->body.dump();
  LATHE_ASSIGN_OR_RETURN(store::ResourceRecord stored,
                         metadata_.CreateResource(std::move(record), kTransformJobIdPrefix));
  job->id = stored.id;
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

Result<store::ResourceRecord> TransformService::Get(std::string_view id) {
  return metadata_.GetResource(kTransformJobKind, id);
}

Result<std::vector<store::ResourceRecord>> TransformService::List(
    const store::ResourceListOptions& options) {
  return metadata_.ListResources(kTransformJobKind, options);
}

Result<int64_t> TransformService::Count(const store::ResourceListOptions& options) {
  return metadata_.CountResources(kTransformJobKind, options);
}

void TransformService::Run(const std::shared_ptr<Job>& job, const std::atomic<bool>& cancel) {
  {
    std::lock_guard<std::mutex> lock(job->mu);
    job->started = std::chrono::steady_clock::now();
    job->body["started_at"] = NowRfc3339();
  }
  if (!WriteBody(*job, kStateInProgress, {std::string(kStatePending)}).ok()) {
    Finish(*job, kStateStopped, "");  // stopped between the queue and now
    return;
  }
  Result<store::DatasetRecord> output = Execute(*job, cancel);
  if (output.ok()) {
    {
      std::lock_guard<std::mutex> lock(job->mu);
      json ref = Ref(*output);
      ref["rows"] = output->rows;
      ref["bytes"] = output->bytes;
      job->body["output_dataset"] = ref;
    }
    Finish(*job, kStateCompleted, "");
    return;
  }
  bool shutting_down = false;
  {
    std::lock_guard<std::mutex> lock(mu_);
    shutting_down = shutting_down_;
  }
  if (cancel.load() || output.status().code() == StatusCode::kCancelled) {
    Finish(*job, shutting_down ? kStateFailed : kStateStopped,
           shutting_down ? std::string(kShutdownReason) : "");
  } else {
    Finish(*job, kStateFailed, output.status().message());
  }
}

Result<store::DatasetRecord> TransformService::Execute(Job& job, const std::atomic<bool>& cancel) {
  const Resolved& r = job.resolved;
  LATHE_ASSIGN_OR_RETURN(std::shared_ptr<const ServableModel> servable, models_.Acquire(r.model));
  LATHE_ASSIGN_OR_RETURN(std::shared_ptr<const data::Table> table, datasets_.LoadTable(r.dataset));
  LATHE_RETURN_IF_ERROR(
      CheckInputColumns(RequiredInputColumns(*servable, r.model_body), ColumnNames(*table)));
  const std::filesystem::path dir = options_.scratch_dir.empty()
                                        ? std::filesystem::temp_directory_path()
                                        : std::filesystem::path(options_.scratch_dir);
  const std::string path = (dir / ("transform-" + job.id + ".csv")).string();
  BatchTransformOptions options;
  options.batch_rows = job.request.batch_rows;
  options.include_input = job.request.include_input;
  auto progress = [this, &job](size_t rows_done) {
    {
      std::lock_guard<std::mutex> lock(job.mu);
      job.body["progress"]["rows_done"] = rows_done;
    }
    (void)WriteBody(job, std::nullopt, {});
  };
  Result<BatchTransformResult> run =
      RunBatchTransform(*servable, *table, options, path, &cancel, progress);
  table.reset();  // the cache may keep it; this job no longer needs it
  std::error_code ec;
  if (!run.ok() || cancel.load()) {
    std::filesystem::remove(path, ec);
    return run.ok() ? CancelledError("batch transform stopped") : run.status();
  }
  {
    std::lock_guard<std::mutex> lock(job.mu);
    job.body["chunks"] = run->chunks;
  }
  datasets::IngestRequest ingest;
  ingest.name = job.request.output_name;
  ingest.source_path = path;
  ingest.format = "csv";
  ingest.source_name = "transform-" + job.id + ".csv";
  ingest.delimiter = ',';
  ingest.header = data::CsvOptions::Header::kPresent;
  ingest.lineage = {{"kind", "batch_transform"},
                    {"model", Ref(r.model)},
                    {"dataset", Ref(r.dataset)},
                    {"job_id", job.id},
                    {"include_input", job.request.include_input},
                    {"batch_rows", job.request.batch_rows}};
  Result<store::DatasetRecord> stored = datasets_.Ingest(ingest);
  std::filesystem::remove(path, ec);  // gone already if the store took it
  if (!stored.ok()) return stored.status().Annotate("storing the output dataset");
  return stored;
}

void TransformService::Finish(Job& job, std::string_view state, const std::string& reason) {
  {
    std::lock_guard<std::mutex> lock(job.mu);
    if (job.finished) return;
    job.finished = true;
    job.body["ended_at"] = NowRfc3339();
    job.body["elapsed_seconds"] =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - job.started).count();
    if (!reason.empty()) job.body["failure_reason"] = reason;
  }
  Result<store::ResourceRecord> written = WriteBody(job, state, Unfinished());
  if (!written.ok()) {
    LogWarn("", "transform job " + job.id + ": recording state " + std::string(state) +
                    " failed: " + written.status().ToString());
  }
  std::lock_guard<std::mutex> lock(mu_);
  active_.erase(job.id);
}

Result<store::ResourceRecord> TransformService::WriteBody(Job& job,
                                                          std::optional<std::string_view> state,
                                                          std::vector<std::string> expected) {
  store::ResourceUpdate update;
  {
    std::lock_guard<std::mutex> lock(job.mu);
    update.body_json = job.body.dump(-1, ' ', false, json::error_handler_t::replace);
  }
  if (state.has_value()) update.state = std::string(*state);
  if (!expected.empty()) update.expected_states = std::move(expected);
  return metadata_.UpdateResource(kTransformJobKind, job.id, update);
}

Result<store::ResourceRecord> TransformService::Stop(std::string_view id) {
  LATHE_ASSIGN_OR_RETURN(store::ResourceRecord record, Get(id));
  if (IsTerminalState(record.state)) {
    return FailedPreconditionError("transform job " + record.id + " has already ended (state " +
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
  switch (runner_.Cancel(record.id)) {
    case CancelOutcome::kDequeued:
      if (job != nullptr) Finish(*job, kStateStopped, "");
      break;
    case CancelOutcome::kSignalled: {
      store::ResourceUpdate update;
      update.state = std::string(kStateStopping);
      update.expected_states =
          std::vector<std::string>{std::string(kStatePending), std::string(kStateInProgress)};
      Result<store::ResourceRecord> stopping =
          metadata_.UpdateResource(kTransformJobKind, record.id, update);
      if (stopping.ok()) return stopping;
      break;  // it ended meanwhile: report the final state below
    }
    case CancelOutcome::kUnknown:
      if (job == nullptr) {  // no process runs it (cannot happen after Recover)
        store::ResourceUpdate update;
        update.state = std::string(kStateStopped);
        update.expected_states = Unfinished();
        (void)metadata_.UpdateResource(kTransformJobKind, record.id, update);
      }
      break;
  }
  return Get(record.id);
}

void TransformService::Shutdown() {
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
  // Queued jobs never started: they stay Pending for Recover(); a started one that did not
  // finish (cannot happen: the runner joined it) is marked failed.
  for (const auto& job : left) {
    bool started = false;
    {
      std::lock_guard<std::mutex> lock(job->mu);
      started = job->body.contains("started_at");
    }
    if (started) Finish(*job, kStateFailed, std::string(kShutdownReason));
  }
}

}  // namespace lathe::jobs
