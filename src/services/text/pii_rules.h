// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// The table behind PiiDetector: one rule per way of finding an entity type. A rule is an RE2
// pattern (capture group 1, when present, is the entity; otherwise the whole match), optional
// context words looked for just before the match, and a scorer that validates the candidate
// (checksums, ranges, libphonenumber) and may trim it. Immutable, thread-safe.
#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <vector>

namespace lathe::services::text::internal {

// What a scorer decides about one candidate.
struct PiiVerdict {
  double score = 0.0;  // 0 rejects the candidate
  size_t length = 0;   // bytes of the candidate kept (a scorer may trim its end)
};

struct PiiRuleSpec {
  std::string_view type;     // Comprehend's PiiEntityType
  std::string pattern;       // RE2 syntax
  // Lower-case words looked for in the bytes before the candidate (see kContextWindowBytes);
  // `has_context` tells the scorer whether one was found.
  std::vector<std::string_view> context;
  bool context_required = false;  // reject candidates without a context word
  // Validates and scores `entity`; `language` is the request's LanguageCode.
  std::function<PiiVerdict(std::string_view entity, bool has_context, std::string_view language)>
      score;
};

inline constexpr size_t kContextWindowBytes = 48;

// Every rule, in no particular order (overlaps are resolved by score afterwards).
const std::vector<PiiRuleSpec>& PiiRules();

}  // namespace lathe::services::text::internal
