// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// SqliteMetadataStore: the embedded MetadataStore on one SQLite file in WAL mode
// (synchronous=FULL, foreign_keys=ON, busy_timeout=5000 ms). Thread-safe: one connection
// guarded by a mutex, so calls are serialized; a pool of read-only connections can come later
// if reads become a bottleneck. Create it with OpenSqliteMetadataStore (metadata_store.h).
#pragma once

#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "store/metadata_store.h"
#include "store/sqlite/sqlite_db.h"

namespace lathe::store {

class SqliteMetadataStore final : public MetadataStore {
 public:
  // Opens `db_path`, sets the pragmas and applies migrations. See OpenSqliteMetadataStore.
  static Result<std::unique_ptr<SqliteMetadataStore>> Open(const std::string& db_path);

  SqliteMetadataStore(const SqliteMetadataStore&) = delete;
  SqliteMetadataStore& operator=(const SqliteMetadataStore&) = delete;

  Result<DatasetRecord> CreateDataset(DatasetRecord record) override;
  Result<std::vector<DatasetRecord>> ListDatasets(const ListOptions& options) override;
  Result<int64_t> CountDatasets(const ListOptions& options) override;
  Result<DatasetRecord> GetDataset(std::string_view id_or_name,
                                   std::optional<int> version) override;
  Status DeleteDataset(std::string_view id) override;
  Result<std::vector<std::string>> ReferencedArtifacts() override;
  Result<ResourceRecord> CreateResource(ResourceRecord record,
                                        std::string_view id_prefix) override;
  Result<ResourceRecord> GetResource(std::string_view kind, std::string_view id_or_name,
                                     std::optional<int> version) override;
  Result<std::vector<ResourceRecord>> ListResources(std::string_view kind,
                                                    const ResourceListOptions& options) override;
  Result<int64_t> CountResources(std::string_view kind,
                                 const ResourceListOptions& options) override;
  Result<ResourceRecord> UpdateResource(std::string_view kind, std::string_view id,
                                        const ResourceUpdate& update) override;
  Status DeleteResource(std::string_view kind, std::string_view id) override;
  Status CheckIntegrity() override;

 private:
  explicit SqliteMetadataStore(internal::Db db);

  Result<std::optional<DatasetRecord>> FindById(std::string_view id);
  Result<std::optional<DatasetRecord>> FindByName(std::string_view name, std::optional<int> v);

  Result<std::vector<std::string>> ArtifactsOf(std::string_view id);
  Result<std::optional<ResourceRecord>> FindResource(std::string_view kind, std::string_view sql_where,
                                                     std::string_view a, std::optional<int> v);
  Status SetArtifacts(std::string_view id, const std::vector<std::string>& artifacts);

  std::mutex mu_;
  internal::Db db_;  // GUARDED_BY(mu_)
};

}  // namespace lathe::store
