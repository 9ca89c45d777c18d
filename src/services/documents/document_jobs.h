// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Asynchronous document analysis (Textract's StartDocumentTextDetection / StartDocumentAnalysis
// and their Get operations): a job reads a file of the server's import directory (Lathe has no
// S3: the object {Bucket, Name} is the file <import dir>/<Bucket>/<Name>), analyses every page on
// a jobs::JobRunner thread and keeps the encoded result as an artifact. Jobs are "textract_job"
// resources in the MetadataStore, states IN_PROGRESS -> SUCCEEDED | FAILED (compare-and-set);
// a job a previous process left IN_PROGRESS is FAILED after Recover(). Finished jobs older than
// options.retention_seconds (default 7 days) are deleted with their result by Recover() and, at
// most once per check interval, by Start(). The result's encoding is
// the caller's (the adapter's JSON), so this library knows no wire format. Thread-safe.
//
//   DocumentJobService jobs(metadata, artifacts, EncodeBlocks, {.import_dir = data + "/imports"});
//   LATHE_ASSIGN_OR_RETURN(size_t failed, jobs.Recover());            // once, at start-up
//   LATHE_ASSIGN_OR_RETURN(std::string id, jobs.Start({.bucket = "scans", .name = "a.pdf"}));
//   LATHE_ASSIGN_OR_RETURN(DocumentJob job, jobs.Get(id, DocumentJobType::kText));
//   if (job.status == kJobSucceeded) Decode(job.result) ...
#pragma once

#include <atomic>
#include <cstdint>
#include <functional>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>

#include "core/status.h"
#include "jobs/job_runner.h"
#include "services/documents/document_analyzer.h"
#include "store/artifact_store.h"
#include "store/metadata_store.h"

namespace lathe::services::documents {

inline constexpr std::string_view kDocumentJobKind = "textract_job";
inline constexpr std::string_view kDocumentJobIdPrefix = "txj";
inline constexpr std::string_view kJobInProgress = "IN_PROGRESS";
inline constexpr std::string_view kJobSucceeded = "SUCCEEDED";
inline constexpr std::string_view kJobFailed = "FAILED";

// Which Start operation made a job; a job is only visible to the matching Get operation.
enum class DocumentJobType { kText, kAnalysis };

struct DocumentJobRequest {
  DocumentJobType type = DocumentJobType::kText;
  std::string bucket;  // S3Object.Bucket: a folder of the import directory
  std::string name;    // S3Object.Name: a relative path inside it
  bool tables = false;  // kAnalysis: FeatureTypes TABLES
  bool forms = false;   // kAnalysis: FeatureTypes FORMS
  std::string job_tag;               // echoed back, not interpreted
  std::string client_request_token;  // "" or an idempotency token
};

struct DocumentJob {
  std::string id;
  DocumentJobType type = DocumentJobType::kText;
  std::string status;          // kJobInProgress, kJobSucceeded, kJobFailed
  std::string status_message;  // why it failed
  int pages = 0;               // when it succeeded
  std::string result;          // the encoded result, when it succeeded and was asked for
};

// Turns an analysed document into the bytes a job keeps (the adapter's JSON).
using DocumentEncoder = std::function<std::string(const AnalyzedDocument&)>;

struct DocumentJobOptions {
  std::string import_dir;               // where S3 objects are looked up ("" refuses them all)
  int threads = 1;                      // jobs analysed at once
  int max_pages = 3000;                 // Textract's limit for asynchronous PDFs
  uint64_t max_bytes = 500ull << 20;    // Textract's limit for asynchronous PDFs (500 MB)
  std::string languages = "eng+vie";    // Tesseract languages
  // Finished jobs (SUCCEEDED or FAILED) older than this are deleted with their results, as
  // Textract keeps results for 7 days. 0 or less keeps them for ever.
  int64_t retention_seconds = 7 * 24 * 3600;
  // Start looks for expired jobs when at least this long has passed since the last look
  // (bounded by retention_seconds); Recover looks once.
  int64_t check_interval_seconds = 600;
  // Epoch seconds; empty = the system clock (tests pass a fake).
  std::function<int64_t()> now;
};

class DocumentJobService {
 public:
  DocumentJobService(store::MetadataStore& metadata, store::ArtifactStore& artifacts,
                     DocumentEncoder encoder, DocumentJobOptions options);
  // Shutdown().
  ~DocumentJobService();
  DocumentJobService(const DocumentJobService&) = delete;
  DocumentJobService& operator=(const DocumentJobService&) = delete;

  // Marks jobs a previous process left IN_PROGRESS as FAILED and deletes expired jobs. Call
  // once, before Start.
  Result<size_t> Recover();

  // Deletes SUCCEEDED and FAILED jobs created more than options.retention_seconds ago, and the
  // results no other resource references; returns how many jobs. Store errors are returned.
  Result<size_t> DeleteExpired();

  // Checks the request and queues the job; returns its id. Errors:
  //   kInvalidArgument     a bucket or name that breaks the model's patterns (message names it);
  //   kPermissionDenied    a name that leaves the bucket's folder ("..", absolute, a symbolic
  //                        link out of the import directory);
  //   kNotFound            no such file;
  //   kUnimplemented       the file is not PNG, JPEG, TIFF or PDF;
  //   kResourceExhausted   the file is over options.max_bytes;
  //   kAlreadyExists       the client request token was used for a different request;
  //   kUnavailable         after Shutdown.
  // With a token already used for the same request, returns that job's id (idempotent).
  Result<std::string> Start(const DocumentJobRequest& request);

  // The job `id` as the Get operation of `type` sees it; the result bytes only when it
  // SUCCEEDED and `with_result`. NotFound for an unknown id or a job of the other type.
  Result<DocumentJob> Get(std::string_view id, DocumentJobType type, bool with_result = true);

  // Stops taking jobs; a running job stops after its current page and is FAILED ("interrupted by
  // a server shutdown"); queued ones stay IN_PROGRESS for Recover(). Idempotent.
  void Shutdown();

 private:
  struct Job;
  void Run(const std::shared_ptr<Job>& job, const std::atomic<bool>& cancel);
  Status Finish(const Job& job, std::string_view state, const std::string& message, int pages,
                const std::string& artifact);

  int64_t Now() const;

  store::MetadataStore& metadata_;
  store::ArtifactStore& artifacts_;
  DocumentEncoder encoder_;
  DocumentJobOptions options_;
  // Held from a result's Put to its job's Finish and while DeleteExpired removes results, so an
  // identical result being stored is never removed between the two.
  std::mutex results_mu_;
  std::atomic<int64_t> last_expiry_check_{0};  // epoch seconds
  std::mutex mu_;
  bool shutting_down_ = false;  // GUARDED_BY(mu_)
  jobs::JobRunner runner_;      // last: its threads stop before the members they use go
};

// The file of S3 object {bucket, name} under `import_dir`, as a real path inside
// <import_dir>/<bucket>: errors as DocumentJobService::Start (kInvalidArgument, kPermissionDenied,
// kNotFound), each naming the member (DocumentLocation.S3Object.Name).
Result<std::string> ImportObjectPath(const std::string& import_dir, const std::string& bucket,
                                     const std::string& name);

}  // namespace lathe::services::documents
