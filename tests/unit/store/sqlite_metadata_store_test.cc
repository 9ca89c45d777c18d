// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "store/sqlite/sqlite_metadata_store.h"

#include <algorithm>
#include <filesystem>
#include <fstream>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "common/test_helpers.h"
#include <gtest/gtest.h>
#include <sqlite3.h>

#include "core/ids.h"
#include "core/sha256.h"
#include "store/metadata_store.h"
#include "unit/store/store_test_util.h"

namespace lathe::store {
namespace {

using testing_util::ScopedTempDir;

using ::lathe::testing_util::IsRfc3339Millis;

DatasetRecord NewDataset(const std::string& name, int64_t rows = 150) {
  DatasetRecord r;
  r.name = name;
  r.rows = rows;
  r.bytes = rows * 30;
  r.format = "csv";
  r.source_sha256 = Sha256Hex(name + std::to_string(rows));
  r.schema_json = R"([{"name":"x","type":"float64","nullable":false}])";
  r.parse_json = R"({"delimiter":",","header":true})";
  return r;
}

std::unique_ptr<MetadataStore> OpenOrDie(const std::string& path) {
  Result<std::unique_ptr<MetadataStore>> store = OpenSqliteMetadataStore(path);
  EXPECT_TRUE(store.ok()) << store.status().ToString();
  return store.ok() ? std::move(store).value() : nullptr;
}

DatasetRecord CreateOrDie(MetadataStore& store, const std::string& name, int64_t rows = 150) {
  Result<DatasetRecord> r = store.CreateDataset(NewDataset(name, rows));
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? *r : DatasetRecord{};
}

// Runs SQL on the database file through a second, raw connection (as another process would).
void RawExec(const std::string& db_path, const std::string& sql) {
  sqlite3* db = nullptr;
  ASSERT_EQ(sqlite3_open(db_path.c_str(), &db), SQLITE_OK);
  sqlite3_busy_timeout(db, 5000);
  char* err = nullptr;
  int rc = sqlite3_exec(db, sql.c_str(), nullptr, nullptr, &err);
  EXPECT_EQ(rc, SQLITE_OK) << (err ? err : "");
  sqlite3_free(err);
  sqlite3_close(db);
}

int64_t RawCount(const std::string& db_path, const std::string& sql) {
  sqlite3* db = nullptr;
  EXPECT_EQ(sqlite3_open(db_path.c_str(), &db), SQLITE_OK);
  sqlite3_stmt* st = nullptr;
  EXPECT_EQ(sqlite3_prepare_v2(db, sql.c_str(), -1, &st, nullptr), SQLITE_OK);
  int64_t n = sqlite3_step(st) == SQLITE_ROW ? sqlite3_column_int64(st, 0) : -1;
  sqlite3_finalize(st);
  sqlite3_close(db);
  return n;
}

// ListOptions builders (g++ 12 -Wextra flags designated initializers that skip members).
ListOptions ByName(const std::string& name) {
  ListOptions o;
  o.name = name;
  return o;
}
ListOptions Filter(const std::string& filter) {
  ListOptions o;
  o.name_filter = filter;
  return o;
}
ListOptions Page(int limit, int offset) {
  ListOptions o;
  o.limit = limit;
  o.offset = offset;
  return o;
}

std::vector<int> Versions(const std::vector<DatasetRecord>& records) {
  std::vector<int> out;
  for (const DatasetRecord& r : records) out.push_back(r.version);
  return out;
}

class SqliteMetadataStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    db_path_ = dir_.Sub("lathe.db");
    store_ = OpenOrDie(db_path_);
    ASSERT_NE(store_, nullptr);
  }

  ScopedTempDir dir_;
  std::string db_path_;
  std::unique_ptr<MetadataStore> store_;
};

TEST_F(SqliteMetadataStoreTest, AssignsIncreasingVersionsPerName) {
  DatasetRecord a1 = CreateOrDie(*store_, "iris");
  DatasetRecord a2 = CreateOrDie(*store_, "iris");
  DatasetRecord b1 = CreateOrDie(*store_, "titanic");
  DatasetRecord a3 = CreateOrDie(*store_, "iris");
  EXPECT_EQ(a1.version, 1);
  EXPECT_EQ(a2.version, 2);
  EXPECT_EQ(a3.version, 3);
  EXPECT_EQ(b1.version, 1);
  EXPECT_TRUE(LooksLikeId(a1.id, "ds")) << a1.id;
  EXPECT_NE(a1.id, a2.id);
  EXPECT_TRUE(IsRfc3339Millis(a1.created_at)) << a1.created_at;
  EXPECT_EQ(a1.rows, 150);
  EXPECT_EQ(a1.parse_json, R"({"delimiter":",","header":true})");
}

