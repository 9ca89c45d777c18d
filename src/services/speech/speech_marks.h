// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Speech marks as Amazon Polly emits them (OutputFormat json): one JSON object per line,
// {"time": ms, "type": "sentence"|"word"|"ssml"|"viseme", "start": byte, "end": byte,
// "value": ...}, in time order, with start/end byte offsets into the request's Text (SSML
// included). Built from espeak-ng's events mapped back through SpokenText. espeak-ng does not
// report every word ("the" in "from the platform" gets no event), so words are found in the
// text itself and each takes the time of the event inside it, or a time interpolated between its
// timed neighbours. Visemes come from espeak-ng's phoneme events through a class table (an
// approximation of Polly's English viseme set; no start/end, as Polly). Stateless, thread-safe.
//
//   std::vector<SpeechMark> marks = BuildSpeechMarks(text, spoken, engine_output, types, 2400);
//   std::string body = SpeechMarksJsonLines(marks);
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "services/speech/espeak_engine.h"
#include "services/speech/spoken_text.h"

namespace lathe::services::speech {

struct SpeechMarkTypes {
  bool sentence = false;
  bool word = false;
  bool ssml = false;
  bool viseme = false;
};

struct SpeechMark {
  int64_t time_ms = 0;
  std::string type;  // "sentence", "word", "ssml", "viseme"
  size_t start = 0;  // byte offsets into the input (not for visemes)
  size_t end = 0;
  std::string value;  // the word or sentence text, the mark's name, or the viseme
};

// The marks of `types`, sorted by time (sentence before word before ssml at equal times).
// `input` is the request's Text; `duration_ms` the audio length (for words after the last event).
std::vector<SpeechMark> BuildSpeechMarks(std::string_view input, const SpokenText& spoken,
                                         const EngineOutput& output, SpeechMarkTypes types,
                                         int64_t duration_ms);

// One compact JSON object per line, each line ending in '\n'.
std::string SpeechMarksJsonLines(const std::vector<SpeechMark>& marks);

// Polly's viseme for an espeak-ng phoneme mnemonic ("p", "t", "S", "@", ..., "sil").
std::string_view VisemeOf(std::string_view espeak_phoneme);

}  // namespace lathe::services::speech
