// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "prep/sql_query.h"

#include <sqlite3.h>

#include <chrono>
#include <cctype>
#include <cmath>
#include <cstdio>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include "data/type_inference.h"

namespace lathe::prep {
namespace {

using Clock = std::chrono::steady_clock;

constexpr size_t kMaxSqlBytes = 1 << 20;                // statement text
constexpr int kMaxValueBytes = 64 << 20;                // one string or blob
constexpr size_t kMaxResultBytes = size_t{512} << 20;   // all result text

struct DbCloser {
  void operator()(sqlite3* db) const { sqlite3_close_v2(db); }
};
struct StmtFinalizer {
  void operator()(sqlite3_stmt* stmt) const { sqlite3_finalize(stmt); }
};
using Db = std::unique_ptr<sqlite3, DbCloser>;
using Stmt = std::unique_ptr<sqlite3_stmt, StmtFinalizer>;

bool IsIdentifier(std::string_view s) {
  if (s.empty() || s.size() > 64) return false;
  auto alpha = [](char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_'; };
  if (!alpha(s[0])) return false;
  for (char c : s) {
    if (!alpha(c) && !(c >= '0' && c <= '9')) return false;
  }
  return s.size() < 7 || (s.substr(0, 7) != "sqlite_" && s.substr(0, 7) != "SQLITE_");
}

std::string Quote(std::string_view name) {
  std::string out = "\"";
  for (char c : name) {
    out += c;
    if (c == '"') out += '"';
  }
  return out + "\"";
}

std::string FormatSeconds(std::chrono::milliseconds ms) {
  char buf[32];
  std::snprintf(buf, sizeof(buf), "%g s", static_cast<double>(ms.count()) / 1000.0);
  return buf;
}

// Declared SQL types carry the Lathe type so that a plain column read back keeps it; each
// declaration still gives SQLite the right affinity (INT -> integer, TEXT -> text, REAL).
const char* DeclaredType(data::DataType type) {
  switch (type) {
    case data::DataType::kInt64: return "INTEGER";
    case data::DataType::kFloat64: return "REAL";
    case data::DataType::kBool: return "BOOL INTEGER";
    case data::DataType::kDate: return "DATE TEXT";
    case data::DataType::kDateTime: return "DATETIME TEXT";
    case data::DataType::kCategorical: return "CATEGORICAL TEXT";
    case data::DataType::kText: return "TEXT";
  }
  return "TEXT";
}

Status SqliteError(sqlite3* db, const std::string& what) {
  return InternalError(what + ": " + sqlite3_errmsg(db));
}

Status Exec(sqlite3* db, const char* sql) {
  char* err = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &err) != SQLITE_OK) {
    std::string message = err ? err : "unknown error";
    sqlite3_free(err);
    return InternalError(std::string("SQLite: ") + message);
  }
  return Status::Ok();
}

Status LoadTable(sqlite3* db, const std::string& alias, const data::Table& table,
                 Clock::time_point deadline, std::chrono::milliseconds timeout) {
  if (table.num_columns() == 0) {
    return InvalidArgumentError("table '" + alias + "' has no columns").WithDetail("table", alias);
  }
  std::string create = "CREATE TABLE " + Quote(alias) + " (";
  std::string insert = "INSERT INTO " + Quote(alias) + " VALUES (";
  for (size_t c = 0; c < table.num_columns(); ++c) {
    create += (c ? ", " : "") + Quote(table.column(c).name) + " " +
              DeclaredType(table.column(c).type);
    insert += c ? ", ?" : "?";
  }
  create += ")";
  insert += ")";
  if (sqlite3_exec(db, create.c_str(), nullptr, nullptr, nullptr) != SQLITE_OK) {
    return InvalidArgumentError("cannot load table '" + alias + "': " + sqlite3_errmsg(db))
        .WithDetail("table", alias);
  }
  sqlite3_stmt* raw = nullptr;
  if (sqlite3_prepare_v2(db, insert.c_str(), -1, &raw, nullptr) != SQLITE_OK) {
    return SqliteError(db, "preparing the load of '" + alias + "'");
  }
  Stmt stmt(raw);
  LATHE_RETURN_IF_ERROR(Exec(db, "BEGIN"));
  std::string scratch;
  for (size_t row = 0; row < table.num_rows(); ++row) {
    if (row % 8192 == 0 && Clock::now() > deadline) {
      return DeadlineExceededError("loading table '" + alias + "' exceeded the " +
                                   FormatSeconds(timeout) + " time limit");
    }
    for (size_t c = 0; c < table.num_columns(); ++c) {
      const data::Column& col = table.column(c);
      const int idx = static_cast<int>(c) + 1;
      if (col.IsNull(row)) {
        sqlite3_bind_null(stmt.get(), idx);
        continue;
      }
      switch (col.type) {
        case data::DataType::kInt64:
        case data::DataType::kBool:
          sqlite3_bind_int64(stmt.get(), idx, col.ints[row]);
          break;
        case data::DataType::kFloat64:
          if (std::isnan(col.doubles[row])) {
            sqlite3_bind_null(stmt.get(), idx);
          } else {
            sqlite3_bind_double(stmt.get(), idx, col.doubles[row]);
          }
          break;
        case data::DataType::kDate:
        case data::DataType::kDateTime:
          scratch = col.ToString(row);
          sqlite3_bind_text(stmt.get(), idx, scratch.data(), static_cast<int>(scratch.size()),
                            SQLITE_TRANSIENT);
          break;
        case data::DataType::kCategorical:
        case data::DataType::kText: {
          std::string_view s = col.StringAt(row);
          sqlite3_bind_text(stmt.get(), idx, s.data(), static_cast<int>(s.size()),
                            SQLITE_STATIC);
          break;
        }
      }
    }
    if (sqlite3_step(stmt.get()) != SQLITE_DONE) {
      return SqliteError(db, "loading table '" + alias + "'");
    }
    sqlite3_reset(stmt.get());
  }
  return Exec(db, "COMMIT");
}

// --- the authorizer -------------------------------------------------------------------------

struct AuthState {
  std::string refused;  // the refused action named in the error message
  // True while `refused` is only SQLite's own write to its schema table (CREATE and DROP write
  // sqlite_master before the statement's own action is checked); a later refusal names better.
  bool refused_schema_write = false;
};

bool IsSchemaTable(const char* name) {
  if (name == nullptr) return false;
  const std::string_view n(name);
  return n == "sqlite_master" || n == "sqlite_schema" || n == "sqlite_temp_master" ||
         n == "sqlite_temp_schema";
}

std::string ActionName(int action, const char* arg1, const char* arg2) {
  switch (action) {
    case SQLITE_CREATE_INDEX: case SQLITE_CREATE_TEMP_INDEX: return "CREATE INDEX";
    case SQLITE_CREATE_TABLE: case SQLITE_CREATE_TEMP_TABLE: return "CREATE TABLE";
    case SQLITE_CREATE_TRIGGER: case SQLITE_CREATE_TEMP_TRIGGER: return "CREATE TRIGGER";
    case SQLITE_CREATE_VIEW: case SQLITE_CREATE_TEMP_VIEW: return "CREATE VIEW";
    case SQLITE_CREATE_VTABLE: return "CREATE VIRTUAL TABLE";
    case SQLITE_DELETE: return "DELETE";
    case SQLITE_DROP_INDEX: case SQLITE_DROP_TEMP_INDEX: return "DROP INDEX";
    case SQLITE_DROP_TABLE: case SQLITE_DROP_TEMP_TABLE: return "DROP TABLE";
    case SQLITE_DROP_TRIGGER: case SQLITE_DROP_TEMP_TRIGGER: return "DROP TRIGGER";
    case SQLITE_DROP_VIEW: case SQLITE_DROP_TEMP_VIEW: return "DROP VIEW";
    case SQLITE_DROP_VTABLE: return "DROP VIRTUAL TABLE";
    case SQLITE_INSERT: return "INSERT";
    case SQLITE_UPDATE: return "UPDATE";
    case SQLITE_PRAGMA: return std::string("PRAGMA") + (arg1 ? " " + std::string(arg1) : "");
    case SQLITE_TRANSACTION: return "transaction control (" + std::string(arg1 ? arg1 : "") + ")";
    case SQLITE_ATTACH: return "ATTACH";
    case SQLITE_DETACH: return "DETACH";
    case SQLITE_ALTER_TABLE: return "ALTER TABLE";
    case SQLITE_REINDEX: return "REINDEX";
    case SQLITE_ANALYZE: return "ANALYZE";
    case SQLITE_SAVEPOINT: return "SAVEPOINT";
    case SQLITE_FUNCTION: return "function " + std::string(arg2 ? arg2 : "?") + "()";
    default: return "action " + std::to_string(action);
  }
}

bool RefusedFunction(std::string_view name) {
  static const std::unordered_set<std::string_view> kRefused = {
      "load_extension", "readfile", "writefile", "edit", "fts3_tokenizer", "fts5",
      "zipfile", "sqlar_compress", "sqlar_uncompress", "lsdir", "fsdir"};
  std::string lower(name);
  for (char& c : lower) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return kRefused.contains(lower);
}

int Authorize(void* user, int action, const char* arg1, const char* arg2, const char*,
              const char*) {
  auto* state = static_cast<AuthState*>(user);
  switch (action) {
    case SQLITE_SELECT:
    case SQLITE_READ:
    case SQLITE_RECURSIVE:
      return SQLITE_OK;
    case SQLITE_FUNCTION:
      if (arg2 != nullptr && !RefusedFunction(arg2)) return SQLITE_OK;
      break;
    default: break;
  }
  if (state->refused.empty() || state->refused_schema_write) {
    state->refused = ActionName(action, arg1, arg2);
    state->refused_schema_write =
        (action == SQLITE_INSERT || action == SQLITE_UPDATE || action == SQLITE_DELETE) &&
        IsSchemaTable(arg1);
  }
  return SQLITE_DENY;
}

// "CREATE TABLE", "DROP VIEW", "CREATE UNIQUE INDEX"... from the start of `sql`: names the
// statement when SQLite refused only its own schema write (it asks about that first).
std::string SchemaStatementName(std::string_view sql) {
  std::string out;
  size_t i = 0;
  for (int words = 0; words < 4; ++words) {
    while (i < sql.size() && std::isspace(static_cast<unsigned char>(sql[i]))) ++i;
    size_t j = i;
    while (j < sql.size() && std::isalpha(static_cast<unsigned char>(sql[j]))) ++j;
    if (j == i) break;
    std::string word(sql.substr(i, j - i));
    for (char& c : word) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
    out += (out.empty() ? "" : " ") + word;
    i = j;
    if (word == "TABLE" || word == "VIEW" || word == "INDEX" || word == "TRIGGER") return out;
  }
  return "changing the schema";
}

struct Deadline {
  Clock::time_point at;
  bool hit = false;
};

int Progress(void* user) {
  auto* deadline = static_cast<Deadline*>(user);
  if (Clock::now() > deadline->at) {
    deadline->hit = true;
    return 1;  // interrupts the statement
  }
  return 0;
}

// Skips whitespace and SQL comments; true if nothing else is left.
bool OnlyCommentsLeft(std::string_view s) {
  size_t i = 0;
  while (i < s.size()) {
    const char c = s[i];
    if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f' || c == '\v' || c == ';') {
      ++i;
    } else if (s.substr(i, 2) == "--") {
      while (i < s.size() && s[i] != '\n') ++i;
    } else if (s.substr(i, 2) == "/*") {
      size_t end = s.find("*/", i + 2);
      if (end == std::string_view::npos) return true;  // an unterminated comment is a comment
      i = end + 2;
    } else {
      return false;
    }
  }
  return true;
}