TEST_F(SqliteMetadataStoreTest, NeverReusesAVersionAfterDelete) {
  CreateOrDie(*store_, "iris");
  CreateOrDie(*store_, "iris");
  DatasetRecord v3 = CreateOrDie(*store_, "iris");
  ASSERT_TRUE(store_->DeleteDataset(v3.id).ok());
  EXPECT_EQ(CreateOrDie(*store_, "iris").version, 4);
  // Even with every version deleted the counter keeps going.
  Result<std::vector<DatasetRecord>> all = store_->ListDatasets(ByName("iris"));
  ASSERT_TRUE(all.ok());
  for (const DatasetRecord& r : *all) ASSERT_TRUE(store_->DeleteDataset(r.id).ok());
  EXPECT_EQ(CreateOrDie(*store_, "iris").version, 5);
}

TEST_F(SqliteMetadataStoreTest, GetsByIdByNameLatestAndSpecificVersion) {
  DatasetRecord v1 = CreateOrDie(*store_, "iris", 10);
  DatasetRecord v2 = CreateOrDie(*store_, "iris", 20);
  Result<DatasetRecord> latest = store_->GetDataset("iris");
  ASSERT_TRUE(latest.ok()) << latest.status().ToString();
  EXPECT_EQ(latest->id, v2.id);
  EXPECT_EQ(latest->rows, 20);
  Result<DatasetRecord> first = store_->GetDataset("iris", 1);
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->id, v1.id);
  Result<DatasetRecord> by_id = store_->GetDataset(v1.id);
  ASSERT_TRUE(by_id.ok());
  EXPECT_EQ(by_id->name, "iris");
  EXPECT_EQ(by_id->version, 1);
  EXPECT_EQ(by_id->source_sha256, v1.source_sha256);
  EXPECT_EQ(by_id->created_at, v1.created_at);
  EXPECT_TRUE(store_->GetDataset(v1.id, 1).ok());
  EXPECT_EQ(store_->GetDataset(v1.id, 2).status().code(), StatusCode::kNotFound);
}

TEST_F(SqliteMetadataStoreTest, NotFoundNamesWhatWasAsked) {
  CreateOrDie(*store_, "iris");
  Status by_name = store_->GetDataset("wine").status();
  EXPECT_EQ(by_name.code(), StatusCode::kNotFound);
  EXPECT_EQ(by_name.message(), "dataset 'wine' not found");
  Status by_version = store_->GetDataset("iris", 7).status();
  EXPECT_EQ(by_version.code(), StatusCode::kNotFound);
  EXPECT_EQ(by_version.message(), "dataset 'iris' version 7 not found");
  std::string ghost = NewId("ds");
  Status by_id = store_->GetDataset(ghost).status();
  EXPECT_EQ(by_id.code(), StatusCode::kNotFound);
  EXPECT_NE(by_id.message().find(ghost), std::string::npos);
  Status del = store_->DeleteDataset(ghost);
  EXPECT_EQ(del.code(), StatusCode::kNotFound);
  EXPECT_NE(del.message().find(ghost), std::string::npos);
  EXPECT_EQ(store_->GetDataset("../etc/passwd").status().code(), StatusCode::kNotFound);
  EXPECT_EQ(store_->GetDataset("iris", 0).status().code(), StatusCode::kInvalidArgument);
}

TEST_F(SqliteMetadataStoreTest, RejectsBadNamesAndFields) {
  for (std::string bad :
       {std::string(), std::string(129, 'a'), std::string("a/b"), std::string("a b"),
        std::string("naïve"), std::string("x;drop"), NewId("ds")}) {
    Result<DatasetRecord> r = store_->CreateDataset(NewDataset(bad));
    ASSERT_FALSE(r.ok()) << bad;
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument) << bad;
  }
  EXPECT_TRUE(store_->CreateDataset(NewDataset(std::string(128, 'a'))).ok());
  EXPECT_TRUE(store_->CreateDataset(NewDataset("A.b_c-9")).ok());

  DatasetRecord bad_format = NewDataset("ok");
  bad_format.format = "xml";
  EXPECT_EQ(store_->CreateDataset(bad_format).status().code(), StatusCode::kInvalidArgument);
  DatasetRecord bad_sha = NewDataset("ok");
  bad_sha.snapshot_sha256 = "../../etc/passwd";
  EXPECT_EQ(store_->CreateDataset(bad_sha).status().code(), StatusCode::kInvalidArgument);
  DatasetRecord negative = NewDataset("ok");
  negative.rows = -1;
  EXPECT_EQ(store_->CreateDataset(negative).status().code(), StatusCode::kInvalidArgument);
  // Nothing of the rejected ones was stored, and their names got no version.
  EXPECT_EQ(*store_->CountDatasets({}), 2);
  EXPECT_EQ(CreateOrDie(*store_, "ok").version, 1);
}

