// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "api/comprehend_handlers.h"

#include <string>
#include <vector>

#include "services/text/key_phrases.h"
#include "services/text/language_detector.h"
#include "services/text/pii_detector.h"
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
  };
  service.invalid_input_exception = std::string(kInvalidRequest);
  service.internal_exception = "InternalServerException";
  return service;
}

}  // namespace lathe::api
