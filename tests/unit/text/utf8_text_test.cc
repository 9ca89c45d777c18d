// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "services/text/utf8_text.h"

#include <gtest/gtest.h>

namespace lathe::services::text {
namespace {

TEST(Utf8TextTest, AcceptsWellFormedText) {
  EXPECT_FALSE(FirstInvalidUtf8Byte("Tiếng Việt, 日本語, emoji 😀").has_value());
}

TEST(Utf8TextTest, ReportsTheFirstBadByte) {
  EXPECT_EQ(FirstInvalidUtf8Byte(std::string_view("ab\xff", 3)), 2u);
  EXPECT_EQ(FirstInvalidUtf8Byte("\xc0\xaf"), 0u);          // overlong '/'
  EXPECT_EQ(FirstInvalidUtf8Byte("ok\xed\xa0\x80"), 2u);    // a UTF-16 surrogate
  EXPECT_EQ(FirstInvalidUtf8Byte("x\xe1\xba"), 1u);         // truncated sequence
  EXPECT_EQ(FirstInvalidUtf8Byte("\xf4\x90\x80\x80"), 0u);  // past U+10FFFF
}

TEST(Utf8TextTest, CountsCodePoints) {
  EXPECT_EQ(CodePointCount("Việt"), 4u);  // 'ệ' is 3 bytes
  EXPECT_EQ(CodePointCount("😀a"), 2u);
}

TEST(Utf8TextTest, MapsByteOffsetsToCodePoints) {
  const std::string text = "Đà Nẵng ở đâu? email";
  const CodePointIndex index(text);
  const size_t byte = text.find("email");
  EXPECT_EQ(index.ToCodePoint(byte), 15u);
  EXPECT_EQ(index.ToCodePoint(text.size()), CodePointCount(text));
  EXPECT_EQ(index.ToCodePoint(0), 0u);
  EXPECT_EQ(index.ToCodePoint(1), 0u);  // inside 'Đ' (2 bytes)
}

TEST(Utf8TextTest, MapsOffsetsPastManyCheckpoints) {
  std::string text;
  for (int i = 0; i < 500; ++i) text += "ệa";  // 4 bytes, 2 code points each
  const CodePointIndex index(text);
  for (size_t cp = 0; cp <= 1000; cp += 37) {
    const size_t byte = (cp / 2) * 4 + (cp % 2) * 3;
    EXPECT_EQ(index.ToCodePoint(byte), cp) << "byte " << byte;
  }
}

}  // namespace
}  // namespace lathe::services::text
