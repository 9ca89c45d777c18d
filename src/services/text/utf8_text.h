// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// UTF-8 helpers for the text services: validation with the position of the first bad byte, and
// the map from byte offsets to character (Unicode code point) offsets, the unit Amazon Comprehend
// uses for BeginOffset / EndOffset. Immutable after construction, safe to share between threads.
//
//   CodePointIndex index(text);                 // O(n) once
//   int begin = index.ToCodePoint(match_begin);  // O(log n) per offset
#pragma once

#include <cstddef>
#include <optional>
#include <string_view>
#include <vector>

namespace lathe::services::text {

// The byte offset of the first byte that is not part of a well-formed UTF-8 sequence (overlong
// forms, surrogates and code points past U+10FFFF are ill-formed), or nullopt when valid.
std::optional<size_t> FirstInvalidUtf8Byte(std::string_view text);

// The number of code points in valid UTF-8 text (counts lead bytes).
size_t CodePointCount(std::string_view text);

// Byte offset -> code point offset over one text, which must outlive the index. It keeps the
// byte offset of every 64th code point, so it costs about n/64 words.
class CodePointIndex {
 public:
  explicit CodePointIndex(std::string_view text);
  // The code point offset of byte offset `byte` (0..text.size()); a byte inside a multi-byte
  // sequence maps to the code point that contains it.
  size_t ToCodePoint(size_t byte) const;

 private:
  std::string_view text_;
  std::vector<size_t> checkpoints_;  // byte offset of code point 64*i
};

}  // namespace lathe::services::text
