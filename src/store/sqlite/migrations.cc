// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "store/sqlite/migrations.h"

#include <array>
#include <string>

#include "core/clock.h"

namespace lathe::store::internal {
namespace {

// Migration 1: datasets. `seq` gives a stable creation order (rowids of tables without an
// INTEGER PRIMARY KEY may change on VACUUM). dataset_name_counters remembers the highest
// version ever given to a name, so versions are never reused after a delete.
constexpr std::string_view kMigration1 = R"sql(
CREATE TABLE datasets (
  seq             INTEGER PRIMARY KEY AUTOINCREMENT,
  id              TEXT    NOT NULL UNIQUE,
  name            TEXT    NOT NULL,
  version         INTEGER NOT NULL CHECK (version >= 1),
  row_count       INTEGER NOT NULL CHECK (row_count >= 0),
  byte_count      INTEGER NOT NULL CHECK (byte_count >= 0),
  format          TEXT    NOT NULL CHECK (format IN ('csv', 'jsonl')),
  created_at      TEXT    NOT NULL,
  source_sha256   TEXT    NOT NULL DEFAULT '',
  snapshot_sha256 TEXT    NOT NULL DEFAULT '',
  profile_sha256  TEXT    NOT NULL DEFAULT '',
  schema_json     TEXT    NOT NULL DEFAULT '',
  parse_json      TEXT    NOT NULL DEFAULT ''
) STRICT;
CREATE UNIQUE INDEX datasets_name_version ON datasets (name, version);
CREATE TABLE dataset_name_counters (
  name         TEXT    PRIMARY KEY,
  last_version INTEGER NOT NULL CHECK (last_version >= 1)
) STRICT;
)sql";

// Migration 2: dataset lineage, and one generic table for every other resource kind (recipes,
// training jobs, models, endpoints, pipelines...). A resource is a JSON document with a few
// indexed fields; `resource_artifacts` lists the artifact hashes it references so that garbage
// collection keeps them. Per-(kind, name) version counters never reuse a version.
constexpr std::string_view kMigration2 = R"sql(
ALTER TABLE datasets ADD COLUMN lineage_json TEXT NOT NULL DEFAULT '';
CREATE TABLE resources (
  seq         INTEGER PRIMARY KEY AUTOINCREMENT,
  kind        TEXT    NOT NULL,
  id          TEXT    NOT NULL UNIQUE,
  name        TEXT    NOT NULL DEFAULT '',
  version     INTEGER NOT NULL CHECK (version >= 1),
  state       TEXT    NOT NULL DEFAULT '',
  created_at  TEXT    NOT NULL,
  updated_at  TEXT    NOT NULL,
  body_json   TEXT    NOT NULL DEFAULT '{}'
) STRICT;
CREATE INDEX resources_kind_name ON resources (kind, name, version);
CREATE INDEX resources_kind_state ON resources (kind, state);
CREATE TABLE resource_name_counters (
  kind         TEXT    NOT NULL,
  name         TEXT    NOT NULL,
  last_version INTEGER NOT NULL CHECK (last_version >= 1),
  PRIMARY KEY (kind, name)
) STRICT;
CREATE TABLE resource_artifacts (
  resource_id TEXT NOT NULL REFERENCES resources (id) ON DELETE CASCADE,
  sha256      TEXT NOT NULL,
  PRIMARY KEY (resource_id, sha256)
) STRICT;
)sql";

constexpr std::array<Migration, 2> kMigrations = {{
    {1, "datasets and per-name version counters", kMigration1},
    {2, "dataset lineage; generic resources with artifact references", kMigration2},
}};

constexpr std::string_view kCreateMigrationsTable = R"sql(
CREATE TABLE IF NOT EXISTS schema_migrations (
  version    INTEGER PRIMARY KEY,
  applied_at TEXT    NOT NULL
) STRICT;
)sql";

Status ApplyOne(const Db& db, const Migration& m) {
  Transaction tx(db);
  LATHE_RETURN_IF_ERROR(tx.Begin());
  // Re-check inside the write lock: another process may have applied it meanwhile.
  LATHE_ASSIGN_OR_RETURN(int current, SqliteSchemaVersion(db));
  if (current >= m.version) return Status::Ok();
  if (current != m.version - 1) {
    return InternalError("schema migration gap: at " + std::to_string(current) + ", next is " +
                         std::to_string(m.version));
  }
  Status st = db.Exec(m.sql);
  if (!st.ok()) return st.Annotate("migration " + std::to_string(m.version));
  Statement ins;
  LATHE_RETURN_IF_ERROR(
      ins.Prepare(db, "INSERT INTO schema_migrations (version, applied_at) VALUES (?, ?)"));
  ins.BindInt64(1, m.version);
  ins.BindText(2, NowRfc3339());
  LATHE_RETURN_IF_ERROR(ins.StepDone());
  return tx.Commit();
}

}  // namespace

std::span<const Migration> SqliteMigrations() { return kMigrations; }

Result<int> SqliteSchemaVersion(const Db& db) {
  Statement st;
  LATHE_RETURN_IF_ERROR(st.Prepare(db, "SELECT COALESCE(MAX(version), 0) FROM schema_migrations"));
  LATHE_ASSIGN_OR_RETURN(bool row, st.Step());
  if (!row) return 0;
  return static_cast<int>(st.ColumnInt64(0));
}

Status ApplySqliteMigrations(const Db& db) {
  LATHE_RETURN_IF_ERROR(db.Exec(kCreateMigrationsTable));
  LATHE_ASSIGN_OR_RETURN(int current, SqliteSchemaVersion(db));
  int latest = kMigrations.back().version;
  if (current > latest) {
    return FailedPreconditionError("metadata database is at schema version " +
                                   std::to_string(current) + " but this Lathe knows only up to " +
                                   std::to_string(latest) + "; upgrade Lathe");
  }
  for (const Migration& m : kMigrations) {
    if (m.version <= current) continue;
    LATHE_RETURN_IF_ERROR(ApplyOne(db, m));
  }
  return Status::Ok();
}

}  // namespace lathe::store::internal
