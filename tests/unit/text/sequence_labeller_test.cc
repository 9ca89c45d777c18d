// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "services/text/sequence_labeller.h"

#include <algorithm>
#include <atomic>
#include <random>
#include <set>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace lathe::services::text {
namespace {

SequenceLabellerOptions Options(int epochs, uint64_t seed = 42) {
  SequenceLabellerOptions options;
  options.epochs = epochs;
  options.seed = seed;
  return options;
}

// A synthetic labelling task: product names (a brand and a model code) and ticket ids in
// templated sentences. Brands and models are drawn from disjoint halves for `held_out`, so the
// test asks for generalisation from shape and context, not memorised words.
std::vector<LabelledSentence> Synthetic(size_t count, uint64_t seed, bool held_out) {
  const std::vector<std::string> brands_train = {"Zephyr", "Orion", "Vega", "Nimbus", "Atlas",
                                                 "Pulsar", "Quasar", "Falcon"};
  const std::vector<std::string> brands_test = {"Comet", "Lyra", "Titan", "Aurora"};
  const std::vector<std::vector<std::string>> templates = {
      {"My", "@P", "stopped", "working", ",", "see", "ticket", "@T", "."},
      {"Please", "replace", "the", "@P", "under", "@T", "today", "."},
      {"Ticket", "@T", "is", "about", "a", "broken", "@P", "."},
      {"The", "@P", "arrived", "late", "and", "I", "opened", "@T", "."},
      {"Is", "there", "an", "update", "on", "@T", "?"},
      {"I", "love", "my", "new", "@P", "!"},
      {"Nothing", "is", "wrong", "with", "the", "delivery", "."},
  };
  std::mt19937_64 rng(seed);
  auto pick = [&](size_t n) { return static_cast<size_t>(rng() % n); };
  const auto& brands = held_out ? brands_test : brands_train;
  std::vector<LabelledSentence> out;
  for (size_t i = 0; i < count; ++i) {
    LabelledSentence s;
    for (const std::string& slot : templates[pick(templates.size())]) {
      if (slot == "@P") {
        s.words.push_back(brands[pick(brands.size())]);
        s.tags.push_back("B-PRODUCT");
        s.words.push_back(std::string(1, static_cast<char>('A' + pick(26))) +
                          std::to_string(100 + pick(900)));
        s.tags.push_back("I-PRODUCT");
      } else if (slot == "@T") {
        s.words.push_back("TCK-" + std::to_string(10000 + pick(90000)));
        s.tags.push_back("B-TICKET");
      } else {
        s.words.push_back(slot);
        s.tags.push_back("O");
      }
    }
    out.push_back(std::move(s));
  }
  return out;
}

// Entity-level F1 (exact span and type) of the model on `sentences`.
double EntityF1(const SequenceLabeller& model, const std::vector<LabelledSentence>& sentences) {
  auto spans = [](const std::vector<std::string>& tags) {
    std::set<std::pair<size_t, std::string>> out;  // (start, tag sequence)
    for (size_t i = 0; i < tags.size(); ++i) {
      if (!tags[i].starts_with("B-")) continue;
      std::string run = tags[i];
      size_t j = i + 1;
      while (j < tags.size() && tags[j].starts_with("I-")) run += "," + tags[j++];
      out.insert({i, run + "@" + std::to_string(j)});
    }
    return out;
  };
  double tp = 0, predicted = 0, gold = 0;
  for (const LabelledSentence& s : sentences) {
    const auto g = spans(s.tags), p = spans(model.Predict(s.words).tags);
    gold += g.size();
    predicted += p.size();
    for (const auto& span : p) tp += g.count(span);
  }
  const double precision = tp / predicted, recall = tp / gold;
  return 2 * precision * recall / (precision + recall);
}

TEST(SequenceLabellerTest, LearnsProductsAndTicketsToHighHeldOutF1) {
  Result<SequenceLabeller> model = SequenceLabeller::Train(Synthetic(300, 1, false), {});
  ASSERT_TRUE(model.ok()) << model.status().message();
  EXPECT_EQ(model->tags().front(), "O");
  EXPECT_EQ(model->tags().size(), 4u);  // O, B-PRODUCT, B-TICKET, I-PRODUCT
  // Unseen brands: the shape of the model code and the context have to carry it.
  EXPECT_GT(EntityF1(*model, Synthetic(200, 2, true)), 0.9);
  EXPECT_GT(EntityF1(*model, Synthetic(200, 3, false)), 0.95);
}

TEST(SequenceLabellerTest, NeverEmitsAnInsideTagWithoutItsBeginning) {
  std::vector<LabelledSentence> train = Synthetic(100, 4, false);
  Result<SequenceLabeller> model = SequenceLabeller::Train(train, Options(2));
  ASSERT_TRUE(model.ok());
  for (const auto& words : std::vector<std::vector<std::string>>{
           {"X200"}, {"see", "Q300", "Q400", "now"}, {"TCK-1", "B100"}, {}}) {
    LabelledTokens out = model->Predict(words);
    ASSERT_EQ(out.tags.size(), words.size());
    for (size_t i = 0; i < out.tags.size(); ++i) {
      if (!out.tags[i].starts_with("I-")) continue;
      ASSERT_GT(i, 0u);
      EXPECT_EQ(out.tags[i - 1].substr(2), out.tags[i].substr(2));
    }
    for (double score : out.scores) {
      EXPECT_GT(score, 0);
      EXPECT_LE(score, 1);
    }
  }
}

TEST(SequenceLabellerTest, IsDeterministicForASeedAndSaveLoadRoundTrips) {
  const auto train = Synthetic(150, 5, false);
  Result<SequenceLabeller> a = SequenceLabeller::Train(train, Options(5, 7));
  Result<SequenceLabeller> b = SequenceLabeller::Train(train, Options(5, 7));
  ASSERT_TRUE(a.ok() && b.ok());
  EXPECT_EQ(a->Save(), b->Save());
  Result<SequenceLabeller> loaded = SequenceLabeller::Load(a->Save());
  ASSERT_TRUE(loaded.ok()) << loaded.status().message();
  EXPECT_EQ(loaded->Save(), a->Save());
  EXPECT_EQ(loaded->feature_count(), a->feature_count());
  for (const LabelledSentence& s : Synthetic(50, 6, true)) {
    EXPECT_EQ(loaded->Predict(s.words).tags, a->Predict(s.words).tags);
    EXPECT_EQ(loaded->Predict(s.words).scores, a->Predict(s.words).scores);
  }
}

TEST(SequenceLabellerTest, GazetteerPhrasesBecomeFeaturesAndAreSaved) {
  // Products and ordinary phrases share every context, so only the words and the gazetteer tell
  // them apart; a product the training never saw is found only through the gazetteer.
  const std::vector<std::vector<std::string>> products = {
      {"gizmo", "max"}, {"widget", "pro"}, {"doohickey", "one"}, {"thing", "two"}};
  const std::vector<std::vector<std::string>> others = {
      {"weather", "today"}, {"cold", "water"}, {"red", "car"}, {"long", "walk"}};
  std::vector<LabelledSentence> train;
  Gazetteer gazetteer = {{{"sprocket", "ultra"}, "P"}};
  for (const std::vector<std::string>& prefix :
       std::vector<std::vector<std::string>>{{"i", "like", "the"}, {"see", "a"}, {"my"}}) {
    for (size_t k = 0; k < products.size(); ++k) {
      LabelledSentence product{prefix, std::vector<std::string>(prefix.size(), "O")};
      LabelledSentence other = product;
      product.words.insert(product.words.end(), products[k].begin(), products[k].end());
      product.tags.insert(product.tags.end(), {"B-P", "I-P"});
      other.words.insert(other.words.end(), others[k].begin(), others[k].end());
      other.tags.insert(other.tags.end(), {"O", "O"});
      train.push_back(product);
      train.push_back(other);
      gazetteer[products[k]] = "P";
    }
  }
  SequenceLabellerOptions options;
  options.gazetteer = gazetteer;
  Result<SequenceLabeller> with = SequenceLabeller::Train(train, options);
  ASSERT_TRUE(with.ok());
  const std::vector<std::string> unseen = {"i", "like", "the", "sprocket", "ultra"};
  EXPECT_EQ(with->Predict(unseen).tags,
            (std::vector<std::string>{"O", "O", "O", "B-P", "I-P"}));
  Result<SequenceLabeller> without = SequenceLabeller::Train(train, {});
  ASSERT_TRUE(without.ok());
  EXPECT_NE(without->Predict(unseen).tags, with->Predict(unseen).tags);
  Result<SequenceLabeller> loaded = SequenceLabeller::Load(with->Save());
  ASSERT_TRUE(loaded.ok());
  EXPECT_EQ(loaded->Predict(unseen).tags, with->Predict(unseen).tags);
}

TEST(SequenceLabellerTest, RejectsBadTrainingInputNamingTheSentenceAndToken) {
  auto message = [](std::vector<LabelledSentence> s, SequenceLabellerOptions o = {}) {
    Result<SequenceLabeller> r = SequenceLabeller::Train(s, o);
    EXPECT_FALSE(r.ok());
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
    return r.status().message();
  };
  EXPECT_EQ(message({}), "no training sentences");
  EXPECT_EQ(message({{{"a"}, {"O"}}, {{"a", "b"}, {"O"}}}), "sentence 1: 2 words but 1 tags");
  EXPECT_EQ(message({{{"a", "b"}, {"O", "PRODUCT"}}}),
            "sentence 0, token 1: tag 'PRODUCT' is not O, B-TYPE or I-TYPE");
  EXPECT_EQ(message({{{"a", "b"}, {"O", "I-X"}}}),
            "sentence 0, token 1: 'I-X' does not continue a B-X or I-X");
  EXPECT_EQ(message({{{"a", "b"}, {"B-Y", "I-X"}}}),
            "sentence 0, token 1: 'I-X' does not continue a B-X or I-X");
  EXPECT_EQ(message({{{""}, {"O"}}}), "sentence 0, token 0: empty word");
  EXPECT_EQ(message({{{"a"}, {"O"}}}, Options(0)), "epochs: 0 is outside 1..100");
}

TEST(SequenceLabellerTest, StopsWhenCancelled) {
  std::atomic<bool> cancel{true};
  SequenceLabellerOptions options;
  options.cancel = &cancel;
  Result<SequenceLabeller> r = SequenceLabeller::Train(Synthetic(10, 8, false), options);
  EXPECT_EQ(r.status().code(), StatusCode::kCancelled);
}

TEST(SequenceLabellerTest, LoadRejectsCorruptImages) {
  Result<SequenceLabeller> model = SequenceLabeller::Train(Synthetic(20, 9, false), Options(1));
  ASSERT_TRUE(model.ok());
  const std::string image = model->Save();
  EXPECT_EQ(SequenceLabeller::Load("").status().code(), StatusCode::kDataLoss);
  EXPECT_EQ(SequenceLabeller::Load("NOPE" + image.substr(4)).status().message(),
            "sequence labeller: not a Lathe sequence labeller (bad magic)");
  std::string other_version = image;
  other_version[4] = 9;
  EXPECT_EQ(SequenceLabeller::Load(other_version).status().message(),
            "sequence labeller: format version 9 is not supported (this build reads version 1)");
  for (size_t cut : {size_t{10}, image.size() / 2, image.size() - 1}) {
    Result<SequenceLabeller> r = SequenceLabeller::Load(image.substr(0, cut));
    EXPECT_EQ(r.status().code(), StatusCode::kDataLoss) << cut;
    EXPECT_NE(r.status().message().find("truncated"), std::string::npos) << cut;
  }
  EXPECT_EQ(SequenceLabeller::Load(image + "x").status().message(),
            "sequence labeller: trailing bytes after the model");
}

TEST(SequenceLabellerTest, FeaturesDescribeShapeAffixesAndNeighbours) {
  const auto features = SentenceFeatures({"see", "TCK-204"}, {{{"tck-204"}, "TICKET"}});
  const auto& f = features[1];
  auto has = [&](const std::string& name) {
    return std::find(f.begin(), f.end(), name) != f.end();
  };
  EXPECT_TRUE(has("w=tck-204"));
  EXPECT_TRUE(has("shape=XXX-ddd"));
  EXPECT_TRUE(has("sshape=X-d"));
  EXPECT_TRUE(has("pre3=tck"));
  EXPECT_TRUE(has("suf2=04"));
  EXPECT_TRUE(has("allcaps"));
  EXPECT_TRUE(has("hasdigit"));
  EXPECT_TRUE(has("w-1=see"));
  EXPECT_TRUE(has("w+1=</s>"));
  EXPECT_TRUE(has("gaz=B-TICKET"));
  // Affixes are whole characters: "é" is two bytes.
  const auto accented = SentenceFeatures({"Café"}, {})[0];
  EXPECT_NE(std::find(accented.begin(), accented.end(), "suf1=é"), accented.end());
  EXPECT_NE(std::find(accented.begin(), accented.end(), "pre3=caf"), accented.end());
}

}  // namespace
}  // namespace lathe::services::text
