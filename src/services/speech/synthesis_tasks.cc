// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "services/speech/synthesis_tasks.h"

#include <algorithm>
#include <chrono>
#include <cstring>
#include <fstream>
#include <system_error>

#include <nlohmann/json.hpp>

#include "core/import_path.h"
#include "core/logging.h"
#include "services/speech/lexicon_store.h"
#include "services/speech/speech_errors.h"

namespace lathe::services::speech {
namespace {

using nlohmann::json;

constexpr char kKind[] = "speech_task";
constexpr char kIdPrefix[] = "st";
constexpr char kInterrupted[] =
    "interrupted: the server stopped before the task finished; start it again";

Status Invalid(std::string_view reason, std::string message) {
  return InvalidArgumentError(std::move(message)).WithDetail("reason", std::string(reason));
}

bool IsLowerAlnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

// OutputS3BucketName's pattern ^[a-z0-9][\.\-a-z0-9]{1,61}[a-z0-9]$: one path segment, never
// "." or "..".
Status CheckBucket(const std::string& bucket) {
  bool ok = bucket.size() >= 3 && bucket.size() <= 63 && IsLowerAlnum(bucket.front()) &&
            IsLowerAlnum(bucket.back());
  for (char c : bucket) ok = ok && (IsLowerAlnum(c) || c == '.' || c == '-');
  if (ok) return Status::Ok();
  return Invalid(kReasonInvalidBucket,
                 "OutputS3BucketName '" + bucket +
                     "': 3 to 63 characters of a-z, 0-9, '.' and '-', starting and ending with a "
                     "letter or digit");
}

// OutputS3KeyPrefix's pattern, plus what a directory path needs (the file must stay inside the
// bucket's directory).
Status CheckKeyPrefix(const std::string& prefix) {
  static constexpr char kAllowed[] = "/!-_.*'():;$@=+,?&";
  if (prefix.size() > 800) {
    return Invalid(kReasonInvalidKey, "OutputS3KeyPrefix: " + std::to_string(prefix.size()) +
                                          " characters; the limit is 800");
  }
  for (size_t i = 0; i < prefix.size(); ++i) {
    const char c = prefix[i];
    const bool alnum = IsLowerAlnum(c) || (c >= 'A' && c <= 'Z');
    if (!alnum && std::strchr(kAllowed, c) == nullptr) {
      return Invalid(kReasonInvalidKey, "OutputS3KeyPrefix: character '" + std::string(1, c) +
                                            "' at position " + std::to_string(i) +
                                            " is not allowed");
    }
  }
  // The folders of the key (before its last '/') follow the import path rule
  // (core/import_path.h): no leading '/', no empty, "." or ".." segment. The rest is a file name
  // prefix, completed by "<task id>.<ext>", so "..x" or ".." there stays inside the folder.
  const size_t slash = prefix.rfind('/');
  if (slash != std::string::npos) {
    const std::string_view whole(prefix);
    Status folders = CheckRelativePath(slash == 0 ? whole : whole.substr(0, slash),
                                       {.field = "OutputS3KeyPrefix", .place = "the bucket"});
    if (!folders.ok()) return Invalid(kReasonInvalidKey, folders.message());
  }
  return Status::Ok();
}

// SnsTopicArn's pattern, loosely: arn:aws...:sns:<region>:<12 digits>:<name>.
Status CheckTopic(const std::string& arn) {
  if (arn.empty()) return Status::Ok();
  const bool ok =
      arn.rfind("arn:aws", 0) == 0 && arn.find(":sns:") != std::string::npos && arn.size() <= 400;
  if (ok) return Status::Ok();
  return Invalid(kReasonInvalidTopic,
                 "SnsTopicArn '" + arn + "': expected arn:aws:sns:<region>:<account>:<topic>");
}

Status CheckTaskId(const std::string& id) {
  bool ok = !id.empty() && id.size() <= 100;
  for (char c : id) {
    ok = ok && (IsLowerAlnum(c) || (c >= 'A' && c <= 'Z') || c == '_' || c == '-');
  }
  if (ok) return Status::Ok();
  return Invalid(kReasonInvalidTaskId,
                 "TaskId '" + id + "': expected 1 to 100 characters of A-Z, a-z, 0-9, '_', '-'");
}

std::string Extension(const std::string& output_format) {
  if (output_format == "ogg_vorbis") return "ogg";
  if (output_format == "json") return "marks";
  return output_format;  // mp3, pcm
}

int64_t NowSeconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

json TaskJson(const SynthesisTask& t) {
  return {{"status_reason", t.status_reason},
          {"bucket", t.bucket},
          {"key", t.key},
          {"creation_time", t.creation_time},
          {"request_characters", t.request_characters},
          {"engine", t.engine},
          {"voice_id", t.voice_id},
          {"language_code", t.language_code},
          {"output_format", t.output_format},
          {"sample_rate", t.sample_rate},
          {"text_type", t.text_type},
          {"speech_mark_types", t.speech_mark_types},
          {"lexicon_names", t.lexicon_names},
          {"sns_topic_arn", t.sns_topic_arn}};
}

SynthesisTask TaskFrom(const store::ResourceRecord& record) {
  SynthesisTask t;
  t.id = record.id;
  t.status = record.state;
  const json body = json::parse(record.body_json, nullptr, false);
  if (!body.is_object()) return t;
  t.status_reason = body.value("status_reason", "");
  t.bucket = body.value("bucket", "");
  t.key = body.value("key", "");
  t.creation_time = body.value("creation_time", int64_t{0});
  t.request_characters = body.value("request_characters", int64_t{0});
  t.engine = body.value("engine", "standard");
  t.voice_id = body.value("voice_id", "");
  t.language_code = body.value("language_code", "");
  t.output_format = body.value("output_format", "");
  t.sample_rate = body.value("sample_rate", 0);
  t.text_type = body.value("text_type", "text");
  t.speech_mark_types = body.value("speech_mark_types", std::vector<std::string>{});
  t.lexicon_names = body.value("lexicon_names", std::vector<std::string>{});
  t.sns_topic_arn = body.value("sns_topic_arn", "");
  return t;
}

}  // namespace

Result<std::unique_ptr<SynthesisTaskRunner>> SynthesisTaskRunner::Open(
    store::MetadataStore& metadata, std::filesystem::path output_root,
    SynthesisTaskOptions options) {
  std::error_code ec;
  std::filesystem::create_directories(output_root, ec);
  if (ec) {
    return InternalError("cannot create the speech task directory " + output_root.string() + ": " +
                         ec.message());
  }
  std::unique_ptr<SynthesisTaskRunner> runner(
      new SynthesisTaskRunner(metadata, std::move(output_root), std::move(options)));
  LATHE_RETURN_IF_ERROR(runner->FailInterrupted());
  LATHE_RETURN_IF_ERROR(runner->DeleteExpired().status());
  runner->worker_ = std::thread([r = runner.get()] { r->Work(); });
  return runner;
}

SynthesisTaskRunner::SynthesisTaskRunner(store::MetadataStore& metadata,
                                         std::filesystem::path output_root,
                                         SynthesisTaskOptions options)
    : metadata_(metadata), output_root_(std::move(output_root)), options_(std::move(options)) {}

int64_t SynthesisTaskRunner::Now() const { return options_.now ? options_.now() : NowSeconds(); }

SynthesisTaskRunner::~SynthesisTaskRunner() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    stop_ = true;
  }
  cv_.notify_all();
  if (worker_.joinable()) worker_.join();
}

