// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// UTF-8 validation for the readers: a fast all-ASCII check and a strict validator (rejects
// overlong forms, surrogates and code points above U+10FFFF). Pure functions, thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <cstring>
#include <string_view>

namespace lathe::data::internal {

// True if every byte of `s` is below 0x80.
inline bool IsAscii(std::string_view s) {
  const char* p = s.data();
  size_t n = s.size();
  uint64_t acc = 0;
  while (n >= 8) {
    uint64_t w;
    std::memcpy(&w, p, 8);
    acc |= w;
    p += 8;
    n -= 8;
  }
  while (n > 0) {
    acc |= static_cast<unsigned char>(*p++);
    --n;
  }
  return (acc & 0x8080808080808080ULL) == 0;
}

// Offset of the first byte that starts an invalid UTF-8 sequence, or npos if `s` is valid.
size_t FindInvalidUtf8(std::string_view s);

}  // namespace lathe::data::internal
