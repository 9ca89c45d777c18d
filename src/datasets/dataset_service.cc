// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "datasets/dataset_service.h"

#include <unistd.h>

#include <algorithm>
#include <atomic>
#include <filesystem>

#include "core/sha256.h"
#include "data/csv_writer.h"
#include "data/jsonl_reader.h"
#include "data/profile.h"
#include "data/profile_json.h"
#include "data/snapshot.h"

namespace lathe::datasets {
namespace {

std::string DelimiterName(char d) {
  if (d == '\t') return "tab";
  return std::string(1, d);
}

// A scratch file next to the source (same file system, so the store can rename it).
std::string ScratchPath(const std::string& source_path, std::string_view suffix) {
  static std::atomic<uint64_t> counter{0};
  return source_path + "." + std::to_string(::getpid()) + "-" + std::to_string(counter++) +
         std::string(suffix);
}

}  // namespace

nlohmann::json SchemaJson(const data::Table& table) {
  nlohmann::json columns = nlohmann::json::array();
  for (const auto& c : table.columns()) {
    columns.push_back({{"name", c.name},
                       {"type", std::string(data::DataTypeName(c.type))},
                       {"nullable", c.NullCount() > 0}});
  }
  return columns;
}

DatasetService::DatasetService(store::MetadataStore& metadata, store::ArtifactStore& artifacts,
                               DatasetServiceOptions options)
    : metadata_(metadata), artifacts_(artifacts), options_(options) {}

Result<data::Table> DatasetService::Parse(const IngestRequest& request,
                                          nlohmann::json* parse_info) {
  if (request.format == "jsonl") {
    data::JsonLinesOptions opts;
    opts.max_columns = options_.max_columns;
    opts.source_name = request.source_name;
    *parse_info = {{"format", "jsonl"}};
    return data::ReadJsonLinesFile(request.source_path, opts);
  }
  if (request.format != "csv") {
    return InvalidArgumentError("unknown format '" + request.format + "' (expected csv or jsonl)")
        .WithDetail("field", "format");
  }
  data::CsvOptions opts;
  opts.delimiter = request.delimiter;
  opts.header = request.header;
  opts.max_columns = options_.max_columns;
  opts.num_threads = options_.parse_threads;
  opts.source_name = request.source_name;
  data::CsvInfo info{};
  LATHE_ASSIGN_OR_RETURN(data::Table table, data::ReadCsvFile(request.source_path, opts, &info));
  *parse_info = {{"format", "csv"},
                 {"delimiter", DelimiterName(info.delimiter)},
                 {"header", info.has_header}};
  return table;
}

Result<store::DatasetRecord> DatasetService::Ingest(const IngestRequest& request) {
  if (!store::IsValidDatasetName(request.name)) {
    return InvalidArgumentError("invalid dataset name '" + request.name +
                                "': use 1-128 letters, digits, '.', '_' or '-'")
        .WithDetail("field", "name");
  }
  nlohmann::json parse_info;
  LATHE_ASSIGN_OR_RETURN(data::Table table, Parse(request, &parse_info));
  if (table.num_rows() == 0) {
    return InvalidArgumentError(request.source_name + ": no data rows")
        .WithDetail("file", request.source_name);
  }
  std::error_code size_ec;
  auto source_bytes = std::filesystem::file_size(request.source_path, size_ec);
  store::DatasetRecord record;
  record.name = request.name;
  record.bytes = size_ec ? 0 : static_cast<int64_t>(source_bytes);
  record.format = request.format;
  record.parse_json = parse_info.dump();
  if (!request.lineage.is_null()) record.lineage_json = request.lineage.dump();
  return Store(std::move(record), std::move(table), request.source_path);
}

Result<store::DatasetRecord> DatasetService::CreateFromTable(const std::string& name,
                                                             data::Table table,
                                                             const nlohmann::json& lineage) {
  if (!store::IsValidDatasetName(name)) {
    return InvalidArgumentError("invalid dataset name '" + name.substr(0, 140) +
                                "': use 1-128 letters, digits, '.', '_' or '-'")
        .WithDetail("field", "name");
  }
  if (table.num_columns() == 0) {
    return InvalidArgumentError("the result has no columns; nothing to save");
  }
  std::string dir = options_.scratch_dir.empty()
                        ? std::filesystem::temp_directory_path().string()
                        : options_.scratch_dir;
  std::string csv_path = ScratchPath(dir + "/derived", ".csv");
  LATHE_RETURN_IF_ERROR(data::WriteCsvFile(table, csv_path));
  std::error_code ec;
  store::DatasetRecord record;
  record.name = name;
  record.bytes = static_cast<int64_t>(std::filesystem::file_size(csv_path, ec));
  record.format = "csv";
  record.parse_json = nlohmann::json{{"format", "csv"}, {"delimiter", ","}, {"header", true}}.dump();
  record.lineage_json = lineage.is_null() ? "" : lineage.dump();
  Result<store::DatasetRecord> stored = Store(std::move(record), std::move(table), csv_path);
  std::filesystem::remove(csv_path, ec);  // gone already if the store took it
  return stored;
}

Result<store::DatasetRecord> DatasetService::Store(store::DatasetRecord record, data::Table table,
                                                   const std::string& source_path) {
  LATHE_ASSIGN_OR_RETURN(data::TableProfile profile, data::ProfileTable(table, {}));
  std::string profile_json = data::ToJson(profile).dump();

  std::string snapshot_path = ScratchPath(source_path, ".snapshot");
  LATHE_RETURN_IF_ERROR(data::WriteSnapshot(table, snapshot_path));
  auto drop_snapshot = [&] { std::filesystem::remove(snapshot_path); };
  Result<std::string> snapshot_sha = Sha256File(snapshot_path);
  Result<std::string> source_sha = Sha256File(source_path);
  if (!snapshot_sha.ok() || !source_sha.ok()) {
    drop_snapshot();
    return !snapshot_sha.ok() ? snapshot_sha.status() : source_sha.status();
  }
  record.rows = static_cast<int64_t>(table.num_rows());
  record.schema_json = SchemaJson(table).dump();

  std::lock_guard lock(commit_mu_);
  Result<std::string> snap = artifacts_.PutFile(snapshot_path, *snapshot_sha);
  if (!snap.ok()) {
    drop_snapshot();
    return snap.status();
  }
  LATHE_ASSIGN_OR_RETURN(record.profile_sha256, artifacts_.Put(profile_json));
  LATHE_ASSIGN_OR_RETURN(record.source_sha256, artifacts_.PutFile(source_path, *source_sha));
  record.snapshot_sha256 = *snap;
  LATHE_ASSIGN_OR_RETURN(store::DatasetRecord stored, metadata_.CreateDataset(record));
  CachePut(stored.id, std::make_shared<const data::Table>(std::move(table)));
  return stored;
}

Result<std::vector<store::DatasetRecord>> DatasetService::List(
    const store::ListOptions& options) {
  return metadata_.ListDatasets(options);
}

Result<int64_t> DatasetService::Count(const store::ListOptions& options) {
  return metadata_.CountDatasets(options);
}

Result<store::DatasetRecord> DatasetService::Get(std::string_view id_or_name,
                                                 std::optional<int> version) {
  return metadata_.GetDataset(id_or_name, version);
}

Result<std::shared_ptr<const data::Table>> DatasetService::LoadTable(
    const store::DatasetRecord& record) {
  if (auto cached = CacheGet(record.id)) return cached;
  LATHE_ASSIGN_OR_RETURN(std::string path, artifacts_.LocalPath(record.snapshot_sha256));
  LATHE_ASSIGN_OR_RETURN(data::Table table, data::ReadSnapshot(path));
  auto shared = std::make_shared<const data::Table>(std::move(table));
  CachePut(record.id, shared);
  return std::shared_ptr<const data::Table>(shared);
}

Result<nlohmann::json> DatasetService::Profile(const store::DatasetRecord& record,
                                               const std::optional<std::string>& target) {
  LATHE_ASSIGN_OR_RETURN(std::string text, artifacts_.Get(record.profile_sha256));
  nlohmann::json profile = nlohmann::json::parse(text, nullptr, false);
  if (profile.is_discarded()) {
    return DataLossError("stored profile of dataset " + record.id + " is not valid JSON");
  }
  if (target) {
    LATHE_ASSIGN_OR_RETURN(auto table, LoadTable(record));
    LATHE_ASSIGN_OR_RETURN(data::ClassBalance balance,
                           data::ComputeClassBalance(*table, *target));
    profile["quality"]["class_balance"] = data::ToJson(balance);
  }
  return profile;
}

Result<std::string> DatasetService::SourcePath(const store::DatasetRecord& record) {
  return artifacts_.LocalPath(record.source_sha256);
}

Status DatasetService::Delete(std::string_view id_or_name, std::optional<int> version) {
  LATHE_ASSIGN_OR_RETURN(store::DatasetRecord record, metadata_.GetDataset(id_or_name, version));
  std::lock_guard lock(commit_mu_);
  LATHE_RETURN_IF_ERROR(metadata_.DeleteDataset(record.id));
  {
    std::lock_guard cache_lock(cache_mu_);
    std::erase_if(lru_, [&](const auto& e) {
      if (e.first != record.id) return false;
      cache_bytes_ -= e.second->MemoryBytes();
      return true;
    });
  }
  LATHE_ASSIGN_OR_RETURN(std::vector<std::string> referenced, metadata_.ReferencedArtifacts());
  for (const std::string& sha :
       {record.source_sha256, record.snapshot_sha256, record.profile_sha256}) {
    if (sha.empty() || std::binary_search(referenced.begin(), referenced.end(), sha)) continue;
    Status removed = artifacts_.Remove(sha);
    if (!removed.ok() && removed.code() != StatusCode::kNotFound) return removed;
  }
  return Status::Ok();
}

Result<size_t> DatasetService::CollectOrphans() {
  std::lock_guard lock(commit_mu_);
  LATHE_ASSIGN_OR_RETURN(std::vector<std::string> referenced, metadata_.ReferencedArtifacts());
  return artifacts_.CollectGarbage(referenced);
}

std::shared_ptr<const data::Table> DatasetService::CacheGet(const std::string& id) {
  std::lock_guard lock(cache_mu_);
  for (auto it = lru_.begin(); it != lru_.end(); ++it) {
    if (it->first == id) {
      lru_.splice(lru_.begin(), lru_, it);
      return lru_.front().second;
    }
  }
  return nullptr;
}

void DatasetService::CachePut(const std::string& id, std::shared_ptr<const data::Table> table) {
  std::lock_guard lock(cache_mu_);
  uint64_t bytes = table->MemoryBytes();
  if (bytes > options_.table_cache_bytes) return;
  lru_.emplace_front(id, std::move(table));
  cache_bytes_ += bytes;
  while (cache_bytes_ > options_.table_cache_bytes && lru_.size() > 1) {
    cache_bytes_ -= lru_.back().second->MemoryBytes();
    lru_.pop_back();
  }
}

}  // namespace lathe::datasets
