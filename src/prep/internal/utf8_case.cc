// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "prep/internal/utf8_case.h"

#include <cstdint>

namespace lathe::prep::internal {
namespace {

// Lowercase of a code point in U+0080..U+07FF (the two-byte range), or cp itself.
uint32_t LowerTwoByte(uint32_t cp) {
  if (cp >= 0xC0 && cp <= 0xDE && cp != 0xD7) return cp + 0x20;
  if (cp >= 0x100 && cp <= 0x137 && cp % 2 == 0 && cp != 0x130) return cp + 1;
  if (cp >= 0x139 && cp <= 0x148 && cp % 2 == 1) return cp + 1;
  if (cp >= 0x14A && cp <= 0x177 && cp % 2 == 0) return cp + 1;
  if (cp == 0x178) return 0xFF;
  if (cp >= 0x179 && cp <= 0x17E && cp % 2 == 1) return cp + 1;
  if (cp == 0x386) return 0x3AC;
  if (cp >= 0x388 && cp <= 0x38A) return cp + 37;
  if (cp == 0x38C) return 0x3CC;
  if (cp == 0x38E || cp == 0x38F) return cp + 63;
  if (cp >= 0x391 && cp <= 0x3A9 && cp != 0x3A2) return cp + 0x20;
  if (cp >= 0x400 && cp <= 0x40F) return cp + 0x50;
  if (cp >= 0x410 && cp <= 0x42F) return cp + 0x20;
  return cp;
}

uint32_t UpperTwoByte(uint32_t cp) {
  if (cp >= 0xE0 && cp <= 0xFE && cp != 0xF7) return cp - 0x20;
  if (cp == 0xFF) return 0x178;
  if (cp >= 0x101 && cp <= 0x137 && cp % 2 == 1 && cp != 0x131) return cp - 1;
  if (cp >= 0x13A && cp <= 0x148 && cp % 2 == 0) return cp - 1;
  if (cp >= 0x14B && cp <= 0x177 && cp % 2 == 1) return cp - 1;
  if (cp >= 0x17A && cp <= 0x17E && cp % 2 == 0) return cp - 1;
  if (cp == 0x3AC) return 0x386;
  if (cp >= 0x3AD && cp <= 0x3AF) return cp - 37;
  if (cp == 0x3CC) return 0x38C;
  if (cp == 0x3CD || cp == 0x3CE) return cp - 63;
  if (cp == 0x3C2) return 0x3A3;
  if (cp >= 0x3B1 && cp <= 0x3C9) return cp - 0x20;
  if (cp >= 0x450 && cp <= 0x45F) return cp - 0x50;
  if (cp >= 0x430 && cp <= 0x44F) return cp - 0x20;
  return cp;
}

template <bool kLower>
void AppendMapped(std::string_view in, std::string* out) {
  const size_t start = out->size();
  out->append(in);
  char* p = out->data() + start;
  const size_t n = in.size();
  for (size_t i = 0; i < n; ++i) {
    const auto b = static_cast<unsigned char>(p[i]);
    if (b < 0x80) {
      if (kLower ? (b >= 'A' && b <= 'Z') : (b >= 'a' && b <= 'z')) p[i] = static_cast<char>(b ^ 0x20);
      continue;
    }
    if ((b & 0xE0) != 0xC0 || i + 1 >= n) continue;  // only two-byte sequences are mapped
    const auto b2 = static_cast<unsigned char>(p[i + 1]);
    if ((b2 & 0xC0) != 0x80) continue;
    const uint32_t cp = ((b & 0x1Fu) << 6) | (b2 & 0x3Fu);
    const uint32_t mapped = kLower ? LowerTwoByte(cp) : UpperTwoByte(cp);
    if (mapped != cp) {
      p[i] = static_cast<char>(0xC0 | (mapped >> 6));
      p[i + 1] = static_cast<char>(0x80 | (mapped & 0x3F));
    }
    ++i;
  }
}

}  // namespace

void AppendLower(std::string_view in, std::string* out) { AppendMapped<true>(in, out); }
void AppendUpper(std::string_view in, std::string* out) { AppendMapped<false>(in, out); }

}  // namespace lathe::prep::internal
