// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Named entities (Comprehend's DetectEntities) without a trained model: DATE and QUANTITY by
// patterns (entity_patterns.h); LOCATION from gazetteers (countries and regions from Debian
// iso-codes, cities from tzdata zone names); PERSON from title words ("Dr", "Mrs", "President")
// and a first-name list; ORGANIZATION from suffixes and heads ("Inc", "GmbH", "University of");
// EVENT from event words ("Olympics", "Festival"); COMMERCIAL_ITEM from product-and-model shapes
// ("iPhone 15", "Galaxy S23"); TITLE from quoted capitalised text; OTHER for the capitalised
// names no rule explains. Capitalised runs come from the syntax tokens (syntax.h). A capital that
// opens a sentence or a clause (after a colon, an opening quote or bracket) is not evidence of a
// name; roles ("the Vice President", "Secretary of Energy") are not people; runs of common words
// ("Social Security") are not taken for people; a lone common noun after a determiner ("our
// Nation", "the States") is a common noun written with a capital. Rules are English-first; for
// es fr de it pt only patterns, gazetteers, titles, names and suffixes apply. Quality on a
// hand-annotated set: docs/benchmarks.md, "Entity F1".
// Immutable; thread-safe.
//
//   Result<std::vector<Entity>> e = DetectEntities("Dr. Ada Lovelace visited Paris in 1842.", "en");
//   // PERSON "Ada Lovelace", LOCATION "Paris", DATE "1842"
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace lathe::services::text {

struct Entity {
  std::string type;          // Comprehend's EntityType: PERSON, LOCATION, ORGANIZATION, ...
  std::string text;          // the entity as written
  double score = 0.0;        // confidence in (0, 1]
  size_t begin_offset = 0;   // characters (code points)
  size_t end_offset = 0;     // one past the last character
  size_t begin_byte = 0;     // the same span in bytes
  size_t end_byte = 0;
};

// Languages DetectEntities supports here: en es fr de it pt.
bool IsEntityLanguage(std::string_view code);

// The entities of valid UTF-8 `text`, in text order, not overlapping. Internal when ICU fails.
Result<std::vector<Entity>> DetectEntities(std::string_view text, std::string_view language);

}  // namespace lathe::services::text
