// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// IPA and X-SAMPA to espeak-ng's phoneme mnemonics (its Kirshenbaum-like "[[...]]" input), for
// SSML <phoneme> and lexicon phonemes. The table covers the English phoneme set (the symbols of
// Polly's English phoneme tables) plus stress and length marks; anything else is refused rather
// than guessed, and the caller then speaks the written text. Stateless, thread-safe.
//
//   ToEspeakPhonemes("ipa", "pɪˈkɑːn");  // "pI'kA:n"
#pragma once

#include <string>
#include <string_view>

#include "core/status.h"

namespace lathe::services::speech {

// InvalidArgument naming the first symbol the table lacks (and its byte offset), or an unknown
// alphabet. `alphabet` is "ipa", "x-sampa" or "x-espeak" (passed through).
Result<std::string> ToEspeakPhonemes(std::string_view alphabet, std::string_view phonemes);

}  // namespace lathe::services::speech