Status SynthesisTaskRunner::FailInterrupted() {
  for (const char* state : {"scheduled", "inProgress"}) {
    while (true) {
      LATHE_ASSIGN_OR_RETURN(
          std::vector<store::ResourceRecord> left,
          metadata_.ListResources(kKind, {.name = "", .state = state, .limit = 100, .offset = 0}));
      if (left.empty()) break;
      for (const store::ResourceRecord& record : left) {
        LATHE_RETURN_IF_ERROR(SetStatus(record.id, "failed", kInterrupted));
      }
    }
  }
  return Status::Ok();
}

Result<SynthesisTask> SynthesisTaskRunner::Start(SynthesisTaskSpec spec) {
  LATHE_RETURN_IF_ERROR(CheckBucket(spec.bucket));
  LATHE_RETURN_IF_ERROR(CheckKeyPrefix(spec.key_prefix));
  LATHE_RETURN_IF_ERROR(CheckTopic(spec.sns_topic_arn));
  // The cheap expiry check: at most one look at the oldest tasks per interval.
  const int64_t interval = std::min(options_.check_interval_seconds, options_.retention_seconds);
  if (options_.retention_seconds > 0 && Now() - last_expiry_check_.load() >= interval) {
    if (Result<int> deleted = DeleteExpired(); !deleted.ok()) {
      LogWarn("", "deleting expired speech synthesis tasks: " + deleted.status().ToString());
    }
  }
  spec.request.task = true;
  LexiconStore lexicon_store(metadata_);
  LATHE_ASSIGN_OR_RETURN(std::vector<Lexicon> lexicons, lexicon_store.Load(spec.lexicon_names));
  std::vector<const Lexicon*> pointers;
  for (const Lexicon& l : lexicons) pointers.push_back(&l);
  LATHE_ASSIGN_OR_RETURN(PreparedSpeech prepared, PrepareSpeech(spec.request, pointers));

  SynthesisTask task;
  task.status = "scheduled";
  task.bucket = spec.bucket;
  task.creation_time = Now();
  task.request_characters = static_cast<int64_t>(prepared.text.billed_characters);
  task.engine = "standard";
  task.voice_id = spec.request.voice_id;
  task.language_code = spec.request.language_code;
  task.output_format = spec.request.output_format;
  task.sample_rate = prepared.sample_rate;
  task.text_type = spec.request.ssml ? "ssml" : "text";
  task.speech_mark_types = spec.request.speech_mark_types;
  task.lexicon_names = spec.lexicon_names;
  task.sns_topic_arn = spec.sns_topic_arn;
  store::ResourceRecord record;
  record.kind = kKind;
  record.state = task.status;
  record.body_json = TaskJson(task).dump();
  LATHE_ASSIGN_OR_RETURN(store::ResourceRecord created,
                         metadata_.CreateResource(std::move(record), kIdPrefix));
  task.id = created.id;
  task.key = spec.key_prefix + task.id + "." + Extension(task.output_format);
  LATHE_ASSIGN_OR_RETURN(store::ResourceRecord keyed,
                         metadata_.UpdateResource(kKind, task.id,
                                                  {.state = std::nullopt,
                                                   .body_json = TaskJson(task).dump(),
                                                   .artifacts = std::nullopt,
                                                   .expected_states = std::nullopt}));
  (void)keyed;
  {
    std::lock_guard<std::mutex> lock(mu_);
    queue_.push_back({.id = task.id, .speech = std::move(prepared)});
  }
  cv_.notify_all();
  return task;
}

