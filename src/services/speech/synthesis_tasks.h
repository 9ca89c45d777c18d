// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Asynchronous speech synthesis (Amazon Polly's StartSpeechSynthesisTask, GetSpeechSynthesisTask,
// ListSpeechSynthesisTasks without the HTTP). A task is checked when it is started (the same
// errors as SynthesizeSpeech, with the task limits), recorded in the MetadataStore (resource kind
// "speech_task", state = Polly's TaskStatus), and rendered by one worker thread, oldest first,
// into <output root>/<bucket>/<key prefix><task id>.<ext> (written as .part, then renamed).
// Tasks that a previous process left scheduled or inProgress are marked failed when the runner
// opens. Finished tasks older than the retention (default 7 days) are deleted, record and output
// file, when the runner opens and then by Start at most once per check interval. Thread-safe; the
// destructor stops the worker (an unfinished task is failed at the next Open).
//
//   LATHE_ASSIGN_OR_RETURN(auto tasks, SynthesisTaskRunner::Open(metadata, data_dir + "/speech"));
//   LATHE_ASSIGN_OR_RETURN(SynthesisTask t, tasks->Start(spec));  // t.status == "scheduled"
//   ... tasks->Get(t.id) ... "completed": the audio is at tasks->OutputPath(t)
#pragma once

#include <atomic>
#include <condition_variable>
#include <cstdint>
#include <deque>
#include <filesystem>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "core/status.h"
#include "services/speech/synthesizer.h"
#include "store/metadata_store.h"

namespace lathe::services::speech {

// What StartSpeechSynthesisTask asks for.
struct SynthesisTaskSpec {
  SpeechRequest request;                   // .task is set by Start
  std::vector<std::string> lexicon_names;  // LexiconNames
  std::string bucket;                      // OutputS3BucketName: a directory under the root
  std::string key_prefix;                  // OutputS3KeyPrefix: prepended to the file name
  std::string sns_topic_arn;               // kept and reported; Lathe sends no notification
};

// A task as GetSpeechSynthesisTask reports it.
struct SynthesisTask {
  std::string id;
  std::string status;         // "scheduled", "inProgress", "completed" or "failed"
  std::string status_reason;  // why it failed ("" otherwise)
  std::string bucket;
  std::string key;            // the output's key in the bucket: <prefix><id>.<ext>
  int64_t creation_time = 0;  // epoch seconds
  int64_t request_characters = 0;
  std::string engine;  // "standard"
  std::string voice_id;
  std::string language_code;  // "" when the request gave none
  std::string output_format;
  int sample_rate = 0;    // Hz, as rendered
  std::string text_type;  // "text" or "ssml"
  std::vector<std::string> speech_mark_types;
  std::vector<std::string> lexicon_names;
  std::string sns_topic_arn;
};

// How long tasks are kept. AWS lists a task only for a limited time and leaves its output in S3;
// Lathe keeps outputs in the data directory, so both go together.
struct SynthesisTaskOptions {
  // A completed or failed task older than this (from its CreationTime) is deleted with its
  // output file. 0 or less keeps tasks for ever.
  int64_t retention_seconds = 7 * 24 * 3600;
  // Start looks for expired tasks when at least this long has passed since the last look
  // (bounded by retention_seconds), so a task lives at most retention + interval.
  int64_t check_interval_seconds = 600;
  // Epoch seconds for creation times and expiry; empty = the system clock (tests pass a fake).
  std::function<int64_t()> now;
};

// Status detail "reason" values the adapter turns into Polly's exceptions.
inline constexpr std::string_view kReasonInvalidBucket = "InvalidS3Bucket";
inline constexpr std::string_view kReasonInvalidKey = "InvalidS3Key";
inline constexpr std::string_view kReasonInvalidTopic = "InvalidSnsTopicArn";
inline constexpr std::string_view kReasonInvalidTaskId = "InvalidTaskId";
inline constexpr std::string_view kReasonTaskNotFound = "SynthesisTaskNotFound";

class SynthesisTaskRunner {
 public:
  // Opens the runner over `metadata`, writing outputs under `output_root` (created), fails the
  // tasks an earlier process left unfinished and deletes the expired ones. Starts the worker.
  static Result<std::unique_ptr<SynthesisTaskRunner>> Open(store::MetadataStore& metadata,
                                                           std::filesystem::path output_root,
                                                           SynthesisTaskOptions options = {});
  SynthesisTaskRunner(const SynthesisTaskRunner&) = delete;
  SynthesisTaskRunner& operator=(const SynthesisTaskRunner&) = delete;
  ~SynthesisTaskRunner();

  // Checks and queues a task. InvalidArgument with reason InvalidS3Bucket (a bucket name that
  // is not [a-z0-9][.-a-z0-9]{1,61}[a-z0-9]), InvalidS3Key (a prefix outside Polly's pattern or
  // holding a "." or ".." path segment or a leading '/': it would leave the bucket directory),
  // InvalidSnsTopicArn; else PrepareSpeech's errors (speech_errors.h) with the task limits.
  Result<SynthesisTask> Start(SynthesisTaskSpec spec);
  // InvalidArgument with reason InvalidTaskId for an id outside [a-zA-Z0-9_-]{1,100}; NotFound
  // with reason SynthesisTaskNotFound.
  Result<SynthesisTask> Get(const std::string& id);
  // Tasks newest first, `status` ("" = any), from `offset`, at most `limit` (1..100).
  Result<std::vector<SynthesisTask>> List(const std::string& status, int offset, int limit);
  // Where a task's output is (it exists once the task is completed).
  std::filesystem::path OutputPath(const SynthesisTask& task) const;
  // Deletes completed and failed tasks older than the retention, records and output files (and
  // the folders this leaves empty); returns how many. Runs at Open and from Start; callable at
  // any time. Errors from the store are returned (a file that cannot be removed is logged).
  Result<int> DeleteExpired();

  // Waits until no task is queued or running (tests).
  void TEST_WaitIdle();

 private:
  struct Queued {
    std::string id;
    PreparedSpeech speech;
  };
  SynthesisTaskRunner(store::MetadataStore& metadata, std::filesystem::path output_root,
                      SynthesisTaskOptions options);
  int64_t Now() const;
  void RemoveOutput(const SynthesisTask& task);
  Status FailInterrupted();
  void Work();
  Status Run(const Queued& job, const SynthesisTask& task);
  Status SetStatus(const std::string& id, const std::string& status, const std::string& reason);

  store::MetadataStore& metadata_;
  const std::filesystem::path output_root_;
  const SynthesisTaskOptions options_;
  std::mutex expiry_mu_;         // one DeleteExpired at a time
  std::atomic<int64_t> last_expiry_check_{0};  // epoch seconds
  std::mutex mu_;
  std::condition_variable cv_;
  std::deque<Queued> queue_;  // GUARDED_BY(mu_)
  bool busy_ = false;         // GUARDED_BY(mu_): the worker is rendering a task
  bool stop_ = false;         // GUARDED_BY(mu_)
  std::thread worker_;
};

}  // namespace lathe::services::speech
