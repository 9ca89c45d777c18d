// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// CRC-32C (Castagnoli), as used by the snapshot format. Uses the SSE4.2 crc32 instruction when
// the CPU has it, a table otherwise; both give the same value. Thread-safe.
//
//   uint32_t c = Crc32c(data, n);          // whole buffer
//   c = Crc32cExtend(c, more, m);          // continue over more bytes
#pragma once

#include <cstddef>
#include <cstdint>

namespace lathe::data::internal {

// Continues a CRC-32C over `n` more bytes; start with crc = 0.
uint32_t Crc32cExtend(uint32_t crc, const void* data, size_t n);
inline uint32_t Crc32c(const void* data, size_t n) { return Crc32cExtend(0, data, n); }

}  // namespace lathe::data::internal
