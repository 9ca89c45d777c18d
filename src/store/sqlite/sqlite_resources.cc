// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// SqliteMetadataStore: the generic resources (recipes, jobs, models, endpoints, ...).
#include <string>
#include <utility>

#include "core/clock.h"
#include "core/ids.h"
#include "core/sha256.h"
#include "store/sqlite/sqlite_metadata_store.h"

namespace lathe::store {
namespace {

using internal::Statement;
using internal::Transaction;

constexpr int kMaxListLimit = 1000;
constexpr std::string_view kResourceColumns =
    "kind, id, name, version, state, created_at, updated_at, body_json";

ResourceRecord ReadResourceRow(const Statement& st) {
  ResourceRecord r;
  r.kind = st.ColumnText(0);
  r.id = st.ColumnText(1);
  r.name = st.ColumnText(2);
  r.version = static_cast<int>(st.ColumnInt64(3));
  r.state = st.ColumnText(4);
  r.created_at = st.ColumnText(5);
  r.updated_at = st.ColumnText(6);
  r.body_json = st.ColumnText(7);
  return r;
}

bool IsValidKind(std::string_view kind) {
  if (kind.empty() || kind.size() > 32) return false;
  for (char c : kind) {
    if (!((c >= 'a' && c <= 'z') || c == '_')) return false;
  }
  return true;
}

// "training_job" -> "training job" for messages.
std::string KindLabel(std::string_view kind) {
  std::string s(kind);
  for (char& c : s) {
    if (c == '_') c = ' ';
  }
  return s;
}

Status ValidateArtifacts(const std::vector<std::string>& artifacts) {
  for (const std::string& a : artifacts) {
    if (!IsSha256Hex(a)) {
      return InvalidArgumentError("artifact reference '" + a.substr(0, 80) +
                                  "' is not 64 lowercase hex characters");
    }
  }
  return Status::Ok();
}

Status ValidatePaging(const ResourceListOptions& o) {
  if (o.limit < 1 || o.limit > kMaxListLimit) {
    return InvalidArgumentError("limit must be between 1 and " + std::to_string(kMaxListLimit))
        .WithDetail("field", "limit");
  }
  if (o.offset < 0) return InvalidArgumentError("offset must be >= 0").WithDetail("field", "offset");
  return Status::Ok();
}

std::string ListWhere(const ResourceListOptions& o, std::vector<std::string>* binds) {
  std::string where = " WHERE kind = ?";
  if (!o.name.empty()) {
    where += " AND name = ?";
    binds->push_back(o.name);
  }
  if (!o.state.empty()) {
    where += " AND state = ?";
    binds->push_back(o.state);
  }
  return where;
}

}  // namespace

Status SqliteMetadataStore::SetArtifacts(std::string_view id,
                                         const std::vector<std::string>& artifacts) {
  Statement del;
  LATHE_RETURN_IF_ERROR(del.Prepare(db_, "DELETE FROM resource_artifacts WHERE resource_id = ?"));
  del.BindText(1, id);
  LATHE_RETURN_IF_ERROR(del.StepDone());
  for (const std::string& sha : artifacts) {
    Statement ins;
    LATHE_RETURN_IF_ERROR(ins.Prepare(
        db_, "INSERT OR IGNORE INTO resource_artifacts (resource_id, sha256) VALUES (?, ?)"));
    ins.BindText(1, id);
    ins.BindText(2, sha);
    LATHE_RETURN_IF_ERROR(ins.StepDone());
  }
  return Status::Ok();
}

Result<std::vector<std::string>> SqliteMetadataStore::ArtifactsOf(std::string_view id) {
  Statement st;
  LATHE_RETURN_IF_ERROR(st.Prepare(
      db_, "SELECT sha256 FROM resource_artifacts WHERE resource_id = ? ORDER BY sha256"));
  st.BindText(1, id);
  std::vector<std::string> out;
  while (true) {
    LATHE_ASSIGN_OR_RETURN(bool row, st.Step());
    if (!row) break;
    out.push_back(st.ColumnText(0));
  }
  return out;
}

Result<ResourceRecord> SqliteMetadataStore::CreateResource(ResourceRecord r,
                                                           std::string_view id_prefix) {
  if (!IsValidKind(r.kind)) return InvalidArgumentError("invalid resource kind '" + r.kind + "'");
  if (!r.name.empty() && !IsValidDatasetName(r.name)) {
    return InvalidArgumentError("invalid " + KindLabel(r.kind) + " name '" + r.name.substr(0, 140) +
                                "': use 1-128 characters from A-Z a-z 0-9 . _ -")
        .WithDetail("field", "name");
  }
  LATHE_RETURN_IF_ERROR(ValidateArtifacts(r.artifacts));
  std::lock_guard<std::mutex> lock(mu_);
  Transaction tx(db_);
  LATHE_RETURN_IF_ERROR(tx.Begin());
  r.version = 1;
  if (!r.name.empty()) {
    Statement bump;
    LATHE_RETURN_IF_ERROR(bump.Prepare(
        db_,
        "INSERT INTO resource_name_counters (kind, name, last_version) VALUES (?, ?, 1) "
        "ON CONFLICT (kind, name) DO UPDATE SET last_version = last_version + 1 "
        "RETURNING last_version"));
    bump.BindText(1, r.kind);
    bump.BindText(2, r.name);
    LATHE_ASSIGN_OR_RETURN(bool row, bump.Step());
    if (!row) return InternalError("sqlite: version counter returned no row");
    r.version = static_cast<int>(bump.ColumnInt64(0));
    LATHE_RETURN_IF_ERROR(bump.StepDone());
  }
  r.id = NewId(id_prefix);
  r.created_at = NowRfc3339();
  r.updated_at = r.created_at;
  if (r.body_json.empty()) r.body_json = "{}";
  Statement ins;
  LATHE_RETURN_IF_ERROR(ins.Prepare(db_, "INSERT INTO resources (" + std::string(kResourceColumns) +
                                             ") VALUES (?, ?, ?, ?, ?, ?, ?, ?)"));
  ins.BindText(1, r.kind);
  ins.BindText(2, r.id);
  ins.BindText(3, r.name);
  ins.BindInt64(4, r.version);
  ins.BindText(5, r.state);
  ins.BindText(6, r.created_at);
  ins.BindText(7, r.updated_at);
  ins.BindText(8, r.body_json);
  LATHE_RETURN_IF_ERROR(ins.StepDone());
  LATHE_RETURN_IF_ERROR(SetArtifacts(r.id, r.artifacts));
  LATHE_RETURN_IF_ERROR(tx.Commit());
  return r;
}

Result<std::optional<ResourceRecord>> SqliteMetadataStore::FindResource(
    std::string_view kind, std::string_view sql_where, std::string_view a, std::optional<int> v) {
  Statement st;
  std::string sql = "SELECT " + std::string(kResourceColumns) + " FROM resources WHERE kind = ? " +
                    std::string(sql_where);
  LATHE_RETURN_IF_ERROR(st.Prepare(db_, sql));
  st.BindText(1, kind);
  st.BindText(2, a);
  if (v) st.BindInt64(3, *v);
  LATHE_ASSIGN_OR_RETURN(bool row, st.Step());
  if (!row) return std::optional<ResourceRecord>();
  ResourceRecord r = ReadResourceRow(st);
  LATHE_ASSIGN_OR_RETURN(r.artifacts, ArtifactsOf(r.id));
  return std::optional<ResourceRecord>(std::move(r));
}

Result<ResourceRecord> SqliteMetadataStore::GetResource(std::string_view kind,
                                                        std::string_view id_or_name,
                                                        std::optional<int> version) {
  std::string what = KindLabel(kind) + " '" + std::string(id_or_name.substr(0, 140)) + "'";
  if (version) what += " version " + std::to_string(*version);
  std::lock_guard<std::mutex> lock(mu_);
  std::optional<ResourceRecord> found;
  LATHE_ASSIGN_OR_RETURN(found, FindResource(kind, "AND id = ?", id_or_name, std::nullopt));
  if (found && version && found->version != *version) found.reset();
  if (!found && IsValidDatasetName(id_or_name)) {
    LATHE_ASSIGN_OR_RETURN(
        found, FindResource(kind,
                            version ? "AND name = ? AND version = ?"
                                    : "AND name = ? ORDER BY version DESC LIMIT 1",
                            id_or_name, version));
  }
  if (!found) return NotFoundError(what + " not found");
  return std::move(*found);
}

Result<std::vector<ResourceRecord>> SqliteMetadataStore::ListResources(
    std::string_view kind, const ResourceListOptions& o) {
  LATHE_RETURN_IF_ERROR(ValidatePaging(o));
  std::vector<std::string> binds;
  std::string sql = "SELECT " + std::string(kResourceColumns) + " FROM resources" +
                    ListWhere(o, &binds) + " ORDER BY seq DESC LIMIT ? OFFSET ?";
  std::lock_guard<std::mutex> lock(mu_);
  std::vector<ResourceRecord> out;
  {
    Statement st;
    LATHE_RETURN_IF_ERROR(st.Prepare(db_, sql));
    int idx = 1;
    st.BindText(idx++, kind);
    for (const std::string& b : binds) st.BindText(idx++, b);
    st.BindInt64(idx++, o.limit);
    st.BindInt64(idx++, o.offset);
    while (true) {
      LATHE_ASSIGN_OR_RETURN(bool row, st.Step());
      if (!row) break;
      out.push_back(ReadResourceRow(st));
    }
  }
  for (ResourceRecord& r : out) {
    LATHE_ASSIGN_OR_RETURN(r.artifacts, ArtifactsOf(r.id));
  }
  return out;
}

Result<int64_t> SqliteMetadataStore::CountResources(std::string_view kind,
                                                    const ResourceListOptions& o) {
  std::vector<std::string> binds;
  std::string sql = "SELECT COUNT(*) FROM resources" + ListWhere(o, &binds);
  std::lock_guard<std::mutex> lock(mu_);
  Statement st;
  LATHE_RETURN_IF_ERROR(st.Prepare(db_, sql));
  int idx = 1;
  st.BindText(idx++, kind);
  for (const std::string& b : binds) st.BindText(idx++, b);
  LATHE_ASSIGN_OR_RETURN(bool row, st.Step());
  return row ? st.ColumnInt64(0) : 0;
}

Result<ResourceRecord> SqliteMetadataStore::UpdateResource(std::string_view kind,
                                                           std::string_view id,
                                                           const ResourceUpdate& u) {
  if (u.artifacts) LATHE_RETURN_IF_ERROR(ValidateArtifacts(*u.artifacts));
  std::lock_guard<std::mutex> lock(mu_);
  Transaction tx(db_);
  LATHE_RETURN_IF_ERROR(tx.Begin());
  std::optional<ResourceRecord> found;
  LATHE_ASSIGN_OR_RETURN(found, FindResource(kind, "AND id = ?", id, std::nullopt));
  if (!found) {
    return NotFoundError(KindLabel(kind) + " '" + std::string(id.substr(0, 140)) + "' not found");
  }
  ResourceRecord r = std::move(*found);
  if (u.expected_states) {
    bool ok = false;
    for (const std::string& s : *u.expected_states) ok = ok || s == r.state;
    if (!ok) {
      return FailedPreconditionError(KindLabel(kind) + " '" + r.id + "' is " +
                                     (r.state.empty() ? "in no state" : r.state))
          .WithDetail("state", r.state);
    }
  }
  if (u.state) r.state = *u.state;
  if (u.body_json) r.body_json = *u.body_json;
  r.updated_at = NowRfc3339();
  Statement st;
  LATHE_RETURN_IF_ERROR(st.Prepare(
      db_, "UPDATE resources SET state = ?, body_json = ?, updated_at = ? WHERE id = ?"));
  st.BindText(1, r.state);
  st.BindText(2, r.body_json);
  st.BindText(3, r.updated_at);
  st.BindText(4, r.id);
  LATHE_RETURN_IF_ERROR(st.StepDone());
  if (u.artifacts) {
    LATHE_RETURN_IF_ERROR(SetArtifacts(r.id, *u.artifacts));
    r.artifacts = *u.artifacts;
  }
  LATHE_RETURN_IF_ERROR(tx.Commit());
  return r;
}

Status SqliteMetadataStore::DeleteResource(std::string_view kind, std::string_view id) {
  std::lock_guard<std::mutex> lock(mu_);
  Transaction tx(db_);
  LATHE_RETURN_IF_ERROR(tx.Begin());
  Statement st;
  LATHE_RETURN_IF_ERROR(st.Prepare(db_, "DELETE FROM resources WHERE kind = ? AND id = ?"));
  st.BindText(1, kind);
  st.BindText(2, id);
  LATHE_RETURN_IF_ERROR(st.StepDone());
  if (db_.Changes() == 0) {
    return NotFoundError(KindLabel(kind) + " '" + std::string(id.substr(0, 140)) + "' not found");
  }
  return tx.Commit();
}

}  // namespace lathe::store
