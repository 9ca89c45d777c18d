// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "services/documents/document_jobs.h"

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <ctime>
#include <filesystem>
#include <fstream>
#include <iterator>

#include <nlohmann/json.hpp>

#include "core/clock.h"
#include "core/ids.h"
#include "core/import_path.h"
#include "core/logging.h"

namespace lathe::services::documents {
namespace {

using nlohmann::json;
namespace fs = std::filesystem;

constexpr std::string_view kInterrupted = "interrupted by a server restart before it finished";
constexpr std::string_view kShutdown = "interrupted by a server shutdown";

std::string_view TypeName(DocumentJobType type) {
  return type == DocumentJobType::kText ? "DocumentTextDetection" : "DocumentAnalysis";
}

json ParseBody(std::string_view text) {
  json body = json::parse(text, nullptr, false);
  return body.is_object() ? body : json::object();
}

// The request as stored, for idempotency checks.
json RequestJson(const DocumentJobRequest& r) {
  return {{"operation", TypeName(r.type)}, {"bucket", r.bucket}, {"name", r.name},
          {"tables", r.tables},            {"forms", r.forms},   {"job_tag", r.job_tag}};
}

int64_t SystemSeconds() {
  return std::chrono::duration_cast<std::chrono::seconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// Epoch seconds of an RFC 3339 UTC time "YYYY-MM-DDTHH:MM:SS...Z"; 0 if it does not parse.
int64_t EpochSeconds(const std::string& rfc3339) {
  std::tm tm{};
  if (std::sscanf(rfc3339.c_str(), "%4d-%2d-%2dT%2d:%2d:%2d", &tm.tm_year, &tm.tm_mon, &tm.tm_mday,
                  &tm.tm_hour, &tm.tm_min, &tm.tm_sec) != 6) {
    return 0;
  }
  tm.tm_year -= 1900;
  tm.tm_mon -= 1;
  return static_cast<int64_t>(timegm(&tm));
}

// When a job was started: "created_seconds" of its body, else the record's creation time (jobs
// stored before the body had it).
int64_t CreatedSeconds(const store::ResourceRecord& record, const json& body) {
  const json& seconds = body.contains("created_seconds") ? body["created_seconds"] : json();
  return seconds.is_number_integer() ? seconds.get<int64_t>() : EpochSeconds(record.created_at);
}

bool ValidBucket(std::string_view bucket) {
  if (bucket.size() < 3 || bucket.size() > 255 || bucket == "..") return false;
  return std::all_of(bucket.begin(), bucket.end(), [](char c) {
    return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
           c == '.' || c == '-' || c == '_';
  });
}

Result<std::string> ReadWhole(const std::string& path, uint64_t max_bytes) {
  std::error_code ec;
  const uintmax_t size = fs::file_size(path, ec);
  if (ec) return NotFoundError("DocumentLocation.S3Object: cannot read " + path + ": " +
                               ec.message());
  if (size > max_bytes) {
    return ResourceExhaustedError("DocumentLocation.S3Object: the object is " +
                                  std::to_string(size) + " bytes; the limit is " +
                                  std::to_string(max_bytes) + " bytes");
  }
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFoundError("DocumentLocation.S3Object: cannot open " + path);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

}  // namespace

Result<std::string> ImportObjectPath(const std::string& import_dir, const std::string& bucket,
                                     const std::string& name) {
  if (import_dir.empty()) {
    return PermissionDeniedError("DocumentLocation.S3Object: this server reads no files");
  }
  if (!ValidBucket(bucket)) {
    return InvalidArgumentError("DocumentLocation.S3Object.Bucket: '" + bucket.substr(0, 80) +
                                "' must be 3-255 letters, digits, '.', '-' or '_'");
  }
  // Lathe maps objects to files, so a name must stay a relative path inside its bucket's folder
  // (core/import_path.h: the rule the pipelines' Dataset step and Polly's tasks follow too).
  return ResolveImportPath(fs::path(import_dir) / bucket, name,
                           {.field = "DocumentLocation.S3Object.Name",
                            .place = "the bucket's folder <data dir>/imports/" + bucket});
}

struct DocumentJobService::Job {
  std::string id;
  DocumentJobRequest request;
  std::string path;
};

DocumentJobService::DocumentJobService(store::MetadataStore& metadata,
                                       store::ArtifactStore& artifacts, DocumentEncoder encoder,
                                       DocumentJobOptions options)
    : metadata_(metadata),
      artifacts_(artifacts),
      encoder_(std::move(encoder)),
      options_(std::move(options)),
      runner_(std::max(1, options_.threads)) {}

DocumentJobService::~DocumentJobService() { Shutdown(); }

int64_t DocumentJobService::Now() const { return options_.now ? options_.now() : SystemSeconds(); }

Result<size_t> DocumentJobService::Recover() {
  size_t count = 0;
  while (true) {
    store::ResourceListOptions list;
    list.state = std::string(kJobInProgress);
    list.limit = 1000;
    LATHE_ASSIGN_OR_RETURN(auto records, metadata_.ListResources(kDocumentJobKind, list));
    if (records.empty()) break;
    for (const store::ResourceRecord& r : records) {
      json body = ParseBody(r.body_json);
      body["status_message"] = std::string(kInterrupted);
      body["ended_at"] = NowRfc3339();
      store::ResourceUpdate update;
      update.state = std::string(kJobFailed);
      update.body_json = body.dump();
      update.expected_states = std::vector<std::string>{r.state};
      LATHE_RETURN_IF_ERROR(metadata_.UpdateResource(kDocumentJobKind, r.id, update).status());
      ++count;
    }
  }
  LATHE_RETURN_IF_ERROR(DeleteExpired().status());
  return count;
}

Result<size_t> DocumentJobService::DeleteExpired() {
  if (options_.retention_seconds <= 0) return size_t{0};
  const int64_t now = Now();
  last_expiry_check_.store(now);
  const int64_t cutoff = now - options_.retention_seconds;
  std::lock_guard<std::mutex> lock(results_mu_);
  size_t deleted = 0;
  std::vector<std::string> results;  // of deleted jobs: removed unless still referenced
  for (std::string_view state : {kJobSucceeded, kJobFailed}) {
    // Newest first: the expired jobs of a state are its last ones.
    LATHE_ASSIGN_OR_RETURN(int64_t count,
                           metadata_.CountResources(kDocumentJobKind, {.name = "",
                                                                       .state = std::string(state),
                                                                       .limit = 1000,
                                                                       .offset = 0}));
    while (count > 0) {
      const int page = 200;
      store::ResourceListOptions list;
      list.state = std::string(state);
      list.limit = page;
      list.offset = static_cast<int>(std::max<int64_t>(0, count - page));
      LATHE_ASSIGN_OR_RETURN(auto oldest, metadata_.ListResources(kDocumentJobKind, list));
      size_t deleted_here = 0;
      for (auto it = oldest.rbegin(); it != oldest.rend(); ++it) {
        const json body = ParseBody(it->body_json);
        if (CreatedSeconds(*it, body) >= cutoff) break;
        Status removed = metadata_.DeleteResource(kDocumentJobKind, it->id);
        if (!removed.ok() && removed.code() != StatusCode::kNotFound) return removed;
        const std::string sha = body.value("result_sha256", "");
        if (!sha.empty()) results.push_back(sha);
        ++deleted_here;
      }
      deleted += deleted_here;
      if (deleted_here < oldest.size() || deleted_here == 0) break;  // reached a young job
      count -= static_cast<int64_t>(deleted_here);
    }
  }
  if (!results.empty()) {
    LATHE_ASSIGN_OR_RETURN(std::vector<std::string> referenced, metadata_.ReferencedArtifacts());
    for (const std::string& sha : results) {
      if (std::binary_search(referenced.begin(), referenced.end(), sha)) continue;
      Status removed = artifacts_.Remove(sha);
      if (!removed.ok() && removed.code() != StatusCode::kNotFound) {
        LogWarn("", "textract: cannot delete the expired result " + sha + ": " +
                        removed.ToString());
      }
    }
  }
  return deleted;
}

Result<std::string> DocumentJobService::Start(const DocumentJobRequest& request) {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (shutting_down_) return UnavailableError("the server is shutting down; no new jobs");
  }
  if (options_.retention_seconds > 0 &&
      Now() - last_expiry_check_.load() >=
          std::min(options_.check_interval_seconds, options_.retention_seconds)) {
    if (Result<size_t> deleted = DeleteExpired(); !deleted.ok()) {
      LogWarn("", "textract: deleting expired jobs: " + deleted.status().ToString());
    }
  }
  const json wanted = RequestJson(request);
  if (!request.client_request_token.empty()) {
    Result<store::ResourceRecord> earlier =
        metadata_.GetResource(kDocumentJobKind, request.client_request_token);
    if (earlier.ok()) {
      if (ParseBody(earlier->body_json).value("request", json()) == wanted) return earlier->id;
      return AlreadyExistsError("ClientRequestToken: '" + request.client_request_token +
                                "' was used for a different request (job " + earlier->id + ")");
    }
  }
  LATHE_ASSIGN_OR_RETURN(std::string path,
                         ImportObjectPath(options_.import_dir, request.bucket, request.name));
  std::error_code ec;
  const uintmax_t size = fs::file_size(path, ec);
  if (!ec && size > options_.max_bytes) {
    return ResourceExhaustedError("DocumentLocation.S3Object: s3://" + request.bucket + "/" +
                                  request.name + " is " + std::to_string(size) +
                                  " bytes; the limit is " + std::to_string(options_.max_bytes));
  }
  {
    std::ifstream in(path, std::ios::binary);
    std::string head(1024, '\0');
    in.read(head.data(), std::streamsize(head.size()));
    head.resize(size_t(in.gcount()));
    if (SniffFormat(head) == ImageFormat::kUnknown) {
      return UnimplementedError("DocumentLocation.S3Object: s3://" + request.bucket + "/" +
                                request.name + " is not a PNG, JPEG, TIFF or PDF file");
    }
  }
  auto job = std::make_shared<Job>();
  job->request = request;
  job->path = path;
  store::ResourceRecord record;
  record.kind = std::string(kDocumentJobKind);
  record.name = request.client_request_token;
  record.state = std::string(kJobInProgress);
  record.body_json = json{{"request", wanted},
                          {"path", path},
                          {"queued_at", NowRfc3339()},
                          {"created_seconds", Now()}}
                         .dump();
  LATHE_ASSIGN_OR_RETURN(store::ResourceRecord stored,
                         metadata_.CreateResource(std::move(record), kDocumentJobIdPrefix));
  job->id = stored.id;
  Status queued =
      runner_.Submit(job->id, [this, job](const std::atomic<bool>& cancel) { Run(job, cancel); });
  if (!queued.ok()) {
    (void)Finish(*job, kJobFailed, queued.message(), 0, "");
    return queued;
  }
  return job->id;
}

void DocumentJobService::Run(const std::shared_ptr<Job>& job, const std::atomic<bool>& cancel) {
  AnalyzeOptions options;
  options.tables = job->request.tables;
  options.forms = job->request.forms;
  options.languages = options_.languages;
  options.max_pages = options_.max_pages;
  options.cancel = &cancel;
  Result<std::string> bytes = ReadWhole(job->path, options_.max_bytes);
  Result<AnalyzedDocument> doc =
      bytes.ok() ? AnalyzeDocument(*bytes, options) : Result<AnalyzedDocument>(bytes.status());
  Status finished;
  if (doc.ok()) {
    const std::string encoded = encoder_(*doc);
    std::lock_guard<std::mutex> lock(results_mu_);  // DeleteExpired keeps off the result
    Result<std::string> sha = artifacts_.Put(encoded);
    finished = sha.ok() ? Finish(*job, kJobSucceeded, "", int(doc->pages.size()), *sha)
                        : Finish(*job, kJobFailed, "storing the result: " + sha.status().message(),
                                 0, "");
  } else if (doc.status().code() == StatusCode::kCancelled) {
    finished = Finish(*job, kJobFailed, std::string(kShutdown), 0, "");
  } else {
    finished = Finish(*job, kJobFailed, doc.status().message(), 0, "");
  }
  if (!finished.ok()) {
    LogWarn("", "textract job " + job->id + ": recording its end failed: " + finished.ToString());
  }
}

Status DocumentJobService::Finish(const Job& job, std::string_view state,
                                  const std::string& message, int pages,
                                  const std::string& artifact) {
  LATHE_ASSIGN_OR_RETURN(store::ResourceRecord record,
                         metadata_.GetResource(kDocumentJobKind, job.id));
  json body = ParseBody(record.body_json);
  body["ended_at"] = NowRfc3339();
  if (!message.empty()) body["status_message"] = message;
  if (state == kJobSucceeded) {
    body["pages"] = pages;
    body["result_sha256"] = artifact;
  }
  store::ResourceUpdate update;
  update.state = std::string(state);
  update.body_json = body.dump(-1, ' ', false, json::error_handler_t::replace);
  if (!artifact.empty()) update.artifacts = std::vector<std::string>{artifact};
  update.expected_states = std::vector<std::string>{std::string(kJobInProgress)};
  return metadata_.UpdateResource(kDocumentJobKind, job.id, update).status();
}

Result<DocumentJob> DocumentJobService::Get(std::string_view id, DocumentJobType type,
                                            bool with_result) {
  auto not_found = [&id] {
    return NotFoundError("JobId: no job '" + std::string(id.substr(0, 64)) + "'");
  };
  if (!LooksLikeId(id, kDocumentJobIdPrefix)) return not_found();
  Result<store::ResourceRecord> record = metadata_.GetResource(kDocumentJobKind, id);
  if (!record.ok()) {
    return record.status().code() == StatusCode::kNotFound ? not_found() : record.status();
  }
  const json body = ParseBody(record->body_json);
  if (body.value("request", json::object()).value("operation", "") != TypeName(type)) {
    return NotFoundError("JobId: job '" + record->id + "' was not started by Start" +
                         std::string(TypeName(type)));
  }
  DocumentJob job;
  job.id = record->id;
  job.type = type;
  job.status = record->state;
  job.status_message = body.value("status_message", "");
  job.pages = body.value("pages", 0);
  if (with_result && job.status == kJobSucceeded) {
    LATHE_ASSIGN_OR_RETURN(job.result, artifacts_.Get(body.value("result_sha256", "")));
  }
  return job;
}

void DocumentJobService::Shutdown() {
  {
    std::lock_guard<std::mutex> lock(mu_);
    if (shutting_down_) return;
    shutting_down_ = true;
  }
  runner_.Shutdown();  // running jobs see their flag between pages and end FAILED
}

}  // namespace lathe::services::documents
