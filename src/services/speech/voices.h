// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// The voice table: each Amazon Polly VoiceId that Lathe speaks, with Polly's language and gender,
// and the espeak-ng voice that renders it (a language voice plus a variant: "en-us+f3"). Voices of
// one language get different variants so that they sound different. This is the one documented
// mapping (docs/api/speech.md lists it). Immutable, thread-safe.
//
//   const Voice* v = FindVoice("Joanna");        // en-US, Female, espeak "en-us+f3"
//   std::vector<const Voice*> es = ListVoices("es-ES");
#pragma once

#include <string_view>
#include <vector>

namespace lathe::services::speech {

struct Voice {
  std::string_view id;                   // Polly's VoiceId, also its Name ("Joanna")
  std::string_view language_code;        // Polly's LanguageCode ("en-US")
  std::string_view language_name;        // Polly's LanguageName ("US English")
  std::string_view gender;               // "Female" or "Male"
  std::string_view espeak_voice;         // espeak-ng voice name with variant ("en-us+f3")
  std::string_view additional_language;  // bilingual voices' second LanguageCode, or ""
};

// The voice with this exact VoiceId (case-sensitive, as Polly), or nullptr.
const Voice* FindVoice(std::string_view id);

// Every voice, or those whose LanguageCode (or additional language) is `language_code` when it
// is not empty; in table order (by language, then name).
std::vector<const Voice*> ListVoices(std::string_view language_code = {});

// The VoiceIds in the table, comma separated (for error messages).
std::string_view VoiceIdList();

}  // namespace lathe::services::speech
