// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "services/speech/synthesis_tasks.h"

#include <gtest/gtest.h>

#include <atomic>
#include <filesystem>
#include <fstream>

#include "services/speech/speech_errors.h"
#include "store/metadata_store.h"

namespace lathe::services::speech {
namespace {

class SynthesisTasksTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::path(::testing::TempDir()) /
           ("lathe_tasks_" +
            std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    auto opened = store::OpenSqliteMetadataStore((dir_ / "lathe.db").string());
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    metadata_ = std::move(opened).value();
  }
  void TearDown() override {
    metadata_.reset();
    std::filesystem::remove_all(dir_);
  }

  std::unique_ptr<SynthesisTaskRunner> OpenRunner() {
    auto runner = SynthesisTaskRunner::Open(*metadata_, dir_ / "out");
    EXPECT_TRUE(runner.ok()) << runner.status().ToString();
    return runner.ok() ? std::move(*runner) : nullptr;
  }

  static SynthesisTaskSpec Spec(std::string text, std::string format, std::string bucket,
                                std::string prefix) {
    SynthesisTaskSpec spec;
    spec.request.text = std::move(text);
    spec.request.voice_id = "Joanna";
    spec.request.output_format = std::move(format);
    spec.bucket = std::move(bucket);
    spec.key_prefix = std::move(prefix);
    return spec;
  }

