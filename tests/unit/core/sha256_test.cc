// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "core/sha256.h"

#include <cstdio>
#include <filesystem>
#include <string>

#include <gtest/gtest.h>

#include "core/file_util.h"

namespace lathe {
namespace {

// FIPS 180-2 test vectors.
constexpr char kEmpty[] = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
constexpr char kAbc[] = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
constexpr char kTwoBlocks[] = "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1";

TEST(Sha256Test, KnownVectors) {
  EXPECT_EQ(Sha256Hex(""), kEmpty);
  EXPECT_EQ(Sha256Hex("abc"), kAbc);
  EXPECT_EQ(Sha256Hex("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq"), kTwoBlocks);
}

TEST(Sha256Test, StreamingEqualsOneShotAndResetsAfterDigest) {
  Sha256 h;
  h.Update("a");
  h.Update("");
  h.Update("bc");
  EXPECT_EQ(h.HexDigest(), kAbc);
  EXPECT_EQ(h.HexDigest(), kEmpty);  // reset after the digest
  std::string million(1000000, 'a');
  for (size_t off = 0; off < million.size(); off += 4096) {
    h.Update(std::string_view(million).substr(off, 4096));
  }
  EXPECT_EQ(h.HexDigest(), "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST(Sha256Test, HashesFileInChunks) {
  std::filesystem::path dir = std::filesystem::path(testing::TempDir()) / "sha256_test";
  ASSERT_TRUE(EnsureDir(dir).ok());
  std::string big(300000, 'x');
  ASSERT_TRUE(WriteFileAtomic(dir / "big", big).ok());
  Result<std::string> got = Sha256File(dir / "big");
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_EQ(*got, Sha256Hex(big));
  EXPECT_EQ(Sha256File(dir / "missing").status().code(), StatusCode::kNotFound);
  ASSERT_TRUE(RemoveAll(dir).ok());
}

TEST(Sha256Test, ValidatesHexShape) {
  EXPECT_TRUE(IsSha256Hex(kAbc));
  EXPECT_FALSE(IsSha256Hex(""));
  EXPECT_FALSE(IsSha256Hex(std::string(kAbc).substr(1)));
  std::string upper = kAbc;
  upper[0] = 'B';
  EXPECT_FALSE(IsSha256Hex(upper));
  EXPECT_FALSE(IsSha256Hex("../" + std::string(kAbc).substr(3)));
}

}  // namespace
}  // namespace lathe
