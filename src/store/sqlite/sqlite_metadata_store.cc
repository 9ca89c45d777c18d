// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "store/sqlite/sqlite_metadata_store.h"

#include <string>
#include <utility>

#include "core/clock.h"
#include "core/ids.h"
#include "core/sha256.h"
#include "store/sqlite/migrations.h"

namespace lathe::store {
namespace {

using internal::Db;
using internal::Statement;
using internal::Transaction;

constexpr int kMaxListLimit = 1000;

constexpr std::string_view kDatasetColumns =
    "id, name, version, row_count, byte_count, format, created_at, source_sha256, "
    "snapshot_sha256, profile_sha256, schema_json, parse_json, lineage_json";

DatasetRecord ReadDatasetRow(const Statement& st) {
  DatasetRecord r;
  r.id = st.ColumnText(0);
  r.name = st.ColumnText(1);
  r.version = static_cast<int>(st.ColumnInt64(2));
  r.rows = st.ColumnInt64(3);
  r.bytes = st.ColumnInt64(4);
  r.format = st.ColumnText(5);
  r.created_at = st.ColumnText(6);
  r.source_sha256 = st.ColumnText(7);
  r.snapshot_sha256 = st.ColumnText(8);
  r.profile_sha256 = st.ColumnText(9);
  r.schema_json = st.ColumnText(10);
  r.parse_json = st.ColumnText(11);
  r.lineage_json = st.ColumnText(12);
  return r;
}

Status ValidateArtifactRef(std::string_view field, const std::string& sha) {
  if (sha.empty() || IsSha256Hex(sha)) return Status::Ok();
  return InvalidArgumentError(std::string(field) + " must be 64 lowercase hex characters");
}

Status ValidateNewDataset(const DatasetRecord& r) {
  if (!IsValidDatasetName(r.name)) {
    return InvalidArgumentError("invalid dataset name '" + r.name.substr(0, 140) +
                                "': use 1-128 characters from A-Z a-z 0-9 . _ -")
        .WithDetail("field", "name");
  }
  if (LooksLikeId(r.name, kDatasetIdPrefix)) {
    return InvalidArgumentError("invalid dataset name '" + r.name +
                                "': it has the shape of a dataset id")
        .WithDetail("field", "name");
  }
  if (r.format != "csv" && r.format != "jsonl") {
    return InvalidArgumentError("invalid dataset format '" + r.format + "': use csv or jsonl")
        .WithDetail("field", "format");
  }
  if (r.rows < 0 || r.bytes < 0) return InvalidArgumentError("rows and bytes must be >= 0");
  LATHE_RETURN_IF_ERROR(ValidateArtifactRef("source_sha256", r.source_sha256));
  LATHE_RETURN_IF_ERROR(ValidateArtifactRef("snapshot_sha256", r.snapshot_sha256));
  return ValidateArtifactRef("profile_sha256", r.profile_sha256);
}

// Escapes LIKE wildcards so that the filter matches literally.
std::string LikeContains(std::string_view text) {
  std::string out = "%";
  for (char c : text) {
    if (c == '%' || c == '_' || c == '\\') out.push_back('\\');
    out.push_back(c);
  }
  out.push_back('%');
  return out;
}

// WHERE clause for the filters of `o`; binds start at parameter 1 in the order returned.
std::string WhereClause(const ListOptions& o, std::vector<std::string>* binds) {
  std::string where;
  if (!o.name_filter.empty()) {
    where += " AND name LIKE ? ESCAPE '\\'";
    binds->push_back(LikeContains(o.name_filter));
  }
  if (!o.name.empty()) {
    where += " AND name = ?";
    binds->push_back(o.name);
  }
  return where.empty() ? std::string() : " WHERE " + where.substr(5);
}

Status SetPragmas(const Db& db) {
  sqlite3_busy_timeout(db.get(), 5000);
  // WAL: readers never block the writer and a commit is one append. synchronous=FULL fsyncs
  // the WAL on every commit, so a committed dataset survives power loss, not just a process
  // kill (NORMAL would lose the last commits on power loss). It costs one fsync per commit,
  // which is cheap next to the artifact fsyncs of the upload that precedes each commit.
  LATHE_RETURN_IF_ERROR(db.Exec("PRAGMA journal_mode=WAL"));
  Statement mode;
  LATHE_RETURN_IF_ERROR(mode.Prepare(db, "PRAGMA journal_mode"));
  LATHE_ASSIGN_OR_RETURN(bool row, mode.Step());
  if (!row || mode.ColumnText(0) != "wal") {
    return FailedPreconditionError(
        "sqlite: could not enable WAL mode (file system without "
        "shared-memory support?)");
  }
  return db.Exec("PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;");
}

}  // namespace

bool IsValidDatasetName(std::string_view name) {
  if (name.empty() || name.size() > 128) return false;
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '.' || c == '_' || c == '-';
    if (!ok) return false;
  }
  return true;
}

