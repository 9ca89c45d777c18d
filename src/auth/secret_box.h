// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// SecretBox: authenticated encryption (AES-256-GCM, OpenSSL EVP) of small secrets under the
// server's master key, so API-key secrets can rest in the metadata store without being readable
// from it. The master key is 32 random bytes in `<data-dir>/keys/master.key`, created with mode
// 0600 (folder 0700) on first use. Immutable after Open; thread-safe.
//
//   LATHE_ASSIGN_OR_RETURN(SecretBox box, SecretBox::OpenOrCreate(data_dir + "/keys/master.key"));
//   LATHE_ASSIGN_OR_RETURN(std::string sealed, box.Seal(secret, /*context=*/access_key_id));
//   LATHE_ASSIGN_OR_RETURN(std::string again, box.Open(sealed, access_key_id));
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"

namespace lathe::auth {

class SecretBox {
 public:
  static constexpr size_t kKeyBytes = 32;

  // Reads the master key at `path`, or creates it (and its folder) when absent. Unavailable if
  // it cannot be read or written; DataLoss if the file is not exactly 32 bytes.
  static Result<SecretBox> OpenOrCreate(const std::string& path);
  // Reads an existing master key; NotFound if the file does not exist.
  static Result<SecretBox> OpenExisting(const std::string& path);
  // A box over a given 32-byte key (tests).
  static Result<SecretBox> FromKey(std::string key);

  // Encrypts `plaintext`, binding it to `context` (authenticated, not encrypted): it opens only
  // with the same context. Returns base64 of nonce (12 bytes) | ciphertext | tag (16 bytes).
  Result<std::string> Seal(std::string_view plaintext, std::string_view context) const;
  // Decrypts what Seal returned. DataLoss if the text was altered, the context differs or the
  // master key is not the one that sealed it.
  Result<std::string> Open(std::string_view sealed, std::string_view context) const;

 private:
  explicit SecretBox(std::string key) : key_(std::move(key)) {}
  std::string key_;  // 32 raw bytes
};

}  // namespace lathe::auth