// --- results --------------------------------------------------------------------------------

struct Cell {
  int kind = SQLITE_NULL;  // SQLITE_INTEGER, SQLITE_FLOAT, SQLITE_TEXT (blobs as text), NULL
  int64_t i = 0;
  double d = 0;
  uint32_t text = 0;  // index into ResultColumn::texts
};

struct ResultColumn {
  std::string name;
  std::string declared;
  std::vector<Cell> cells;
  std::vector<std::string> texts;
};

data::Column BuildColumn(ResultColumn& rc) {
  bool all_int = true, all_num = true, any = false;
  for (const Cell& cell : rc.cells) {
    if (cell.kind == SQLITE_NULL) continue;
    any = true;
    all_int &= cell.kind == SQLITE_INTEGER;
    all_num &= cell.kind == SQLITE_INTEGER || cell.kind == SQLITE_FLOAT;
  }
  const std::string& decl = rc.declared;
  const size_t rows = rc.cells.size();
  auto text_of = [&](const Cell& cell) -> std::string {
    if (cell.kind == SQLITE_INTEGER) return std::to_string(cell.i);
    if (cell.kind == SQLITE_FLOAT) {
      data::Column tmp = data::Column::Make("", data::DataType::kFloat64);
      tmp.AppendDouble(cell.d);
      return tmp.ToString(0);
    }
    return rc.texts[cell.text];
  };
  // A plain column of a loaded table keeps its Lathe type when its values still fit it.
  if (decl == "BOOL INTEGER" && all_int) {
    bool bools = true;
    for (const Cell& cell : rc.cells) bools &= cell.kind == SQLITE_NULL || cell.i == 0 || cell.i == 1;
    if (bools) {
      data::Column c = data::Column::Make(rc.name, data::DataType::kBool);
      for (const Cell& cell : rc.cells) cell.kind == SQLITE_NULL ? c.AppendNull() : c.AppendInt(cell.i);
      return c;
    }
  }
  if ((decl == "DATE TEXT" || decl == "DATETIME TEXT") && any) {
    const bool is_date = decl == "DATE TEXT";
    data::Column c = data::Column::Make(rc.name, is_date ? data::DataType::kDate
                                                         : data::DataType::kDateTime);
    bool ok = true;
    for (size_t r = 0; r < rows && ok; ++r) {
      const Cell& cell = rc.cells[r];
      if (cell.kind == SQLITE_NULL) {
        c.AppendNull();
        continue;
      }
      int64_t v = 0;
      ok = cell.kind == SQLITE_TEXT && (is_date ? data::ParseDate(rc.texts[cell.text], &v)
                                                : data::ParseDateTime(rc.texts[cell.text], &v));
      if (ok) c.AppendInt(v);
    }
    if (ok) return c;
  }
  if (!any) {
    if (decl == "INTEGER" || decl == "BOOL INTEGER") all_num = all_int = true;
    else if (decl == "REAL") all_num = true, all_int = false;
    else all_num = all_int = false;
  }
  if (all_int) {
    data::Column c = data::Column::Make(rc.name, data::DataType::kInt64);
    for (const Cell& cell : rc.cells) cell.kind == SQLITE_NULL ? c.AppendNull() : c.AppendInt(cell.i);
    return c;
  }
  if (all_num) {
    data::Column c = data::Column::Make(rc.name, data::DataType::kFloat64);
    for (const Cell& cell : rc.cells) {
      if (cell.kind == SQLITE_NULL) {
        c.AppendNull();
      } else {
        c.AppendDouble(cell.kind == SQLITE_INTEGER ? static_cast<double>(cell.i) : cell.d);
      }
    }
    return c;
  }
  // Text: categorical when declared so or when few distinct values (the inference rule).
  std::unordered_set<std::string> distinct;
  size_t short_distinct = 0;
  const size_t limit = data::MaxCategoricalDistinct(rows);
  for (const Cell& cell : rc.cells) {
    if (cell.kind == SQLITE_NULL) continue;
    std::string s = text_of(cell);
    if (distinct.size() <= limit && distinct.insert(s).second) {
      short_distinct += s.size() <= data::kShortValueBytes;
    }
  }
  const bool categorical =
      decl == "CATEGORICAL TEXT" ||
      (!distinct.empty() && distinct.size() <= limit &&
       data::IsCategoricalColumn(distinct.size(), short_distinct, rows));
  data::Column c = data::Column::Make(
      rc.name, categorical ? data::DataType::kCategorical : data::DataType::kText);
  for (const Cell& cell : rc.cells) {
    if (cell.kind == SQLITE_NULL) {
      c.AppendNull();
    } else {
      c.AppendString(text_of(cell));
    }
  }
  return c;
}

