// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Asynchronous analysis jobs (document_jobs.h) over a real SQLite store and artifact store in a
// scratch directory: the import-folder mapping of S3 objects and its escapes, a 2-page PDF read
// to SUCCEEDED with every page, job types kept apart, idempotency tokens, and recovery of a job a
// previous process left IN_PROGRESS.
#include "services/documents/document_jobs.h"

#include <atomic>
#include <chrono>
#include <filesystem>
#include <functional>
#include <string>
#include <thread>

#include <gtest/gtest.h>

#include "store/store_factory.h"
#include "unit/documents/document_fixtures.h"

namespace lathe::services::documents {
namespace {

namespace fx = lathe::testing::documents;
namespace fs = std::filesystem;

// "pages=N" then each LINE's page and text, one per line.
std::string Encode(const AnalyzedDocument& doc) {
  std::string out = "pages=" + std::to_string(doc.pages.size()) + "\n";
  for (size_t p = 0; p < doc.pages.size(); ++p) {
    for (const OcrLine& line : doc.pages[p].text.lines) {
      out += std::to_string(p + 1) + ":" + line.text + "\n";
    }
  }
  return out;
}

DocumentJobRequest Request(DocumentJobType type, const std::string& name, bool tables = false,
                           const std::string& token = "") {
  DocumentJobRequest r;
  r.type = type;
  r.bucket = "scans";
  r.name = name;
  r.tables = tables;
  r.client_request_token = token;
  return r;
}

class DocumentJobsTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto stores = store::OpenEmbeddedStores({.data_dir = (dir_ / "data").string()});
    ASSERT_TRUE(stores.ok()) << stores.status().message();
    stores_ = std::move(*stores);
    imports_ = dir_ / "data" / "imports";
    fs::create_directories(imports_ / "scans");
  }

  // `now`: a fake clock in epoch seconds (empty: the system clock).
  std::unique_ptr<DocumentJobService> Service(std::function<int64_t()> now = {}) {
    return std::make_unique<DocumentJobService>(
        *stores_.metadata, *stores_.artifacts, Encode,
        DocumentJobOptions{.import_dir = imports_.string(),
                           .threads = 1,
                           .max_pages = 3000,
                           .max_bytes = 500ull << 20,
                           .languages = "eng",
                           .retention_seconds = 7 * 24 * 3600,
                           .check_interval_seconds = 600,
                           .now = std::move(now)});
  }

  // Polls until the job leaves IN_PROGRESS (at most 60 s).
  DocumentJob Wait(DocumentJobService& jobs, const std::string& id, DocumentJobType type) {
    for (int i = 0; i < 600; ++i) {
      Result<DocumentJob> job = jobs.Get(id, type);
      EXPECT_TRUE(job.ok()) << job.status().message();
      if (!job.ok() || job->status != kJobInProgress) return job.ok() ? *job : DocumentJob{};
      std::this_thread::sleep_for(std::chrono::milliseconds(100));
    }
    ADD_FAILURE() << "job " << id << " still IN_PROGRESS after 60 s";
    return {};
  }

  fx::ScratchDir dir_;
  store::Stores stores_;
  fs::path imports_;
};

