// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Turns the request's Text into what espeak-ng reads (SpokenText): plain text is escaped; SSML is
// parsed with xml_reader and checked against the tags Amazon Polly's standard voices take —
// speak, break (time, strength), prosody (rate, pitch, volume), say-as (characters, spell-out,
// digits, and the number/date kinds read as written), emphasis, p, s, sub, phoneme (ipa,
// x-sampa, x-espeak), mark, lang, w and the amazon:* tags (kept as plain content) — and
// rewritten in the SSML dialect espeak-ng understands. Lexicon aliases apply to text nodes.
// Errors name the position. Stateless, thread-safe.
//
//   LATHE_ASSIGN_OR_RETURN(SpeechText in, SsmlToSpoken("<speak>Hi <break time=\"1s\"/></speak>",
//   {}));
//   // kInvalidSsml: "line 1, column 5: <prosody> rate 'very fast': expected x-slow, ..."
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "services/speech/spoken_text.h"

namespace lathe::services::speech {

class Lexicon;

struct SpeechText {
  SpokenText spoken;
  size_t billed_characters = 0;  // code points of text outside tags (Polly's RequestCharacters)
};

// Plain text (TextType text).
SpeechText PlainToSpoken(std::string_view text, const std::vector<const Lexicon*>& lexicons);

// SSML (TextType ssml). kInvalidSsml (speech_errors.h) with "line L, column C: ..." when it does
// not parse, its root is not <speak>, or a tag or attribute value is not supported.
Result<SpeechText> SsmlToSpoken(std::string_view ssml, const std::vector<const Lexicon*>& lexicons);

}  // namespace lathe::services::speech
