// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "services/text/text_limits.h"

#include <algorithm>
#include <array>
#include <optional>
#include <string>

#include "services/text/utf8_text.h"

namespace lathe::services::text {
namespace {

constexpr std::array<std::string_view, 12> kComprehendLanguages = {
    "en", "es", "fr", "de", "it", "pt", "ar", "hi", "ja", "ko", "zh", "zh-TW"};

bool OneOf(std::string_view code, std::initializer_list<std::string_view> codes) {
  return std::find(codes.begin(), codes.end(), code) != codes.end();
}

}  // namespace

Status CheckDocument(std::string_view text, size_t max_bytes, std::string_view field) {
  if (text.empty()) {
    return InvalidArgumentError(std::string(field) + ": the text is empty; give at least 1 character");
  }
  if (text.size() > max_bytes) {
    return ResourceExhaustedError(std::string(field) + ": the text is " +
                                  std::to_string(text.size()) +
                                  " bytes of UTF-8; the limit is " + std::to_string(max_bytes) +
                                  " bytes");
  }
  if (std::optional<size_t> bad = FirstInvalidUtf8Byte(text)) {
    return InvalidArgumentError(std::string(field) + ": not valid UTF-8 at byte " +
                                std::to_string(*bad));
  }
  return Status::Ok();
}

bool IsComprehendLanguageCode(std::string_view code) {
  return std::find(kComprehendLanguages.begin(), kComprehendLanguages.end(), code) !=
         kComprehendLanguages.end();
}

bool IsPiiLanguage(std::string_view code) { return OneOf(code, {"en", "es"}); }

bool IsKeyPhraseLanguage(std::string_view code) {
  return OneOf(code, {"en", "es", "fr", "de", "it", "pt"});
}

}  // namespace lathe::services::text