Result<SynthesisTask> SynthesisTaskRunner::Get(const std::string& id) {
  LATHE_RETURN_IF_ERROR(CheckTaskId(id));
  Result<store::ResourceRecord> record = metadata_.GetResource(kKind, id);
  if (!record.ok()) {
    if (record.status().code() != StatusCode::kNotFound) return record.status();
    return NotFoundError("synthesis task '" + id + "' does not exist")
        .WithDetail("reason", std::string(kReasonTaskNotFound));
  }
  return TaskFrom(*record);
}

Result<std::vector<SynthesisTask>> SynthesisTaskRunner::List(const std::string& status, int offset,
                                                             int limit) {
  LATHE_ASSIGN_OR_RETURN(
      std::vector<store::ResourceRecord> records,
      metadata_.ListResources(kKind,
                              {.name = "", .state = status, .limit = limit, .offset = offset}));
  std::vector<SynthesisTask> out;
  out.reserve(records.size());
  for (const store::ResourceRecord& r : records) out.push_back(TaskFrom(r));
  return out;
}

std::filesystem::path SynthesisTaskRunner::OutputPath(const SynthesisTask& task) const {
  return output_root_ / task.bucket / task.key;
}

Result<int> SynthesisTaskRunner::DeleteExpired() {
  if (options_.retention_seconds <= 0) return 0;
  std::unique_lock<std::mutex> lock(expiry_mu_, std::try_to_lock);
  if (!lock.owns_lock()) return 0;  // another thread is at it
  const int64_t now = Now();
  last_expiry_check_.store(now);
  const int64_t cutoff = now - options_.retention_seconds;
  int deleted = 0;
  // Tasks list newest first, so the expired ones are at the end: read the last page, oldest
  // first, until a task young enough to keep.
  while (true) {
    LATHE_ASSIGN_OR_RETURN(int64_t count, metadata_.CountResources(kKind, {}));
    if (count == 0) return deleted;
    const int page = 100;
    LATHE_ASSIGN_OR_RETURN(
        std::vector<store::ResourceRecord> oldest,
        metadata_.ListResources(kKind, {.name = "",
                                        .state = "",
                                        .limit = page,
                                        .offset = static_cast<int>(std::max<int64_t>(0, count - page))}));
    int deleted_here = 0;
    bool reached_young = false;
    for (auto it = oldest.rbegin(); it != oldest.rend() && !reached_young; ++it) {
      const SynthesisTask task = TaskFrom(*it);
      if (task.creation_time >= cutoff) {
        reached_young = true;
      } else if (task.status == "completed" || task.status == "failed") {
        Status removed = metadata_.DeleteResource(kKind, task.id);
        if (!removed.ok() && removed.code() != StatusCode::kNotFound) return removed;
        RemoveOutput(task);
        ++deleted_here;
      }
    }
    deleted += deleted_here;
    // Stop at a young task, or when the page holds only old unfinished tasks.
    if (reached_young || deleted_here == 0) return deleted;
  }
}