TEST_F(SqliteMetadataStoreTest, ListsNewestFirstWithFilterAndPaging) {
  std::vector<std::string> ids;
  for (const char* name : {"iris", "wine", "iris", "iris_small", "Titanic", "wine"}) {
    ids.push_back(CreateOrDie(*store_, name).id);
  }
  Result<std::vector<DatasetRecord>> all = store_->ListDatasets({});
  ASSERT_TRUE(all.ok()) << all.status().ToString();
  ASSERT_EQ(all->size(), 6u);
  for (size_t idx = 0; idx < ids.size(); ++idx) EXPECT_EQ((*all)[idx].id, ids[5 - idx]);
  EXPECT_EQ(*store_->CountDatasets({}), 6);

  Result<std::vector<DatasetRecord>> iris = store_->ListDatasets(Filter("IRIS"));
  ASSERT_TRUE(iris.ok());
  EXPECT_EQ(iris->size(), 3u);  // iris x2 and iris_small, case-insensitive substring
  EXPECT_EQ(*store_->CountDatasets(Filter("iris")), 3);
  EXPECT_EQ(*store_->CountDatasets(Filter("s_s")), 1);
  EXPECT_EQ(*store_->CountDatasets(Filter("%")), 0);  // wildcards match literally
  EXPECT_EQ(*store_->CountDatasets(Filter("_")), 1);

  Result<std::vector<DatasetRecord>> exact = store_->ListDatasets(ByName("iris"));
  ASSERT_TRUE(exact.ok());
  EXPECT_EQ(Versions(*exact), (std::vector<int>{2, 1}));

  Result<std::vector<DatasetRecord>> page = store_->ListDatasets(Page(2, 2));
  ASSERT_TRUE(page.ok());
  ASSERT_EQ(page->size(), 2u);
  EXPECT_EQ((*page)[0].id, ids[3]);
  EXPECT_EQ((*page)[1].id, ids[2]);
  EXPECT_TRUE(store_->ListDatasets(Page(100, 10))->empty());

  EXPECT_EQ(store_->ListDatasets(Page(0, 0)).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(store_->ListDatasets(Page(1001, 0)).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(store_->ListDatasets(Page(100, -1)).status().code(), StatusCode::kInvalidArgument);
}

TEST_F(SqliteMetadataStoreTest, MigrationsAreIdempotentOnReopen) {
  DatasetRecord saved = CreateOrDie(*store_, "iris");
  store_.reset();
  for (int round = 0; round < 2; ++round) {
    store_ = OpenOrDie(db_path_);
    ASSERT_NE(store_, nullptr);
    Result<DatasetRecord> got = store_->GetDataset(saved.id);
    ASSERT_TRUE(got.ok()) << got.status().ToString();
    EXPECT_EQ(got->created_at, saved.created_at);
    store_.reset();
  }
  EXPECT_EQ(RawCount(db_path_, "SELECT COUNT(*) FROM schema_migrations"), 2);
  EXPECT_EQ(RawCount(db_path_, "SELECT MAX(version) FROM schema_migrations"), 2);
  store_ = OpenOrDie(db_path_);
  EXPECT_EQ(CreateOrDie(*store_, "iris").version, 2);
}

TEST_F(SqliteMetadataStoreTest, RefusesADatabaseFromANewerLathe) {
  store_.reset();
  RawExec(db_path_, "INSERT INTO schema_migrations (version, applied_at) VALUES (99, 'x')");
  Result<std::unique_ptr<MetadataStore>> reopened = OpenSqliteMetadataStore(db_path_);
  ASSERT_FALSE(reopened.ok());
  EXPECT_EQ(reopened.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(reopened.status().message().find("99"), std::string::npos);
}

TEST_F(SqliteMetadataStoreTest, RejectsAFileThatIsNotADatabase) {
  std::string path = dir_.Sub("junk.db");
  std::ofstream(path) << std::string(4096, 'j');
  Result<std::unique_ptr<MetadataStore>> opened = OpenSqliteMetadataStore(path);
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.status().code(), StatusCode::kDataLoss) << opened.status().ToString();
}

TEST_F(SqliteMetadataStoreTest, UsesWalAndPassesIntegrityCheck) {
  CreateOrDie(*store_, "iris");
  EXPECT_TRUE(std::filesystem::exists(db_path_ + "-wal"));
  EXPECT_TRUE(store_->CheckIntegrity().ok());
}

TEST_F(SqliteMetadataStoreTest, ConcurrentCreatesGetUniqueVersions) {
  constexpr int kThreads = 4;
  constexpr int kPerThread = 25;
  std::vector<std::vector<int>> versions(kThreads);
  std::vector<std::thread> threads;
  for (int t = 0; t < kThreads; ++t) {
    threads.emplace_back([&, t] {
      for (int idx = 0; idx < kPerThread; ++idx) {
        Result<DatasetRecord> r = store_->CreateDataset(NewDataset("shared"));
        if (r.ok()) versions[t].push_back(r->version);
      }
    });
  }
  for (std::thread& th : threads) th.join();
  std::set<int> all;
  for (const auto& v : versions) all.insert(v.begin(), v.end());
  EXPECT_EQ(all.size(), static_cast<size_t>(kThreads * kPerThread));
  EXPECT_EQ(*all.begin(), 1);
  EXPECT_EQ(*all.rbegin(), kThreads * kPerThread);
  EXPECT_EQ(*store_->CountDatasets(ByName("shared")), kThreads * kPerThread);
}

TEST_F(SqliteMetadataStoreTest, ConcurrentCreatesFromTwoConnectionsGetUniqueVersions) {
  // Two stores on one file behave like two processes: BEGIN IMMEDIATE + busy_timeout serialize.
  std::unique_ptr<MetadataStore> other = OpenOrDie(db_path_);
  ASSERT_NE(other, nullptr);
  std::vector<int> a, b;
  std::thread ta([&] {
    for (int idx = 0; idx < 20; ++idx) a.push_back(CreateOrDie(*store_, "shared").version);
  });
  std::thread tb([&] {
    for (int idx = 0; idx < 20; ++idx) b.push_back(CreateOrDie(*other, "shared").version);
  });
  ta.join();
  tb.join();
  std::set<int> all(a.begin(), a.end());
  all.insert(b.begin(), b.end());
  EXPECT_EQ(all.size(), 40u);
  EXPECT_EQ(*all.rbegin(), 40);
}

TEST_F(SqliteMetadataStoreTest, TransactionFailingMidwayLeavesNoRow) {
  CreateOrDie(*store_, "iris");
  // CreateDataset bumps the version counter, then inserts the row; make the insert fail.
  RawExec(db_path_,
          "CREATE TRIGGER fail_insert BEFORE INSERT ON datasets "
          "BEGIN SELECT RAISE(ABORT, 'injected fault'); END;");
  Result<DatasetRecord> failed = store_->CreateDataset(NewDataset("iris"));
  ASSERT_FALSE(failed.ok());
  EXPECT_NE(failed.status().message().find("injected fault"), std::string::npos)
      << failed.status().ToString();
  Result<DatasetRecord> failed_new = store_->CreateDataset(NewDataset("wine"));
  ASSERT_FALSE(failed_new.ok());
  RawExec(db_path_, "DROP TRIGGER fail_insert");

  EXPECT_EQ(*store_->CountDatasets({}), 1);
  EXPECT_EQ(RawCount(db_path_, "SELECT COUNT(*) FROM dataset_name_counters WHERE name='wine'"), 0);
  // The counter bump was rolled back with the failed insert: no gap in versions.
  EXPECT_EQ(CreateOrDie(*store_, "iris").version, 2);
  EXPECT_EQ(CreateOrDie(*store_, "wine").version, 1);
  EXPECT_TRUE(store_->CheckIntegrity().ok());
}

TEST_F(SqliteMetadataStoreTest, ReportsReferencedArtifactsOnce) {
  DatasetRecord a = NewDataset("a");
  a.snapshot_sha256 = Sha256Hex("snap");
  a.profile_sha256 = Sha256Hex("prof");
  ASSERT_TRUE(store_->CreateDataset(a).ok());
  DatasetRecord b = NewDataset("b");
  b.source_sha256 = a.source_sha256;  // same upload registered twice
  ASSERT_TRUE(store_->CreateDataset(b).ok());
  DatasetRecord c = NewDataset("c");
  c.source_sha256.clear();
  ASSERT_TRUE(store_->CreateDataset(c).ok());

  Result<std::vector<std::string>> refs = store_->ReferencedArtifacts();
  ASSERT_TRUE(refs.ok()) << refs.status().ToString();
  std::vector<std::string> want = {a.source_sha256, a.snapshot_sha256, a.profile_sha256};
  std::sort(want.begin(), want.end());
  EXPECT_EQ(*refs, want);
}

}  // namespace
}  // namespace lathe::store
