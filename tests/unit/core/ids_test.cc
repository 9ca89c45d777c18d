// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "core/ids.h"

#include <set>
#include <string>

#include <gtest/gtest.h>

namespace lathe {
namespace {

TEST(IdsTest, NewIdHasPrefixAndSixteenUrlSafeChars) {
  std::string id = NewId(kDatasetIdPrefix);
  ASSERT_EQ(id.size(), 3u + kIdRandomChars);
  EXPECT_EQ(id.substr(0, 3), "ds_");
  for (char c : id.substr(3)) {
    EXPECT_TRUE((c >= '0' && c <= '9') || (c >= 'a' && c <= 'z')) << id;
  }
  EXPECT_TRUE(LooksLikeId(id, kDatasetIdPrefix));
  EXPECT_TRUE(LooksLikeId(NewId(kJobIdPrefix), "job"));
}

TEST(IdsTest, NewIdsAreDistinctAndUseTheWholeAlphabet) {
  std::set<std::string> ids;
  std::set<char> chars;
  for (int idx = 0; idx < 5000; ++idx) {
    std::string id = NewId("x");
    ids.insert(id);
    chars.insert(id.begin() + 2, id.end());
  }
  EXPECT_EQ(ids.size(), 5000u);
  EXPECT_EQ(chars.size(), 32u);  // 80000 draws from 32 symbols: all appear
}

TEST(IdsTest, LooksLikeIdRejectsOtherShapes) {
  std::string id = NewId("ds");
  EXPECT_FALSE(LooksLikeId(id, "mdl"));
  EXPECT_FALSE(LooksLikeId(id + "a", "ds"));
  EXPECT_FALSE(LooksLikeId(id.substr(0, id.size() - 1), "ds"));
  EXPECT_FALSE(LooksLikeId("ds-" + id.substr(3), "ds"));
  EXPECT_FALSE(LooksLikeId("ds_ABCDEFGHJKMNPQRS", "ds"));  // upper case
  EXPECT_FALSE(LooksLikeId("ds_iiiiiiiiiiiiiiii", "ds"));  // 'i' not in the alphabet
  EXPECT_FALSE(LooksLikeId("iris", "ds"));
  EXPECT_FALSE(LooksLikeId("", "ds"));
}

}  // namespace
}  // namespace lathe
