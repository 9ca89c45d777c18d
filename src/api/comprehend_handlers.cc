// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "api/comprehend_handlers.h"

#include <string>
#include <vector>

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

constexpr std::string_view kInvalidRequest = "InvalidRequestException";
constexpr std::string_view kTextSize = "TextSizeLimitExceededException";
constexpr std::string_view kUnsupportedLanguage = "UnsupportedLanguageException";
constexpr std::string_view kBatchSize = "BatchSizeLimitExceededException";

// Comprehend's float members are single precision; round so the JSON stays short.
double Score(double score) { return static_cast<float>(score); }

Result<std::string_view> RequiredString(const json& input, const char* field) {
  auto it = input.find(field);
  if (it == input.end() || it->is_null()) {
    return AwsException(kInvalidRequest, std::string(field) + ": a required member is missing");
  }
  if (!it->is_string()) {
    return AwsException(kInvalidRequest, std::string(field) + ": expected a string, got " +
                                             it->type_name());
  }
  return std::string_view(it->get_ref<const std::string&>());
}

// Text limits as Comprehend's exceptions: too large -> TextSizeLimitExceededException.
Status CheckText(std::string_view value, size_t max_bytes, const std::string& field) {
  Status status = text::CheckDocument(value, max_bytes, field);
  if (status.ok()) return status;
  if (status.code() == StatusCode::kResourceExhausted) {
    return AwsException(kTextSize, status.message());
  }
  return AwsException(kInvalidRequest, status.message());
}

Result<std::vector<std::string_view>> RequiredTextList(const json& input) {
  auto it = input.find("TextList");
  if (it == input.end() || it->is_null()) {
    return AwsException(kInvalidRequest, "TextList: a required member is missing");
  }
  if (!it->is_array()) {
    return AwsException(kInvalidRequest, std::string("TextList: expected a list, got ") +
                                             it->type_name());
  }
  if (it->empty()) {
    return AwsException(kInvalidRequest, "TextList: the list is empty; give 1 to 25 documents");
  }
  if (it->size() > text::kMaxBatchDocuments) {
    return AwsException(kBatchSize, "TextList: " + std::to_string(it->size()) +
                                        " documents; the limit is " +
                                        std::to_string(text::kMaxBatchDocuments) + " per request");
  }
  std::vector<std::string_view> texts;
  for (size_t i = 0; i < it->size(); ++i) {
    const json& item = (*it)[i];
    const std::string field = "TextList[" + std::to_string(i) + "]";
    if (!item.is_string()) {
      return AwsException(kInvalidRequest, field + ": expected a string, got " + item.type_name());
    }
    texts.push_back(item.get_ref<const std::string&>());
    LATHE_RETURN_IF_ERROR(CheckText(texts.back(), text::kMaxBatchDocumentBytes, field));
  }
  return texts;
}

// LanguageCode, checked against what `operation` supports.
Result<std::string> RequiredLanguage(const json& input, std::string_view operation,
                                     bool (*supported)(std::string_view), const char* list) {
  LATHE_ASSIGN_OR_RETURN(std::string_view code, RequiredString(input, "LanguageCode"));
  if (!supported(code)) {
    const std::string why = text::IsComprehendLanguageCode(code)
                                ? " is not supported by "
                                : " is not a Comprehend language code, so not supported by ";
    return AwsException(kUnsupportedLanguage, "LanguageCode '" + std::string(code) + "'" + why +
                                                  std::string(operation) + "; supported: " + list);
  }
  return std::string(code);
}

json LanguagesJson(std::string_view value) {
  json languages = json::array();
  for (const text::DetectedLanguage& l : text::DetectLanguages(value)) {
    languages.push_back({{"LanguageCode", l.code}, {"Score", Score(l.score)}});
  }
  return languages;
}

json KeyPhrasesJson(std::string_view value, const std::string& language) {
  json phrases = json::array();
  for (const text::KeyPhrase& p : text::ExtractKeyPhrases(value, language)) {
    phrases.push_back({{"Score", Score(p.score)},
                       {"Text", p.text},
                       {"BeginOffset", p.begin_offset},
                       {"EndOffset", p.end_offset}});
  }
  return phrases;
}

