// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// The failures of the speech service that a client must be able to tell apart (an unknown voice,
// SSML that does not parse, text over the limit...). They travel as an ordinary Status with the
// kind in its details, so the Polly adapter can name the service model's exception and the native
// API can show the same message. Stateless, thread-safe.
//
//   return SpeechError(SpeechErrorKind::kInvalidSsml, "line 1, column 8: unclosed <prosody>");
//   if (auto kind = SpeechErrorKindOf(status)) ...  // kInvalidSsml
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/status.h"

namespace lathe::services::speech {

enum class SpeechErrorKind {
  kInvalidInput,          // a malformed or missing parameter (Polly: ValidationException)
  kUnknownVoice,          // a VoiceId that no table entry has (ValidationException)
  kTextTooLong,           // over the characters limit (TextLengthExceededException)
  kInvalidSsml,           // SSML that does not parse, or an unsupported tag (InvalidSsmlException)
  kInvalidSampleRate,     // a rate the format does not offer (InvalidSampleRateException)
  kLexiconNotFound,       // (LexiconNotFoundException, HTTP 404)
  kInvalidLexicon,        // PLS that does not parse (InvalidLexiconException)
  kLexiconTooLarge,       // (LexiconSizeExceededException)
  kLexemeTooLong,         // (MaxLexemeLengthExceededException)
  kTooManyLexicons,       // (MaxLexiconsNumberExceededException)
  kUnsupportedAlphabet,   // a PLS alphabet other than ipa / x-sampa
                          // (UnsupportedPlsAlphabetException)
  kMarksNotForFormat,     // speech marks with an audio format (MarksNotSupportedForFormatException)
  kSsmlMarksNotForText,   // ssml marks with TextType text
                          // (SsmlMarksNotSupportedForTextTypeException)
  kEngineNotSupported,    // Engine neural (EngineNotSupportedException)
  kLanguageNotSupported,  // a LanguageCode the voice does not speak (LanguageNotSupportedException)
  kSynthesisFailed,       // espeak-ng or an encoder failed (ServiceFailureException, HTTP 500)
};

// A Status carrying `kind`: InvalidArgument (NotFound for kLexiconNotFound, ResourceExhausted for
// the size limits, Internal for kSynthesisFailed) with details {"speech_error": "<name>"}.
Status SpeechError(SpeechErrorKind kind, std::string message);

// The kind a status carries, or nullopt for any other status.
std::optional<SpeechErrorKind> SpeechErrorKindOf(const Status& status);

// "InvalidSsml", "TextTooLong"... (the details value).
std::string_view SpeechErrorKindName(SpeechErrorKind kind);

}  // namespace lathe::services::speech
