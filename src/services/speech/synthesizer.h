// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// The speech service's entry point (Amazon Polly's SynthesizeSpeech without the HTTP): checks a
// request against Polly's rules and limits (PrepareSpeech: fast, no audio), then renders it
// (RenderSpeech: espeak-ng, resampling, encoding) block by block into a sink, so a caller can
// send the first bytes while the rest is synthesised. Thread-safe; renders run one at a time
// inside espeak-ng (see espeak_engine.h), preparation runs in parallel.
//
//   LATHE_ASSIGN_OR_RETURN(PreparedSpeech speech, PrepareSpeech({.text = "Hello", .voice_id =
//   "Joanna",
//                                                                .output_format = "mp3"}, {}));
//   LATHE_RETURN_IF_ERROR(RenderSpeech(speech, [&](std::string_view bytes) { ...; return true; }));
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "services/speech/audio_encoder.h"
#include "services/speech/speech_marks.h"
#include "services/speech/ssml_translator.h"
#include "services/speech/voices.h"

namespace lathe::services::speech {

class Lexicon;

// Polly's limits: billed characters (text without SSML tags) and all characters of Text.
inline constexpr size_t kMaxBilledCharacters = 3000;
inline constexpr size_t kMaxTotalCharacters = 6000;
// The same for an asynchronous synthesis task (StartSpeechSynthesisTask).
inline constexpr size_t kMaxTaskBilledCharacters = 100000;
inline constexpr size_t kMaxTaskTotalCharacters = 200000;

struct SpeechRequest {
  std::string text;                   // plain text or SSML
  bool ssml = false;                  // TextType ssml
  std::string voice_id;               // Polly VoiceId ("Joanna")
  std::string output_format = "mp3";  // "mp3", "ogg_vorbis", "pcm" or "json" (speech marks)
  int sample_rate = 0;                // Hz; 0 = the format's default (pcm 16000, else 22050)
  std::vector<std::string> speech_mark_types;  // "sentence", "word", "ssml", "viseme" (json)
  std::string engine;                          // "" or "standard" ("neural" is not available)
  std::string language_code;                   // optional; must be one the voice speaks
  bool task = false;  // an asynchronous task: the kMaxTask* limits instead of the others
};

struct PreparedSpeech {
  SpeechText text;    // what espeak-ng reads, with the map back to the input
  std::string input;  // the request's Text (speech marks point into it)
  const Voice* voice = nullptr;
  bool marks_only = false;  // output_format json
  AudioFormat format = AudioFormat::kMp3;
  int sample_rate = 22050;
  SpeechMarkTypes mark_types;
  std::string content_type;  // "audio/mpeg", "audio/ogg", "audio/pcm", "application/x-json-stream"
};

// Validates `request` and translates its text (lexicon aliases applied, in `lexicons` order).
// Errors (speech_errors.h kinds): kUnknownVoice, kInvalidInput (a bad OutputFormat, TextType,
// mark type; json without mark types), kInvalidSampleRate, kTextTooLong, kInvalidSsml,
// kMarksNotForFormat, kSsmlMarksNotForText, kEngineNotSupported, kLanguageNotSupported.
Result<PreparedSpeech> PrepareSpeech(const SpeechRequest& request,
                                     const std::vector<const Lexicon*>& lexicons);

// Receives output bytes in order; return false to stop early (the client went away).
using ByteSink = std::function<bool(std::string_view bytes)>;

// Synthesises `speech` and passes the encoded audio (or the speech marks, at the end) to `sink`.
// kSynthesisFailed if espeak-ng or an encoder fails; Cancelled if the sink stopped it.
Status RenderSpeech(const PreparedSpeech& speech, const ByteSink& sink);

// PrepareSpeech + RenderSpeech into one string.
Result<std::string> SynthesizeToString(const SpeechRequest& request,
                                       const std::vector<const Lexicon*>& lexicons);

}  // namespace lathe::services::speech
