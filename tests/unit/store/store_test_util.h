// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Helpers shared by the store tests: a fresh temp directory per test.
#pragma once

#include <filesystem>
#include <string>

#include <gtest/gtest.h>

namespace lathe::store::testing_util {

// A new, empty directory named after the running test, removed again by the destructor.
class ScopedTempDir {
 public:
  ScopedTempDir() {
    const auto* info = ::testing::UnitTest::GetInstance()->current_test_info();
    path_ = std::filesystem::path(::testing::TempDir()) /
            ("lathe_store_" + std::string(info->test_suite_name()) + "_" + info->name());
    std::filesystem::remove_all(path_);
    std::filesystem::create_directories(path_);
  }
  ~ScopedTempDir() {
    std::error_code ec;
    std::filesystem::remove_all(path_, ec);
  }
  ScopedTempDir(const ScopedTempDir&) = delete;
  ScopedTempDir& operator=(const ScopedTempDir&) = delete;

  const std::filesystem::path& path() const { return path_; }
  std::string Sub(const std::string& name) const { return (path_ / name).string(); }

 private:
  std::filesystem::path path_;
};

}  // namespace lathe::store::testing_util
