// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Custom entity recognition as Amazon Comprehend defines it: training data is a set of documents
// (one per line, Comprehend's ONE_DOC_PER_LINE) with either annotations (document line, begin
// and end character offsets, entity type) or an entity list (phrase, type) that Lathe matches in
// the documents. TrainCustomEntityRecognizer turns either into BIO-tagged token sequences, holds
// out a seeded share of the documents, trains a SequenceLabeller on the rest and reports
// entity-level precision, recall and F1 on the held-out documents, overall and per type. A
// CustomEntityRecognizer then finds entities in new text with Comprehend's character offsets.
// Pure functions and immutable models: thread-safe.
//
//   CustomEntityTrainingData data;
//   data.entity_types = {"PRODUCT"};
//   data.documents = {"I bought a Zephyr X2 yesterday", ...};
//   data.annotations = {{.line = 0, .begin = 11, .end = 20, .type = "PRODUCT"}, ...};
//   LATHE_ASSIGN_OR_RETURN(TrainedEntityRecognizer trained, TrainCustomEntityRecognizer(data, {}));
//   LATHE_ASSIGN_OR_RETURN(auto recognizer, CustomEntityRecognizer::Load(trained.model));
//   for (const CustomEntity& e : recognizer.Detect("Is the Zephyr X3 out?")) ...
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "services/text/sequence_labeller.h"

namespace lathe::services::text {

// A token for labelling: a run of letters and digits (any non-ASCII byte counts as a letter), or
// one other non-space character. Offsets are in code points (Comprehend's unit) and bytes.
struct LabellingToken {
  std::string text;
  size_t begin = 0, end = 0;            // code points, end exclusive
  size_t byte_begin = 0, byte_end = 0;  // bytes, end exclusive
};
std::vector<LabellingToken> TokenizeForLabelling(std::string_view text);

// One row of Comprehend's annotations CSV (File is not kept: Lathe reads one documents set).
struct EntityAnnotation {
  int64_t line = 0;   // 0-based document (line) number
  int64_t begin = 0;  // character offset in that line
  int64_t end = 0;    // exclusive
  std::string type;
  int64_t source_row = 0;  // row number in the annotations file, for error messages (1 = first)
};

// One row of an entity list: a phrase and its type.
struct EntityListItem {
  std::string text;
  std::string type;
  int64_t source_row = 0;
};

struct CustomEntityTrainingData {
  std::vector<std::string> entity_types;  // InputDataConfig.EntityTypes, 1..25
  std::vector<std::string> documents;     // one per line
  std::vector<EntityAnnotation> annotations;  // either these...
  std::vector<EntityListItem> entity_list;    // ...or these (not both)
  // Held-out documents given by the caller (Comprehend's TestS3Uri); empty = a seeded split.
  std::vector<std::string> test_documents;
  std::vector<EntityAnnotation> test_annotations;
};

struct CustomEntityTrainingOptions {
  double test_fraction = 0.2;  // held-out share of the documents when no test set is given
  uint64_t seed = 42;
  int epochs = 12;
  const std::atomic<bool>* cancel = nullptr;  // polled while training; may be null
};

struct EntityMetrics {
  double precision = 0, recall = 0, f1 = 0;
  int64_t true_positives = 0, predicted = 0, gold = 0;
};

struct TrainedEntityRecognizer {
  std::string model;  // CustomEntityRecognizer::Load reads it
  int64_t train_documents = 0, test_documents = 0;
  EntityMetrics overall;                       // micro over all types, on the test documents
  std::map<std::string, EntityMetrics> per_type;  // every entity type
  std::map<std::string, int64_t> train_mentions;  // mentions per type in the training documents
};

// Validates, splits, trains and evaluates. InvalidArgument naming the field and row for: no or
// more than 25 entity types, a type with a comma or newline, no documents, annotations and an
// entity list both or neither, an annotation whose line is not a document, whose offsets are not
// 0 <= begin < end <= the line's length, or whose type is not listed; an entity list phrase that
// is empty; fewer than 3 training documents, or no mention of any type. Cancelled when
// options.cancel turned true.
Result<TrainedEntityRecognizer> TrainCustomEntityRecognizer(
    const CustomEntityTrainingData& data, const CustomEntityTrainingOptions& options);

// Entity-level scores of `predicted` against `gold` spans (exact begin, end and type match).
struct EntitySpan {
  size_t document = 0, begin = 0, end = 0;
  std::string type;
  auto operator<=>(const EntitySpan&) const = default;
};
std::map<std::string, EntityMetrics> ScoreEntitySpans(const std::vector<EntitySpan>& gold,
                                                      const std::vector<EntitySpan>& predicted,
                                                      EntityMetrics* overall);

struct CustomEntity {
  std::string type;
  std::string text;
  size_t begin_offset = 0, end_offset = 0;  // code points
  double score = 0;                         // mean of its tokens' tag confidences
};

class CustomEntityRecognizer {
 public:
  // From TrainedEntityRecognizer::model; DataLoss when the bytes are not one.
  static Result<CustomEntityRecognizer> Load(std::string_view model);
  std::vector<CustomEntity> Detect(std::string_view text) const;
  // The entity types it knows, sorted.
  std::vector<std::string> EntityTypes() const;

 private:
  explicit CustomEntityRecognizer(SequenceLabeller labeller) : labeller_(std::move(labeller)) {}
  SequenceLabeller labeller_;
};

}  // namespace lathe::services::text
