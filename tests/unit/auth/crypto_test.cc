// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "auth/crypto.h"

#include <set>

#include <gtest/gtest.h>

namespace lathe::auth {
namespace {

TEST(CryptoTest, HmacSha256MatchesRfc4231TestCase2) {
  EXPECT_EQ(HexEncode(HmacSha256("Jefe", "what do ya want for nothing?")),
            "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843");
}

TEST(CryptoTest, Sha256RawOfEmptyInput) {
  EXPECT_EQ(HexEncode(Sha256Raw("")),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

TEST(CryptoTest, Base64RoundTripsEveryLengthModuloThree) {
  for (std::string text : {"", "f", "fo", "foo", "foob", "fooba", "foobar"}) {
    std::string encoded = Base64Encode(text);
    Result<std::string> decoded = Base64Decode(encoded);
    ASSERT_TRUE(decoded.ok()) << encoded;
    EXPECT_EQ(*decoded, text);
  }
  EXPECT_EQ(Base64Encode("foobar"), "Zm9vYmFy");
  EXPECT_EQ(Base64Encode("fo"), "Zm8=");
  std::string binary("\x00\xff\x10", 3);
  EXPECT_EQ(*Base64Decode(Base64Encode(binary)), binary);
  EXPECT_FALSE(Base64Decode("abc").ok());
  EXPECT_FALSE(Base64Decode("ab!?").ok());
}

TEST(CryptoTest, RandomStringUsesOnlyTheAlphabetAndVaries) {
  std::set<std::string> seen;
  for (int idx = 0; idx < 50; ++idx) {
    Result<std::string> s = RandomString(20, "AB12");
    ASSERT_TRUE(s.ok());
    ASSERT_EQ(s->size(), 20u);
    for (char c : *s) EXPECT_NE(std::string("AB12").find(c), std::string::npos) << c;
    seen.insert(*s);
  }
  EXPECT_EQ(seen.size(), 50u);
  Result<std::string> bytes = RandomBytes(32);
  ASSERT_TRUE(bytes.ok());
  EXPECT_EQ(bytes->size(), 32u);
}

TEST(CryptoTest, ConstantTimeEqualsComparesContentAndLength) {
  EXPECT_TRUE(ConstantTimeEquals("abc", "abc"));
  EXPECT_TRUE(ConstantTimeEquals("", ""));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abd"));
  EXPECT_FALSE(ConstantTimeEquals("abc", "abcd"));
}

}  // namespace
}  // namespace lathe::auth
