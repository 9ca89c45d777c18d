// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// The one libespeak-ng engine of the process. espeak-ng keeps its state in globals (a
// process-wide singleton), so every call takes one mutex: syntheses run one at a time, each in
// AUDIO_OUTPUT_SYNCHRONOUS mode, which delivers 22050 Hz mono int16 PCM and the word, sentence,
// mark and phoneme events through a callback. Initialised on first use with espeak's data from
// the Debian package. Thread-safe (serialised).
//
//   LATHE_ASSIGN_OR_RETURN(EngineOutput out, EspeakEngine::Synthesize(spoken.markup(),
//   "en-us+f3"));
//   // out.samples at kEspeakSampleRate; out.events in time order
#pragma once

#include <cstddef>
#include <cstdint>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace lathe::services::speech {

inline constexpr int kEspeakSampleRate = 22050;

enum class EngineEventType { kWord, kSentence, kMark, kPhoneme };

struct EngineEvent {
  EngineEventType type = EngineEventType::kWord;
  size_t position = 0;  // 0-based code-point index in the markup given to espeak-ng
  size_t length = 0;    // code points (words)
  int64_t time_ms = 0;  // audio time from the start
  std::string name;     // kMark: the mark's name; kPhoneme: espeak's phoneme mnemonic
};

struct EngineOutput {
  std::vector<int16_t> samples;  // mono, kEspeakSampleRate (empty when streamed to `on_audio`)
  std::vector<EngineEvent> events;
};

// Called with each block of PCM as espeak-ng produces it; return false to stop the synthesis.
using AudioCallback = std::function<bool(const int16_t* samples, size_t count)>;

class EspeakEngine {
 public:
  // Synthesises espeak SSML `markup` with `voice` ("en-us+f3"). Waits for any other synthesis to
  // finish first. With `on_audio`, PCM goes there block by block instead of into the output.
  // Errors: Internal if espeak-ng cannot initialise (its data missing) or fails; NotFound for a
  // voice espeak-ng does not have; Cancelled when `on_audio` returned false.
  static Result<EngineOutput> Synthesize(std::string_view markup, std::string_view voice,
                                         const AudioCallback& on_audio = nullptr);

  // espeak-ng's version string ("1.51"), initialising it if needed; "" if it cannot start.
  static std::string Version();
};

}  // namespace lathe::services::speech
