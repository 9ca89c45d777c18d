// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "store/fs/fs_artifact_store.h"

#include <sys/stat.h>
#include <sys/time.h>

#include <filesystem>
#include <fstream>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "core/file_util.h"
#include "core/sha256.h"
#include "store/artifact_store.h"
#include "unit/store/store_test_util.h"

namespace fs = std::filesystem;

namespace lathe::store {
namespace {

using testing_util::ScopedTempDir;

std::unique_ptr<ArtifactStore> OpenOrDie(const std::string& root,
                                         FsArtifactStoreOptions options = {}) {
  Result<std::unique_ptr<ArtifactStore>> store = OpenFsArtifactStore(root, options);
  EXPECT_TRUE(store.ok()) << store.status().ToString();
  return store.ok() ? std::move(store).value() : nullptr;
}

std::string PutOrDie(ArtifactStore& store, std::string_view bytes) {
  Result<std::string> sha = store.Put(bytes);
  EXPECT_TRUE(sha.ok()) << sha.status().ToString();
  return sha.ok() ? *sha : std::string();
}

void WriteRaw(const fs::path& path, const std::string& bytes) {
  std::ofstream out(path, std::ios::binary);
  out << bytes;
}

// Sets a file's modification time `seconds` into the past.
void Age(const fs::path& path, int seconds) {
  struct timeval times[2];
  gettimeofday(&times[0], nullptr);
  times[0].tv_sec -= seconds;
  times[1] = times[0];
  ASSERT_EQ(utimes(path.c_str(), times), 0);
}

FsArtifactStoreOptions NoGrace() {
  return FsArtifactStoreOptions{.gc_min_age = std::chrono::seconds(0)};
}

class FsArtifactStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    root_ = dir_.Sub("artifacts");
    store_ = OpenOrDie(root_, NoGrace());
    ASSERT_NE(store_, nullptr);
  }

  ScopedTempDir dir_;
  std::string root_;
  std::unique_ptr<ArtifactStore> store_;
};

TEST_F(FsArtifactStoreTest, PutGetRoundTripIsContentAddressedAndIdempotent) {
  std::string bytes = "sepal_length,species\n5.1,setosa\n";
  bytes.push_back('\0');  // binary-safe
  std::string sha = PutOrDie(*store_, bytes);
  EXPECT_EQ(sha, Sha256Hex(bytes));
  EXPECT_EQ(PutOrDie(*store_, bytes), sha);
  Result<std::string> got = store_->Get(sha);
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_EQ(*got, bytes);
  EXPECT_TRUE(*store_->Exists(sha));

  // Layout: root/ab/cdef...
  fs::path expected = fs::path(root_) / sha.substr(0, 2) / sha.substr(2);
  EXPECT_TRUE(fs::is_regular_file(expected));
  Result<std::string> local = store_->LocalPath(sha);
  ASSERT_TRUE(local.ok());
  EXPECT_EQ(fs::path(*local), expected);
  EXPECT_TRUE(fs::is_empty(fs::path(root_) / "tmp"));

  std::string empty_sha = PutOrDie(*store_, "");
  EXPECT_EQ(*store_->Get(empty_sha), "");
  Result<std::vector<std::string>> list = store_->List();
  ASSERT_TRUE(list.ok());
  std::vector<std::string> want = {sha, empty_sha};
  std::sort(want.begin(), want.end());
  EXPECT_EQ(*list, want);

  ASSERT_TRUE(store_->Remove(sha).ok());
  EXPECT_FALSE(*store_->Exists(sha));
  EXPECT_EQ(store_->Remove(sha).code(), StatusCode::kNotFound);
}

TEST_F(FsArtifactStoreTest, DetectsCorruptionOnDisk) {
  std::string sha = PutOrDie(*store_, std::string(10000, 'a'));
  std::string path = *store_->LocalPath(sha);
  {
    std::fstream f(path, std::ios::in | std::ios::out | std::ios::binary);
    f.seekp(4321);
    f.put('b');
  }
  Result<std::string> got = store_->Get(sha);
  ASSERT_FALSE(got.ok());
  EXPECT_EQ(got.status().code(), StatusCode::kDataLoss);
  EXPECT_NE(got.status().message().find(sha), std::string::npos);

  // A truncated file is corrupt too.
  fs::resize_file(path, 10);
  EXPECT_EQ(store_->Get(sha).status().code(), StatusCode::kDataLoss);
}

TEST_F(FsArtifactStoreTest, AbsentArtifactsAreNotFound) {
  std::string sha = Sha256Hex("never stored");
  EXPECT_FALSE(*store_->Exists(sha));
  Status get = store_->Get(sha).status();
  EXPECT_EQ(get.code(), StatusCode::kNotFound);
  EXPECT_NE(get.message().find(sha), std::string::npos);
  EXPECT_EQ(store_->LocalPath(sha).status().code(), StatusCode::kNotFound);
  EXPECT_EQ(store_->Remove(sha).code(), StatusCode::kNotFound);
}

