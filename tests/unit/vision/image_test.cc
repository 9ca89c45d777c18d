// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "services/vision/image.h"

#include <fstream>
#include <iterator>
#include <string>

#include <gtest/gtest.h>

namespace lathe::services::vision {
namespace {

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return {std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
}

const std::string kAstronaut = std::string(LATHE_SOURCE_DIR) + "/tests/data/images/astronaut.png";

TEST(DecodeImageTest, DecodesThePngToLuminance) {
  const std::string bytes = ReadFile(kAstronaut);
  ASSERT_FALSE(bytes.empty());
  Result<GrayImage> image = DecodeImage(bytes);
  ASSERT_TRUE(image.ok()) << image.status().ToString();
  EXPECT_EQ(image->width, 512);
  EXPECT_EQ(image->height, 512);
  EXPECT_EQ(image->pixels.size(), 512u * 512u);
  // A photograph, not a flat image.
  int lo = 255, hi = 0;
  for (uint8_t v : image->pixels) {
    lo = std::min<int>(lo, v);
    hi = std::max<int>(hi, v);
  }
  EXPECT_LT(lo, 30);
  EXPECT_GT(hi, 220);
}

TEST(DecodeImageTest, RefusesEmptyOtherFormatsAndCorruptFiles) {
  Result<GrayImage> empty = DecodeImage("");
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.status().code(), StatusCode::kInvalidArgument);

  Result<GrayImage> gif = DecodeImage("GIF89a\x01\x00\x01\x00");
  ASSERT_FALSE(gif.ok());
  EXPECT_EQ(gif.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(gif.status().message().find("must be PNG or JPEG"), std::string::npos)
      << gif.status().message();
  Result<GrayImage> pdf = DecodeImage("%PDF-1.4\n%...");
  ASSERT_FALSE(pdf.ok());
  EXPECT_NE(pdf.status().message().find("this one is PDF"), std::string::npos)
      << pdf.status().message();

  const std::string truncated = ReadFile(kAstronaut).substr(0, 2000);
  Result<GrayImage> corrupt = DecodeImage(truncated);
  ASSERT_FALSE(corrupt.ok());
  EXPECT_EQ(corrupt.status().code(), StatusCode::kDataLoss) << corrupt.status().ToString();
  EXPECT_NE(corrupt.status().message().find("PNG"), std::string::npos)
      << corrupt.status().message();

  Result<GrayImage> jpeg_header_only = DecodeImage("\xFF\xD8\xFF\xE0garbage");
  ASSERT_FALSE(jpeg_header_only.ok());
  EXPECT_EQ(jpeg_header_only.status().code(), StatusCode::kDataLoss);
}

}  // namespace
}  // namespace lathe::services::vision