Result<json> DetectDominantLanguage(const json& input, RequestContext&) {
  LATHE_ASSIGN_OR_RETURN(std::string_view value, RequiredString(input, "Text"));
  LATHE_RETURN_IF_ERROR(CheckText(value, text::kMaxSyncDocumentBytes, "Text"));
  return json{{"Languages", LanguagesJson(value)}};
}

Result<json> BatchDetectDominantLanguage(const json& input, RequestContext&) {
  LATHE_ASSIGN_OR_RETURN(std::vector<std::string_view> texts, RequiredTextList(input));
  json results = json::array();
  for (size_t i = 0; i < texts.size(); ++i) {
    results.push_back({{"Index", i}, {"Languages", LanguagesJson(texts[i])}});
  }
  return json{{"ResultList", results}, {"ErrorList", json::array()}};
}

Result<json> DetectPiiEntities(const json& input, RequestContext&) {
  LATHE_ASSIGN_OR_RETURN(std::string_view value, RequiredString(input, "Text"));
  LATHE_ASSIGN_OR_RETURN(std::string language, RequiredLanguage(input, "DetectPiiEntities",
                                                                 text::IsPiiLanguage, "en, es"));
  LATHE_RETURN_IF_ERROR(CheckText(value, text::kMaxSyncDocumentBytes, "Text"));
  json entities = json::array();
  for (const text::PiiEntity& e :
       text::PiiDetector::Default().Detect(value, {.language_code = language})) {
    entities.push_back({{"Score", Score(e.score)},
                        {"Type", e.type},
                        {"BeginOffset", e.begin_offset},
                        {"EndOffset", e.end_offset}});
  }
  return json{{"Entities", entities}};
}

Result<json> ContainsPiiEntities(const json& input, RequestContext&) {
  LATHE_ASSIGN_OR_RETURN(std::string_view value, RequiredString(input, "Text"));
  LATHE_ASSIGN_OR_RETURN(std::string language, RequiredLanguage(input, "ContainsPiiEntities",
                                                                 text::IsPiiLanguage, "en, es"));
  LATHE_RETURN_IF_ERROR(CheckText(value, text::kMaxSyncDocumentBytes, "Text"));
  json labels = json::array();
  const auto entities = text::PiiDetector::Default().Detect(value, {.language_code = language});
  for (const auto& [name, score] : text::PiiDetector::Labels(entities)) {
    labels.push_back({{"Name", name}, {"Score", Score(score)}});
  }
  return json{{"Labels", labels}};
}

Result<json> DetectKeyPhrases(const json& input, RequestContext&) {
  LATHE_ASSIGN_OR_RETURN(std::string_view value, RequiredString(input, "Text"));
  LATHE_ASSIGN_OR_RETURN(std::string language,
                         RequiredLanguage(input, "DetectKeyPhrases", text::IsKeyPhraseLanguage,
                                          "en, es, fr, de, it, pt"));
  LATHE_RETURN_IF_ERROR(CheckText(value, text::kMaxSyncDocumentBytes, "Text"));
  return json{{"KeyPhrases", KeyPhrasesJson(value, language)}};
}

Result<json> BatchDetectKeyPhrases(const json& input, RequestContext&) {
  LATHE_ASSIGN_OR_RETURN(std::string language,
                         RequiredLanguage(input, "BatchDetectKeyPhrases",
                                          text::IsKeyPhraseLanguage, "en, es, fr, de, it, pt"));
  LATHE_ASSIGN_OR_RETURN(std::vector<std::string_view> texts, RequiredTextList(input));
  json results = json::array();
  for (size_t i = 0; i < texts.size(); ++i) {
    results.push_back({{"Index", i}, {"KeyPhrases", KeyPhrasesJson(texts[i], language)}});
  }
  return json{{"ResultList", results}, {"ErrorList", json::array()}};
}