Status StepError(sqlite3* db, const Deadline& deadline, std::chrono::milliseconds timeout) {
  if (deadline.hit) {
    return DeadlineExceededError("query exceeded the " + FormatSeconds(timeout) +
                                 " time limit");
  }
  return InvalidArgumentError(std::string("SQL error: ") + sqlite3_errmsg(db));
}

Result<Db> OpenDatabase() {
  sqlite3* raw = nullptr;
  const int rc = sqlite3_open_v2(":memory:", &raw,
                                 SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE |
                                     SQLITE_OPEN_NOMUTEX | SQLITE_OPEN_PRIVATECACHE,
                                 nullptr);
  Db db(raw);
  if (rc != SQLITE_OK) {
    return InternalError(std::string("cannot open an in-memory SQLite database: ") +
                         (raw ? sqlite3_errmsg(raw) : "out of memory"));
  }
  sqlite3_db_config(raw, SQLITE_DBCONFIG_ENABLE_LOAD_EXTENSION, 0, nullptr);
  sqlite3_db_config(raw, SQLITE_DBCONFIG_DEFENSIVE, 1, nullptr);
  sqlite3_db_config(raw, SQLITE_DBCONFIG_TRUSTED_SCHEMA, 0, nullptr);
  sqlite3_db_config(raw, SQLITE_DBCONFIG_ENABLE_TRIGGER, 0, nullptr);
  sqlite3_db_config(raw, SQLITE_DBCONFIG_ENABLE_VIEW, 0, nullptr);
  sqlite3_limit(raw, SQLITE_LIMIT_LENGTH, kMaxValueBytes);
  sqlite3_limit(raw, SQLITE_LIMIT_SQL_LENGTH, static_cast<int>(kMaxSqlBytes));
  sqlite3_limit(raw, SQLITE_LIMIT_ATTACHED, 0);
  sqlite3_limit(raw, SQLITE_LIMIT_EXPR_DEPTH, 500);
  sqlite3_limit(raw, SQLITE_LIMIT_COMPOUND_SELECT, 200);
  sqlite3_limit(raw, SQLITE_LIMIT_VARIABLE_NUMBER, 2000);
  return db;
}

}  // namespace

