// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// ArtifactStore: immutable, content-addressed blobs (uploaded files, snapshots, models,
// reports) keyed by the lowercase hex SHA-256 of their bytes. Writes go to a temp file, are
// fsynced and renamed into place, so a blob is either absent or complete. Every hash given by a
// caller is validated (64 lowercase hex, else InvalidArgument), so none can escape the store.
// Implementations are thread-safe.
//
//   LATHE_ASSIGN_OR_RETURN(std::string sha, artifacts->Put(bytes));
//   LATHE_ASSIGN_OR_RETURN(std::string again, artifacts->Get(sha));  // checksum verified
#pragma once

#include <cstddef>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace lathe::store {

class ArtifactStore {
 public:
  virtual ~ArtifactStore() = default;

  // Stores `bytes` and returns their SHA-256 hex. Idempotent: storing the same bytes twice
  // keeps one copy. Durable on return (temp + fsync + rename + fsync dir).
  virtual Result<std::string> Put(std::string_view bytes) = 0;

  // Moves a finished local file into the store when its SHA-256 is already known (computed
  // while the upload was spooled). The file is fsynced and renamed (copied if on another file
  // system); if the hash is already stored the source is deleted. The hash is trusted, not
  // re-read: a wrong one is caught later by Get (DataLoss). On success the source path is gone.
  virtual Result<std::string> PutFile(const std::string& local_path,
                                      const std::string& sha256_hex) = 0;

  // Reads the whole blob and verifies its checksum. NotFound if absent; DataLoss naming the
  // hash if the bytes on disk do not match it.
  virtual Result<std::string> Get(std::string_view sha256_hex) = 0;

  // Path of the stored file for streaming / mmap readers (not verified; read-only: never
  // modify it). NotFound if absent.
  virtual Result<std::string> LocalPath(std::string_view sha256_hex) = 0;

  virtual Result<bool> Exists(std::string_view sha256_hex) = 0;

  // Deletes one blob. NotFound if absent.
  virtual Status Remove(std::string_view sha256_hex) = 0;

  // All stored hashes, sorted.
  virtual Result<std::vector<std::string>> List() = 0;

  // Deletes stored blobs not in `keep` and stale temp files; returns how many files it removed.
  // Meant for startup after a crash: a blob Put but not yet referenced by metadata is not in
  // `keep`, so backends spare recent files (see FsArtifactStoreOptions::gc_min_age).
  virtual Result<size_t> CollectGarbage(const std::vector<std::string>& keep) = 0;
};

// Opens (creating if needed) a file-system store rooted at `root`: blob <hash> lives at
// root/<hash[0:2]>/<hash[2:]>, temp files in root/tmp/. Caller owns the store. Uses the default
// FsArtifactStoreOptions (fs/fs_artifact_store.h has the overload taking options).
Result<std::unique_ptr<ArtifactStore>> OpenFsArtifactStore(const std::string& root);

}  // namespace lathe::store
