// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "services/text/text_limits.h"

#include <gtest/gtest.h>

namespace lathe::services::text {
namespace {

TEST(TextLimitsTest, AcceptsADocumentAtTheLimit) {
  EXPECT_TRUE(CheckDocument(std::string(kMaxBatchDocumentBytes, 'a'), kMaxBatchDocumentBytes,
                            "TextList[0]")
                  .ok());
}

TEST(TextLimitsTest, RefusesOneByteOverTheLimitWithBothSizes) {
  Status s = CheckDocument(std::string(kMaxSyncDocumentBytes + 1, 'a'), kMaxSyncDocumentBytes,
                           "Text");
  EXPECT_EQ(s.code(), StatusCode::kResourceExhausted);
  EXPECT_NE(s.message().find("100001"), std::string::npos) << s.message();
  EXPECT_NE(s.message().find("100000"), std::string::npos) << s.message();
}

TEST(TextLimitsTest, CountsBytesNotCharacters) {
  std::string viet;
  while (viet.size() < kMaxBatchDocumentBytes) viet += "ệ";  // 3 bytes each
  EXPECT_EQ(CheckDocument(viet, kMaxBatchDocumentBytes, "Text").code(),
            StatusCode::kResourceExhausted);
}

TEST(TextLimitsTest, RefusesEmptyAndInvalidUtf8NamingTheField) {
  Status empty = CheckDocument("", kMaxSyncDocumentBytes, "TextList[3]");
  EXPECT_EQ(empty.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(empty.message().find("TextList[3]"), std::string::npos);
  Status bad = CheckDocument("abc\xff", kMaxSyncDocumentBytes, "Text");
  EXPECT_EQ(bad.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(bad.message().find("byte 3"), std::string::npos) << bad.message();
}

TEST(TextLimitsTest, KnowsComprehendLanguageCodes) {
  EXPECT_TRUE(IsComprehendLanguageCode("zh-TW"));
  EXPECT_TRUE(IsComprehendLanguageCode("ja"));
  EXPECT_FALSE(IsComprehendLanguageCode("vi"));
  EXPECT_FALSE(IsComprehendLanguageCode("EN"));
  EXPECT_TRUE(IsPiiLanguage("es"));
  EXPECT_FALSE(IsPiiLanguage("fr"));
}

}  // namespace
}  // namespace lathe::services::text
