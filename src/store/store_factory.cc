// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "store/store_factory.h"

#include <utility>

#include "core/file_util.h"

namespace lathe::store {

Result<Stores> OpenEmbeddedStores(const StoreConfig& config) {
  if (config.data_dir.empty()) return InvalidArgumentError("data dir is empty");
  const std::string& dir = config.data_dir;
  Stores stores;
  stores.spool_dir = dir + "/spool";
  Status st = EnsureDir(dir);
  if (st.ok()) st = EnsureDir(stores.spool_dir);
  if (!st.ok()) return st.Annotate("data dir " + dir);
  Result<std::unique_ptr<MetadataStore>> metadata = OpenSqliteMetadataStore(dir + "/lathe.db");
  if (!metadata.ok()) return metadata.status().Annotate("data dir " + dir);
  Result<std::unique_ptr<ArtifactStore>> artifacts = OpenFsArtifactStore(dir + "/artifacts");
  if (!artifacts.ok()) return artifacts.status().Annotate("data dir " + dir);
  stores.metadata = std::move(metadata).value();
  stores.artifacts = std::move(artifacts).value();
  return stores;
}

}  // namespace lathe::store
