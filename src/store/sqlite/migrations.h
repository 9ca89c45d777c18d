// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Numbered schema migrations of the SQLite metadata database (docs/formats/metadata.md).
// Migration N is applied once, in order, each in its own transaction together with its row in
// schema_migrations(version, applied_at). Never edit a released migration; append a new one.
#pragma once

#include <span>
#include <string_view>

#include "core/status.h"
#include "store/sqlite/sqlite_db.h"

namespace lathe::store::internal {

struct Migration {
  int version;                   // 1, 2, 3... without gaps
  std::string_view description;  // one line, for logs and docs
  std::string_view sql;          // statements run inside the migration's transaction
};

// All migrations known to this build, in order.
std::span<const Migration> SqliteMigrations();

// Creates schema_migrations if needed and applies every pending migration. Idempotent.
// FailedPrecondition if the database has a migration newer than this build knows.
Status ApplySqliteMigrations(const Db& db);

// Highest applied migration version (0 for a new database).
Result<int> SqliteSchemaVersion(const Db& db);

}  // namespace lathe::store::internal
