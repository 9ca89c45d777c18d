// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "store/sqlite/sqlite_db.h"

namespace lathe::store::internal {

Status SqliteStatus(int rc, sqlite3* db, std::string_view context) {
  std::string msg = std::string(context) + ": ";
  // sqlite3_errmsg describes the last failure on `db`; without a handle use the code's text.
  msg += (db != nullptr) ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
  switch (rc & 0xff) {  // primary result code
    case SQLITE_BUSY:
    case SQLITE_LOCKED:
      return UnavailableError(std::move(msg));
    case SQLITE_CORRUPT:
    case SQLITE_NOTADB:
      return DataLossError(std::move(msg));
    case SQLITE_CONSTRAINT:
      if (rc == SQLITE_CONSTRAINT_UNIQUE || rc == SQLITE_CONSTRAINT_PRIMARYKEY) {
        return AlreadyExistsError(std::move(msg));
      }
      return FailedPreconditionError(std::move(msg));
    case SQLITE_FULL:
      return ResourceExhaustedError(std::move(msg));
    case SQLITE_CANTOPEN:
      return UnavailableError(std::move(msg));
    case SQLITE_READONLY:
    case SQLITE_PERM:
    case SQLITE_AUTH:
      return PermissionDeniedError(std::move(msg));
    default:
      return InternalError(std::move(msg));
  }
}

Status Db::Open(const std::string& path) {
  sqlite3* raw = nullptr;
  int rc =
      sqlite3_open_v2(path.c_str(), &raw,
                      SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX, nullptr);
  db_.reset(raw);  // sqlite3_open_v2 may return a handle even on failure; it must be closed
  if (rc != SQLITE_OK) return SqliteStatus(rc, raw, "open " + path);
  sqlite3_extended_result_codes(raw, 1);
  return Status::Ok();
}

Status Db::Exec(std::string_view sql) const {
  std::string copy(sql);  // sqlite3_exec needs a NUL-terminated string
  char* err = nullptr;
  int rc = sqlite3_exec(db_.get(), copy.c_str(), nullptr, nullptr, &err);
  if (rc != SQLITE_OK) {
    std::string text = err != nullptr ? err : sqlite3_errstr(rc);
    sqlite3_free(err);
    Status st = SqliteStatus(rc, nullptr, "exec");
    return Status(st.code(), "sqlite exec: " + text);
  }
  return Status::Ok();
}

Status Statement::Prepare(const Db& db, std::string_view sql) {
  db_ = db.get();
  sql_ = std::string(sql);
  sqlite3_stmt* raw = nullptr;
  int rc = sqlite3_prepare_v2(db_, sql_.data(), static_cast<int>(sql_.size()), &raw, nullptr);
  stmt_.reset(raw);
  if (rc != SQLITE_OK) return SqliteStatus(rc, db_, "prepare");
  return Status::Ok();
}

void Statement::BindText(int index, std::string_view value) {
  sqlite3_bind_text(stmt_.get(), index, value.data(), static_cast<int>(value.size()),
                    SQLITE_TRANSIENT);
}

void Statement::BindInt64(int index, int64_t value) {
  sqlite3_bind_int64(stmt_.get(), index, value);
}

Result<bool> Statement::Step() {
  int rc = sqlite3_step(stmt_.get());
  if (rc == SQLITE_ROW) return true;
  if (rc == SQLITE_DONE) return false;
  return SqliteStatus(rc, db_, "step");
}

Status Statement::StepDone() {
  LATHE_ASSIGN_OR_RETURN(bool row, Step());
  if (row) return InternalError("sqlite: statement returned a row unexpectedly: " + sql_);
  return Status::Ok();
}

std::string Statement::ColumnText(int col) const {
  const unsigned char* text = sqlite3_column_text(stmt_.get(), col);
  int len = sqlite3_column_bytes(stmt_.get(), col);
  if (text == nullptr) return std::string();
  return std::string(reinterpret_cast<const char*>(text), static_cast<size_t>(len));
}

int64_t Statement::ColumnInt64(int col) const { return sqlite3_column_int64(stmt_.get(), col); }

Transaction::~Transaction() {
  if (open_) {
    // Best effort: if ROLLBACK fails the connection is unusable anyway, and SQLite rolls back
    // an unfinished transaction when the connection closes or on the next open (journal).
    sqlite3_exec(db_.get(), "ROLLBACK", nullptr, nullptr, nullptr);
  }
}

Status Transaction::Begin() {
  LATHE_RETURN_IF_ERROR(db_.Exec("BEGIN IMMEDIATE"));
  open_ = true;
  return Status::Ok();
}

Status Transaction::Commit() {
  LATHE_RETURN_IF_ERROR(db_.Exec("COMMIT"));
  open_ = false;
  return Status::Ok();
}

}  // namespace lathe::store::internal