// `language` passed IsSentimentLanguage, so it has an analyzer.
json SentimentJson(std::string_view value, std::string_view language) {
  const text::SentimentScores s = text::SentimentAnalyzer::ForLanguage(language)->Analyze(value);
  return {{"Sentiment", s.sentiment},
          {"SentimentScore",
           {{"Positive", Score(s.positive)},
            {"Negative", Score(s.negative)},
            {"Neutral", Score(s.neutral)},
            {"Mixed", Score(s.mixed)}}}};
}

Result<json> DetectSentiment(const json& input, RequestContext&) {
  LATHE_ASSIGN_OR_RETURN(std::string_view value, RequiredString(input, "Text"));
  LATHE_ASSIGN_OR_RETURN(std::string language,
                         RequiredLanguage(input, "DetectSentiment", text::IsSentimentLanguage,
                                          text::kSentimentLanguages));
  LATHE_RETURN_IF_ERROR(CheckText(value, text::kMaxSentimentSyntaxBytes, "Text"));
  return SentimentJson(value, language);
}

Result<json> BatchDetectSentiment(const json& input, RequestContext&) {
  LATHE_ASSIGN_OR_RETURN(std::string language,
                         RequiredLanguage(input, "BatchDetectSentiment", text::IsSentimentLanguage,
                                          text::kSentimentLanguages));
  LATHE_ASSIGN_OR_RETURN(std::vector<std::string_view> texts, RequiredTextList(input));
  json results = json::array();
  for (size_t i = 0; i < texts.size(); ++i) {
    json result = SentimentJson(texts[i], language);
    result["Index"] = i;
    results.push_back(std::move(result));
  }
  return json{{"ResultList", results}, {"ErrorList", json::array()}};
}

Result<json> SyntaxTokensJson(std::string_view value, const std::string& language) {
  LATHE_ASSIGN_OR_RETURN(std::vector<text::SyntaxToken> tokens, text::AnalyzeSyntax(value, language));
  json out = json::array();
  for (const text::SyntaxToken& t : tokens) {
    out.push_back({{"TokenId", t.token_id},
                   {"Text", t.text},
                   {"BeginOffset", t.begin_offset},
                   {"EndOffset", t.end_offset},
                   {"PartOfSpeech", {{"Tag", t.tag}, {"Score", Score(t.score)}}}});
  }
  return out;
}

constexpr const char* kSyntaxLanguages = "en, es, fr, de, it, pt";

Result<json> DetectSyntax(const json& input, RequestContext&) {
  LATHE_ASSIGN_OR_RETURN(std::string_view value, RequiredString(input, "Text"));
  LATHE_ASSIGN_OR_RETURN(std::string language, RequiredLanguage(input, "DetectSyntax",
                                                                 text::IsSyntaxLanguage,
                                                                 kSyntaxLanguages));
  LATHE_RETURN_IF_ERROR(CheckText(value, text::kMaxSentimentSyntaxBytes, "Text"));
  LATHE_ASSIGN_OR_RETURN(json tokens, SyntaxTokensJson(value, language));
  return json{{"SyntaxTokens", tokens}};
}

Result<json> BatchDetectSyntax(const json& input, RequestContext&) {
  LATHE_ASSIGN_OR_RETURN(std::string language, RequiredLanguage(input, "BatchDetectSyntax",
                                                                 text::IsSyntaxLanguage,
                                                                 kSyntaxLanguages));
  LATHE_ASSIGN_OR_RETURN(std::vector<std::string_view> texts, RequiredTextList(input));
  json results = json::array(), errors = json::array();
  for (size_t i = 0; i < texts.size(); ++i) {
    Result<json> tokens = SyntaxTokensJson(texts[i], language);
    if (tokens.ok()) {
      results.push_back({{"Index", i}, {"SyntaxTokens", std::move(tokens).value()}});
    } else {  // a document the tokenizer failed on: reported, the others still answered
      errors.push_back({{"Index", i},
                        {"ErrorCode", "INTERNAL_SERVER_ERROR"},
                        {"ErrorMessage", tokens.status().message()}});
    }
  }
  return json{{"ResultList", results}, {"ErrorList", errors}};
}

