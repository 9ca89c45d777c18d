// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Opens the storage backends for a Lathe process. Today: the embedded default (SQLite metadata +
// file-system artifacts) under one data directory; later PostgreSQL / S3 chosen by URL scheme.
//
//   LATHE_ASSIGN_OR_RETURN(Stores stores, OpenEmbeddedStores({.data_dir = "./lathe-data"}));
//   stores.metadata->ListDatasets({});
#pragma once

#include <memory>
#include <string>

#include "core/status.h"
#include "store/artifact_store.h"
#include "store/metadata_store.h"

namespace lathe::store {

struct StoreConfig {
  std::string data_dir = "./lathe-data";  // root of all embedded state; created if missing
};

struct Stores {
  std::unique_ptr<MetadataStore> metadata;   // data_dir/lathe.db
  std::unique_ptr<ArtifactStore> artifacts;  // data_dir/artifacts/
  // data_dir/spool/: scratch space for streaming uploads on the same file system as the
  // artifacts, so ArtifactStore::PutFile is a rename. Owners delete their own spool files.
  std::string spool_dir;
};

// Creates data_dir (and its subdirectories) if needed and opens both stores. Errors from
// EnsureDir / OpenSqliteMetadataStore / OpenFsArtifactStore, annotated with the data dir.
Result<Stores> OpenEmbeddedStores(const StoreConfig& config);

}  // namespace lathe::store