Result<std::unique_ptr<MetadataStore>> OpenSqliteMetadataStore(const std::string& db_path) {
  LATHE_ASSIGN_OR_RETURN(auto store, SqliteMetadataStore::Open(db_path));
  return std::unique_ptr<MetadataStore>(std::move(store));
}

Result<std::unique_ptr<SqliteMetadataStore>> SqliteMetadataStore::Open(const std::string& db_path) {
  Db db;
  LATHE_RETURN_IF_ERROR(db.Open(db_path));
  Status st = SetPragmas(db);
  if (st.ok()) st = internal::ApplySqliteMigrations(db);
  if (!st.ok()) return st.Annotate(db_path);
  return std::unique_ptr<SqliteMetadataStore>(new SqliteMetadataStore(std::move(db)));
}

SqliteMetadataStore::SqliteMetadataStore(Db db) : db_(std::move(db)) {}

Result<DatasetRecord> SqliteMetadataStore::CreateDataset(DatasetRecord r) {
  LATHE_RETURN_IF_ERROR(ValidateNewDataset(r));
  std::lock_guard<std::mutex> lock(mu_);
  Transaction tx(db_);
  LATHE_RETURN_IF_ERROR(tx.Begin());

  // Bump the per-name counter first; the insert below may still fail, and the rollback then
  // undoes this too.
  Statement bump;
  LATHE_RETURN_IF_ERROR(bump.Prepare(
      db_,
      "INSERT INTO dataset_name_counters (name, last_version) VALUES (?, 1) "
      "ON CONFLICT (name) DO UPDATE SET last_version = last_version + 1 RETURNING last_version"));
  bump.BindText(1, r.name);
  LATHE_ASSIGN_OR_RETURN(bool row, bump.Step());
  if (!row) return InternalError("sqlite: version counter returned no row");
  r.version = static_cast<int>(bump.ColumnInt64(0));
  LATHE_RETURN_IF_ERROR(bump.StepDone());

  r.id = NewId(kDatasetIdPrefix);
  r.created_at = NowRfc3339();
  Statement ins;
  LATHE_RETURN_IF_ERROR(ins.Prepare(db_, "INSERT INTO datasets (" + std::string(kDatasetColumns) +
                                             ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
  ins.BindText(1, r.id);
  ins.BindText(2, r.name);
  ins.BindInt64(3, r.version);
  ins.BindInt64(4, r.rows);
  ins.BindInt64(5, r.bytes);
  ins.BindText(6, r.format);
  ins.BindText(7, r.created_at);
  ins.BindText(8, r.source_sha256);
  ins.BindText(9, r.snapshot_sha256);
  ins.BindText(10, r.profile_sha256);
  ins.BindText(11, r.schema_json);
  ins.BindText(12, r.parse_json);
  ins.BindText(13, r.lineage_json);
  LATHE_RETURN_IF_ERROR(ins.StepDone());
  LATHE_RETURN_IF_ERROR(tx.Commit());
  return r;
}

Result<std::vector<DatasetRecord>> SqliteMetadataStore::ListDatasets(const ListOptions& o) {
  if (o.limit < 1 || o.limit > kMaxListLimit) {
    return InvalidArgumentError("limit must be between 1 and " + std::to_string(kMaxListLimit))
        .WithDetail("field", "limit");
  }
  if (o.offset < 0) {
    return InvalidArgumentError("offset must be >= 0").WithDetail("field", "offset");
  }
  std::vector<std::string> binds;
  std::string sql = "SELECT " + std::string(kDatasetColumns) + " FROM datasets" +
                    WhereClause(o, &binds) + " ORDER BY seq DESC LIMIT ? OFFSET ?";
  std::lock_guard<std::mutex> lock(mu_);
  Statement st;
  LATHE_RETURN_IF_ERROR(st.Prepare(db_, sql));
  int idx = 1;
  for (const std::string& b : binds) st.BindText(idx++, b);
  st.BindInt64(idx++, o.limit);
  st.BindInt64(idx++, o.offset);
  std::vector<DatasetRecord> out;
  while (true) {
    LATHE_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) break;
    out.push_back(ReadDatasetRow(st));
  }
  return out;
}

Result<int64_t> SqliteMetadataStore::CountDatasets(const ListOptions& o) {
  std::vector<std::string> binds;
  std::string sql = "SELECT COUNT(*) FROM datasets" + WhereClause(o, &binds);
  std::lock_guard<std::mutex> lock(mu_);
  Statement st;
  LATHE_RETURN_IF_ERROR(st.Prepare(db_, sql));
  int idx = 1;
  for (const std::string& b : binds) st.BindText(idx++, b);
  LATHE_ASSIGN_OR_RETURN(bool row, st.Step());
  return row ? st.ColumnInt64(0) : 0;
}

Result<std::optional<DatasetRecord>> SqliteMetadataStore::FindById(std::string_view id) {
  Statement st;
  LATHE_RETURN_IF_ERROR(
      st.Prepare(db_, "SELECT " + std::string(kDatasetColumns) + " FROM datasets WHERE id = ?"));
  st.BindText(1, id);
  LATHE_ASSIGN_OR_RETURN(bool row, st.Step());
  if (!row) return std::optional<DatasetRecord>();
  return std::optional<DatasetRecord>(ReadDatasetRow(st));
}

Result<std::optional<DatasetRecord>> SqliteMetadataStore::FindByName(std::string_view name,
                                                                     std::optional<int> v) {
  Statement st;
  std::string sql = "SELECT " + std::string(kDatasetColumns) + " FROM datasets WHERE name = ?";
  sql += v ? " AND version = ?" : " ORDER BY version DESC LIMIT 1";
  LATHE_RETURN_IF_ERROR(st.Prepare(db_, sql));
  st.BindText(1, name);
  if (v) st.BindInt64(2, *v);
  LATHE_ASSIGN_OR_RETURN(bool row, st.Step());
  if (!row) return std::optional<DatasetRecord>();
  return std::optional<DatasetRecord>(ReadDatasetRow(st));
}

Result<DatasetRecord> SqliteMetadataStore::GetDataset(std::string_view id_or_name,
                                                      std::optional<int> version) {
  if (version && *version < 1) {
    return InvalidArgumentError("dataset version must be >= 1").WithDetail("field", "version");
  }
  std::string what = "dataset '" + std::string(id_or_name.substr(0, 140)) + "'";
  if (version) what += " version " + std::to_string(*version);
  std::lock_guard<std::mutex> lock(mu_);
  std::optional<DatasetRecord> found;
  if (LooksLikeId(id_or_name, kDatasetIdPrefix)) {
    LATHE_ASSIGN_OR_RETURN(found, FindById(id_or_name));
    if (found && version && found->version != *version) found.reset();
  } else if (IsValidDatasetName(id_or_name)) {
    LATHE_ASSIGN_OR_RETURN(found, FindByName(id_or_name, version));
  }
  if (!found) return NotFoundError(what + " not found");
  return std::move(*found);
}

Status SqliteMetadataStore::DeleteDataset(std::string_view id) {
  std::lock_guard<std::mutex> lock(mu_);
  Transaction tx(db_);
  LATHE_RETURN_IF_ERROR(tx.Begin());
  Statement st;
  LATHE_RETURN_IF_ERROR(st.Prepare(db_, "DELETE FROM datasets WHERE id = ?"));
  st.BindText(1, id);
  LATHE_RETURN_IF_ERROR(st.StepDone());
  if (db_.Changes() == 0) {
    return NotFoundError("dataset '" + std::string(id.substr(0, 140)) + "' not found");
  }
  return tx.Commit();
}

Result<std::vector<std::string>> SqliteMetadataStore::ReferencedArtifacts() {
  std::lock_guard<std::mutex> lock(mu_);
  Statement st;
  LATHE_RETURN_IF_ERROR(st.Prepare(
      db_,
      "SELECT source_sha256 AS h FROM datasets WHERE h != '' "
      "UNION SELECT snapshot_sha256 FROM datasets WHERE snapshot_sha256 != '' "
      "UNION SELECT profile_sha256 FROM datasets WHERE profile_sha256 != '' "
      "UNION SELECT sha256 FROM resource_artifacts ORDER BY 1"));
  std::vector<std::string> out;
  while (true) {
    LATHE_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) break;
    out.push_back(st.ColumnText(0));
  }
  return out;
}

Status SqliteMetadataStore::CheckIntegrity() {
  std::lock_guard<std::mutex> lock(mu_);
  Statement st;
  LATHE_RETURN_IF_ERROR(st.Prepare(db_, "PRAGMA integrity_check"));
  std::string report;
  while (true) {
    LATHE_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) break;
    if (!report.empty()) report += "; ";
    report += st.ColumnText(0);
  }
  if (report == "ok") return Status::Ok();
  return DataLossError("metadata integrity check failed: " + report);
}

}  // namespace lathe::store
