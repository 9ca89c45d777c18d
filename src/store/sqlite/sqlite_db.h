// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Thin RAII wrappers over the sqlite3 C API, shared by the SQLite backends: Db owns a
// connection, Statement a prepared statement, Transaction a BEGIN IMMEDIATE ... COMMIT that
// rolls back unless committed. Errors become Status with sqlite3_errmsg text. None of these is
// thread-safe; the owning store serializes access.
//
//   Transaction tx(db);
//   LATHE_RETURN_IF_ERROR(tx.Begin());
//   Statement st;
//   LATHE_RETURN_IF_ERROR(st.Prepare(db, "INSERT INTO t(a) VALUES (?)"));
//   st.BindText(1, "x");
//   LATHE_RETURN_IF_ERROR(st.StepDone());
//   LATHE_RETURN_IF_ERROR(tx.Commit());
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include <sqlite3.h>

#include "core/status.h"

namespace lathe::store::internal {

struct SqliteCloser {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
struct SqliteFinalizer {
  void operator()(sqlite3_stmt* stmt) const { sqlite3_finalize(stmt); }
};

// Maps an SQLite result code to a Status: BUSY/LOCKED -> Unavailable, CORRUPT/NOTADB ->
// DataLoss, CONSTRAINT -> AlreadyExists / FailedPrecondition, others Internal.
Status SqliteStatus(int rc, sqlite3* db, std::string_view context);

class Db {
 public:
  Db() = default;
  Db(const Db&) = delete;
  Db& operator=(const Db&) = delete;
  Db(Db&&) = default;
  Db& operator=(Db&&) = default;

  // Opens or creates the database file.
  Status Open(const std::string& path);
  // Runs one or more statements that return no rows (sqlite3_exec).
  Status Exec(std::string_view sql) const;
  // Rows changed by the last INSERT/UPDATE/DELETE on this connection.
  int64_t Changes() const { return sqlite3_changes64(db_.get()); }
  sqlite3* get() const { return db_.get(); }

 private:
  std::unique_ptr<sqlite3, SqliteCloser> db_;
};

class Statement {
 public:
  Statement() = default;
  Statement(const Statement&) = delete;
  Statement& operator=(const Statement&) = delete;

  Status Prepare(const Db& db, std::string_view sql);
  // Binders use 1-based parameter indexes; text is copied (SQLITE_TRANSIENT).
  void BindText(int index, std::string_view value);
  void BindInt64(int index, int64_t value);
  // Steps once: true if a row is ready, false when done, or the error.
  Result<bool> Step();
  // Steps a statement that returns no rows (INSERT/UPDATE/DELETE/DDL).
  Status StepDone();
  std::string ColumnText(int col) const;
  int64_t ColumnInt64(int col) const;

 private:
  sqlite3* db_ = nullptr;
  std::unique_ptr<sqlite3_stmt, SqliteFinalizer> stmt_;
  std::string sql_;
};

// BEGIN IMMEDIATE (takes the write lock up front, so no deadlock-prone lock upgrade);
// the destructor rolls back unless Commit() succeeded.
class Transaction {
 public:
  explicit Transaction(const Db& db) : db_(db) {}
  ~Transaction();
  Transaction(const Transaction&) = delete;
  Transaction& operator=(const Transaction&) = delete;

  Status Begin();
  Status Commit();

 private:
  const Db& db_;
  bool open_ = false;
};

}  // namespace lathe::store::internal
