// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "serving/data_capture.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <sstream>
#include <thread>
#include <vector>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace lathe::serving {
namespace {

namespace fs = std::filesystem;
using nlohmann::json;

// 2026-05-01T10:15:00Z and the same day at 11:00:05Z, in microseconds.
constexpr int64_t kTen15 = 1777630500LL * 1000000;
constexpr int64_t kEleven = (1777630500LL + 45 * 60 + 5) * 1000000;

class DataCaptureTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("lathe_capture_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
  }
  void TearDown() override { fs::remove_all(dir_); }

  static std::vector<json> ReadLines(const fs::path& path) {
    std::vector<json> out;
    std::ifstream in(path);
    std::string line;
    while (std::getline(in, line)) out.push_back(json::parse(line));
    return out;
  }

  static DataCaptureOptions FixedClock(std::shared_ptr<std::atomic<int64_t>> now) {
    DataCaptureOptions o;
    o.clock_micros = [now] { return now->load(); };
    return o;
  }

  fs::path dir_;
};

TEST_F(DataCaptureTest, WritesEverySampledRecordIntoHourlyFiles) {
  auto now = std::make_shared<std::atomic<int64_t>>(kTen15);
  {
    DataCapture capture(dir_.string(), 100, FixedClock(now));
    capture.Offer("iris", "AllTraffic", "text/csv", "5.1,3.5,1.4,0.2", "application/json",
                  R"({"predictions":[{"predicted_label":"setosa"}]})", 200, "req_1");
    capture.Offer("iris", "B", "application/json", "{}", "application/json", "{}", 400, "req_2");
    now->store(kEleven);
    capture.Offer("iris", "AllTraffic", "text/csv", "x", "text/csv", "y", 200, "req_3");
    capture.Flush();
    std::vector<CaptureFile> files = capture.Files();
    ASSERT_EQ(files.size(), 2u);
    EXPECT_EQ(files[0].path, "2026/05/01/10.jsonl");
    EXPECT_EQ(files[0].hour, "2026-05-01T10:00:00Z");
    EXPECT_EQ(files[0].records, 2u);
    EXPECT_EQ(files[0].bytes, fs::file_size(dir_ / files[0].path));
    EXPECT_EQ(files[1].path, "2026/05/01/11.jsonl");
    EXPECT_EQ(files[1].records, 1u);
    DataCaptureStats stats = capture.stats();
    EXPECT_EQ(stats.offered, 3u);
    EXPECT_EQ(stats.sampled, 3u);
    EXPECT_EQ(stats.written, 3u);
    EXPECT_EQ(stats.dropped, 0u);
  }
  std::vector<json> lines = ReadLines(dir_ / "2026/05/01/10.jsonl");
  ASSERT_EQ(lines.size(), 2u);
  const json& first = lines[0];
  EXPECT_EQ(first["time"], "2026-05-01T10:15:00.000Z");
  EXPECT_EQ(first["request_id"], "req_1");
  EXPECT_EQ(first["endpoint"], "iris");
  EXPECT_EQ(first["variant"], "AllTraffic");
  EXPECT_EQ(first["status"], 200);
  EXPECT_EQ(first["request"], json({{"content_type", "text/csv"}, {"encoding", "text"},
                                    {"data", "5.1,3.5,1.4,0.2"}}));
  EXPECT_EQ(first["response"]["data"], R"({"predictions":[{"predicted_label":"setosa"}]})");
  EXPECT_EQ(lines[1]["status"], 400);
  EXPECT_EQ(lines[1]["variant"], "B");
}

TEST_F(DataCaptureTest, NonUtf8BodiesAreBase64) {
  {
    DataCapture capture(dir_.string(), 100);
    capture.Offer("e", "v", "application/octet-stream", std::string("\xff\x00\x01\xfe", 4),
                  "text/plain", "caf\xc3\xa9", 200, "r");
  }
  std::vector<fs::path> files;
  for (const auto& e : fs::recursive_directory_iterator(dir_)) {
    if (e.is_regular_file()) files.push_back(e.path());
  }
  ASSERT_EQ(files.size(), 1u);
  std::vector<json> lines = ReadLines(files[0]);
  ASSERT_EQ(lines.size(), 1u);
  EXPECT_EQ(lines[0]["request"]["encoding"], "base64");
  EXPECT_EQ(lines[0]["request"]["data"], "/wAB/g==");
  EXPECT_EQ(lines[0]["response"]["encoding"], "text");
  EXPECT_EQ(lines[0]["response"]["data"], "caf\xc3\xa9");
}