Result<SqlResult> RunSql(const SqlQuery& query) {
  const Clock::time_point start = Clock::now();
  Deadline deadline{start + query.timeout};
  if (query.sql.size() > kMaxSqlBytes) {
    return InvalidArgumentError("SQL statement too long (" + std::to_string(query.sql.size()) +
                                " bytes, limit " + std::to_string(kMaxSqlBytes) + ")");
  }
  if (OnlyCommentsLeft(query.sql)) return InvalidArgumentError("empty SQL statement");
  for (const auto& [alias, table] : query.tables) {
    if (!IsIdentifier(alias)) {
      return InvalidArgumentError("table alias '" + alias +
                                  "' is not an identifier (letters, digits and _, not starting "
                                  "with a digit or sqlite_)")
          .WithDetail("alias", alias);
    }
    if (table == nullptr) {
      return InvalidArgumentError("table alias '" + alias + "' has no table")
          .WithDetail("alias", alias);
    }
  }
  LATHE_ASSIGN_OR_RETURN(Db db, OpenDatabase());
  for (const auto& [alias, table] : query.tables) {
    LATHE_RETURN_IF_ERROR(LoadTable(db.get(), alias, *table, deadline.at, query.timeout));
  }

  // From here on, only reading is allowed.
  AuthState auth;
  sqlite3_set_authorizer(db.get(), Authorize, &auth);
  sqlite3_progress_handler(db.get(), 1000, Progress, &deadline);
  sqlite3_stmt* raw = nullptr;
  const char* tail = nullptr;
  const int rc = sqlite3_prepare_v2(db.get(), query.sql.data(),
                                    static_cast<int>(query.sql.size()), &raw, &tail);
  Stmt stmt(raw);
  if (rc != SQLITE_OK) {
    if (auth.refused_schema_write) auth.refused = SchemaStatementName(query.sql);
    if (!auth.refused.empty()) {
      return PermissionDeniedError("SQL refused: " + auth.refused +
                                   " is not allowed (only read-only SELECT / WITH queries)")
          .WithDetail("action", auth.refused);
    }
    if (deadline.hit) return StepError(db.get(), deadline, query.timeout);
    Status error = InvalidArgumentError(std::string("SQL error: ") + sqlite3_errmsg(db.get()));
    const int offset = sqlite3_error_offset(db.get());
    if (offset >= 0) {
      error = InvalidArgumentError(error.message() + " at position " + std::to_string(offset))
                  .WithDetail("position", offset);
    }
    return error;
  }
  if (stmt == nullptr) return InvalidArgumentError("empty SQL statement");
  const size_t consumed = static_cast<size_t>(tail - query.sql.data());
  if (!OnlyCommentsLeft(std::string_view(query.sql).substr(consumed))) {
    return InvalidArgumentError("only one statement is allowed (another one starts after "
                                "position " + std::to_string(consumed) + ")")
        .WithDetail("position", consumed);
  }
  if (!sqlite3_stmt_readonly(stmt.get())) {
    return PermissionDeniedError("SQL refused: only read-only SELECT / WITH queries are allowed");
  }

  const int ncols = sqlite3_column_count(stmt.get());
  std::vector<ResultColumn> columns(ncols);
  for (int c = 0; c < ncols; ++c) {
    const char* name = sqlite3_column_name(stmt.get(), c);
    const char* decl = sqlite3_column_decltype(stmt.get(), c);
    columns[c].name = name ? name : "column_" + std::to_string(c + 1);
    columns[c].declared = decl ? decl : "";
  }
  // Result names must be unique in a Table: "a", "a_2", ...
  std::unordered_set<std::string> used;
  for (auto& col : columns) {
    std::string base = col.name.empty() ? "column" : col.name;
    std::string name = base;
    for (int k = 2; !used.insert(name).second; ++k) name = base + "_" + std::to_string(k);
    col.name = name;
  }

  SqlResult result;
  size_t result_bytes = 0;
  int64_t rows = 0;
  while (true) {
    const int step = sqlite3_step(stmt.get());
    if (step == SQLITE_DONE) break;
    if (step != SQLITE_ROW) return StepError(db.get(), deadline, query.timeout);
    if (rows >= query.max_rows) {
      result.truncated = true;
      break;
    }
    for (int c = 0; c < ncols; ++c) {
      Cell cell;
      cell.kind = sqlite3_column_type(stmt.get(), c);
      switch (cell.kind) {
        case SQLITE_INTEGER: cell.i = sqlite3_column_int64(stmt.get(), c); break;
        case SQLITE_FLOAT: cell.d = sqlite3_column_double(stmt.get(), c); break;
        case SQLITE_NULL: break;
        default: {  // text, or a blob shown as its bytes
          const auto* p = static_cast<const char*>(
              cell.kind == SQLITE_BLOB ? sqlite3_column_blob(stmt.get(), c)
                                       : reinterpret_cast<const void*>(
                                             sqlite3_column_text(stmt.get(), c)));
          const int n = sqlite3_column_bytes(stmt.get(), c);
          cell.kind = SQLITE_TEXT;
          cell.text = static_cast<uint32_t>(columns[c].texts.size());
          columns[c].texts.emplace_back(p ? p : "", p ? n : 0);
          result_bytes += static_cast<size_t>(n);
          break;
        }
      }
      columns[c].cells.push_back(cell);
    }
    result_bytes += 16 * static_cast<size_t>(ncols);
    if (result_bytes > kMaxResultBytes) {
      return ResourceExhaustedError("SQL result larger than " +
                                    std::to_string(kMaxResultBytes >> 20) +
                                    " MiB; add a LIMIT or aggregate");
    }
    ++rows;
  }
  for (ResultColumn& rc_col : columns) {
    LATHE_RETURN_IF_ERROR(result.table.AddColumn(BuildColumn(rc_col)));
  }
  result.millis =
      std::chrono::duration<double, std::milli>(Clock::now() - start).count();
  return result;
}

}  // namespace lathe::prep