TEST_F(DocumentJobsTest, ObjectsMapToFilesInsideTheirBucketFolder) {
  fx::WriteFile(imports_ / "scans" / "a.png", "x");
  fs::create_directories(imports_ / "scans" / "sub");
  fx::WriteFile(imports_ / "scans" / "sub" / "b.png", "x");
  fx::WriteFile(dir_ / "secret.png", "x");
  fs::create_symlink(dir_ / "secret.png", imports_ / "scans" / "link.png");
  fs::create_directories(imports_ / "other");
  fx::WriteFile(imports_ / "other" / "c.png", "x");
  const std::string root = imports_.string();

  Result<std::string> ok = ImportObjectPath(root, "scans", "a.png");
  ASSERT_TRUE(ok.ok()) << ok.status().message();
  EXPECT_EQ(fs::path(*ok), fs::canonical(imports_ / "scans" / "a.png"));
  EXPECT_TRUE(ImportObjectPath(root, "scans", "sub/b.png").ok());
  EXPECT_TRUE(ImportObjectPath(root, "scans", "sub/../a.png").status().code() ==
              StatusCode::kPermissionDenied);
  const std::vector<std::pair<std::string, StatusCode>> bad = {
      {"../other/c.png", StatusCode::kPermissionDenied},
      {"/etc/passwd", StatusCode::kPermissionDenied},
      {"link.png", StatusCode::kPermissionDenied},  // a symbolic link out of the folder
      {"missing.png", StatusCode::kNotFound},
      {"sub", StatusCode::kNotFound},  // a folder is not an object
  };
  for (const auto& [name, code] : bad) {
    Result<std::string> r = ImportObjectPath(root, "scans", name);
    EXPECT_EQ(r.status().code(), code) << name << ": " << r.status().message();
    EXPECT_NE(r.status().message().find("DocumentLocation.S3Object"), std::string::npos);
  }
  EXPECT_EQ(ImportObjectPath(root, "..", "x").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(ImportObjectPath(root, "a/b", "x").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(ImportObjectPath(root, "scans", "").status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(ImportObjectPath("", "scans", "a.png").status().code(),
            StatusCode::kPermissionDenied);
}

TEST_F(DocumentJobsTest, TwoPagePdfIsReadPageByPageAndKeptAsAResource) {
  std::string text;
  for (int i = 0; i < 70; ++i) text += "Entry number " + std::to_string(i) + "\n";
  ASSERT_TRUE(fx::TextPdf(dir_, "two.pdf", text));  // 60 lines a page: 2 pages
  fs::copy_file(dir_ / "two.pdf", imports_ / "scans" / "two.pdf");
  auto jobs = Service();
  Result<std::string> id = jobs->Start(Request(DocumentJobType::kText, "two.pdf"));
  ASSERT_TRUE(id.ok()) << id.status().message();
  DocumentJob job = Wait(*jobs, *id, DocumentJobType::kText);
  ASSERT_EQ(job.status, kJobSucceeded) << job.status_message;
  EXPECT_EQ(job.pages, 2);
  EXPECT_EQ(job.result.substr(0, 8), "pages=2\n");
  EXPECT_NE(job.result.find("1:Entry number 0\n"), std::string::npos);
  EXPECT_NE(job.result.find("2:Entry number 69\n"), std::string::npos) << job.result;
  // The job is a resource; the result an artifact it keeps alive.
  Result<store::ResourceRecord> record = stores_.metadata->GetResource(kDocumentJobKind, *id);
  ASSERT_TRUE(record.ok());
  EXPECT_EQ(record->state, kJobSucceeded);
  ASSERT_EQ(record->artifacts.size(), 1u);
  // The other Get operation does not see it; unknown ids are not found.
  EXPECT_EQ(jobs->Get(*id, DocumentJobType::kAnalysis).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(jobs->Get("txj_0000000000000000", DocumentJobType::kText).status().code(),
            StatusCode::kNotFound);
  EXPECT_EQ(jobs->Get("not an id", DocumentJobType::kText).status().code(),
            StatusCode::kNotFound);

  // Start refuses what it can tell at once.
  fx::WriteFile(imports_ / "scans" / "notes.txt", "plain text\n");
  EXPECT_EQ(jobs->Start(Request(DocumentJobType::kText, "notes.txt")).status().code(),
            StatusCode::kUnimplemented);
  EXPECT_EQ(jobs->Start(Request(DocumentJobType::kText, "none.pdf")).status().code(),
            StatusCode::kNotFound);
  // A corrupt image fails the job, with a reason.
  fx::WriteFile(imports_ / "scans" / "broken.png", std::string("\x89PNG\r\n\x1a\n", 8) + "junk");
  Result<std::string> broken = jobs->Start(Request(DocumentJobType::kAnalysis, "broken.png", true));
  ASSERT_TRUE(broken.ok()) << broken.status().message();
  DocumentJob failed = Wait(*jobs, *broken, DocumentJobType::kAnalysis);
  EXPECT_EQ(failed.status, kJobFailed);
  EXPECT_NE(failed.status_message.find("PNG"), std::string::npos) << failed.status_message;
}

TEST_F(DocumentJobsTest, ClientRequestTokensAreIdempotent) {
  ASSERT_TRUE(fx::TextPdf(dir_, "one.pdf", "Hello\n"));
  fs::copy_file(dir_ / "one.pdf", imports_ / "scans" / "one.pdf");
  fs::copy_file(dir_ / "one.pdf", imports_ / "scans" / "copy.pdf");
  auto jobs = Service();
  const DocumentJobRequest request = Request(DocumentJobType::kText, "one.pdf", false, "token-1");
  Result<std::string> first = jobs->Start(request);
  Result<std::string> again = jobs->Start(request);
  ASSERT_TRUE(first.ok() && again.ok());
  EXPECT_EQ(*first, *again);
  DocumentJobRequest other = request;
  other.name = "copy.pdf";
  EXPECT_EQ(jobs->Start(other).status().code(), StatusCode::kAlreadyExists);
  other.client_request_token = "token-2";
  Result<std::string> second = jobs->Start(other);
  ASSERT_TRUE(second.ok());
  EXPECT_NE(*second, *first);
  EXPECT_EQ(Wait(*jobs, *first, DocumentJobType::kText).status, kJobSucceeded);
  EXPECT_EQ(Wait(*jobs, *second, DocumentJobType::kText).status, kJobSucceeded);
}

// Retention: SUCCEEDED and FAILED jobs older than 7 days go with their results (unless another
// job's identical result still references it), checked by Start and by Recover.
TEST_F(DocumentJobsTest, FinishedJobsOlderThanTheRetentionAreDeleted) {
  ASSERT_TRUE(fx::TextPdf(dir_, "one.pdf", "Hello\n"));
  ASSERT_TRUE(fx::TextPdf(dir_, "other.pdf", "Goodbye\n"));
  fs::copy_file(dir_ / "one.pdf", imports_ / "scans" / "one.pdf");
  fs::copy_file(dir_ / "one.pdf", imports_ / "scans" / "copy.pdf");  // the same result
  fs::copy_file(dir_ / "other.pdf", imports_ / "scans" / "other.pdf");
  fx::WriteFile(imports_ / "scans" / "broken.png", std::string("\x89PNG\r\n\x1a\n", 8) + "junk");
  constexpr int64_t kDay = 24 * 3600;
  std::atomic<int64_t> now{1'900'000'000};
  auto jobs = Service([&now] { return now.load(); });
  ASSERT_TRUE(jobs->Recover().ok());
  auto run = [&](const std::string& name, std::string_view state) {
    Result<std::string> id = jobs->Start(Request(DocumentJobType::kText, name));
    EXPECT_TRUE(id.ok()) << id.status().message();
    if (!id.ok()) return std::string();
    EXPECT_EQ(Wait(*jobs, *id, DocumentJobType::kText).status, state) << name;
    return *id;
  };
  auto result_of = [&](const std::string& id) {
    Result<store::ResourceRecord> r = stores_.metadata->GetResource(kDocumentJobKind, id);
    return r.ok() && !r->artifacts.empty() ? r->artifacts[0] : std::string();
  };
  auto exists = [&](const std::string& sha) { return *stores_.artifacts->Exists(sha); };
  const std::string one = run("one.pdf", kJobSucceeded);
  const std::string other = run("other.pdf", kJobSucceeded);
  const std::string broken = run("broken.png", kJobFailed);
  const std::string one_sha = result_of(one), other_sha = result_of(other);
  ASSERT_FALSE(one_sha.empty());
  ASSERT_NE(one_sha, other_sha);

  now += 6 * kDay;  // not yet
  const std::string copy = run("copy.pdf", kJobSucceeded);
  EXPECT_EQ(result_of(copy), one_sha);
  EXPECT_TRUE(jobs->Get(one, DocumentJobType::kText).ok());

  now += kDay + 1;  // one, other and broken are 7 days and 1 s old: the next Start deletes them
  const std::string later = run("other.pdf", kJobSucceeded);
  for (const std::string& id : {one, other, broken}) {
    EXPECT_EQ(jobs->Get(id, DocumentJobType::kText).status().code(), StatusCode::kNotFound) << id;
  }
  EXPECT_TRUE(exists(one_sha));  // copy's result is the same bytes
  EXPECT_TRUE(exists(other_sha));  // so is later's
  Result<DocumentJob> kept = jobs->Get(copy, DocumentJobType::kText);
  ASSERT_TRUE(kept.ok()) << kept.status().message();
  EXPECT_EQ(kept->result.substr(0, 8), "pages=1\n");

  // A restart 8 days after `later`: Recover deletes copy and later, and their results.
  jobs.reset();
  now += 8 * kDay;
  jobs = Service([&now] { return now.load(); });
  ASSERT_TRUE(jobs->Recover().ok());
  EXPECT_EQ(jobs->Get(copy, DocumentJobType::kText).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(jobs->Get(later, DocumentJobType::kText).status().code(), StatusCode::kNotFound);
  EXPECT_FALSE(exists(one_sha));
  EXPECT_FALSE(exists(other_sha));
  Result<size_t> none = jobs->DeleteExpired();
  ASSERT_TRUE(none.ok());
  EXPECT_EQ(*none, 0u);
}

TEST_F(DocumentJobsTest, JobsLeftInProgressFailAfterARestart) {
  store::ResourceRecord record;
  record.kind = std::string(kDocumentJobKind);
  record.state = std::string(kJobInProgress);
  record.body_json = R"({"request": {"operation": "DocumentTextDetection"}})";
  Result<store::ResourceRecord> stored =
      stores_.metadata->CreateResource(record, kDocumentJobIdPrefix);
  ASSERT_TRUE(stored.ok());
  auto jobs = Service();
  Result<size_t> recovered = jobs->Recover();
  ASSERT_TRUE(recovered.ok());
  EXPECT_EQ(*recovered, 1u);
  Result<DocumentJob> job = jobs->Get(stored->id, DocumentJobType::kText);
  ASSERT_TRUE(job.ok()) << job.status().message();
  EXPECT_EQ(job->status, kJobFailed);
  EXPECT_NE(job->status_message.find("restart"), std::string::npos);
  EXPECT_EQ(*jobs->Recover(), 0u);
  jobs->Shutdown();
  EXPECT_EQ(jobs->Start(Request(DocumentJobType::kText, "x.pdf")).status().code(),
            StatusCode::kUnavailable);
}

}  // namespace
}  // namespace lathe::services::documents
