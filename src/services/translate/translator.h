// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Translator: machine translation on the installed Apertium pairs. It discovers the directions
// (ApertiumMode), keeps a lazily started PipelinePool per direction, detects the source language
// when asked ("auto", with services/text's identifier), pivots through a third language when no
// direct pair exists (en->pt-PT via es), carries custom terms through verbatim (in HTML text
// only, markup kept) and masks profanity on request (profanity.h). Thread-safe.
//
//   LATHE_ASSIGN_OR_RETURN(auto translator, Translator::Create({}));
//   LATHE_ASSIGN_OR_RETURN(TranslationResult r,
//                          translator->Translate({.text = "Hello world.", .source = "en",
//                                                 .target = "es"}));
//   // r.text == "Hola mundo."
#pragma once

#include <chrono>
#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "services/translate/apertium_mode.h"
#include "services/translate/pipeline_pool.h"
#include "services/translate/terminology.h"

namespace lathe::services::translate {

// Amazon Translate's limits: TranslateText takes 10,000 bytes of UTF-8, TranslateDocument 100 KB.
inline constexpr size_t kMaxTextBytes = 10000;
inline constexpr size_t kMaxDocumentBytes = 100 * 1024;
// "auto" refuses a detection scored below this (services/text halves unreliable scores).
inline constexpr double kMinDetectionScore = 0.5;

// Status detail "reason" values the adapters turn into AWS exceptions.
inline constexpr std::string_view kReasonUnsupportedPair = "UnsupportedLanguagePair";
inline constexpr std::string_view kReasonLowConfidence = "DetectedLanguageLowConfidence";

struct TranslatorOptions {
  std::string modes_dir = std::string(kDefaultModesDir);  // where the .mode files are
  int pipelines_per_direction = 2;                        // pool size per direction
  std::chrono::milliseconds timeout{30000};               // per pipeline request
  bool mark_unknown = false;  // '*' before unknown words, as `apertium` without -u
};

enum class TextFormat { kPlain, kHtml };

struct TranslationRequest {
  std::string text;    // UTF-8 (the caller checks size and encoding)
  std::string source;  // AWS code or "auto"
  std::string target;  // AWS code
  TextFormat format = TextFormat::kPlain;
  std::vector<const TermTable*> terminologies;  // applied in order (HTML: in text only)
  bool mask_profanity = false;  // Settings.Profanity = MASK: profane words become "?$#@$"
};

struct TranslationResult {
  std::string text;
  std::string source;  // detected when the request said "auto"
  std::string target;
  std::string pivot;               // the language in between, "" for a direct pair
  std::vector<std::string> modes;  // the Apertium modes used, in order
  std::vector<TermMatch> applied_terms;
  // True when mask_profanity was asked and the target language has a profanity list (the
  // setting is then in AWS's AppliedSettings); false for a language without one (ignored).
  bool profanity_masked = false;
};

// A way from one language to another: one mode, or two through `pivot`.
struct TranslationRoute {
  std::vector<const ApertiumMode*> modes;
  std::string pivot;
};

class Translator {
 public:
  // Lists the modes of options.modes_dir; starts no process. NotFound if the directory is
  // missing (Apertium not installed).
  static Result<std::unique_ptr<Translator>> Create(TranslatorOptions options);
  Translator(const Translator&) = delete;
  Translator& operator=(const Translator&) = delete;

  // Every direct direction, sorted.
  const std::vector<ApertiumMode>& modes() const { return modes_; }
  // Every AWS language code that is a source or target of some mode, sorted.
  std::vector<std::string> Languages() const;
  // The route from `source` to `target`; InvalidArgument with reason UnsupportedLanguagePair
  // when neither a direct pair nor a pivot exists.
  Result<TranslationRoute> FindRoute(std::string_view source, std::string_view target) const;

  // Translates. InvalidArgument for empty text; reason DetectedLanguageLowConfidence (detail
  // "detected_language") when "auto" cannot tell; UnsupportedLanguagePair; Unavailable or
  // DeadlineExceeded when a pipeline stage dies or hangs (the pipeline is restarted next time).
  Result<TranslationResult> Translate(const TranslationRequest& request);

  // The pool of a direction (tests kill its stages). nullptr if unknown.
  PipelinePool* TEST_Pool(std::string_view mode_name);

 private:
  Translator(TranslatorOptions options, std::vector<ApertiumMode> modes);
  Result<std::string> DetectSource(std::string_view text) const;

  const TranslatorOptions options_;
  const std::vector<ApertiumMode> modes_;
  std::map<std::string, std::unique_ptr<PipelinePool>, std::less<>> pools_;  // by mode name
};

}  // namespace lathe::services::translate
