// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "core/file_util.h"

#include <filesystem>
#include <string>

#include "common/test_helpers.h"
#include <gtest/gtest.h>

#include "core/clock.h"

namespace fs = std::filesystem;

namespace lathe {
namespace {

using ::lathe::testing_util::IsRfc3339Millis;

fs::path FreshDir(const std::string& name) {
  fs::path dir = fs::path(testing::TempDir()) / ("file_util_test_" + name);
  fs::remove_all(dir);
  return dir;
}

TEST(FileUtilTest, WriteFileAtomicReplacesContentAndLeavesNoTempFile) {
  fs::path dir = FreshDir("atomic");
  ASSERT_TRUE(EnsureDir(dir / "a" / "b").ok());
  fs::path file = dir / "a" / "b" / "f.txt";
  ASSERT_TRUE(WriteFileAtomic(file, "first").ok());
  ASSERT_TRUE(WriteFileAtomic(file, "second").ok());
  Result<std::string> got = ReadFile(file);
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_EQ(*got, "second");
  int entries = 0;
  for ([[maybe_unused]] const auto& e : fs::directory_iterator(dir / "a" / "b")) ++entries;
  EXPECT_EQ(entries, 1);
  ASSERT_TRUE(WriteFileAtomic(file, "").ok());
  EXPECT_EQ(*ReadFile(file), "");
  EXPECT_TRUE(RemoveAll(dir).ok());
  EXPECT_FALSE(fs::exists(dir));
  EXPECT_TRUE(RemoveAll(dir).ok());  // absent is fine
}

TEST(FileUtilTest, ErrorsNameThePathAndErrno) {
  fs::path dir = FreshDir("errors");
  Result<std::string> missing = ReadFile(dir / "nope");
  ASSERT_FALSE(missing.ok());
  EXPECT_EQ(missing.status().code(), StatusCode::kNotFound);
  EXPECT_NE(missing.status().message().find((dir / "nope").string()), std::string::npos);
  EXPECT_NE(missing.status().message().find("No such file or directory"), std::string::npos);

  Status write = WriteFileAtomic(dir / "no_dir" / "f", "x");
  EXPECT_EQ(write.code(), StatusCode::kNotFound) << write.ToString();
  EXPECT_NE(write.message().find("no_dir"), std::string::npos);
  EXPECT_EQ(FsyncDir(dir / "nope").code(), StatusCode::kNotFound);
}

TEST(FileUtilTest, EnsureDirIsIdempotentAndRejectsFiles) {
  fs::path dir = FreshDir("ensure");
  ASSERT_TRUE(EnsureDir(dir / "x" / "y").ok());
  ASSERT_TRUE(EnsureDir(dir / "x" / "y").ok());
  EXPECT_TRUE(FsyncDir(dir / "x").ok());
  ASSERT_TRUE(WriteFileAtomic(dir / "file", "data").ok());
  EXPECT_FALSE(EnsureDir(dir / "file").ok());
  EXPECT_TRUE(FsyncFile(dir / "file").ok());
  ASSERT_TRUE(RenameFile(dir / "file", dir / "moved").ok());
  EXPECT_EQ(*ReadFile(dir / "moved"), "data");
  EXPECT_EQ(RenameFile(dir / "file", dir / "again").code(), StatusCode::kNotFound);
  ASSERT_TRUE(RemoveAll(dir).ok());
}

TEST(ClockTest, FormatsRfc3339WithMilliseconds) {
  EXPECT_EQ(FormatRfc3339(0), "1970-01-01T00:00:00.000Z");
  EXPECT_EQ(FormatRfc3339(1795951353456789), "2026-11-29T11:22:33.456Z");
  EXPECT_EQ(FormatRfc3339(-1000), "1969-12-31T23:59:59.999Z");
  std::string now = NowRfc3339();
  EXPECT_TRUE(IsRfc3339Millis(now)) << now;
  EXPECT_GT(NowMicros(), 1'700'000'000'000'000);
}

}  // namespace
}  // namespace lathe
