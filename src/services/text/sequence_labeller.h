// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// SequenceLabeller: a first-order averaged perceptron over BIO tags ("O", "B-PRODUCT",
// "I-PRODUCT"...) with Viterbi decoding that never emits an I-X after anything but B-X or I-X.
// Features per token: the lower-cased word, its word shape (long and collapsed), prefixes and
// suffixes of 1-3 characters, case and digit flags, the neighbouring words and shapes (two each
// side) and, when a gazetteer is given, whether the token starts or continues a listed phrase of
// each type. Feature strings are kept in a dictionary saved with the weights, so a loaded model
// scores exactly as the trained one. Training is deterministic for a seed (the epoch order is a
// seeded shuffle). A trained labeller is immutable: Predict is const and thread-safe.
//
//   std::vector<LabelledSentence> train = {{{"Order", "TCK-1", "now"}, {"O", "B-TICKET", "O"}}};
//   LATHE_ASSIGN_OR_RETURN(SequenceLabeller model, SequenceLabeller::Train(train, {}));
//   std::vector<std::string> tags = model.Predict({"See", "TCK-2"}).tags;
//   std::string bytes = model.Save();  // SequenceLabeller::Load(bytes) gives the same tags
#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace lathe::services::text {

// One training sentence: its tokens and one BIO tag per token.
struct LabelledSentence {
  std::vector<std::string> words;
  std::vector<std::string> tags;
};

// Phrases by type for gazetteer features: lower-cased tokens of a phrase -> its type.
using Gazetteer = std::map<std::vector<std::string>, std::string>;

struct SequenceLabellerOptions {
  int epochs = 12;         // passes over the training sentences, 1..100
  uint64_t seed = 42;      // the shuffle of each epoch
  int min_feature_count = 1;  // features seen fewer times in training are dropped
  Gazetteer gazetteer;     // optional phrases; saved with the model
  // Polled between sentences; when it turns true Train returns Cancelled. May be null.
  const std::atomic<bool>* cancel = nullptr;
};

// Tags and, per token, the probability of its tag (a softmax over the tag scores at that token,
// transitions included), a confidence rather than a calibrated probability.
struct LabelledTokens {
  std::vector<std::string> tags;
  std::vector<double> scores;
};

class SequenceLabeller {
 public:
  // Trains on `sentences`. InvalidArgument naming the sentence (0-based) for no sentences, a
  // sentence whose tags and words differ in number, an empty word, a tag that is not "O", "B-X"
  // or "I-X", or an I-X that does not follow B-X / I-X; also for epochs outside 1..100.
  // Cancelled when options.cancel turned true.
  static Result<SequenceLabeller> Train(const std::vector<LabelledSentence>& sentences,
                                        const SequenceLabellerOptions& options);

  // The most likely tag sequence for `words` (any number, also none).
  LabelledTokens Predict(const std::vector<std::string>& words) const;

  // A versioned binary image: tags, feature dictionary, averaged weights, gazetteer.
  std::string Save() const;
  // Reads a Save() image. DataLoss naming what is wrong (magic, version, a truncated section,
  // an out-of-range index) for anything else.
  static Result<SequenceLabeller> Load(std::string_view bytes);

  // The tags it can emit, "O" first.
  const std::vector<std::string>& tags() const { return tags_; }
  size_t feature_count() const { return features_.size(); }

 private:
  SequenceLabeller() = default;
  // Feature ids of every token of `words` that are in the dictionary.
  std::vector<std::vector<uint32_t>> FeatureIds(const std::vector<std::string>& words) const;
  // Viterbi over emission scores [token][tag]; returns tag ids.
  std::vector<int> Decode(const std::vector<std::vector<float>>& emissions) const;
  std::vector<std::vector<float>> Emissions(const std::vector<std::vector<uint32_t>>& ids) const;
  bool Allowed(int previous, int next) const;  // previous = -1 at the start

  std::vector<std::string> tags_;
  std::map<std::string, uint32_t, std::less<>> features_;
  std::vector<float> weights_;      // [feature][tag]
  std::vector<float> transitions_;  // [(previous + 1)][tag], previous -1 = start
  Gazetteer gazetteer_;
};

// The feature strings of every token of `words` (exposed for tests and for debugging).
std::vector<std::vector<std::string>> SentenceFeatures(const std::vector<std::string>& words,
                                                       const Gazetteer& gazetteer);

}  // namespace lathe::services::text
