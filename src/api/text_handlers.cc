// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "api/text_handlers.h"

#include "api/json_body.h"
#include "services/text/entities.h"
#include "services/text/key_phrases.h"
#include "services/text/language_detector.h"
#include "services/text/pii_detector.h"
#include "services/text/sentiment.h"
#include "services/text/syntax.h"
#include "services/text/text_limits.h"

namespace lathe::api {
namespace {

using nlohmann::json;
namespace text = services::text;

struct TextRequest {
  json body;
  std::string text;
  std::string language_code;
};

// Parses {"text": ..., "language_code": ...}; the language is checked with `supported` when given.
// `max_bytes` is the operation's document limit (Comprehend's: 100 KB, 5 KB for sentiment and
// syntax).
Result<TextRequest> ParseTextRequest(const HttpRequest& request, bool (*supported)(std::string_view),
                                     const char* supported_list,
                                     size_t max_bytes = text::kMaxSyncDocumentBytes) {
  TextRequest out;
  LATHE_ASSIGN_OR_RETURN(out.body, ParseJsonObjectBody(request));
  auto it = out.body.find("text");
  if (it == out.body.end() || !it->is_string()) {
    return InvalidArgumentError("text: required, a string of UTF-8 text")
        .WithDetail("field", "text");
  }
  out.text = it->get<std::string>();
  LATHE_RETURN_IF_ERROR(text::CheckDocument(out.text, max_bytes, "text"));
  if (supported != nullptr) {
    auto lang = out.body.find("language_code");
    out.language_code = "en";
    if (lang != out.body.end()) {
      if (!lang->is_string()) {
        return InvalidArgumentError("language_code: expected a string such as \"en\"")
            .WithDetail("field", "language_code");
      }
      out.language_code = lang->get<std::string>();
    }
    if (!supported(out.language_code)) {
      return InvalidArgumentError("language_code: '" + out.language_code +
                                  "' is not supported here; supported: " + supported_list)
          .WithDetail("field", "language_code");
    }
  }
  return out;
}

bool Truthy(std::optional<std::string_view> v) {
  return v.has_value() && (*v == "true" || *v == "1" || *v == "yes");
}

}  // namespace

Result<HttpResponse> DetectTextLanguage(HttpRequest& request, RequestContext&) {
  LATHE_ASSIGN_OR_RETURN(TextRequest in, ParseTextRequest(request, nullptr, ""));
  json languages = json::array();
  for (const text::DetectedLanguage& l : text::DetectLanguages(in.text)) {
    languages.push_back({{"language_code", l.code}, {"score", l.score}});
  }
  return HttpResponse::Json(200, {{"languages", languages}});
}

Result<HttpResponse> DetectTextPii(HttpRequest& request, RequestContext&) {
  LATHE_ASSIGN_OR_RETURN(TextRequest in, ParseTextRequest(request, text::IsPiiLanguage, "en, es"));
  const std::vector<text::PiiEntity> entities =
      text::PiiDetector::Default().Detect(in.text, {.language_code = in.language_code});
  json list = json::array();
  for (const text::PiiEntity& e : entities) {
    list.push_back({{"type", e.type},
                    {"score", e.score},
                    {"begin_offset", e.begin_offset},
                    {"end_offset", e.end_offset},
                    {"text", in.text.substr(e.begin_byte, e.end_byte - e.begin_byte)}});
  }
  json out = {{"entities", list}};
  if (Truthy(request.Query("redact"))) {
    out["redacted_text"] = text::PiiDetector::Redact(in.text, entities);
  }
  return HttpResponse::Json(200, out);
}

Result<HttpResponse> ContainsTextPii(HttpRequest& request, RequestContext&) {
  LATHE_ASSIGN_OR_RETURN(TextRequest in, ParseTextRequest(request, text::IsPiiLanguage, "en, es"));
  const auto entities =
      text::PiiDetector::Default().Detect(in.text, {.language_code = in.language_code});
  json labels = json::array();
  for (const auto& [name, score] : text::PiiDetector::Labels(entities)) {
    labels.push_back({{"name", name}, {"score", score}});
  }
  return HttpResponse::Json(200, {{"labels", labels}});
}

Result<HttpResponse> DetectTextKeyPhrases(HttpRequest& request, RequestContext&) {
  LATHE_ASSIGN_OR_RETURN(TextRequest in, ParseTextRequest(request, text::IsKeyPhraseLanguage,
                                                          "en, es, fr, de, it, pt"));
  json phrases = json::array();
  for (const text::KeyPhrase& p : text::ExtractKeyPhrases(in.text, in.language_code)) {
    phrases.push_back({{"text", p.text},
                       {"score", p.score},
                       {"begin_offset", p.begin_offset},
                       {"end_offset", p.end_offset}});
  }
  return HttpResponse::Json(200, {{"key_phrases", phrases}});
}

Result<HttpResponse> DetectTextSentiment(HttpRequest& request, RequestContext&) {
  LATHE_ASSIGN_OR_RETURN(TextRequest in,
                         ParseTextRequest(request, text::IsSentimentLanguage,
                                          text::kSentimentLanguages, text::kMaxSentimentSyntaxBytes));
  const text::SentimentScores s =
      text::SentimentAnalyzer::ForLanguage(in.language_code)->Analyze(in.text);
  return HttpResponse::Json(200, {{"sentiment", s.sentiment},
                                  {"scores",
                                   {{"positive", s.positive},
                                    {"negative", s.negative},
                                    {"neutral", s.neutral},
                                    {"mixed", s.mixed}}}});
}

Result<HttpResponse> DetectTextSyntax(HttpRequest& request, RequestContext&) {
  LATHE_ASSIGN_OR_RETURN(TextRequest in,
                         ParseTextRequest(request, text::IsSyntaxLanguage, "en, es, fr, de, it, pt",
                                          text::kMaxSentimentSyntaxBytes));
  LATHE_ASSIGN_OR_RETURN(std::vector<text::SyntaxToken> tokens,
                         text::AnalyzeSyntax(in.text, in.language_code));
  json list = json::array();
  for (const text::SyntaxToken& t : tokens) {
    list.push_back({{"token_id", t.token_id},
                    {"text", t.text},
                    {"begin_offset", t.begin_offset},
                    {"end_offset", t.end_offset},
                    {"tag", t.tag},
                    {"score", t.score},
                    {"stem", t.stem}});
  }
  return HttpResponse::Json(200, {{"tokens", list}});
}

Result<HttpResponse> DetectTextEntities(HttpRequest& request, RequestContext&) {
  LATHE_ASSIGN_OR_RETURN(TextRequest in, ParseTextRequest(request, text::IsEntityLanguage,
                                                          "en, es, fr, de, it, pt"));
  LATHE_ASSIGN_OR_RETURN(std::vector<text::Entity> entities,
                         text::DetectEntities(in.text, in.language_code));
  json list = json::array();
  for (const text::Entity& e : entities) {
    list.push_back({{"type", e.type},
                    {"text", e.text},
                    {"score", e.score},
                    {"begin_offset", e.begin_offset},
                    {"end_offset", e.end_offset}});
  }
  return HttpResponse::Json(200, {{"entities", list}});
}

}  // namespace lathe::api