void SynthesisTaskRunner::RemoveOutput(const SynthesisTask& task) {
  if (task.key.empty()) return;
  const std::filesystem::path path = OutputPath(task);
  std::error_code ec;
  for (const std::filesystem::path& file : {path, std::filesystem::path(path.string() + ".part")}) {
    if (!std::filesystem::remove(file, ec) && ec) {
      LogWarn("", "cannot delete the expired task output " + file.string() + ": " + ec.message());
    }
  }
  // The folders the key made, up to and including the bucket's, go when they are left empty.
  for (std::filesystem::path dir = path.parent_path();
       dir != output_root_ && dir.string().size() > output_root_.string().size();
       dir = dir.parent_path()) {
    if (!std::filesystem::is_empty(dir, ec) || ec || !std::filesystem::remove(dir, ec)) break;
  }
}

void SynthesisTaskRunner::TEST_WaitIdle() {
  std::unique_lock<std::mutex> lock(mu_);
  cv_.wait(lock, [this] { return (queue_.empty() && !busy_) || stop_; });
}

Status SynthesisTaskRunner::SetStatus(const std::string& id, const std::string& status,
                                      const std::string& reason) {
  LATHE_ASSIGN_OR_RETURN(store::ResourceRecord record, metadata_.GetResource(kKind, id));
  SynthesisTask task = TaskFrom(record);
  task.status_reason = reason;
  return metadata_
      .UpdateResource(kKind, id,
                      {.state = status,
                       .body_json = TaskJson(task).dump(),
                       .artifacts = std::nullopt,
                       .expected_states = std::nullopt})
      .status();
}

void SynthesisTaskRunner::Work() {
  while (true) {
    Queued job;
    {
      std::unique_lock<std::mutex> lock(mu_);
      cv_.wait(lock, [this] { return stop_ || !queue_.empty(); });
      if (stop_) return;  // queued tasks stay "scheduled": the next Open fails them
      job = std::move(queue_.front());
      queue_.pop_front();
      busy_ = true;
    }
    Result<store::ResourceRecord> record = metadata_.GetResource(kKind, job.id);
    Status status = record.status();
    if (status.ok()) status = SetStatus(job.id, "inProgress", "");
    if (status.ok()) status = Run(job, TaskFrom(*record));
    if (!status.ok() && status.code() != StatusCode::kCancelled) {
      (void)SetStatus(job.id, "failed", status.message());
    }
    {
      std::lock_guard<std::mutex> lock(mu_);
      busy_ = false;
    }
    cv_.notify_all();
  }
}

Status SynthesisTaskRunner::Run(const Queued& job, const SynthesisTask& task) {
  const std::filesystem::path path = OutputPath(task);
  std::error_code ec;
  std::filesystem::create_directories(path.parent_path(), ec);
  if (ec) {
    return InternalError("cannot create " + path.parent_path().string() + ": " + ec.message());
  }
  const std::filesystem::path part = path.string() + ".part";
  std::ofstream out(part, std::ios::binary | std::ios::trunc);
  if (!out) return InternalError("cannot write " + part.string());
  Status rendered = RenderSpeech(job.speech, [&](std::string_view bytes) {
    out.write(bytes.data(), static_cast<std::streamsize>(bytes.size()));
    std::lock_guard<std::mutex> lock(mu_);
    return !stop_;
  });
  out.close();
  if (rendered.ok() && !out) rendered = InternalError("cannot write " + part.string());
  if (!rendered.ok()) {
    std::filesystem::remove(part, ec);
    return rendered;
  }
  std::filesystem::rename(part, path, ec);
  if (ec) return InternalError("cannot rename " + part.string() + ": " + ec.message());
  return SetStatus(task.id, "completed", "");
}

}  // namespace lathe::services::speech
