// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "services/speech/voices.h"

#include <array>
#include <string>

namespace lathe::services::speech {
namespace {

// Polly's voices (VoiceId enum of polly/2016-06-10) by language. espeak-ng has no Australian,
// Indian, New Zealand, South African or Welsh English, nor Canadian French: those voices use the
// nearest espeak-ng language (British English, French) and keep Polly's LanguageCode.
constexpr std::array<Voice, 68> kVoices = {{
    {"Zeina", "arb", "Arabic", "Female", "ar+f2", ""},
    {"Hala", "ar-AE", "Gulf Arabic", "Female", "ar+f3", ""},
    {"Arlet", "ca-ES", "Catalan", "Female", "ca+f2", ""},
    {"Hiujin", "yue-CN", "Chinese Cantonese", "Female", "yue+f2", ""},
    {"Zhiyu", "cmn-CN", "Chinese Mandarin", "Female", "cmn+f2", ""},
    {"Gwyneth", "cy-GB", "Welsh", "Female", "cy+f2", ""},
    {"Mads", "da-DK", "Danish", "Male", "da+m3", ""},
    {"Naja", "da-DK", "Danish", "Female", "da+f2", ""},
    {"Hannah", "de-AT", "German (Austrian)", "Female", "de+f4", ""},
    {"Daniel", "de-DE", "German", "Male", "de+m4", ""},
    {"Hans", "de-DE", "German", "Male", "de+m3", ""},
    {"Marlene", "de-DE", "German", "Female", "de+f2", ""},
    {"Vicki", "de-DE", "German", "Female", "de+f3", ""},
    {"Nicole", "en-AU", "Australian English", "Female", "en+f2", ""},
    {"Olivia", "en-AU", "Australian English", "Female", "en+f4", ""},
    {"Russell", "en-AU", "Australian English", "Male", "en+m2", ""},
    {"Amy", "en-GB", "British English", "Female", "en-gb-x-rp+f3", ""},
    {"Arthur", "en-GB", "British English", "Male", "en-gb-x-rp+m4", ""},
    {"Brian", "en-GB", "British English", "Male", "en-gb-x-rp+m3", ""},
    {"Emma", "en-GB", "British English", "Female", "en-gb-x-rp+f2", ""},
    {"Geraint", "en-GB-WLS", "Welsh English", "Male", "en+m5", ""},
    {"Aditi", "en-IN", "Indian English", "Female", "en+f5", "hi-IN"},
    {"Kajal", "en-IN", "Indian English", "Female", "en+f1", "hi-IN"},
    {"Raveena", "en-IN", "Indian English", "Female", "en+f3", ""},
    {"Aria", "en-NZ", "New Zealand English", "Female", "en-gb-x-gbclan+f2", ""},
    {"Ayanda", "en-ZA", "South African English", "Female", "en-gb-x-gbcwmd+f2", ""},
    {"Ivy", "en-US", "US English", "Female", "en-us+f5", ""},
    {"Joanna", "en-US", "US English", "Female", "en-us+f3", ""},
    {"Joey", "en-US", "US English", "Male", "en-us+m2", ""},
    {"Justin", "en-US", "US English", "Male", "en-us+m7", ""},
    {"Kendra", "en-US", "US English", "Female", "en-us+f2", ""},
    {"Kevin", "en-US", "US English", "Male", "en-us+m6", ""},
    {"Kimberly", "en-US", "US English", "Female", "en-us+f4", ""},
    {"Matthew", "en-US", "US English", "Male", "en-us+m3", ""},
    {"Salli", "en-US", "US English", "Female", "en-us+f1", ""},
    {"Conchita", "es-ES", "Castilian Spanish", "Female", "es+f2", ""},
    {"Enrique", "es-ES", "Castilian Spanish", "Male", "es+m3", ""},
    {"Lucia", "es-ES", "Castilian Spanish", "Female", "es+f3", ""},
    {"Sergio", "es-ES", "Castilian Spanish", "Male", "es+m4", ""},
    {"Andres", "es-MX", "Mexican Spanish", "Male", "es-419+m3", ""},
    {"Mia", "es-MX", "Mexican Spanish", "Female", "es-419+f2", ""},
    {"Lupe", "es-US", "US Spanish", "Female", "es-419+f3", ""},
    {"Miguel", "es-US", "US Spanish", "Male", "es-419+m4", ""},
    {"Penelope", "es-US", "US Spanish", "Female", "es-419+f4", ""},
    {"Suvi", "fi-FI", "Finnish", "Female", "fi+f2", ""},
    {"Chantal", "fr-CA", "Canadian French", "Female", "fr+f4", ""},
    {"Gabrielle", "fr-CA", "Canadian French", "Female", "fr+f5", ""},
    {"Liam", "fr-CA", "Canadian French", "Male", "fr+m4", ""},
    {"Celine", "fr-FR", "French", "Female", "fr+f2", ""},
    {"Lea", "fr-FR", "French", "Female", "fr+f3", ""},
    {"Mathieu", "fr-FR", "French", "Male", "fr+m3", ""},
    {"Remi", "fr-FR", "French", "Male", "fr+m5", ""},
    {"Dora", "is-IS", "Icelandic", "Female", "is+f2", ""},
    {"Karl", "is-IS", "Icelandic", "Male", "is+m3", ""},
    {"Bianca", "it-IT", "Italian", "Female", "it+f3", ""},
    {"Carla", "it-IT", "Italian", "Female", "it+f2", ""},
    {"Giorgio", "it-IT", "Italian", "Male", "it+m3", ""},
    {"Mizuki", "ja-JP", "Japanese", "Female", "ja+f2", ""},
    {"Takumi", "ja-JP", "Japanese", "Male", "ja+m3", ""},
    {"Seoyeon", "ko-KR", "Korean", "Female", "ko+f2", ""},
    {"Liv", "nb-NO", "Norwegian", "Female", "nb+f2", ""},
    {"Lotte", "nl-NL", "Dutch", "Female", "nl+f2", ""},
    {"Ruben", "nl-NL", "Dutch", "Male", "nl+m3", ""},
    {"Ewa", "pl-PL", "Polish", "Female", "pl+f2", ""},
    {"Jacek", "pl-PL", "Polish", "Male", "pl+m3", ""},
    {"Camila", "pt-BR", "Brazilian Portuguese", "Female", "pt-br+f2", ""},
    {"Ricardo", "pt-BR", "Brazilian Portuguese", "Male", "pt-br+m3", ""},
    {"Maxim", "ru-RU", "Russian", "Male", "ru+m3", ""},
}};

// A few more, kept apart so the table above stays readable.
constexpr std::array<Voice, 16> kMoreVoices = {{
    {"Jan", "pl-PL", "Polish", "Male", "pl+m4", ""},
    {"Maja", "pl-PL", "Polish", "Female", "pl+f3", ""},
    {"Cristiano", "pt-PT", "Portuguese", "Male", "pt+m3", ""},
    {"Ines", "pt-PT", "Portuguese", "Female", "pt+f2", ""},
    {"Vitoria", "pt-BR", "Brazilian Portuguese", "Female", "pt-br+f3", ""},
    {"Carmen", "ro-RO", "Romanian", "Female", "ro+f2", ""},
    {"Tatyana", "ru-RU", "Russian", "Female", "ru+f2", ""},
    {"Astrid", "sv-SE", "Swedish", "Female", "sv+f2", ""},
    {"Filiz", "tr-TR", "Turkish", "Female", "tr+f2", ""},
    // Polly's newer (neural-only) voices in the model's VoiceId enum; each language is one
    // espeak-ng has, so all of them are spoken.
    {"Adriano", "it-IT", "Italian", "Male", "it+m4", ""},
    {"Elin", "sv-SE", "Swedish", "Female", "sv+f3", ""},
    {"Ida", "nb-NO", "Norwegian", "Female", "nb+f3", ""},
    {"Laura", "nl-NL", "Dutch", "Female", "nl+f3", ""},
    {"Ola", "pl-PL", "Polish", "Female", "pl+f4", ""},
    {"Pedro", "es-US", "US Spanish", "Male", "es-419+m5", ""},
    {"Thiago", "pt-BR", "Brazilian Portuguese", "Male", "pt-br+m4", ""},
}};

template <typename Fn>
void ForEachVoice(Fn fn) {
  for (const Voice& v : kVoices) fn(v);
  for (const Voice& v : kMoreVoices) fn(v);
}

}  // namespace

const Voice* FindVoice(std::string_view id) {
  const Voice* found = nullptr;
  ForEachVoice([&](const Voice& v) {
    if (v.id == id) found = &v;
  });
  return found;
}

std::vector<const Voice*> ListVoices(std::string_view language_code) {
  std::vector<const Voice*> out;
  ForEachVoice([&](const Voice& v) {
    if (language_code.empty() || v.language_code == language_code ||
        v.additional_language == language_code) {
      out.push_back(&v);
    }
  });
  return out;
}

std::string_view VoiceIdList() {
  static const std::string* list = [] {
    auto* s = new std::string();
    ForEachVoice([&](const Voice& v) {
      if (!s->empty()) *s += ", ";
      *s += v.id;
    });
    return s;
  }();
  return *list;
}

}  // namespace lathe::services::speech
