// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "core/import_path.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <utility>
#include <vector>

#include <gtest/gtest.h>

namespace lathe {
namespace {

namespace fs = std::filesystem;

constexpr ImportPathNames kNames{.field = "Input.Name", .place = "the bucket"};

void Touch(const fs::path& path) {
  fs::create_directories(path.parent_path());
  std::ofstream(path) << "x";
}

class ImportPathTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = fs::temp_directory_path() /
           ("lathe_import_path_" + std::to_string(::getpid()) + "_" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    fs::remove_all(dir_);
    root_ = dir_ / "imports" / "scans";
    Touch(root_ / "a.csv");
    Touch(root_ / "sub" / "b.csv");
    Touch(dir_ / "imports" / "other" / "c.csv");
    Touch(dir_ / "secret.csv");
    fs::create_symlink(dir_ / "secret.csv", root_ / "link.csv");
    fs::create_symlink(root_ / "a.csv", root_ / "inner_link.csv");
  }
  void TearDown() override { fs::remove_all(dir_); }

  fs::path dir_;
  fs::path root_;
};

TEST(ImportPathRuleTest, RefusesEscapesAndMalformedPathsNamingFieldAndPosition) {
  const std::vector<std::pair<std::string, StatusCode>> refused = {
      {"../other/c.csv", StatusCode::kPermissionDenied},
      {"sub/../../other/c.csv", StatusCode::kPermissionDenied},
      {"sub/..", StatusCode::kPermissionDenied},
      {"..", StatusCode::kPermissionDenied},
      {"/etc/passwd", StatusCode::kPermissionDenied},
      {"//etc/passwd", StatusCode::kPermissionDenied},
      {"", StatusCode::kInvalidArgument},
      {"a//b.csv", StatusCode::kInvalidArgument},
      {"sub/", StatusCode::kInvalidArgument},
      {"./a.csv", StatusCode::kInvalidArgument},
      {"sub/./b.csv", StatusCode::kInvalidArgument},
      {std::string("a.csv\0/../x", 11), StatusCode::kInvalidArgument},
      {std::string(1025, 'a'), StatusCode::kInvalidArgument},
  };
  for (const auto& [path, code] : refused) {
    const Status s = CheckRelativePath(path, kNames);
    EXPECT_EQ(s.code(), code) << path << ": " << s.message();
    EXPECT_EQ(s.message().rfind("Input.Name: ", 0), 0u) << s.message();
  }
  EXPECT_NE(CheckRelativePath("sub/../x", kNames).message().find("is outside the bucket"),
            std::string::npos);
  EXPECT_NE(CheckRelativePath("sub/../x", kNames).message().find("position 4"), std::string::npos);
  EXPECT_NE(CheckRelativePath("a//b", kNames).message().find("empty segment at position 2"),
            std::string::npos);
  // The NUL byte is shown escaped, with its position.
  const Status nul = CheckRelativePath(std::string("ab\0c", 4), kNames);
  EXPECT_NE(nul.message().find("'ab\\x00c' has a NUL byte at position 2"), std::string::npos)
      << nul.message();
}

TEST(ImportPathRuleTest, AcceptsRelativePathsWithDotsInsideNames) {
  for (const std::string path : {"a.csv", "sub/b.csv", "..a", "a..", "...", "x/.hidden", "a b"}) {
    EXPECT_TRUE(CheckRelativePath(path, kNames).ok()) << path;
  }
  EXPECT_TRUE(CheckRelativePath(std::string(1024, 'a'), kNames).ok());
}

TEST_F(ImportPathTest, ResolvesFilesInsideTheRootOnly) {
  Result<std::string> a = ResolveImportPath(root_, "a.csv", kNames);
  ASSERT_TRUE(a.ok()) << a.status().message();
  EXPECT_EQ(fs::path(*a), fs::canonical(root_ / "a.csv"));
  Result<std::string> b = ResolveImportPath(root_, "sub/b.csv", kNames);
  ASSERT_TRUE(b.ok()) << b.status().message();
  EXPECT_EQ(fs::path(*b), fs::canonical(root_ / "sub" / "b.csv"));
  // A link that stays inside resolves to its target.
  Result<std::string> inner = ResolveImportPath(root_, "inner_link.csv", kNames);
  ASSERT_TRUE(inner.ok()) << inner.status().message();
  EXPECT_EQ(fs::path(*inner), fs::canonical(root_ / "a.csv"));

  const std::vector<std::pair<std::string, StatusCode>> refused = {
      {"link.csv", StatusCode::kPermissionDenied},  // a symbolic link out of the root
      {"../other/c.csv", StatusCode::kPermissionDenied},
      {(dir_ / "secret.csv").string(), StatusCode::kPermissionDenied},
      {"missing.csv", StatusCode::kNotFound},
      {"sub", StatusCode::kNotFound},  // a folder is not a file
      {"a.csv/x", StatusCode::kNotFound},
  };
  for (const auto& [path, code] : refused) {
    Result<std::string> r = ResolveImportPath(root_, path, kNames);
    EXPECT_EQ(r.status().code(), code) << path << ": " << r.status().message();
    EXPECT_EQ(r.status().message().rfind("Input.Name: ", 0), 0u) << r.status().message();
  }
  EXPECT_NE(ResolveImportPath(root_, "link.csv", kNames).status().message().find(
                "is outside the bucket"),
            std::string::npos);
}

// A root that is itself reached through a symbolic link still contains its files.
TEST_F(ImportPathTest, RootBehindASymbolicLinkWorks) {
  fs::create_symlink(root_, dir_ / "alias");
  Result<std::string> a = ResolveImportPath(dir_ / "alias", "a.csv", kNames);
  ASSERT_TRUE(a.ok()) << a.status().message();
  EXPECT_EQ(fs::path(*a), fs::canonical(root_ / "a.csv"));
}

}  // namespace
}  // namespace lathe
