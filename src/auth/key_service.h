// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// KeyService: API keys. A key is an "api_key" resource in the MetadataStore named by its access
// key id ("LK" + 18 upper-case alphanumerics); it keeps the SHA-256 of its 40-character secret
// (Bearer tokens "<access_key_id>.<secret>" are checked against it in constant time) and the
// secret itself sealed with the master key (SecretBox), because verifying an AWS Signature V4
// needs the plaintext secret on the server. The keys are cached in memory as an immutable
// snapshot swapped atomically on create / delete, so the request path takes no lock.
// Thread-safe.
//
//   LATHE_ASSIGN_OR_RETURN(auto keys, KeyService::Open(metadata, data_dir + "/keys"));
//   LATHE_ASSIGN_OR_RETURN(CreatedKey k, keys->Create({.scope = Scope::kInvoke}));
//   std::shared_ptr<const ActiveKey> key = keys->Find(k.info.access_key_id);
#pragma once

#include <atomic>
#include <cstdint>
#include <memory>
#include <mutex>
#include <optional>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "auth/rate_limiter.h"
#include "auth/scope.h"
#include "auth/secret_box.h"
#include "core/status.h"
#include "store/metadata_store.h"

namespace lathe::auth {

// What a caller asks for when creating a key.
struct KeyOptions {
  Scope scope = Scope::kAdmin;  // kAdmin or kInvoke (kPublic is refused)
  double rate_per_second = 0;   // 0: no limit; else > 0 and at most 1,000,000
  int64_t burst = 0;            // 0: max(1, ceil(rate_per_second)); else 1..1,000,000
  std::string description;      // free text, at most 1,024 bytes
};

// A key as listed: everything except the secret.
struct KeyInfo {
  std::string access_key_id;  // "LK" + 18 [A-Z0-9]
  std::string id;             // the resource id ("key_...")
  Scope scope = Scope::kAdmin;
  double rate_per_second = 0;  // 0 = unlimited
  int64_t burst = 0;
  std::string description;
  std::string created_at;  // RFC 3339 UTC
};

// The answer to Create: the only time the secret leaves the server.
struct CreatedKey {
  KeyInfo info;
  std::string secret_access_key;  // 40 characters [A-Za-z0-9]
  std::string token;              // "<access_key_id>.<secret_access_key>" for Bearer
};

// A key on the request path (immutable; shared with the snapshot that holds it).
struct ActiveKey {
  KeyInfo info;
  std::string secret_sha256;  // 32 raw bytes
  std::string secret;         // plaintext, for SigV4; "" if it could not be unsealed
  std::string unseal_error;   // why `secret` is empty
  std::shared_ptr<RateLimiter> limiter;  // null when unlimited; survives snapshot swaps
};

class KeyService {
 public:
  // Loads the keys of `metadata` (not owned; must outlive the service). `keys_dir` holds the
  // master key, created on the first Create. Fails only when the store cannot be read.
  static Result<std::unique_ptr<KeyService>> Open(store::MetadataStore& metadata,
                                                  std::string keys_dir);
  KeyService(const KeyService&) = delete;
  KeyService& operator=(const KeyService&) = delete;

  // Creates a key. InvalidArgument naming the field for bad options.
  Result<CreatedKey> Create(const KeyOptions& options);
  // All keys, newest first.
  std::vector<KeyInfo> List() const;
  // Deletes a key by access key id. NotFound naming it if there is no such key.
  Status Delete(std::string_view access_key_id);
  // True if at least one key exists.
  bool HasKeys() const;

  // Request path, lock-free. The key with this access key id, or null.
  std::shared_ptr<const ActiveKey> Find(std::string_view access_key_id) const;
  // Checks a Bearer token "<access_key_id>.<secret>". The key, or PermissionDenied saying
  // whether the id is unknown (code "unknown_key") or the secret wrong ("bad_secret") in the
  // details' "reason"; never the stored values.
  Result<std::shared_ptr<const ActiveKey>> VerifyToken(std::string_view token) const;

 private:
  using Snapshot = std::unordered_map<std::string, std::shared_ptr<const ActiveKey>>;
  KeyService(store::MetadataStore& metadata, std::string keys_dir);
  // Rebuilds the snapshot from the store. Callers hold mutate_mu_.
  Status Reload();
  Result<const SecretBox*> Box();  // the master key, created on first use

  store::MetadataStore& metadata_;
  const std::string keys_dir_;
  std::mutex mutate_mu_;                 // serialises Create / Delete / Reload (not lookups)
  std::optional<SecretBox> box_;         // GUARDED_BY(mutate_mu_)
  std::atomic<std::shared_ptr<const Snapshot>> snapshot_;
};

// True if `id` has the shape of an access key id ("LK" + 18 [A-Z0-9]).
bool IsAccessKeyId(std::string_view id);

}  // namespace lathe::auth
