// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "api/multipart.h"

#include <filesystem>
#include <fstream>
#include <sstream>

#include <gtest/gtest.h>

namespace lathe::api {
namespace {

class MultipartTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::temp_directory_path() /
           ("lathe-multipart-" + std::to_string(::getpid()) + "-" +
            ::testing::UnitTest::GetInstance()->current_test_info()->name());
    std::filesystem::create_directories(dir_);
  }
  void TearDown() override { std::filesystem::remove_all(dir_); }
  std::string Write(const std::string& body) {
    std::string path = (dir_ / "body").string();
    std::ofstream(path, std::ios::binary) << body;
    return path;
  }
  std::string Read(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::stringstream ss;
    ss << in.rdbuf();
    return ss.str();
  }
  std::filesystem::path dir_;
};

TEST_F(MultipartTest, BoundaryFromContentType) {
  EXPECT_EQ(*MultipartBoundary("multipart/form-data; boundary=abc"), "abc");
  EXPECT_EQ(*MultipartBoundary("multipart/form-data; boundary=\"a b\"; x=1"), "a b");
  EXPECT_FALSE(MultipartBoundary("multipart/form-data").ok());
}

TEST_F(MultipartTest, ExtractsTheFilePartSkippingOtherFields) {
  std::string body =
      "--B\r\nContent-Disposition: form-data; name=\"note\"\r\n\r\nhello\r\n"
      "--B\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x.csv\"\r\n"
      "Content-Type: text/csv\r\n\r\na,b\r\n1,2\r\n\r\n--B--\r\n";
  std::string out = (dir_ / "out").string();
  auto part = ExtractMultipartFile(Write(body), "B", out);
  ASSERT_TRUE(part.ok()) << part.status().ToString();
  EXPECT_EQ(part->file_name, "x.csv");
  EXPECT_EQ(part->content_type, "text/csv");
  EXPECT_EQ(Read(out), "a,b\r\n1,2\r\n");
}

TEST_F(MultipartTest, MissingClosingBoundaryIsAnError) {
  std::string body =
      "--B\r\nContent-Disposition: form-data; name=\"file\"; filename=\"x.csv\"\r\n\r\na,b\r\n";
  auto part = ExtractMultipartFile(Write(body), "B", (dir_ / "out").string());
  ASSERT_FALSE(part.ok());
  EXPECT_EQ(part.status().code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(part.status().details().contains("offset"));
}

}  // namespace
}  // namespace lathe::api