Result<json> EntitiesJson(std::string_view value, const std::string& language) {
  LATHE_ASSIGN_OR_RETURN(std::vector<text::Entity> entities, text::DetectEntities(value, language));
  json out = json::array();
  for (const text::Entity& e : entities) {
    out.push_back({{"Score", Score(e.score)},
                   {"Type", e.type},
                   {"Text", e.text},
                   {"BeginOffset", e.begin_offset},
                   {"EndOffset", e.end_offset}});
  }
  return out;
}

constexpr const char* kEntityLanguages = "en, es, fr, de, it, pt";

Result<json> DetectEntities(const json& input, RequestContext&) {
  if (input.contains("EndpointArn") && !input["EndpointArn"].is_null()) {
    return AwsException("ResourceUnavailableException",
                        "EndpointArn: custom entity recognizers are not available in Lathe; omit "
                        "EndpointArn to use the built-in entity types");
  }
  if (input.contains("Bytes") && !input["Bytes"].is_null()) {
    return AwsException(kInvalidRequest,
                        "Bytes: documents are only accepted with a custom recognizer; send plain "
                        "text in Text");
  }
  LATHE_ASSIGN_OR_RETURN(std::string_view value, RequiredString(input, "Text"));
  LATHE_ASSIGN_OR_RETURN(std::string language, RequiredLanguage(input, "DetectEntities",
                                                                 text::IsEntityLanguage,
                                                                 kEntityLanguages));
  LATHE_RETURN_IF_ERROR(CheckText(value, text::kMaxSyncDocumentBytes, "Text"));
  LATHE_ASSIGN_OR_RETURN(json entities, EntitiesJson(value, language));
  return json{{"Entities", entities}};
}

Result<json> BatchDetectEntities(const json& input, RequestContext&) {
  LATHE_ASSIGN_OR_RETURN(std::string language, RequiredLanguage(input, "BatchDetectEntities",
                                                                 text::IsEntityLanguage,
                                                                 kEntityLanguages));
  LATHE_ASSIGN_OR_RETURN(std::vector<std::string_view> texts, RequiredTextList(input));
  json results = json::array(), errors = json::array();
  for (size_t i = 0; i < texts.size(); ++i) {
    Result<json> entities = EntitiesJson(texts[i], language);
    if (entities.ok()) {
      results.push_back({{"Index", i}, {"Entities", std::move(entities).value()}});
    } else {  // reported per document; the others are still answered
      errors.push_back({{"Index", i},
                        {"ErrorCode", "INTERNAL_SERVER_ERROR"},
                        {"ErrorMessage", entities.status().message()}});
    }
  }
  return json{{"ResultList", results}, {"ErrorList", errors}};
}

}  // namespace

AwsJsonService ComprehendService() {
  AwsJsonService service;
  service.target_prefix = "Comprehend_20171127";
  service.operations = {
      {"DetectDominantLanguage", DetectDominantLanguage},
      {"BatchDetectDominantLanguage", BatchDetectDominantLanguage},
      {"DetectPiiEntities", DetectPiiEntities},
      {"ContainsPiiEntities", ContainsPiiEntities},
      {"DetectKeyPhrases", DetectKeyPhrases},
      {"BatchDetectKeyPhrases", BatchDetectKeyPhrases},
      {"DetectSentiment", DetectSentiment},
      {"BatchDetectSentiment", BatchDetectSentiment},
      {"DetectSyntax", DetectSyntax},
      {"BatchDetectSyntax", BatchDetectSyntax},
      {"DetectEntities", DetectEntities},
      {"BatchDetectEntities", BatchDetectEntities},
  };
  service.invalid_input_exception = std::string(kInvalidRequest);
  service.internal_exception = "InternalServerException";
  return service;
}

}  // namespace lathe::api