TEST_F(FsArtifactStoreTest, RejectsMalformedHashes) {
  std::string good = Sha256Hex("x");
  std::string upper = good;
  upper[0] = 'A';
  std::vector<std::string> bad = {"",
                                  "abc",
                                  upper,
                                  good + "0",
                                  "../" + good.substr(3),
                                  good.substr(0, 2) + "/../../../../etc/passwd"};
  for (const std::string& sha : bad) {
    EXPECT_EQ(store_->Get(sha).status().code(), StatusCode::kInvalidArgument) << sha;
    EXPECT_EQ(store_->Exists(sha).status().code(), StatusCode::kInvalidArgument) << sha;
    EXPECT_EQ(store_->LocalPath(sha).status().code(), StatusCode::kInvalidArgument) << sha;
    EXPECT_EQ(store_->Remove(sha).code(), StatusCode::kInvalidArgument) << sha;
    EXPECT_EQ(store_->PutFile(dir_.Sub("whatever"), sha).status().code(),
              StatusCode::kInvalidArgument)
        << sha;
  }
}

TEST_F(FsArtifactStoreTest, PutFileMovesASpooledFileIn) {
  std::string bytes(200000, 'z');
  std::string spool = dir_.Sub("upload.part");
  WriteRaw(spool, bytes);
  Result<std::string> sha = store_->PutFile(spool, Sha256Hex(bytes));
  ASSERT_TRUE(sha.ok()) << sha.status().ToString();
  EXPECT_EQ(*sha, Sha256Hex(bytes));
  EXPECT_FALSE(fs::exists(spool));
  EXPECT_EQ(*store_->Get(*sha), bytes);

  // Same content again: the store keeps its copy and deletes the new source.
  WriteRaw(spool, bytes);
  ASSERT_TRUE(store_->PutFile(spool, *sha).ok());
  EXPECT_FALSE(fs::exists(spool));
  EXPECT_EQ(store_->List()->size(), 1u);
  EXPECT_TRUE(fs::is_empty(fs::path(root_) / "tmp"));

  Status missing = store_->PutFile(dir_.Sub("nope"), Sha256Hex("nope")).status();
  EXPECT_EQ(missing.code(), StatusCode::kNotFound);
  EXPECT_NE(missing.message().find("nope"), std::string::npos);
}

TEST_F(FsArtifactStoreTest, CollectGarbageKeepsReferencedAndRemovesOrphansAndTempFiles) {
  std::string keep = PutOrDie(*store_, "referenced");
  std::string orphan1 = PutOrDie(*store_, "orphan one");
  std::string orphan2 = PutOrDie(*store_, "orphan two");
  WriteRaw(fs::path(root_) / "tmp" / "put_crashed.tmp", "half-writ");
  WriteRaw(fs::path(root_) / "README", "not an artifact");  // foreign files are left alone

  Result<size_t> removed = store_->CollectGarbage({keep});
  ASSERT_TRUE(removed.ok()) << removed.status().ToString();
  EXPECT_EQ(*removed, 3u);
  EXPECT_EQ(*store_->List(), std::vector<std::string>{keep});
  EXPECT_EQ(*store_->Get(keep), "referenced");
  EXPECT_FALSE(*store_->Exists(orphan1));
  EXPECT_FALSE(*store_->Exists(orphan2));
  EXPECT_TRUE(fs::is_empty(fs::path(root_) / "tmp"));
  EXPECT_TRUE(fs::exists(fs::path(root_) / "README"));
  EXPECT_EQ(*store_->CollectGarbage({keep}), 0u);
}

TEST_F(FsArtifactStoreTest, CollectGarbageSparesRecentFiles) {
  // Default options: files younger than gc_min_age may belong to an upload in flight.
  std::unique_ptr<ArtifactStore> store = OpenOrDie(dir_.Sub("graced"));
  ASSERT_NE(store, nullptr);
  std::string fresh = PutOrDie(*store, "just uploaded");
  std::string old = PutOrDie(*store, "crashed long ago");
  fs::path old_tmp = dir_.path() / "graced" / "tmp" / "old.tmp";
  WriteRaw(old_tmp, "x");
  WriteRaw(dir_.path() / "graced" / "tmp" / "new.tmp", "y");
  Age(*store->LocalPath(old), 3600);
  Age(old_tmp, 3600);
  Result<size_t> removed = store->CollectGarbage({});
  ASSERT_TRUE(removed.ok()) << removed.status().ToString();
  EXPECT_EQ(*removed, 2u);
  EXPECT_TRUE(*store->Exists(fresh));
  EXPECT_FALSE(*store->Exists(old));
  EXPECT_FALSE(fs::exists(old_tmp));
}

TEST_F(FsArtifactStoreTest, StoringExistingBytesAgainRenewsTheGracePeriod) {
  // An orphan from long ago is uploaded again: it must survive GC until it gets referenced.
  std::unique_ptr<ArtifactStore> store = OpenOrDie(dir_.Sub("renew"));
  ASSERT_NE(store, nullptr);
  std::string sha = PutOrDie(*store, "uploaded twice");
  Age(*store->LocalPath(sha), 3600);
  EXPECT_EQ(PutOrDie(*store, "uploaded twice"), sha);
  EXPECT_EQ(*store->CollectGarbage({}), 0u);
  EXPECT_TRUE(*store->Exists(sha));

  Age(*store->LocalPath(sha), 3600);
  std::string spool = dir_.Sub("again.part");
  WriteRaw(spool, "uploaded twice");
  ASSERT_TRUE(store->PutFile(spool, sha).ok());
  EXPECT_EQ(*store->CollectGarbage({}), 0u);
  EXPECT_TRUE(*store->Exists(sha));
}

}  // namespace
}  // namespace lathe::store
