// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Language codes: Apertium's (ISO 639-3 "eng", "spa", or 639-1 "es", "pt" in older pairs) and
// Amazon Translate's (ISO 639-1 with a region where AWS has one: "pt" is Brazilian Portuguese,
// "pt-PT" European). Also the English names ListLanguages returns. Stateless and thread-safe.
//
//   AwsLanguageCode("spa", "") == "es";  AwsLanguageCode("por", "BR") == "pt";
//   AwsLanguageCode("pt", "") == "pt-PT";  LanguageName("ca") == "Catalan"
#pragma once

#include <string>
#include <string_view>

namespace lathe::services::translate {

// The AWS code of an Apertium language with an optional mode variant ("BR" from "es-pt_BR").
// "" when Lathe does not map it (unknown language, or a variant AWS has no code for, such as
// Valencian).
std::string AwsLanguageCode(std::string_view apertium_code, std::string_view variant);

// The English name of an AWS language code ("Spanish"); the code itself when unknown.
std::string LanguageName(std::string_view aws_code);

// The language as CLD2 / Comprehend reports it ("pt" for both Portuguese codes): the code to
// compare a detected language with.
std::string DetectionCode(std::string_view aws_code);

}  // namespace lathe::services::translate
