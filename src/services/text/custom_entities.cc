// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "services/text/custom_entities.h"

#include <algorithm>
#include <cctype>
#include <numeric>
#include <random>
#include <set>

#include "services/text/utf8_text.h"

namespace lathe::services::text {
namespace {

constexpr size_t kMaxEntityTypes = 25;  // Comprehend's limit per recognizer
constexpr size_t kMinTrainingDocuments = 3;

bool WordByte(unsigned char c) { return std::isalnum(c) || c >= 0x80 || c == '_'; }

std::string Lower(std::string_view s) {
  std::string out(s);
  for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
  return out;
}

std::vector<std::string> Words(const std::vector<LabellingToken>& tokens) {
  std::vector<std::string> words;
  words.reserve(tokens.size());
  for (const LabellingToken& t : tokens) words.push_back(t.text);
  return words;
}

// BIO tags for `tokens` from code point spans; a token belongs to the first span it overlaps.
std::vector<std::string> TagTokens(const std::vector<LabellingToken>& tokens,
                                   std::vector<EntityAnnotation> spans) {
  std::vector<std::string> tags(tokens.size(), "O");
  std::sort(spans.begin(), spans.end(), [](const EntityAnnotation& a, const EntityAnnotation& b) {
    return a.begin < b.begin;
  });
  for (const EntityAnnotation& span : spans) {
    bool first = true;
    for (size_t i = 0; i < tokens.size(); ++i) {
      const auto begin = static_cast<size_t>(span.begin), end = static_cast<size_t>(span.end);
      if (tokens[i].end <= begin || tokens[i].begin >= end) continue;
      if (tags[i] != "O") break;  // overlaps an earlier span: the rest of this one is dropped
      tags[i] = (first ? "B-" : "I-") + span.type;
      first = false;
    }
  }
  return tags;
}

// Token index ranges [first, last) of the entities in BIO `tags`.
struct TagRun {
  size_t first, last;
  std::string type;
};
std::vector<TagRun> Runs(const std::vector<std::string>& tags) {
  std::vector<TagRun> runs;
  for (size_t i = 0; i < tags.size(); ++i) {
    if (tags[i].starts_with("B-") || (tags[i].starts_with("I-") && (runs.empty() ||
                                                                    runs.back().last != i))) {
      runs.push_back({i, i + 1, tags[i].substr(2)});
    } else if (tags[i].starts_with("I-")) {
      runs.back().last = i + 1;
    }
  }
  return runs;
}

// Occurrences of entity-list phrases (exact case, whole tokens, longest first) as annotations.
std::vector<EntityAnnotation> MatchEntityList(const std::vector<LabellingToken>& tokens,
                                              const std::map<std::vector<std::string>,
                                                             std::string>& phrases,
                                              size_t longest) {
  std::vector<EntityAnnotation> found;
  for (size_t start = 0; start < tokens.size();) {
    size_t matched = 0;
    for (size_t len = std::min(longest, tokens.size() - start); len > 0 && matched == 0; --len) {
      std::vector<std::string> key;
      for (size_t k = 0; k < len; ++k) key.push_back(tokens[start + k].text);
      auto it = phrases.find(key);
      if (it == phrases.end()) continue;
      matched = len;
      found.push_back({.line = 0,
                       .begin = static_cast<int64_t>(tokens[start].begin),
                       .end = static_cast<int64_t>(tokens[start + len - 1].end),
                       .type = it->second,
                       .source_row = 0});
    }
    start += std::max<size_t>(matched, 1);
  }
  return found;
}

Status CheckTypes(const std::vector<std::string>& types) {
  if (types.empty() || types.size() > kMaxEntityTypes) {
    return InvalidArgumentError("EntityTypes: " + std::to_string(types.size()) +
                                " types; give 1 to 25");
  }
  std::set<std::string> seen;
  for (size_t i = 0; i < types.size(); ++i) {
    const std::string& type = types[i];
    const std::string where = "EntityTypes[" + std::to_string(i) + "].Type";
    if (type.empty() || type.find_first_of(",\n\r\t") != std::string::npos) {
      return InvalidArgumentError(where + ": '" + type +
                                  "' must be non-empty, without commas, tabs or newlines");
    }
    if (!seen.insert(type).second) {
      return InvalidArgumentError(where + ": '" + type + "' is listed twice");
    }
  }
  return Status::Ok();
}

// Annotations grouped by document, after checking each against the documents and types.
Result<std::vector<std::vector<EntityAnnotation>>> GroupAnnotations(
    const std::vector<std::string>& documents, const std::vector<EntityAnnotation>& annotations,
    const std::set<std::string>& types, const std::string& file) {
  std::vector<std::vector<EntityAnnotation>> by_document(documents.size());
  for (const EntityAnnotation& a : annotations) {
    const std::string where = file + " row " + std::to_string(a.source_row) + ": ";
    if (a.line < 0 || static_cast<size_t>(a.line) >= documents.size()) {
      return InvalidArgumentError(where + "Line " + std::to_string(a.line) +
                                  " is not a document (there are " +
                                  std::to_string(documents.size()) + ", numbered from 0)");
    }
    const size_t length = CodePointCount(documents[a.line]);
    if (a.begin < 0 || a.end <= a.begin || static_cast<size_t>(a.end) > length) {
      return InvalidArgumentError(where + "offsets " + std::to_string(a.begin) + ".." +
                                  std::to_string(a.end) + " are not within line " +
                                  std::to_string(a.line) + " (" + std::to_string(length) +
                                  " characters) with Begin Offset < End Offset");
    }
    if (!types.contains(a.type)) {
      return InvalidArgumentError(where + "Type '" + a.type +
                                  "' is not one of InputDataConfig.EntityTypes");
    }
    by_document[a.line].push_back(a);
  }
  return by_document;
}

std::vector<EntitySpan> SpansOf(size_t document, const std::vector<LabellingToken>& tokens,
                                const std::vector<std::string>& tags) {
  std::vector<EntitySpan> spans;
  for (const TagRun& run : Runs(tags)) {
    spans.push_back({document, tokens[run.first].begin, tokens[run.last - 1].end, run.type});
  }
  return spans;
}

EntityMetrics Finish(EntityMetrics m) {
  m.precision = m.predicted == 0 ? 0 : static_cast<double>(m.true_positives) / m.predicted;
  m.recall = m.gold == 0 ? 0 : static_cast<double>(m.true_positives) / m.gold;
  m.f1 = m.precision + m.recall == 0 ? 0 : 2 * m.precision * m.recall / (m.precision + m.recall);
  return m;
}

}  // namespace

std::vector<LabellingToken> TokenizeForLabelling(std::string_view text) {
  std::vector<LabellingToken> tokens;
  size_t code_point = 0;
  for (size_t i = 0; i < text.size();) {
    const auto c = static_cast<unsigned char>(text[i]);
    if (std::isspace(c)) {
      ++i;
      ++code_point;
      continue;
    }
    LabellingToken token;
    token.byte_begin = i;
    token.begin = code_point;
    if (WordByte(c)) {
      while (i < text.size() && WordByte(static_cast<unsigned char>(text[i]))) {
        if ((static_cast<unsigned char>(text[i]) & 0xC0) != 0x80) ++code_point;
        ++i;
      }
    } else {
      ++i;
      ++code_point;
    }
    token.byte_end = i;
    token.end = code_point;
    token.text = std::string(text.substr(token.byte_begin, i - token.byte_begin));
    tokens.push_back(std::move(token));
  }
  return tokens;
}

std::map<std::string, EntityMetrics> ScoreEntitySpans(const std::vector<EntitySpan>& gold,
                                                      const std::vector<EntitySpan>& predicted,
                                                      EntityMetrics* overall) {
  std::map<std::string, EntityMetrics> per_type;
  EntityMetrics all;
  const std::set<EntitySpan> gold_set(gold.begin(), gold.end());
  for (const EntitySpan& g : gold) {
    ++per_type[g.type].gold;
    ++all.gold;
  }
  for (const EntitySpan& p : predicted) {
    ++per_type[p.type].predicted;
    ++all.predicted;
    if (gold_set.contains(p)) {
      ++per_type[p.type].true_positives;
      ++all.true_positives;
    }
  }
  for (auto& [type, m] : per_type) m = Finish(m);
  if (overall != nullptr) *overall = Finish(all);
  return per_type;
}

Result<TrainedEntityRecognizer> TrainCustomEntityRecognizer(
    const CustomEntityTrainingData& data, const CustomEntityTrainingOptions& options) {
  LATHE_RETURN_IF_ERROR(CheckTypes(data.entity_types));
  const std::set<std::string> types(data.entity_types.begin(), data.entity_types.end());
  if (data.documents.empty()) return InvalidArgumentError("Documents: there are no documents");
  if (data.annotations.empty() == data.entity_list.empty()) {
    return InvalidArgumentError(
        "InputDataConfig: give either Annotations or EntityList (exactly one), with Documents");
  }
  if (options.test_fraction < 0 || options.test_fraction > 0.5) {
    return InvalidArgumentError("test fraction must be within 0..0.5");
  }

  // Gold annotations per document, from the annotations or by matching the entity list.
  std::vector<std::vector<LabellingToken>> tokens;
  for (const std::string& d : data.documents) tokens.push_back(TokenizeForLabelling(d));
  for (const std::string& d : data.test_documents) tokens.push_back(TokenizeForLabelling(d));
  std::vector<std::vector<EntityAnnotation>> gold;
  Gazetteer gazetteer;
  if (!data.annotations.empty()) {
    LATHE_ASSIGN_OR_RETURN(gold,
                           GroupAnnotations(data.documents, data.annotations, types, "Annotations"));
    LATHE_ASSIGN_OR_RETURN(auto test_gold, GroupAnnotations(data.test_documents,
                                                            data.test_annotations, types,
                                                            "Annotations (test)"));
    gold.insert(gold.end(), test_gold.begin(), test_gold.end());
  } else {
    std::map<std::vector<std::string>, std::string> phrases;
    size_t longest = 0;
    for (const EntityListItem& item : data.entity_list) {
      const std::string where = "EntityList row " + std::to_string(item.source_row) + ": ";
      std::vector<std::string> words = Words(TokenizeForLabelling(item.text));
      if (words.empty()) return InvalidArgumentError(where + "Text is empty");
      if (!types.contains(item.type)) {
        return InvalidArgumentError(where + "Type '" + item.type +
                                    "' is not one of InputDataConfig.EntityTypes");
      }
      longest = std::max(longest, words.size());
      std::vector<std::string> lower;
      for (const std::string& w : words) lower.push_back(Lower(w));
      gazetteer[lower] = item.type;
      phrases[std::move(words)] = item.type;
    }
    for (const auto& document_tokens : tokens) {
      gold.push_back(MatchEntityList(document_tokens, phrases, longest));
    }
  }

  // Held-out documents: the caller's test set, else a seeded share of the documents.
  std::vector<size_t> train, test;
  if (!data.test_documents.empty()) {
    train.resize(data.documents.size());
    std::iota(train.begin(), train.end(), 0);
    for (size_t i = 0; i < data.test_documents.size(); ++i) {
      test.push_back(data.documents.size() + i);
    }
  } else {
    std::vector<size_t> order(data.documents.size());
    std::iota(order.begin(), order.end(), 0);
    std::mt19937_64 rng(options.seed);
    std::shuffle(order.begin(), order.end(), rng);
    const auto held = static_cast<size_t>(options.test_fraction * order.size() + 0.5);
    test.assign(order.begin(), order.begin() + held);
    train.assign(order.begin() + held, order.end());
    std::sort(train.begin(), train.end());
    std::sort(test.begin(), test.end());
  }
  if (train.size() < kMinTrainingDocuments) {
    return InvalidArgumentError("Documents: " + std::to_string(train.size()) +
                                " training documents after holding out the test share; at "
                                "least " + std::to_string(kMinTrainingDocuments) + " are needed");
  }

  TrainedEntityRecognizer out;
  std::vector<LabelledSentence> sentences;
  for (size_t d : train) {
    if (tokens[d].empty()) continue;
    LabelledSentence& s = sentences.emplace_back();
    s.words = Words(tokens[d]);
    s.tags = TagTokens(tokens[d], gold[d]);
    for (const std::string& tag : s.tags) {
      if (tag.starts_with("B-")) ++out.train_mentions[tag.substr(2)];
    }
  }
  if (out.train_mentions.empty()) {
    return InvalidArgumentError(
        "the training documents mention none of the entity types (check the annotations' "
        "Line and offsets, or that the entity list's phrases occur in the documents)");
  }
  SequenceLabellerOptions labeller_options;
  labeller_options.epochs = options.epochs;
  labeller_options.seed = options.seed;
  labeller_options.gazetteer = std::move(gazetteer);
  labeller_options.cancel = options.cancel;
  LATHE_ASSIGN_OR_RETURN(SequenceLabeller labeller,
                         SequenceLabeller::Train(sentences, labeller_options));

  std::vector<EntitySpan> gold_spans, predicted_spans;
  for (size_t d : test) {
    const std::vector<std::string> words = Words(tokens[d]);
    for (EntitySpan& s : SpansOf(d, tokens[d], TagTokens(tokens[d], gold[d]))) {
      gold_spans.push_back(std::move(s));
    }
    for (EntitySpan& s : SpansOf(d, tokens[d], labeller.Predict(words).tags)) {
      predicted_spans.push_back(std::move(s));
    }
  }
  out.per_type = ScoreEntitySpans(gold_spans, predicted_spans, &out.overall);
  for (const std::string& type : data.entity_types) {
    out.per_type.try_emplace(type);
    out.train_mentions.try_emplace(type, 0);
  }
  out.train_documents = static_cast<int64_t>(train.size());
  out.test_documents = static_cast<int64_t>(test.size());
  out.model = labeller.Save();
  return out;
}

Result<CustomEntityRecognizer> CustomEntityRecognizer::Load(std::string_view model) {
  LATHE_ASSIGN_OR_RETURN(SequenceLabeller labeller, SequenceLabeller::Load(model));
  return CustomEntityRecognizer(std::move(labeller));
}

std::vector<CustomEntity> CustomEntityRecognizer::Detect(std::string_view text) const {
  const std::vector<LabellingToken> tokens = TokenizeForLabelling(text);
  const LabelledTokens labelled = labeller_.Predict(Words(tokens));
  std::vector<CustomEntity> entities;
  for (const TagRun& run : Runs(labelled.tags)) {
    CustomEntity e;
    e.type = run.type;
    const LabellingToken& first = tokens[run.first];
    const LabellingToken& last = tokens[run.last - 1];
    e.text = std::string(text.substr(first.byte_begin, last.byte_end - first.byte_begin));
    e.begin_offset = first.begin;
    e.end_offset = last.end;
    double sum = 0;
    for (size_t i = run.first; i < run.last; ++i) sum += labelled.scores[i];
    e.score = sum / static_cast<double>(run.last - run.first);
    entities.push_back(std::move(e));
  }
  return entities;
}

std::vector<std::string> CustomEntityRecognizer::EntityTypes() const {
  std::set<std::string> types;
  for (const std::string& tag : labeller_.tags()) {
    if (tag != "O") types.insert(tag.substr(2));
  }
  return {types.begin(), types.end()};
}

}  // namespace lathe::services::text
