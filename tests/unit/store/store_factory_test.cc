// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "store/store_factory.h"

#include <filesystem>
#include <fstream>
#include <string>

#include <gtest/gtest.h>

#include "unit/store/store_test_util.h"

namespace fs = std::filesystem;

namespace lathe::store {
namespace {

using testing_util::ScopedTempDir;

TEST(StoreFactoryTest, OpensEmbeddedStoresUnderTheDataDir) {
  ScopedTempDir dir;
  std::string data_dir = dir.Sub("nested/lathe-data");
  Result<Stores> stores = OpenEmbeddedStores({.data_dir = data_dir});
  ASSERT_TRUE(stores.ok()) << stores.status().ToString();
  ASSERT_NE(stores->metadata, nullptr);
  ASSERT_NE(stores->artifacts, nullptr);
  EXPECT_TRUE(fs::is_regular_file(fs::path(data_dir) / "lathe.db"));
  EXPECT_TRUE(fs::is_directory(fs::path(data_dir) / "artifacts" / "tmp"));
  EXPECT_TRUE(fs::is_directory(stores->spool_dir));

  // The upload path end to end: spool -> PutFile -> CreateDataset -> reopen -> Get.
  std::string csv = "a,b\n1,2\n";
  Result<std::string> sha = stores->artifacts->Put(csv);
  ASSERT_TRUE(sha.ok());
  DatasetRecord r;
  r.name = "tiny";
  r.format = "csv";
  r.rows = 1;
  r.bytes = static_cast<int64_t>(csv.size());
  r.source_sha256 = *sha;
  Result<DatasetRecord> saved = stores->metadata->CreateDataset(r);
  ASSERT_TRUE(saved.ok()) << saved.status().ToString();
  stores->metadata.reset();  // close both stores
  stores->artifacts.reset();

  Result<Stores> reopened = OpenEmbeddedStores({.data_dir = data_dir});
  ASSERT_TRUE(reopened.ok()) << reopened.status().ToString();
  Result<DatasetRecord> got = reopened->metadata->GetDataset("tiny");
  ASSERT_TRUE(got.ok());
  EXPECT_EQ(got->id, saved->id);
  EXPECT_EQ(*reopened->artifacts->Get(got->source_sha256), csv);
  Result<std::vector<std::string>> refs = reopened->metadata->ReferencedArtifacts();
  ASSERT_TRUE(refs.ok());
  EXPECT_EQ(*refs, std::vector<std::string>{*sha});
}

TEST(StoreFactoryTest, ReportsAnUnusableDataDir) {
  ScopedTempDir dir;
  std::string file = dir.Sub("a_file");
  { std::ofstream(file) << "x"; }
  Result<Stores> stores = OpenEmbeddedStores({.data_dir = file});
  ASSERT_FALSE(stores.ok());
  EXPECT_NE(stores.status().message().find(file), std::string::npos);
}

}  // namespace
}  // namespace lathe::store
