// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "services/translate/translator.h"

#include <algorithm>
#include <set>

#include "services/text/language_detector.h"
#include "services/translate/profanity.h"
#include "services/translate/stream_format.h"

namespace lathe::services::translate {
namespace {

// Pivot languages tried first: the hubs of the installed Apertium pairs.
constexpr std::string_view kPreferredPivots[] = {"es", "ca", "en", "fr", "pt-PT"};

Status UnsupportedPair(std::string_view source, std::string_view target,
                       const std::vector<std::string>& languages) {
  std::string list;
  for (const std::string& l : languages) list += (list.empty() ? "" : ", ") + l;
  return InvalidArgumentError(
             "no translation from '" + std::string(source) + "' to '" + std::string(target) +
             "': no Apertium pair, direct or through a third language; " + "languages: " + list)
      .WithDetail("reason", std::string(kReasonUnsupportedPair))
      .WithDetail("source_language", std::string(source))
      .WithDetail("target_language", std::string(target));
}

// The terminologies' terms in the request's text (in HTML, in text runs only, never in markup).
std::vector<TermMatch> FindTermsIn(const TranslationRequest& request, std::string_view source,
                                   std::string_view target) {
  if (request.terminologies.empty()) return {};
  if (request.format == TextFormat::kPlain) {
    return FindTerms(request.terminologies, request.text, source, target);
  }
  std::vector<TermMatch> all;
  for (const auto& [begin, end] : HtmlTextRanges(request.text)) {
    const std::string_view run = std::string_view(request.text).substr(begin, end - begin);
    for (TermMatch& m : FindTerms(request.terminologies, run, source, target)) {
      m.begin += begin;
      m.end += begin;
      all.push_back(std::move(m));
    }
  }
  return all;
}

// Masks the target language's profanity in result->text (in HTML, in text runs only).
void MaskProfanity(TextFormat format, TranslationResult* result) {
  const ProfanityMasker& masker = ProfanityMasker::Default();
  if (!masker.Supports(result->target)) return;
  result->profanity_masked = true;
  if (format == TextFormat::kPlain) {
    result->text = masker.Mask(result->text, result->target);
    return;
  }
  const std::string& html = result->text;
  std::string out;
  out.reserve(html.size());
  size_t pos = 0;
  for (const auto& [begin, end] : HtmlTextRanges(html)) {
    out.append(html, pos, begin - pos);
    out.append(masker.Mask(std::string_view(html).substr(begin, end - begin), result->target));
    pos = end;
  }
  out.append(html, pos, std::string::npos);
  result->text = std::move(out);
}

}  // namespace

Result<std::unique_ptr<Translator>> Translator::Create(TranslatorOptions options) {
  LATHE_ASSIGN_OR_RETURN(std::vector<ApertiumMode> modes, ListModes(options.modes_dir));
  return std::unique_ptr<Translator>(new Translator(std::move(options), std::move(modes)));
}

Translator::Translator(TranslatorOptions options, std::vector<ApertiumMode> modes)
    : options_(std::move(options)), modes_(std::move(modes)) {
  for (const ApertiumMode& m : modes_) {
    if (pools_.count(m.name) != 0) continue;
    pools_.emplace(m.name, std::make_unique<PipelinePool>(
                               PipelinePoolOptions{.name = m.name,
                                                   .mode_path = m.path,
                                                   .size = options_.pipelines_per_direction,
                                                   .timeout = options_.timeout,
                                                   .mark_unknown = options_.mark_unknown}));
  }
}

std::vector<std::string> Translator::Languages() const {
  std::set<std::string> codes;
  for (const ApertiumMode& m : modes_) {
    codes.insert(m.source);
    codes.insert(m.target);
  }
  return {codes.begin(), codes.end()};
}

Result<TranslationRoute> Translator::FindRoute(std::string_view source,
                                               std::string_view target) const {
  auto direct = [this](std::string_view from, std::string_view to) -> const ApertiumMode* {
    for (const ApertiumMode& m : modes_) {
      if (m.source == from && m.target == to) return &m;
    }
    return nullptr;
  };
  if (const ApertiumMode* m = direct(source, target)) {
    return TranslationRoute{.modes = {m}, .pivot = ""};
  }
  std::vector<std::string> pivots(std::begin(kPreferredPivots), std::end(kPreferredPivots));
  for (const std::string& l : Languages()) pivots.push_back(l);
  for (const std::string& pivot : pivots) {
    if (pivot == source || pivot == target) continue;
    const ApertiumMode* first = direct(source, pivot);
    const ApertiumMode* second = direct(pivot, target);
    if (first != nullptr && second != nullptr) {
      return TranslationRoute{.modes = {first, second}, .pivot = pivot};
    }
  }
  return UnsupportedPair(source, target, Languages());
}

Result<std::string> Translator::DetectSource(std::string_view text) const {
  const std::vector<text::DetectedLanguage> found = text::DetectLanguages(text);
  if (found.empty() || found[0].score < kMinDetectionScore) {
    const std::string code = found.empty() ? "" : found[0].code;
    return InvalidArgumentError(
               found.empty()
                   ? std::string("SourceLanguageCode auto: no language could be detected in " +
                                 std::string("the text; give SourceLanguageCode"))
                   : "SourceLanguageCode auto: the text looks like '" + code +
                         "' but only with confidence " + std::to_string(found[0].score) +
                         " (below " + std::to_string(kMinDetectionScore) +
                         "); give SourceLanguageCode")
        .WithDetail("reason", std::string(kReasonLowConfidence))
        .WithDetail("detected_language", code);
  }
  return found[0].code;
}

Result<TranslationResult> Translator::Translate(const TranslationRequest& request) {
  if (request.text.empty()) {
    return InvalidArgumentError("Text: empty; give 1 or more bytes of text")
        .WithDetail("field", "Text");
  }
  TranslationResult result;
  result.target = request.target;
  if (request.source == "auto") {
    LATHE_ASSIGN_OR_RETURN(result.source, DetectSource(request.text));
  } else {
    result.source = request.source;
  }
  if (result.source == result.target) {
    result.text = request.text;
    if (request.mask_profanity) MaskProfanity(request.format, &result);
    return result;
  }
  LATHE_ASSIGN_OR_RETURN(TranslationRoute route, FindRoute(result.source, result.target));
  result.pivot = route.pivot;

  result.applied_terms = FindTermsIn(request, result.source, result.target);
  std::vector<ProtectedSpan> spans;
  for (const TermMatch& m : result.applied_terms) {
    spans.push_back({.begin = m.begin, .end = m.end, .text = m.target_text});
  }
  std::string stream = request.format == TextFormat::kHtml ? DeformatHtml(request.text, spans)
                                                           : Deformat(request.text, spans);
  for (size_t leg = 0; leg < route.modes.size(); ++leg) {
    const ApertiumMode& mode = *route.modes[leg];
    result.modes.push_back(mode.name);
    auto pool = pools_.find(mode.name);
    if (pool == pools_.end()) return InternalError("no pipeline pool for mode " + mode.name);
    LATHE_ASSIGN_OR_RETURN(std::string out, pool->second->Process(stream));
    stream = leg + 1 < route.modes.size() ? Restream(out) : std::move(out);
  }
  result.text = Reformat(stream);
  if (request.mask_profanity) MaskProfanity(request.format, &result);
  return result;
}

PipelinePool* Translator::TEST_Pool(std::string_view mode_name) {
  auto it = pools_.find(mode_name);
  return it == pools_.end() ? nullptr : it->second.get();
}

}  // namespace lathe::services::translate
