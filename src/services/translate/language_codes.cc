// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "services/translate/language_codes.h"

#include <array>

namespace lathe::services::translate {
namespace {

struct LanguageRow {
  std::string_view iso3;  // Apertium's newer codes
  std::string_view iso1;  // Apertium's older codes and AWS's base code
  std::string_view name;  // English name, as ListLanguages gives it
};

constexpr std::array<LanguageRow, 24> kLanguages = {{
    {"eng", "en", "English"},   {"spa", "es", "Spanish"},    {"cat", "ca", "Catalan"},
    {"fra", "fr", "French"},    {"por", "pt", "Portuguese"}, {"ita", "it", "Italian"},
    {"glg", "gl", "Galician"},  {"oci", "oc", "Occitan"},    {"eus", "eu", "Basque"},
    {"ron", "ro", "Romanian"},  {"deu", "de", "German"},     {"nld", "nl", "Dutch"},
    {"afr", "af", "Afrikaans"}, {"dan", "da", "Danish"},     {"swe", "sv", "Swedish"},
    {"nob", "no", "Norwegian"}, {"isl", "is", "Icelandic"},  {"cym", "cy", "Welsh"},
    {"bul", "bg", "Bulgarian"}, {"mkd", "mk", "Macedonian"}, {"pol", "pl", "Polish"},
    {"ukr", "uk", "Ukrainian"}, {"rus", "ru", "Russian"},    {"kaz", "kk", "Kazakh"},
}};

const LanguageRow* FindApertium(std::string_view code) {
  for (const LanguageRow& row : kLanguages) {
    if (row.iso3 == code || row.iso1 == code) return &row;
  }
  return nullptr;
}

}  // namespace

std::string AwsLanguageCode(std::string_view apertium_code, std::string_view variant) {
  const LanguageRow* row = FindApertium(apertium_code);
  if (row == nullptr) return "";
  if (row->iso1 == "pt") {
    // Apertium's base Portuguese is European; its _BR variant is AWS's "pt".
    if (variant.empty()) return "pt-PT";
    return variant == "BR" ? "pt" : "";
  }
  return variant.empty() ? std::string(row->iso1) : "";
}

std::string LanguageName(std::string_view aws_code) {
  if (aws_code == "pt-PT") return "Portuguese (Portugal)";
  for (const LanguageRow& row : kLanguages) {
    if (row.iso1 == aws_code) return std::string(row.name);
  }
  return std::string(aws_code);
}

std::string DetectionCode(std::string_view aws_code) {
  if (aws_code == "pt-PT") return "pt";
  return std::string(aws_code);
}

}  // namespace lathe::services::translate