  std::filesystem::path dir_;
  std::unique_ptr<store::MetadataStore> metadata_;
};

std::string Reason(const Status& s) { return s.details().value("reason", ""); }

TEST_F(SynthesisTasksTest, ATaskIsScheduledThenCompletedWithItsAudioInTheBucketDirectory) {
  auto runner = OpenRunner();
  ASSERT_NE(runner, nullptr);
  const std::string text = "Hello from a task. It runs on a worker thread.";
  Result<SynthesisTask> task = runner->Start(Spec(text, "mp3", "my-bucket", "speech/daily."));
  ASSERT_TRUE(task.ok()) << task.status().ToString();
  EXPECT_EQ(task->status, "scheduled");
  EXPECT_EQ(task->key, "speech/daily." + task->id + ".mp3");
  EXPECT_EQ(task->request_characters, static_cast<int64_t>(text.size()));  // all billed
  runner->TEST_WaitIdle();
  Result<SynthesisTask> done = runner->Get(task->id);
  ASSERT_TRUE(done.ok()) << done.status().ToString();
  EXPECT_EQ(done->status, "completed") << done->status_reason;
  const std::filesystem::path path = runner->OutputPath(*done);
  EXPECT_EQ(path, dir_ / "out" / "my-bucket" / "speech" / ("daily." + task->id + ".mp3"));
  ASSERT_TRUE(std::filesystem::exists(path));
  EXPECT_GT(std::filesystem::file_size(path), 5000u);  // ~3 s of MP3
  std::ifstream in(path, std::ios::binary);
  char head[3] = {};
  in.read(head, 3);
  // An MP3 starts with an ID3 tag or a frame sync.
  EXPECT_TRUE(std::string(head, 3) == "ID3" ||
              (static_cast<unsigned char>(head[0]) == 0xFF &&
               (static_cast<unsigned char>(head[1]) & 0xE0) == 0xE0));
}

TEST_F(SynthesisTasksTest, TaskTextMayExceedTheSynchronousLimit) {
  auto runner = OpenRunner();
  ASSERT_NE(runner, nullptr);
  std::string text;
  while (text.size() < 4000) text += "One more sentence. ";
  Result<SynthesisTask> task = runner->Start(Spec(text, "json", "marks", ""));
  // json needs mark types: the synthesizer's own error, before anything is stored.
  ASSERT_FALSE(task.ok());
  EXPECT_EQ(SpeechErrorKindOf(task.status()), SpeechErrorKind::kInvalidInput);
  SynthesisTaskSpec spec = Spec(text, "json", "marks", "");
  spec.request.speech_mark_types = {"sentence"};
  task = runner->Start(spec);
  ASSERT_TRUE(task.ok()) << task.status().ToString();  // 4,000 > 3,000 billed characters
  runner->TEST_WaitIdle();
  Result<SynthesisTask> done = runner->Get(task->id);
  ASSERT_TRUE(done.ok());
  ASSERT_EQ(done->status, "completed") << done->status_reason;
  std::ifstream in(runner->OutputPath(*done));
  int lines = 0;
  for (std::string line; std::getline(in, line);) lines += line.find("\"sentence\"") != line.npos;
  EXPECT_EQ(lines, static_cast<int>(text.size() / 19));
}

TEST_F(SynthesisTasksTest, BucketsAndPrefixesThatWouldLeaveTheDirectoryAreRefused) {
  auto runner = OpenRunner();
  ASSERT_NE(runner, nullptr);
  for (const char* bucket : {"..", "a/b", "UPPER", "x", "-bad", "ok."}) {
    Result<SynthesisTask> t = runner->Start(Spec("Hi.", "mp3", bucket, ""));
    ASSERT_FALSE(t.ok()) << bucket;
    EXPECT_EQ(Reason(t.status()), kReasonInvalidBucket) << bucket;
  }
  for (const char* prefix : {"../x", "a/../../b", "/abs", "a/./b", "a//b", "/", "sp ace", "a\\b"}) {
    Result<SynthesisTask> t = runner->Start(Spec("Hi.", "mp3", "bucket", prefix));
    ASSERT_FALSE(t.ok()) << prefix;
    EXPECT_EQ(Reason(t.status()), kReasonInvalidKey) << prefix;
    EXPECT_NE(t.status().message().find("OutputS3KeyPrefix"), std::string::npos);
  }
  Result<std::vector<SynthesisTask>> all = runner->List("", 0, 100);
  ASSERT_TRUE(all.ok());
  EXPECT_TRUE(all->empty());  // nothing refused was stored
}

TEST_F(SynthesisTasksTest, GetRefusesBadIdsAndNamesMissingOnes) {
  auto runner = OpenRunner();
  ASSERT_NE(runner, nullptr);
  Result<SynthesisTask> bad = runner->Get("no/such");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(Reason(bad.status()), kReasonInvalidTaskId);
  Result<SynthesisTask> missing = runner->Get("st_doesnotexist");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(Reason(missing.status()), kReasonTaskNotFound);
}

TEST_F(SynthesisTasksTest, UnfinishedTasksAreFailedWhenTheRunnerOpensAgain) {
  std::string id;
  {
    auto runner = OpenRunner();
    ASSERT_NE(runner, nullptr);
    std::string text;
    while (text.size() < 60000) text += "A long text that keeps the worker busy for a while. ";
    // The first task occupies the worker; the second stays scheduled.
    ASSERT_TRUE(runner->Start(Spec(text, "ogg_vorbis", "bucket", "")).ok());
    Result<SynthesisTask> second = runner->Start(Spec("Short.", "mp3", "bucket", ""));
    ASSERT_TRUE(second.ok());
    id = second->id;
  }  // the destructor stops the worker mid-task
  auto runner = OpenRunner();
  ASSERT_NE(runner, nullptr);
  Result<std::vector<SynthesisTask>> all = runner->List("", 0, 100);
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 2u);
  for (const SynthesisTask& t : *all) {
    EXPECT_EQ(t.status, "failed") << t.id;
    EXPECT_NE(t.status_reason.find("interrupted"), std::string::npos) << t.status_reason;
    EXPECT_FALSE(std::filesystem::exists(runner->OutputPath(t)));
  }
  Result<std::vector<SynthesisTask>> failed = runner->List("failed", 0, 1);
  ASSERT_TRUE(failed.ok());
  EXPECT_EQ(failed->size(), 1u);
  EXPECT_EQ((*failed)[0].id, id);  // newest first
}

