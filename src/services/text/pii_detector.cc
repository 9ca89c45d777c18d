// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "services/text/pii_detector.h"

#include <re2/re2.h>

#include <algorithm>
#include <cctype>
#include <set>

#include "core/status.h"
#include "services/text/entities.h"
#include "services/text/pii_rules.h"
#include "services/text/utf8_text.h"

namespace lathe::services::text {

struct PiiDetector::Rule {
  const internal::PiiRuleSpec* spec;
  std::unique_ptr<RE2> re;
};

namespace {

bool IsAsciiLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// Whether one of `words` starts a word in the bytes just before `begin`.
bool HasContext(std::string_view text, size_t begin, const std::vector<std::string_view>& words) {
  if (words.empty()) return false;
  const size_t from = begin > internal::kContextWindowBytes ? begin - internal::kContextWindowBytes
                                                            : 0;
  std::string window(text.substr(from, begin - from));
  for (char& c : window) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  for (std::string_view word : words) {
    for (size_t pos = window.find(word); pos != std::string::npos;
         pos = window.find(word, pos + 1)) {
      if (pos == 0 || !IsAsciiLetter(window[pos - 1])) return true;
    }
  }
  return false;
}

struct Candidate {
  std::string_view type;
  double score;
  size_t begin;  // bytes
  size_t end;
};

// Numbers that are PII only as a whole: a match glued to a further digit group ("4111 1111 1111
// 1111" holds a 12-digit run that can pass Aadhaar's Verhoeff check) is part of a longer number.
constexpr std::string_view kWholeNumberTypes[] = {"IN_AADHAAR", "SSN", "CREDIT_DEBIT_NUMBER"};

bool GluedToDigits(std::string_view text, size_t begin, size_t end) {
  auto digit = [&](size_t i) { return std::isdigit(static_cast<unsigned char>(text[i])) != 0; };
  auto separator = [&](size_t i) { return text[i] == ' ' || text[i] == '-'; };
  return (begin >= 2 && separator(begin - 1) && digit(begin - 2)) ||
         (end + 1 < text.size() && separator(end) && digit(end + 1));
}

// Runs one rule over the whole text.
void Scan(const internal::PiiRuleSpec& spec, const RE2& re, std::string_view text,
          const PiiOptions& options, std::vector<Candidate>* out) {
  const int groups = std::min(re.NumberOfCapturingGroups(), 1);
  re2::StringPiece input(text.data(), text.size());
  re2::StringPiece match[2];
  size_t pos = 0;
  while (pos < text.size() &&
         re.Match(input, pos, text.size(), RE2::UNANCHORED, match, groups + 1)) {
    const size_t match_end = static_cast<size_t>(match[0].data() - text.data()) + match[0].size();
    const re2::StringPiece& entity = groups == 1 && match[1].data() != nullptr ? match[1] : match[0];
    const size_t begin = static_cast<size_t>(entity.data() - text.data());
    size_t next = std::max(match_end, pos + 1);
    const bool context = HasContext(text, begin, spec.context);
    if (!spec.context_required || context) {
      const std::string_view entity_text(entity.data(), entity.size());
      const internal::PiiVerdict verdict = spec.score(entity_text, context, options.language_code);
      const bool whole_number = std::find(std::begin(kWholeNumberTypes),
                                          std::end(kWholeNumberTypes),
                                          spec.type) != std::end(kWholeNumberTypes);
      if (verdict.score > 0 && verdict.length > 0 &&
          !(whole_number && GluedToDigits(text, begin, begin + verdict.length))) {
        out->push_back({spec.type, verdict.score, begin, begin + verdict.length});
        // A trimmed candidate gives the rest of the match another chance.
        if (verdict.length < entity.size()) next = std::max(begin + verdict.length, pos + 1);
      }
    }
    pos = next;
  }
}

}  // namespace

PiiDetector::PiiDetector() {
  RE2::Options re_options;
  re_options.set_log_errors(false);
  for (const internal::PiiRuleSpec& spec : internal::PiiRules()) {
    auto rule = std::make_unique<Rule>();
    rule->spec = &spec;
    rule->re = std::make_unique<RE2>(spec.pattern, re_options);
    // The patterns are constants of this library: a bad one is a programmer error.
    LATHE_DCHECK(rule->re->ok());
    if (rule->re->ok()) rules_.push_back(std::move(rule));
  }
}

PiiDetector::~PiiDetector() = default;

const PiiDetector& PiiDetector::Default() {
  static const PiiDetector detector;
  return detector;
}

std::vector<PiiEntity> PiiDetector::Detect(std::string_view text,
                                           const PiiOptions& options) const {
  std::vector<Candidate> candidates;
  for (const auto& rule : rules_) Scan(*rule->spec, *rule->re, text, options, &candidates);
  // NAME: the PERSON entities of the entity recognizer (titles, first-name gazetteer, capitalised
  // runs), scored a little under its confidence since a person's name is PII only in context.
  if (IsEntityLanguage(options.language_code)) {
    Result<std::vector<Entity>> entities = DetectEntities(text, options.language_code);
    if (entities.ok()) {
      for (const Entity& e : *entities) {
        if (e.type == "PERSON") {
          candidates.push_back({.type = "NAME", .score = 0.9 * e.score, .begin = e.begin_byte,
                                .end = e.end_byte});
        }
      }
    }
  }
  // Strongest evidence first, then the longer span; keep what does not overlap a kept one.
  std::sort(candidates.begin(), candidates.end(), [](const Candidate& a, const Candidate& b) {
    if (a.score != b.score) return a.score > b.score;
    if (a.end - a.begin != b.end - b.begin) return a.end - a.begin > b.end - b.begin;
    return a.begin < b.begin;
  });
  std::set<std::pair<size_t, size_t>> kept;  // (begin, end), disjoint
  std::vector<const Candidate*> accepted;
  for (const Candidate& c : candidates) {
    auto it = kept.lower_bound({c.begin, 0});
    if (it != kept.end() && it->first < c.end) continue;
    if (it != kept.begin() && std::prev(it)->second > c.begin) continue;
    kept.insert({c.begin, c.end});
    accepted.push_back(&c);
  }
  std::sort(accepted.begin(), accepted.end(),
            [](const Candidate* a, const Candidate* b) { return a->begin < b->begin; });
  const CodePointIndex index(text);
  std::vector<PiiEntity> out;
  out.reserve(accepted.size());
  for (const Candidate* c : accepted) {
    out.push_back({.type = std::string(c->type),
                   .score = c->score,
                   .begin_offset = index.ToCodePoint(c->begin),
                   .end_offset = index.ToCodePoint(c->end),
                   .begin_byte = c->begin,
                   .end_byte = c->end});
  }
  return out;
}

std::map<std::string, double> PiiDetector::Labels(const std::vector<PiiEntity>& entities) {
  std::map<std::string, double> labels;
  for (const PiiEntity& e : entities) labels[e.type] = std::max(labels[e.type], e.score);
  return labels;
}

std::string PiiDetector::Redact(std::string_view text, const std::vector<PiiEntity>& entities) {
  std::string out;
  out.reserve(text.size());
  size_t pos = 0;
  for (const PiiEntity& e : entities) {
    if (e.begin_byte < pos || e.end_byte > text.size()) continue;  // not from this text
    out.append(text.substr(pos, e.begin_byte - pos));
    out += "[" + e.type + "]";
    pos = e.end_byte;
  }
  out.append(text.substr(pos));
  return out;
}

std::vector<std::string> PiiDetector::SupportedTypes() {
  std::set<std::string> types;
  for (const internal::PiiRuleSpec& spec : internal::PiiRules()) types.emplace(spec.type);
  types.emplace("NAME");  // from the entity recognizer
  return {types.begin(), types.end()};
}

}  // namespace lathe::services::text
