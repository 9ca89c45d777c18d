// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// SHA-256 over OpenSSL EVP, streaming. Artifacts are addressed by their lowercase hex digest.
// A Sha256 object is thread-compatible (one thread at a time); the free functions are thread-safe.
//
//   Sha256 h;
//   h.Update(chunk1);
//   h.Update(chunk2);
//   std::string hex = h.HexDigest();  // 64 lowercase hex chars; h is reset and reusable
#pragma once

#include <filesystem>
#include <memory>
#include <string>
#include <string_view>

#include "core/status.h"

namespace lathe {

class Sha256 {
 public:
  Sha256();
  ~Sha256();
  Sha256(const Sha256&) = delete;
  Sha256& operator=(const Sha256&) = delete;
  Sha256(Sha256&&) noexcept;
  Sha256& operator=(Sha256&&) noexcept;

  // Feeds more bytes into the digest.
  void Update(std::string_view bytes);
  // Returns the digest of everything fed since construction or the last HexDigest(), as 64
  // lowercase hex characters, and resets the object for a new message.
  std::string HexDigest();

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

// SHA-256 of `bytes` as 64 lowercase hex characters.
std::string Sha256Hex(std::string_view bytes);

// SHA-256 of a file's contents, read in chunks (constant memory). NotFound / Internal with the
// path and errno text if it cannot be read.
Result<std::string> Sha256File(const std::filesystem::path& path);

// True if `s` is 64 lowercase hex characters (the only form Lathe stores or accepts).
bool IsSha256Hex(std::string_view s);

}  // namespace lathe
