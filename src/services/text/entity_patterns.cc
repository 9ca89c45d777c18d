// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "services/text/entity_patterns.h"

#include <algorithm>
#include <memory>
#include <string>

#include <re2/re2.h>

namespace lathe::services::text {
namespace {

// Building blocks (written for Lathe).
const std::string kMonth =
    "(?:January|February|March|April|May|June|July|August|September|October|November|December|"
    "Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sept|Sep|Oct|Nov|Dec)\\.?";
const std::string kDay = "\\d{1,2}(?:st|nd|rd|th)?";
const std::string kWeekday = "(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)s?";
const std::string kPeriod =
    "(?:week|month|year|weekend|morning|afternoon|evening|night|summer|winter|spring|autumn|fall|"
    "quarter|decade|century)";
const std::string kNumber = "\\d{1,3}(?:,\\d{3})+(?:\\.\\d+)?|\\d+(?:\\.\\d+)?";
const std::string kNumberWord =
    "(?i:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|"
    "thirty|forty|fifty|sixty|hundred|a hundred|a thousand|a dozen|several|a few|dozens of|"
    "hundreds of|thousands of)";
const std::string kUnit =
    "(?:%|percent|per cent|km|kg|mg|g|cm|mm|m|mi|miles?|ft|feet|foot|inch(?:es)?|lbs?|pounds?|"
    "oz|ounces?|l|liters?|litres?|ml|gallons?|hours?|hrs?|minutes?|mins?|seconds?|secs?|days?|"
    "weeks?|months?|years?|decades?|centuries|GB|MB|KB|TB|GHz|MHz|W|kW|kWh|V|mph|km/h|°C|°F|"
    "degrees?|meters?|metres?|kilometers?|kilometres?|kilograms?|grams?|tons?|tonnes?|dollars?|"
    "euros?|cents?|USD|EUR|GBP|JPY|CHF|people|persons|items?|pieces?|units?|times|stars?|"
    "pages?|rooms?|nights?|bottles?|boxes|packs?|copies|orders?|employees|customers|users)";
const std::string kSpelledUnit =
    "(?:hours?|minutes?|seconds?|days?|weeks?|months?|years?|decades?|miles?|kilometers?|"
    "kilometres?|meters?|metres?|pounds?|dollars?|euros?|people|times|items?|pieces?|nights?|"
    "copies|bottles?|boxes)";
const std::string kLarge = "(?:thousand|million|billion|trillion)";

struct Pattern {
  std::string_view type;
  double score;
  std::string regex;  // group 1, when present, is the entity
};

std::vector<Pattern> Patterns() {
  return {
      // Dates first: they win over quantities ("10 days ago" is a date).
      {"DATE", 0.95, "\\b(\\d{4}-\\d{2}-\\d{2}(?:[T ]\\d{2}:\\d{2}(?::\\d{2})?)?)\\b"},
      {"DATE", 0.9, "\\b(\\d{1,2}[/.]\\d{1,2}[/.](?:\\d{4}|\\d{2}))\\b"},
      {"DATE", 0.95,
       "\\b((?:(?:the\\s+)?" + kDay + "\\s+(?:of\\s+)?" + kMonth + "(?:,?\\s+\\d{4})?)|(?:" +
           kMonth + "\\s+" + kDay + "(?:,?\\s+\\d{4})?)|(?:" + kMonth + "\\s+\\d{4}))\\b"},
      {"DATE", 0.9,
       "\\b((?:(?:last|next|this|on)\\s+)?" + kWeekday + "(?:\\s+(?:morning|afternoon|evening|"
       "night))?)\\b"},
      {"DATE", 0.85,
       "\\b((?:January|February|March|April|June|July|August|September|October|November|"
       "December))\\b"},
      // "May" alone is a month only after a preposition ("in May"), not "you may".
      {"DATE", 0.85, "\\b(?:in|In|of|since|until|by|during|early|late|mid|next|last)\\s+(May)\\b"},
      // "last October", "next June"; "September the 11th".
      {"DATE", 0.9, "\\b((?i:last|next|this|early|late)\\s+" + kMonth + ")"},
      {"DATE", 0.9, "\\b(" + kMonth + "\\s+the\\s+\\d{1,2}(?:st|nd|rd|th))\\b"},
      // "the end of June", "the start of the year" (without "the", as the other relative dates).
      {"DATE", 0.85,
       "\\b((?i:end|beginning|start|middle)\\s+of\\s+(?:(?:the|this|next|last)\\s+)?(?:" + kMonth +
           "|(?i:week|month|year|decade|century)))\\b"},
      // A time span placed by a deictic word: "the past four years", "the next 5 years",
      // "these last few years", "in recent years" (the singular "last year" is below).
      {"DATE", 0.85,
       "\\b((?i:last|next|past|previous|coming|recent)\\s+(?:(?:" + kNumber + "|" + kNumberWord +
           "|few|several)\\s+)?(?i:days|weeks|months|years|decades|centuries))\\b"},
      {"DATE", 0.85, "\\b((?i:days|weeks|months|years|decades)\\s+ago)\\b"},
      // Centuries and decades: "the 20th century", "the eighties".
      {"DATE", 0.85, "\\b(\\d{1,2}(?:st|nd|rd|th)\\s+century)\\b"},
      {"DATE", 0.8,
       "\\b(?i:the)\\s+((?:nineteen\\s+)?(?:twenties|thirties|forties|fifties|sixties|seventies|"
       "eighties|nineties))\\b"},
      {"DATE", 0.9, "\\b((?i:today|tomorrow|yesterday|tonight))\\b"},
      {"DATE", 0.9, "\\b((?i:last|next|this|past)\\s+" + kPeriod + ")\\b"},
      {"DATE", 0.85, "\\b((?:" + kNumber + "|" + kNumberWord + "|a|an)\\s+(?:days?|weeks?|months?|"
                     "years?|hours?|minutes?)\\s+ago)\\b"},
      {"DATE", 0.9,
       "\\b(\\d{1,2}:\\d{2}(?::\\d{2})?(?:\\s?(?:[AaPp]\\.[Mm]\\.|[AaPp][Mm]))?)"},
      {"DATE", 0.85, "\\b(\\d{1,2}\\s?(?:[AaPp]\\.[Mm]\\.|[AaPp][Mm]))(?:\\W|$)"},
      {"DATE", 0.8,
       "\\b(?:in|since|by|from|until|till|during|of|before|after|In|Since|By|From|Until|During)"
       "\\s+((?:the\\s+)?(?:1[5-9]|20)\\d{2}s?)\\b"},
      {"DATE", 0.8, "\\b(the\\s+(?:1[5-9]|20)\\d0s)\\b"},
      // Quantities.
      {"QUANTITY", 0.95,
       "((?:[$€£¥]|US\\$)\\s?(?:" + kNumber + ")(?:\\s?(?:" + kLarge + "|[kKmM]|bn)\\b)?"
       "(?:\\s+dollars\\b)?)"},
      {"QUANTITY", 0.9,
       "\\b((?:" + kNumber + ")(?:\\s?(?:million|billion|thousand))?\\s?" + kUnit + ")(?:\\W|$)"},
      {"QUANTITY", 0.85, "\\b(" + kNumberWord + "\\s+" + kSpelledUnit + ")\\b"},
      {"QUANTITY", 0.7, "\\b((?:" + kNumber + ")\\s+[a-z]{3,}s)\\b"},
      // Large numbers without a unit: "23 million", "one million", "tens of millions",
      // "Eight hundred thousand", "hundreds of billions of dollars", and "100,000".
      {"QUANTITY", 0.8, "\\b((?:" + kNumber + ")\\s+" + kLarge + ")\\b"},
      {"QUANTITY", 0.75,
       "\\b((?:(?i:one|two|three|four|five|six|seven|eight|nine|ten|a|tens\\s+of|hundreds\\s+of)\\s+)?"
       "(?:(?i:hundred)\\s+)?(?i:thousand|million|billion|trillion)s?(?:\\s+(?:of\\s+)?dollars)?)\\b"},
      {"QUANTITY", 0.7, "\\b(\\d{1,3}(?:,\\d{3})+)\\b"},
  };
}

struct Compiled {
  std::string_view type;
  double score;
  std::unique_ptr<RE2> re;
};

const std::vector<Compiled>& CompiledPatterns() {
  static const auto* compiled = [] {
    auto* out = new std::vector<Compiled>();
    RE2::Options options;
    options.set_log_errors(false);
    for (const Pattern& p : Patterns()) {
      out->push_back({p.type, p.score, std::make_unique<RE2>(p.regex, options)});
    }
    return out;
  }();
  return *compiled;
}

bool Overlaps(const PatternEntity& a, const PatternEntity& b) {
  return a.begin_byte < b.end_byte && b.begin_byte < a.end_byte;
}

}  // namespace

std::vector<PatternEntity> FindDateAndQuantityEntities(std::string_view text) {
  std::vector<PatternEntity> found;
  const re2::StringPiece input(text.data(), text.size());
  for (const Compiled& c : CompiledPatterns()) {
    if (!c.re->ok()) continue;  // a pattern that does not compile is a bug; the tests catch it
    const int groups = std::min(c.re->NumberOfCapturingGroups(), 1);
    re2::StringPiece match[2];
    size_t pos = 0;
    while (pos < text.size() &&
           c.re->Match(input, pos, text.size(), RE2::UNANCHORED, match, groups + 1)) {
      const re2::StringPiece& entity = groups == 1 && match[1].data() != nullptr ? match[1] : match[0];
      const size_t begin = static_cast<size_t>(entity.data() - text.data());
      const PatternEntity e{c.type, c.score, begin, begin + entity.size()};
      // Earlier patterns (dates) and, among equals, longer spans win.
      bool keep = !entity.empty();
      for (PatternEntity& other : found) {
        if (!keep || !Overlaps(e, other)) continue;
        if (other.type == e.type && e.end_byte - e.begin_byte > other.end_byte - other.begin_byte) {
          other.end_byte = other.begin_byte;  // replaced below
        } else {
          keep = false;
        }
      }
      if (keep) found.push_back(e);
      const size_t match_end = static_cast<size_t>(match[0].data() - text.data()) + match[0].size();
      pos = std::max(match_end, pos + 1);
    }
  }
  std::erase_if(found, [](const PatternEntity& e) { return e.end_byte <= e.begin_byte; });
  std::sort(found.begin(), found.end(), [](const PatternEntity& a, const PatternEntity& b) {
    return a.begin_byte < b.begin_byte;
  });
  return found;
}

}  // namespace lathe::services::text
