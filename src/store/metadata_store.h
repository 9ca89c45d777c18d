// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// MetadataStore: the durable catalogue of Lathe resources (datasets for now; jobs, models and
// endpoints later). Code talks to this interface, never to SQLite directly, so a PostgreSQL
// backend can slot in. Every state change is one transaction: it happens completely or not at
// all. Implementations are thread-safe.
//
//   LATHE_ASSIGN_OR_RETURN(auto store, OpenSqliteMetadataStore(dir + "/lathe.db"));
//   DatasetRecord r;
//   r.name = "iris"; r.format = "csv"; r.source_sha256 = sha;  // ...
//   LATHE_ASSIGN_OR_RETURN(DatasetRecord saved, store->CreateDataset(std::move(r)));
//   // saved.id == "ds_...", saved.version == 1, saved.created_at == "2026-11-29T11:22:33.456Z"
#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace lathe::store {

// One immutable version of a dataset. Artifacts are referenced by SHA-256 hex (ArtifactStore).
struct DatasetRecord {
  std::string id;               // "ds_..."; assigned by CreateDataset (input value ignored)
  std::string name;             // user-chosen, [A-Za-z0-9._-]{1,128}
  int version = 0;              // assigned by CreateDataset: 1, 2, 3... per name, never reused
  int64_t rows = 0;             // data rows (header excluded), >= 0
  int64_t bytes = 0;            // size of the uploaded source bytes, >= 0
  std::string format;           // "csv" | "jsonl"
  std::string created_at;       // RFC 3339 UTC with ms; assigned by CreateDataset
  std::string source_sha256;    // artifact: the uploaded bytes ("" if none)
  std::string snapshot_sha256;  // artifact: typed columnar snapshot ("" if none)
  std::string profile_sha256;   // artifact: profile JSON ("" if none)
  std::string schema_json;      // [{"name":..,"type":..,"nullable":..}] (stored verbatim)
  std::string parse_json;       // {"delimiter":",","header":true} (stored verbatim)
  // Where a derived dataset came from: {"parent": {"id","name","version"}, "recipe_sha256",
  // "recipe": {...}} or {"query": {"sql", "datasets"}}; "" for an upload. Stored verbatim.
  std::string lineage_json;
};

// Any other resource (recipe, training job, model, endpoint, pipeline, run...): a JSON document
// with a few indexed fields. Services give it meaning; the store only keeps it durable.
struct ResourceRecord {
  std::string kind;        // "recipe", "training_job", "model", ... ([a-z_]{1,32})
  std::string id;          // assigned by CreateResource: "<prefix>_..."
  std::string name;        // optional ("" = unnamed); if set, versions count per (kind, name)
  int version = 0;         // assigned: 1, 2, 3... per (kind, name); 1 when unnamed
  std::string state;       // kind-specific ("Running", "InService", ...); may be ""
  std::string created_at;  // assigned
  std::string updated_at;  // assigned on create and on every update
  std::string body_json = "{}";        // the document (stored verbatim)
  std::vector<std::string> artifacts;  // artifact hashes this resource keeps alive
};

struct ResourceListOptions {
  std::string name;   // if set: exactly this name (all its versions)
  std::string state;  // if set: exactly this state
  int limit = 100;    // 1..1000
  int offset = 0;
};

// A change to a resource. Unset fields are left as they are.
struct ResourceUpdate {
  std::optional<std::string> state;
  std::optional<std::string> body_json;
  std::optional<std::vector<std::string>> artifacts;  // replaces the whole list
  // If set, the update applies only when the current state is one of these; otherwise
  // FailedPrecondition naming the current state (compare-and-set for state machines).
  std::optional<std::vector<std::string>> expected_states;
};

struct ListOptions {
  std::string name_filter;  // if set: names containing this substring (ASCII case-insensitive)
  std::string name;         // if set: exactly this name (all its versions)
  int limit = 100;          // 1..1000, else InvalidArgument
  int offset = 0;           // >= 0, else InvalidArgument
};

// True if `name` matches [A-Za-z0-9._-]{1,128}.
bool IsValidDatasetName(std::string_view name);

class MetadataStore {
 public:
  virtual ~MetadataStore() = default;

  // Inserts a dataset in one transaction; assigns id, version and created_at and returns the
  // stored record. InvalidArgument for a bad name, a format other than csv/jsonl, negative
  // rows/bytes or a malformed (non-empty) artifact hash. The version counter of a name only
  // grows: deleting version 3 and creating again gives 4.
  virtual Result<DatasetRecord> CreateDataset(DatasetRecord record) = 0;

  // Datasets matching `options`, newest first (creation order). InvalidArgument for bad paging.
  virtual Result<std::vector<DatasetRecord>> ListDatasets(const ListOptions& options) = 0;

  // Number of datasets matching the filters of `options` (limit/offset ignored).
  virtual Result<int64_t> CountDatasets(const ListOptions& options) = 0;

  // By id ("ds_..."), or by name: the latest version, or `version` if given. With an id and a
  // version, the version must match. NotFound naming what was asked, e.g.
  // "dataset 'iris' version 7 not found".
  virtual Result<DatasetRecord> GetDataset(std::string_view id_or_name,
                                           std::optional<int> version = std::nullopt) = 0;

  // Deletes one dataset version by id. NotFound if absent. Does not touch artifacts: collect
  // them with ArtifactStore::CollectGarbage(ReferencedArtifacts()).
  virtual Status DeleteDataset(std::string_view id) = 0;

  // Distinct non-empty artifact hashes still referenced by any row, sorted. Used to garbage
  // collect artifacts orphaned by a crash between ArtifactStore::Put and CreateDataset.
  virtual Result<std::vector<std::string>> ReferencedArtifacts() = 0;

  // --- resources ---

  // Inserts a resource; assigns id (NewId(id_prefix)), version and timestamps. InvalidArgument
  // for a bad kind or name, or an artifact hash that is not 64 lowercase hex characters.
  virtual Result<ResourceRecord> CreateResource(ResourceRecord record,
                                                std::string_view id_prefix) = 0;
  // By id, or by name (latest version unless `version`). NotFound naming the kind and what was
  // asked ("model 'churn' version 3 not found").
  virtual Result<ResourceRecord> GetResource(std::string_view kind, std::string_view id_or_name,
                                             std::optional<int> version = std::nullopt) = 0;
  // Newest first.
  virtual Result<std::vector<ResourceRecord>> ListResources(
      std::string_view kind, const ResourceListOptions& options) = 0;
  virtual Result<int64_t> CountResources(std::string_view kind,
                                         const ResourceListOptions& options) = 0;
  // Applies `update` in one transaction and returns the stored record.
  virtual Result<ResourceRecord> UpdateResource(std::string_view kind, std::string_view id,
                                                const ResourceUpdate& update) = 0;
  virtual Status DeleteResource(std::string_view kind, std::string_view id) = 0;

  // Runs the backend's consistency check. DataLoss with its report if it fails.
  virtual Status CheckIntegrity() = 0;
};

// Opens (creating if needed) the SQLite database at `db_path` and applies pending schema
// migrations. The parent directory must exist. Caller owns the store. Unavailable if the file
// cannot be opened, FailedPrecondition if it was written by a newer Lathe (unknown migration),
// DataLoss if it is not a database.
Result<std::unique_ptr<MetadataStore>> OpenSqliteMetadataStore(const std::string& db_path);

}  // namespace lathe::store
