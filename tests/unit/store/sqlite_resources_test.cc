// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include <sqlite3.h>

#include <gtest/gtest.h>

#include "store/metadata_store.h"
#include "store/sqlite/migrations.h"
#include "store/sqlite/sqlite_db.h"
#include "unit/store/store_test_util.h"

namespace lathe::store {
namespace {

using testing_util::ScopedTempDir;

const std::string kSha(64, 'a');
const std::string kSha2(64, 'b');

class ResourcesTest : public ::testing::Test {
 protected:
  void SetUp() override {
    auto opened = OpenSqliteMetadataStore(dir_.Sub("lathe.db"));
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    store_ = std::move(opened).value();
  }

  ResourceRecord Create(const std::string& kind, const std::string& name,
                        std::vector<std::string> artifacts = {}) {
    ResourceRecord r;
    r.kind = kind;
    r.name = name;
    r.state = "Pending";
    r.body_json = R"({"x":1})";
    r.artifacts = std::move(artifacts);
    auto created = store_->CreateResource(r, "job");
    EXPECT_TRUE(created.ok()) << created.status().ToString();
    return created.ok() ? *created : ResourceRecord{};
  }

  ScopedTempDir dir_;
  std::unique_ptr<MetadataStore> store_;
};

TEST_F(ResourcesTest, CreatesVersionsPerKindAndName) {
  ResourceRecord a = Create("recipe", "clean");
  ResourceRecord b = Create("recipe", "clean");
  ResourceRecord c = Create("model", "clean");
  ResourceRecord d = Create("recipe", "");
  EXPECT_EQ(a.version, 1);
  EXPECT_EQ(b.version, 2);
  EXPECT_EQ(c.version, 1);  // another kind counts on its own
  EXPECT_EQ(d.version, 1);
  EXPECT_EQ(a.id.rfind("job_", 0), 0u);
  EXPECT_EQ(a.created_at, a.updated_at);

  auto latest = store_->GetResource("recipe", "clean");
  ASSERT_TRUE(latest.ok());
  EXPECT_EQ(latest->id, b.id);
  auto first = store_->GetResource("recipe", "clean", 1);
  ASSERT_TRUE(first.ok());
  EXPECT_EQ(first->id, a.id);
  EXPECT_EQ(first->body_json, R"({"x":1})");
  // The kind is part of the key: a model id is not found as a recipe.
  auto wrong_kind = store_->GetResource("recipe", c.id);
  ASSERT_FALSE(wrong_kind.ok());
  EXPECT_EQ(wrong_kind.status().code(), StatusCode::kNotFound);
  EXPECT_NE(wrong_kind.status().message().find("recipe '" + c.id + "' not found"),
            std::string::npos);
}

TEST_F(ResourcesTest, ListsNewestFirstFilteredByNameAndState) {
  Create("training_job", "a");
  ResourceRecord b = Create("training_job", "b");
  Create("model", "m");
  ResourceUpdate u;
  u.state = "Running";
  ASSERT_TRUE(store_->UpdateResource("training_job", b.id, u).ok());

  ResourceListOptions all;
  auto listed = store_->ListResources("training_job", all);
  ASSERT_TRUE(listed.ok());
  ASSERT_EQ(listed->size(), 2u);
  EXPECT_EQ((*listed)[0].id, b.id);
  ResourceListOptions running;
  running.state = "Running";
  EXPECT_EQ(store_->CountResources("training_job", running).value(), 1);
  ResourceListOptions bad;
  bad.limit = 0;
  EXPECT_EQ(store_->ListResources("training_job", bad).status().code(),
            StatusCode::kInvalidArgument);
}

TEST_F(ResourcesTest, UpdateIsCompareAndSetOnState) {
  ResourceRecord r = Create("training_job", "");
  ResourceUpdate start;
  start.state = "Running";
  start.expected_states = std::vector<std::string>{"Pending"};
  auto running = store_->UpdateResource("training_job", r.id, start);
  ASSERT_TRUE(running.ok()) << running.status().ToString();
  EXPECT_EQ(running->state, "Running");
  // A second start from Pending fails: the state moved on.
  auto again = store_->UpdateResource("training_job", r.id, start);
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.status().code(), StatusCode::kFailedPrecondition);
  EXPECT_NE(again.status().message().find("Running"), std::string::npos);

