// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// DatasetService: the life of a dataset — ingest an uploaded file (parse, infer types, snapshot,
// profile, store, register), list, get, load its Table (cached), profile, delete. Knows nothing of
// HTTP. A dataset becomes visible only when its metadata row commits, after every artifact it
// references is durable, so a crash mid-upload leaves at most orphaned artifacts, which
// CollectOrphans() removes at start-up. Thread-safe.
#pragma once

#include <cstdint>
#include <list>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/status.h"
#include "data/csv_reader.h"
#include "data/table.h"
#include "store/artifact_store.h"
#include "store/metadata_store.h"

namespace lathe::datasets {

struct DatasetServiceOptions {
  uint64_t table_cache_bytes = uint64_t{1} << 30;  // decoded Tables kept in memory (LRU)
  int parse_threads = 2;                           // CSV parse parallelism
  size_t max_columns = 4096;                       // wider files are refused
  // Where derived datasets write their CSV before it moves into the artifact store (same file
  // system as the store). Empty: the system temp directory.
  std::string scratch_dir;
};

struct IngestRequest {
  std::string name;         // dataset name; a new version if it exists
  std::string source_path;  // the uploaded bytes; moved into the artifact store on success
  std::string format;       // "csv" or "jsonl"
  std::string source_name;  // file name for error messages ("upload" if unknown)
  char delimiter = 0;       // 0 = sniff
  data::CsvOptions::Header header = data::CsvOptions::Header::kAuto;
  nlohmann::json lineage;   // stored as the record's lineage_json; null = none (an upload)
};

class DatasetService {
 public:
  DatasetService(store::MetadataStore& metadata, store::ArtifactStore& artifacts,
                 DatasetServiceOptions options = {});
  DatasetService(const DatasetService&) = delete;
  DatasetService& operator=(const DatasetService&) = delete;

  // Parses, validates and stores an uploaded file. On any error nothing is registered and the
  // source file is left for the caller to delete. Returns the new dataset record.
  Result<store::DatasetRecord> Ingest(const IngestRequest& request);

  // Registers a table produced by Lathe (a recipe's output, a query result) as a new version of
  // dataset `name`, with `lineage` (see DatasetRecord::lineage_json). Its CSV becomes the
  // downloadable source. InvalidArgument for a bad name or an empty table.
  Result<store::DatasetRecord> CreateFromTable(const std::string& name, data::Table table,
                                               const nlohmann::json& lineage);

  Result<std::vector<store::DatasetRecord>> List(const store::ListOptions& options);
  Result<int64_t> Count(const store::ListOptions& options);
  // By id or name (latest version unless `version`). NotFound naming what was asked.
  Result<store::DatasetRecord> Get(std::string_view id_or_name,
                                   std::optional<int> version = std::nullopt);
  // The decoded table, from the cache or the snapshot (never re-parses the source).
  Result<std::shared_ptr<const data::Table>> LoadTable(const store::DatasetRecord& record);
  // The stored profile JSON; with a target, quality.class_balance filled for that column
  // (NotFound if the column does not exist).
  Result<nlohmann::json> Profile(const store::DatasetRecord& record,
                                 const std::optional<std::string>& target);
  // Path of the uploaded bytes (read-only).
  Result<std::string> SourcePath(const store::DatasetRecord& record);
  // Removes one version and the artifacts no other dataset references.
  Status Delete(std::string_view id_or_name, std::optional<int> version = std::nullopt);
  // Removes artifacts left by an interrupted ingest. Call at start-up.
  Result<size_t> CollectOrphans();

 private:
  Result<data::Table> Parse(const IngestRequest& request, nlohmann::json* parse_info);
  // Snapshot + profile + source into the artifact store, then the metadata row. `record` carries
  // name, format, parse_json and lineage_json. The source file is moved into the store.
  Result<store::DatasetRecord> Store(store::DatasetRecord record, data::Table table,
                                     const std::string& source_path);
  void CachePut(const std::string& id, std::shared_ptr<const data::Table> table);
  std::shared_ptr<const data::Table> CacheGet(const std::string& id);

  store::MetadataStore& metadata_;
  store::ArtifactStore& artifacts_;
  DatasetServiceOptions options_;

  // Serializes "store artifacts + commit row" against "delete row + remove artifacts", so a
  // delete never removes a blob that a concurrent ingest is about to reference.
  std::mutex commit_mu_;

  std::mutex cache_mu_;
  std::list<std::pair<std::string, std::shared_ptr<const data::Table>>> lru_;  // front = newest
  uint64_t cache_bytes_ = 0;                                                   // GUARDED_BY
};

// The schema JSON stored with a dataset: [{"name", "type", "nullable"}].
nlohmann::json SchemaJson(const data::Table& table);

}  // namespace lathe::datasets
