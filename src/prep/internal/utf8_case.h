// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Locale-independent case mapping of UTF-8 text for the lower/upper operations. Mapped: ASCII,
// Latin-1 Supplement (À-Þ / à-þ, ÿ-Ÿ), Latin Extended-A (Ā-ž pairs), basic Greek (Α-Ω, accented
// vowels, final ς uppercases to Σ) and basic Cyrillic (А-Я, Ѐ-Џ). Every mapping keeps the byte
// length; other characters (ß, ligatures, Turkish dotted/dotless i, scripts outside these blocks)
// and invalid bytes are copied unchanged. Pure functions; thread-safe.
//
//   std::string out;
//   AppendLower("ÀB", &out);  // "àb"
#pragma once

#include <string>
#include <string_view>

namespace lathe::prep::internal {

void AppendLower(std::string_view in, std::string* out);
void AppendUpper(std::string_view in, std::string* out);

}  // namespace lathe::prep::internal