TEST_F(DataCaptureTest, ZeroPercentCapturesNothing) {
  DataCapture capture(dir_.string(), 0);
  for (int i = 0; i < 1000; ++i) capture.Offer("e", "v", "text/csv", "1", "text/csv", "2", 200, "r");
  capture.Flush();
  EXPECT_TRUE(capture.Files().empty());
  EXPECT_EQ(capture.stats().offered, 1000u);
  EXPECT_EQ(capture.stats().sampled, 0u);
  EXPECT_FALSE(fs::exists(dir_));
}

TEST_F(DataCaptureTest, SamplesTheRequestedFractionFromManyThreads) {
  DataCaptureOptions options;
  options.max_queue_records = 1000000;
  DataCapture capture(dir_.string(), 25, options);
  constexpr int kThreads = 4, kPerThread = 5000;
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&] {
      for (int i = 0; i < kPerThread; ++i) {
        capture.Offer("e", "v", "text/csv", "1,2", "text/csv", "0", 200, "r");
      }
    });
  }
  for (auto& th : threads) th.join();
  capture.Flush();
  const DataCaptureStats stats = capture.stats();
  EXPECT_EQ(stats.offered, uint64_t{kThreads} * kPerThread);
  // 25 % of 20,000 = 5,000; the standard deviation is about 61.
  EXPECT_NEAR(static_cast<double>(stats.sampled), 5000.0, 400.0);
  EXPECT_EQ(stats.written, stats.sampled);
  uint64_t records = 0;
  for (const CaptureFile& f : capture.Files()) records += f.records;
  EXPECT_EQ(records, stats.sampled);
}

TEST_F(DataCaptureTest, RecordsOverTheQueueBoundAreDroppedAndCounted) {
  DataCaptureOptions options;
  options.max_queue_bytes = 4096;  // smaller than one big record
  DataCapture capture(dir_.string(), 100, options);
  const std::string big(8192, 'x');
  for (int i = 0; i < 10; ++i) capture.Offer("e", "v", "t", big, "t", "", 200, "big");
  capture.Offer("e", "v", "t", "small", "t", "", 200, "small");
  capture.Flush();
  const DataCaptureStats stats = capture.stats();
  EXPECT_EQ(stats.sampled, 11u);
  EXPECT_EQ(stats.dropped, 10u);
  EXPECT_EQ(stats.written, 1u);
  std::vector<CaptureFile> files = capture.Files();
  ASSERT_EQ(files.size(), 1u);
  EXPECT_EQ(ReadLines(dir_ / files[0].path)[0]["request_id"], "small");
}

TEST_F(DataCaptureTest, DestructorDrainsTheQueue) {
  {
    DataCaptureOptions options;
    options.max_queue_records = 100000;
    DataCapture capture(dir_.string(), 100, options);
    for (int i = 0; i < 3000; ++i) {
      capture.Offer("e", "v", "text/csv", std::to_string(i), "text/csv", "ok", 200, "r");
    }
  }  // no Flush: the destructor must write everything
  uint64_t lines = 0;
  for (const auto& e : fs::recursive_directory_iterator(dir_)) {
    if (e.is_regular_file()) lines += ReadLines(e.path()).size();
  }
  EXPECT_EQ(lines, 3000u);
}

TEST_F(DataCaptureTest, FilesListsEarlierRunsAndIgnoresOtherFiles) {
  fs::create_directories(dir_ / "2025/12/31");
  std::ofstream(dir_ / "2025/12/31/23.jsonl") << "{}\n{}\n";
  std::ofstream(dir_ / "notes.txt") << "x\n";
  fs::create_directories(dir_ / "2025/12/31/junk");
  std::ofstream(dir_ / "2025/12/31/junk/1.jsonl") << "{}\n";
  auto now = std::make_shared<std::atomic<int64_t>>(kTen15);
  DataCapture capture(dir_.string(), 100, FixedClock(now));
  capture.Offer("e", "v", "text/csv", "1", "text/csv", "2", 200, "r");
  capture.Flush();
  std::vector<CaptureFile> files = capture.Files();
  ASSERT_EQ(files.size(), 2u);
  EXPECT_EQ(files[0].hour, "2025-12-31T23:00:00Z");
  EXPECT_EQ(files[0].records, 2u);
  EXPECT_EQ(files[1].hour, "2026-05-01T10:00:00Z");
}

}  // namespace
}  // namespace lathe::serving
