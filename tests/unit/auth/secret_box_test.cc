// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "auth/secret_box.h"

#include <sys/stat.h>
#include <unistd.h>

#include <filesystem>
#include <fstream>

#include <gtest/gtest.h>

namespace lathe::auth {
namespace {

std::filesystem::path TempDir() {
  std::string pattern = (std::filesystem::temp_directory_path() / "lathe-auth-XXXXXX").string();
  return mkdtemp(pattern.data());
}

TEST(SecretBoxTest, SealThenOpenWithTheSameContextRoundTrips) {
  Result<SecretBox> box = SecretBox::FromKey(std::string(32, 'k'));
  ASSERT_TRUE(box.ok());
  Result<std::string> sealed = box->Seal("my secret", "LKID");
  ASSERT_TRUE(sealed.ok());
  EXPECT_EQ(sealed->find("my secret"), std::string::npos);
  Result<std::string> opened = box->Open(*sealed, "LKID");
  ASSERT_TRUE(opened.ok()) << opened.status().ToString();
  EXPECT_EQ(*opened, "my secret");
  // A fresh nonce every time: the same secret seals differently.
  EXPECT_NE(*box->Seal("my secret", "LKID"), *sealed);
}

TEST(SecretBoxTest, OpenRefusesOtherContextTamperingAndOtherKey) {
  SecretBox box = *SecretBox::FromKey(std::string(32, 'k'));
  std::string sealed = *box.Seal("my secret", "LKID");
  EXPECT_EQ(box.Open(sealed, "LKOTHER").status().code(), StatusCode::kDataLoss);
  std::string tampered = sealed;
  tampered[20] = tampered[20] == 'A' ? 'B' : 'A';
  EXPECT_EQ(box.Open(tampered, "LKID").status().code(), StatusCode::kDataLoss);
  SecretBox other = *SecretBox::FromKey(std::string(32, 'j'));
  EXPECT_EQ(other.Open(sealed, "LKID").status().code(), StatusCode::kDataLoss);
  EXPECT_EQ(box.Open("not base64!", "LKID").status().code(), StatusCode::kDataLoss);
}

TEST(SecretBoxTest, OpenOrCreateWritesA0600KeyOnceAndReusesIt) {
  std::filesystem::path dir = TempDir();
  std::string path = (dir / "keys" / "master.key").string();
  EXPECT_EQ(SecretBox::OpenExisting(path).status().code(), StatusCode::kNotFound);
  Result<SecretBox> first = SecretBox::OpenOrCreate(path);
  ASSERT_TRUE(first.ok()) << first.status().ToString();
  struct stat st {};
  ASSERT_EQ(::stat(path.c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0600u);
  EXPECT_EQ(st.st_size, 32);
  ASSERT_EQ(::stat((dir / "keys").c_str(), &st), 0);
  EXPECT_EQ(st.st_mode & 0777, 0700u);
  std::string sealed = *first->Seal("s3cret", "ctx");
  Result<SecretBox> second = SecretBox::OpenOrCreate(path);
  ASSERT_TRUE(second.ok());
  EXPECT_EQ(*second->Open(sealed, "ctx"), "s3cret");
  std::filesystem::remove_all(dir);
}

TEST(SecretBoxTest, AKeyFileOfTheWrongSizeIsDataLoss) {
  std::filesystem::path dir = TempDir();
  std::string path = (dir / "master.key").string();
  std::ofstream(path) << "short";
  Result<SecretBox> box = SecretBox::OpenOrCreate(path);
  EXPECT_EQ(box.status().code(), StatusCode::kDataLoss);
  EXPECT_NE(box.status().message().find("exactly 32 bytes"), std::string::npos);
  std::filesystem::remove_all(dir);
}

}  // namespace
}  // namespace lathe::auth