  ResourceUpdate body;
  body.body_json = R"({"y":2})";
  auto updated = store_->UpdateResource("training_job", r.id, body);
  ASSERT_TRUE(updated.ok());
  EXPECT_EQ(updated->state, "Running");  // untouched
  EXPECT_EQ(store_->GetResource("training_job", r.id)->body_json, R"({"y":2})");
}

TEST_F(ResourcesTest, ArtifactsAreReferencedUntilTheResourceGoes) {
  ResourceRecord r = Create("model", "m", {kSha});
  auto refs = store_->ReferencedArtifacts();
  ASSERT_TRUE(refs.ok());
  EXPECT_EQ(*refs, std::vector<std::string>{kSha});
  ResourceUpdate u;
  u.artifacts = std::vector<std::string>{kSha2};
  ASSERT_TRUE(store_->UpdateResource("model", r.id, u).ok());
  EXPECT_EQ(store_->ReferencedArtifacts().value(), std::vector<std::string>{kSha2});
  EXPECT_EQ(store_->GetResource("model", r.id)->artifacts, std::vector<std::string>{kSha2});
  ASSERT_TRUE(store_->DeleteResource("model", r.id).ok());
  EXPECT_TRUE(store_->ReferencedArtifacts().value().empty());
  EXPECT_EQ(store_->DeleteResource("model", r.id).code(), StatusCode::kNotFound);
}

TEST_F(ResourcesTest, RejectsBadKindsNamesAndHashes) {
  ResourceRecord r;
  r.kind = "Bad Kind";
  EXPECT_EQ(store_->CreateResource(r, "job").status().code(), StatusCode::kInvalidArgument);
  r.kind = "model";
  r.name = "no spaces";
  EXPECT_EQ(store_->CreateResource(r, "job").status().code(), StatusCode::kInvalidArgument);
  r.name = "ok";
  r.artifacts = {"nothex"};
  EXPECT_EQ(store_->CreateResource(r, "job").status().code(), StatusCode::kInvalidArgument);
}

// A database written by the first release (schema version 1) opens, upgrades, and keeps its
// datasets.
TEST(ResourcesMigrationTest, UpgradesAVersionOneDatabaseKeepingDatasets) {
  ScopedTempDir dir;
  std::string path = dir.Sub("old.db");
  {
    internal::Db db;
    ASSERT_TRUE(db.Open(path).ok());
    ASSERT_TRUE(db.Exec("CREATE TABLE schema_migrations (version INTEGER PRIMARY KEY, "
                        "applied_at TEXT NOT NULL) STRICT;")
                    .ok());
    const internal::Migration& first = internal::SqliteMigrations()[0];
    ASSERT_TRUE(db.Exec(first.sql).ok());
    ASSERT_TRUE(db.Exec("INSERT INTO schema_migrations VALUES (1, 'then');"
                        "INSERT INTO datasets (id, name, version, row_count, byte_count, format, "
                        "created_at) VALUES ('ds_0123456789abcdef', 'old', 1, 3, 10, 'csv', 'then');")
                    .ok());
  }
  auto store = OpenSqliteMetadataStore(path);
  ASSERT_TRUE(store.ok()) << store.status().ToString();
  auto old = (*store)->GetDataset("old");
  ASSERT_TRUE(old.ok()) << old.status().ToString();
  EXPECT_EQ(old->rows, 3);
  EXPECT_EQ(old->lineage_json, "");
  ResourceRecord r;
  r.kind = "recipe";
  EXPECT_TRUE((*store)->CreateResource(r, "job").ok());
}

}  // namespace
}  // namespace lathe::store
