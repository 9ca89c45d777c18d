// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "core/mapped_file.h"

#include <unistd.h>

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

namespace lathe {
namespace {

std::filesystem::path TempPath(const std::string& name) {
  return std::filesystem::temp_directory_path() /
         ("lathe-mapped-" + std::to_string(::getpid()) + "-" + name);
}

TEST(MappedFileTest, MapsTheWholeFile) {
  auto path = TempPath("a");
  std::ofstream(path, std::ios::binary) << "hello";
  MappedFile f;
  ASSERT_TRUE(f.Open(path.string()).ok());
  EXPECT_EQ(f.view(), "hello");
  MappedFile moved = std::move(f);
  EXPECT_EQ(moved.view(), "hello");
  EXPECT_EQ(f.size(), 0u);
  std::filesystem::remove(path);
}

TEST(MappedFileTest, EmptyFileIsAnEmptyView) {
  auto path = TempPath("empty");
  std::ofstream(path, std::ios::binary).close();
  MappedFile f;
  ASSERT_TRUE(f.Open(path.string()).ok());
  EXPECT_TRUE(f.view().empty());
  std::filesystem::remove(path);
}

TEST(MappedFileTest, ErrorsNameThePath) {
  MappedFile f;
  Status missing = f.Open("/nonexistent/lathe-file");
  EXPECT_EQ(missing.code(), StatusCode::kNotFound);
  EXPECT_NE(missing.message().find("/nonexistent/lathe-file"), std::string::npos);
  Status dir = f.Open(std::filesystem::temp_directory_path().string());
  EXPECT_EQ(dir.code(), StatusCode::kInvalidArgument);
}

}  // namespace
}  // namespace lathe