// Retention: finished tasks older than the retention go (record, output file and the folders
// it leaves empty) when a later task is started and when a runner opens; younger ones stay.
TEST_F(SynthesisTasksTest, FinishedTasksOlderThanTheRetentionAreDeleted) {
  std::atomic<int64_t> now{1'900'000'000};
  const int64_t start = now.load();
  SynthesisTaskOptions options{.retention_seconds = 3600,
                               .check_interval_seconds = 60,
                               .now = [&now] { return now.load(); }};
  auto opened = SynthesisTaskRunner::Open(*metadata_, dir_ / "out", options);
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  auto runner = std::move(*opened);
  auto start_task = [&](const std::string& prefix) {
    Result<SynthesisTask> t = runner->Start(Spec("Hi.", "mp3", "my-bucket", prefix));
    EXPECT_TRUE(t.ok()) << t.status().ToString();
    runner->TEST_WaitIdle();
    return t.ok() ? *t : SynthesisTask{};
  };
  const SynthesisTask a = start_task("old/deep/");
  const std::filesystem::path a_out = runner->OutputPath(a);
  ASSERT_TRUE(std::filesystem::exists(a_out)) << a_out;
  EXPECT_EQ(a.creation_time, start);

  now += 1800;  // half the retention: nothing goes
  const SynthesisTask b = start_task("young/");
  EXPECT_TRUE(runner->Get(a.id).ok());
  EXPECT_TRUE(std::filesystem::exists(a_out));

  now += 1801;  // a is 3601 s old, b 1801 s
  const SynthesisTask c = start_task("");
  Result<SynthesisTask> gone = runner->Get(a.id);
  EXPECT_EQ(Reason(gone.status()), kReasonTaskNotFound);
  EXPECT_FALSE(std::filesystem::exists(a_out));
  EXPECT_FALSE(std::filesystem::exists(dir_ / "out" / "my-bucket" / "old"));  // emptied folders
  EXPECT_TRUE(runner->Get(b.id).ok());
  EXPECT_TRUE(std::filesystem::exists(runner->OutputPath(b)));
  EXPECT_TRUE(std::filesystem::exists(runner->OutputPath(c)));
  Result<std::vector<SynthesisTask>> listed = runner->List("", 0, 100);
  ASSERT_TRUE(listed.ok());
  EXPECT_EQ(listed->size(), 2u);

  runner.reset();
  now += 3010;
  // A runner opening later deletes what expired meanwhile: b (4811 s old) but not c (3010 s).
  auto reopened = SynthesisTaskRunner::Open(*metadata_, dir_ / "out", options);
  ASSERT_TRUE(reopened.ok()) << reopened.status().ToString();
  EXPECT_EQ(Reason((*reopened)->Get(b.id).status()), kReasonTaskNotFound);
  EXPECT_FALSE(std::filesystem::exists(dir_ / "out" / "my-bucket" / "young"));
  EXPECT_TRUE((*reopened)->Get(c.id).ok());
  EXPECT_TRUE(std::filesystem::exists((*reopened)->OutputPath(c)));
}

// A retention of 0 keeps tasks for ever.
TEST_F(SynthesisTasksTest, ZeroRetentionKeepsTasks) {
  std::atomic<int64_t> now{1'900'000'000};
  SynthesisTaskOptions options{.retention_seconds = 0,
                               .check_interval_seconds = 60,
                               .now = [&now] { return now.load(); }};
  auto runner = SynthesisTaskRunner::Open(*metadata_, dir_ / "out", options);
  ASSERT_TRUE(runner.ok()) << runner.status().ToString();
  Result<SynthesisTask> a = (*runner)->Start(Spec("Hi.", "mp3", "my-bucket", ""));
  ASSERT_TRUE(a.ok()) << a.status().ToString();
  (*runner)->TEST_WaitIdle();
  now += 100 * 24 * 3600;
  ASSERT_TRUE((*runner)->Start(Spec("Hi.", "mp3", "my-bucket", "")).ok());
  Result<int> deleted = (*runner)->DeleteExpired();
  ASSERT_TRUE(deleted.ok());
  EXPECT_EQ(*deleted, 0);
  EXPECT_TRUE((*runner)->Get(a->id).ok());
  (*runner)->TEST_WaitIdle();
}

}  // namespace
}  // namespace lathe::services::speech
