// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "services/text/utf8_text.h"

#include <algorithm>
#include <cstdint>

namespace lathe::services::text {
namespace {

constexpr size_t kCheckpointStride = 64;

bool IsContinuation(unsigned char c) { return (c & 0xC0) == 0x80; }

// Length of the well-formed sequence starting at text[i], or 0 (RFC 3629, Table 3-7 of Unicode).
size_t SequenceLength(std::string_view text, size_t i) {
  const auto byte = [&](size_t k) { return static_cast<unsigned char>(text[k]); };
  const unsigned char c = byte(i);
  if (c < 0x80) return 1;
  size_t len = 0;
  unsigned char lo = 0x80, hi = 0xBF;  // allowed range of the second byte
  if (c >= 0xC2 && c <= 0xDF) {
    len = 2;
  } else if (c >= 0xE0 && c <= 0xEF) {
    len = 3;
    if (c == 0xE0) lo = 0xA0;  // no overlong forms
    if (c == 0xED) hi = 0x9F;  // no surrogates
  } else if (c >= 0xF0 && c <= 0xF4) {
    len = 4;
    if (c == 0xF0) lo = 0x90;
    if (c == 0xF4) hi = 0x8F;  // nothing past U+10FFFF
  } else {
    return 0;
  }
  if (i + len > text.size()) return 0;
  if (byte(i + 1) < lo || byte(i + 1) > hi) return 0;
  for (size_t k = 2; k < len; ++k) {
    if (!IsContinuation(byte(i + k))) return 0;
  }
  return len;
}

}  // namespace

std::optional<size_t> FirstInvalidUtf8Byte(std::string_view text) {
  size_t i = 0;
  while (i < text.size()) {
    const size_t len = SequenceLength(text, i);
    if (len == 0) return i;
    i += len;
  }
  return std::nullopt;
}

size_t CodePointCount(std::string_view text) {
  return static_cast<size_t>(std::count_if(text.begin(), text.end(), [](char c) {
    return !IsContinuation(static_cast<unsigned char>(c));
  }));
}

CodePointIndex::CodePointIndex(std::string_view text) : text_(text) {
  size_t code_points = 0;
  for (size_t i = 0; i < text.size(); ++i) {
    if (IsContinuation(static_cast<unsigned char>(text[i]))) continue;
    if (code_points % kCheckpointStride == 0) checkpoints_.push_back(i);
    ++code_points;
  }
}

size_t CodePointIndex::ToCodePoint(size_t byte) const {
  byte = std::min(byte, text_.size());
  // The last checkpoint at or before `byte`, then count lead bytes from there.
  auto it = std::upper_bound(checkpoints_.begin(), checkpoints_.end(), byte);
  if (it == checkpoints_.begin()) return 0;
  --it;
  const size_t base = static_cast<size_t>(it - checkpoints_.begin()) * kCheckpointStride;
  size_t count = 0;
  for (size_t i = *it; i < byte; ++i) {
    if (!IsContinuation(static_cast<unsigned char>(text_[i]))) ++count;
  }
  // A byte inside a sequence belongs to the code point whose lead byte precedes it.
  if (byte < text_.size() && IsContinuation(static_cast<unsigned char>(text_[byte])) && count > 0) {
    --count;
  }
  return base + count;
}

}  // namespace lathe::services::text
