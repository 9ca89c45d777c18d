// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// FsArtifactStore: the embedded ArtifactStore on a local directory (docs/formats/artifacts.md).
// Blob <hash> lives at root/<hash[0:2]>/<hash[2:]>; writes go through root/tmp/. Thread-safe
// and safe across processes sharing the root: every mutation is a single rename or unlink.
#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "store/artifact_store.h"

namespace lathe::store {

struct FsArtifactStoreOptions {
  // CollectGarbage spares blobs and temp files modified less than this long ago, so that an
  // upload between Put and CreateDataset (or a Put still writing) is not collected.
  std::chrono::seconds gc_min_age{std::chrono::minutes(10)};
};

class FsArtifactStore final : public ArtifactStore {
 public:
  // Creates root and root/tmp if needed. Caller owns the store.
  static Result<std::unique_ptr<FsArtifactStore>> Open(const std::string& root,
                                                       FsArtifactStoreOptions options = {});

  Result<std::string> Put(std::string_view bytes) override;
  Result<std::string> PutFile(const std::string& local_path,
                              const std::string& sha256_hex) override;
  Result<std::string> Get(std::string_view sha256_hex) override;
  Result<std::string> LocalPath(std::string_view sha256_hex) override;
  Result<bool> Exists(std::string_view sha256_hex) override;
  Status Remove(std::string_view sha256_hex) override;
  Result<std::vector<std::string>> List() override;
  Result<size_t> CollectGarbage(const std::vector<std::string>& keep) override;

  // Path a blob has (or would have); `sha256_hex` must be valid.
  std::string BlobPath(std::string_view sha256_hex) const;

 private:
  FsArtifactStore(std::string root, FsArtifactStoreOptions options);

  // Renames the finished temp file `tmp` to the blob path of `sha`, making it durable.
  Status Install(const std::string& tmp, std::string_view sha);
  std::string NewTempPath() const;

  const std::string root_;
  const FsArtifactStoreOptions options_;
};

// Same as OpenFsArtifactStore(root) with explicit options.
Result<std::unique_ptr<ArtifactStore>> OpenFsArtifactStore(const std::string& root,
                                                           FsArtifactStoreOptions options);

}  // namespace lathe::store
