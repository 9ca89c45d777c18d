// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "services/speech/speech_errors.h"

#include <array>
#include <utility>

namespace lathe::services::speech {
namespace {

constexpr char kDetail[] = "speech_error";

struct KindInfo {
  SpeechErrorKind kind;
  std::string_view name;
  StatusCode code;
};

constexpr std::array<KindInfo, 16> kKinds = {{
    {SpeechErrorKind::kInvalidInput, "InvalidInput", StatusCode::kInvalidArgument},
    {SpeechErrorKind::kUnknownVoice, "UnknownVoice", StatusCode::kInvalidArgument},
    {SpeechErrorKind::kTextTooLong, "TextTooLong", StatusCode::kResourceExhausted},
    {SpeechErrorKind::kInvalidSsml, "InvalidSsml", StatusCode::kInvalidArgument},
    {SpeechErrorKind::kInvalidSampleRate, "InvalidSampleRate", StatusCode::kInvalidArgument},
    {SpeechErrorKind::kLexiconNotFound, "LexiconNotFound", StatusCode::kNotFound},
    {SpeechErrorKind::kInvalidLexicon, "InvalidLexicon", StatusCode::kInvalidArgument},
    {SpeechErrorKind::kLexiconTooLarge, "LexiconTooLarge", StatusCode::kResourceExhausted},
    {SpeechErrorKind::kLexemeTooLong, "LexemeTooLong", StatusCode::kInvalidArgument},
    {SpeechErrorKind::kTooManyLexicons, "TooManyLexicons", StatusCode::kResourceExhausted},
    {SpeechErrorKind::kUnsupportedAlphabet, "UnsupportedAlphabet", StatusCode::kInvalidArgument},
    {SpeechErrorKind::kMarksNotForFormat, "MarksNotForFormat", StatusCode::kInvalidArgument},
    {SpeechErrorKind::kSsmlMarksNotForText, "SsmlMarksNotForText", StatusCode::kInvalidArgument},
    {SpeechErrorKind::kEngineNotSupported, "EngineNotSupported", StatusCode::kInvalidArgument},
    {SpeechErrorKind::kLanguageNotSupported, "LanguageNotSupported", StatusCode::kInvalidArgument},
    {SpeechErrorKind::kSynthesisFailed, "SynthesisFailed", StatusCode::kInternal},
}};

}  // namespace

Status SpeechError(SpeechErrorKind kind, std::string message) {
  for (const KindInfo& info : kKinds) {
    if (info.kind == kind) {
      return Status(info.code, std::move(message)).WithDetail(kDetail, std::string(info.name));
    }
  }
  return Status(StatusCode::kInternal, std::move(message));
}

std::optional<SpeechErrorKind> SpeechErrorKindOf(const Status& status) {
  auto it = status.details().find(kDetail);
  if (it == status.details().end() || !it->is_string()) return std::nullopt;
  const std::string& name = it->get_ref<const std::string&>();
  for (const KindInfo& info : kKinds) {
    if (info.name == name) return info.kind;
  }
  return std::nullopt;
}

std::string_view SpeechErrorKindName(SpeechErrorKind kind) {
  for (const KindInfo& info : kKinds) {
    if (info.kind == kind) return info.name;
  }
  return "Unknown";
}

}  // namespace lathe::services::speech
