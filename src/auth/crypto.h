// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Small cryptographic helpers over OpenSSL for the auth subsystem: CSPRNG bytes and identifiers,
// HMAC-SHA256, raw SHA-256, hex and base64, and a constant-time comparison. All functions are
// thread-safe.
//
//   std::string key = HmacSha256("AWS4" + secret, "20150830");  // 32 raw bytes
//   if (!ConstantTimeEquals(HexEncode(key), expected)) ...
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"

namespace lathe::auth {

// `count` bytes from OpenSSL's CSPRNG (RAND_bytes). Internal error if the generator fails.
Result<std::string> RandomBytes(size_t count);

// `count` characters drawn uniformly from `alphabet` (at most 256 characters) with the CSPRNG
// (rejection sampling, so no modulo bias). Internal error if the generator fails.
Result<std::string> RandomString(size_t count, std::string_view alphabet);

// HMAC-SHA256 of `message` under `key`: 32 raw bytes.
std::string HmacSha256(std::string_view key, std::string_view message);

// SHA-256 of `bytes`: 32 raw bytes.
std::string Sha256Raw(std::string_view bytes);

// Lowercase hex of `bytes`.
std::string HexEncode(std::string_view bytes);

// Standard base64 with padding, and its inverse (InvalidArgument on malformed input).
std::string Base64Encode(std::string_view bytes);
Result<std::string> Base64Decode(std::string_view text);

// True if `a` and `b` are equal. The time taken depends only on the lengths, never on where the
// contents differ (CRYPTO_memcmp).
bool ConstantTimeEquals(std::string_view a, std::string_view b);

}  // namespace lathe::auth
