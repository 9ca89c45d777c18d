// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "cli/download_sink.h"

#include <unistd.h>

#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

namespace lathe::cli {
namespace {

std::filesystem::path TempDir() {
  auto dir = std::filesystem::temp_directory_path() /
             ("lathe_cli_test_" + std::to_string(::getpid()) + "_" +
              ::testing::UnitTest::GetInstance()->current_test_info()->name());
  std::filesystem::create_directories(dir);
  return dir;
}

std::string ReadFile(const std::filesystem::path& path) {
  std::ifstream in(path, std::ios::binary);
  std::stringstream buffer;
  buffer << in.rdbuf();
  return buffer.str();
}

TEST(ContentDispositionTest, ReadsQuotedAndExtendedFileNames) {
  EXPECT_EQ(FileNameFromContentDisposition(R"(attachment; filename="iris.csv")"), "iris.csv");
  EXPECT_EQ(FileNameFromContentDisposition("attachment; filename=iris.csv"), "iris.csv");
  EXPECT_EQ(FileNameFromContentDisposition("attachment; filename*=UTF-8''caf%C3%A9.csv"),
            "café.csv");
}

TEST(ContentDispositionTest, RefusesUnsafeNames) {
  EXPECT_EQ(FileNameFromContentDisposition(R"(attachment; filename="../../etc/passwd")"), "passwd");
  EXPECT_EQ(FileNameFromContentDisposition(R"(attachment; filename=".bashrc")"), "");
  EXPECT_EQ(FileNameFromContentDisposition("attachment"), "");
  EXPECT_EQ(FileNameFromContentDisposition(""), "");
}

TEST(DownloadSinkTest, WritesFileOnlyOnCommit) {
  const auto dir = TempDir();
  const auto target = dir / "out.csv";
  {
    std::ostringstream unused;
    DownloadSink sink(target.string(), "iris", unused);
    ASSERT_TRUE(sink.Begin(HttpResponse{.status = 200}).ok());
    ASSERT_TRUE(sink.Write("a,b\n1,2\n").ok());
    EXPECT_FALSE(std::filesystem::exists(target));
    ASSERT_TRUE(sink.Commit().ok());
    EXPECT_EQ(sink.bytes_written(), 8);
  }
  EXPECT_EQ(ReadFile(target), "a,b\n1,2\n");
  EXPECT_FALSE(std::filesystem::exists(dir / "out.csv.part"));
  std::filesystem::remove_all(dir);
}

TEST(DownloadSinkTest, RemovesPartialFileWhenNotCommitted) {
  const auto dir = TempDir();
  {
    std::ostringstream unused;
    DownloadSink sink((dir / "x.csv").string(), "iris", unused);
    ASSERT_TRUE(sink.Begin(HttpResponse{.status = 200}).ok());
    ASSERT_TRUE(sink.Write("partial").ok());
  }
  EXPECT_FALSE(std::filesystem::exists(dir / "x.csv"));
  EXPECT_FALSE(std::filesystem::exists(dir / "x.csv.part"));
  std::filesystem::remove_all(dir);
}

TEST(DownloadSinkTest, StreamsToStdoutForDash) {
  std::ostringstream out;
  DownloadSink sink("-", "iris", out);
  ASSERT_TRUE(sink.Begin(HttpResponse{.status = 200}).ok());
  ASSERT_TRUE(sink.Write("x,y\n").ok());
  ASSERT_TRUE(sink.Commit().ok());
  EXPECT_TRUE(sink.to_stdout());
  EXPECT_EQ(out.str(), "x,y\n");
}

}  // namespace
}  // namespace lathe::cli
