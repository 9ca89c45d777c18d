// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "services/text/custom_entities.h"

#include <random>
#include <string>
#include <vector>

#include <gtest/gtest.h>

namespace lathe::services::text {
namespace {

// Documents with products and ticket ids at known character offsets, as Comprehend's
// annotations CSV would give them. `first_brand` picks disjoint brand sets for held-out tests.
struct Generated {
  std::vector<std::string> documents;
  std::vector<EntityAnnotation> annotations;
};
Generated Generate(size_t count, uint64_t seed) {
  const std::vector<std::string> brands = {"Zephyr", "Orion", "Vega", "Nimbus", "Atlas",
                                           "Pulsar", "Quasar", "Falcon", "Comet", "Lyra"};
  const std::vector<std::string> templates = {
      "My @P stopped working, see ticket @T.", "Please replace the @P under @T today.",
      "Ticket @T is about a broken @P.",       "The @P arrived late and I opened @T.",
      "Is there an update on @T?",             "I love my new @P!",
      "Nothing is wrong with the delivery.",   "Ünïcode café: the @P is great."};
  std::mt19937_64 rng(seed);
  Generated g;
  for (size_t line = 0; line < count; ++line) {
    std::string document, pattern = templates[rng() % templates.size()];
    size_t characters = 0;  // code points so far
    for (size_t i = 0; i < pattern.size(); ++i) {
      std::string value, type;
      if (pattern.compare(i, 2, "@P") == 0) {
        value = brands[rng() % brands.size()] + " " + static_cast<char>('A' + rng() % 26) +
                std::to_string(100 + rng() % 900);
        type = "PRODUCT";
      } else if (pattern.compare(i, 2, "@T") == 0) {
        value = "TCK-" + std::to_string(10000 + rng() % 90000);
        type = "TICKET";
      }
      if (!type.empty()) {
        g.annotations.push_back({.line = static_cast<int64_t>(line),
                                 .begin = static_cast<int64_t>(characters),
                                 .end = static_cast<int64_t>(characters + value.size()),
                                 .type = type,
                                 .source_row = static_cast<int64_t>(g.annotations.size() + 1)});
        document += value;
        characters += value.size();
        ++i;
        continue;
      }
      document += pattern[i];
      if ((static_cast<unsigned char>(pattern[i]) & 0xC0) != 0x80) ++characters;
    }
    g.documents.push_back(document);
  }
  return g;
}

TEST(CustomEntitiesTest, TokenizerGivesCodePointAndByteOffsets) {
  const auto tokens = TokenizeForLabelling("Café TCK-12, ok");
  ASSERT_EQ(tokens.size(), 6u);
  EXPECT_EQ(tokens[0].text, "Café");
  EXPECT_EQ(tokens[0].end, 4u);
  EXPECT_EQ(tokens[0].byte_end, 5u);
  EXPECT_EQ(tokens[1].text, "TCK");
  EXPECT_EQ(tokens[1].begin, 5u);
  EXPECT_EQ(tokens[2].text, "-");
  EXPECT_EQ(tokens[3].text, "12");
  EXPECT_EQ(tokens[4].text, ",");
  EXPECT_EQ(tokens[5].begin, 13u);
  EXPECT_EQ(tokens[5].byte_begin, 14u);
}

TEST(CustomEntitiesTest, TrainsFromAnnotationsAndReportsHeldOutMetrics) {
  Generated g = Generate(400, 11);
  CustomEntityTrainingData data;
  data.entity_types = {"PRODUCT", "TICKET"};
  data.documents = g.documents;
  data.annotations = g.annotations;
  Result<TrainedEntityRecognizer> trained = TrainCustomEntityRecognizer(data, {});
  ASSERT_TRUE(trained.ok()) << trained.status().message();
  EXPECT_EQ(trained->train_documents, 320);
  EXPECT_EQ(trained->test_documents, 80);
  EXPECT_GT(trained->overall.f1, 0.9);
  EXPECT_GT(trained->per_type.at("PRODUCT").f1, 0.85);
  EXPECT_GT(trained->per_type.at("TICKET").f1, 0.9);
  EXPECT_GT(trained->train_mentions.at("TICKET"), 50);

  Result<CustomEntityRecognizer> recognizer = CustomEntityRecognizer::Load(trained->model);
  ASSERT_TRUE(recognizer.ok());
  EXPECT_EQ(recognizer->EntityTypes(), (std::vector<std::string>{"PRODUCT", "TICKET"}));
  const std::vector<CustomEntity> found =
      recognizer->Detect("Ünïcode café: my Vega Q512 stopped working, see ticket TCK-55123.");
  ASSERT_EQ(found.size(), 2u);
  EXPECT_EQ(found[0].type, "PRODUCT");
  EXPECT_EQ(found[0].text, "Vega Q512");
  EXPECT_EQ(found[0].begin_offset, 17u);  // code points: "Ünïcode" is 7 characters, 9 bytes
  EXPECT_EQ(found[0].end_offset, 26u);
  EXPECT_EQ(found[1].type, "TICKET");
  EXPECT_EQ(found[1].text, "TCK-55123");
  EXPECT_GT(found[1].score, 0.5);
}

TEST(CustomEntitiesTest, TrainsFromAnEntityListMatchedInTheDocuments) {
  Generated g = Generate(200, 12);
  CustomEntityTrainingData data;
  data.entity_types = {"TICKET"};
  data.documents = g.documents;
  int64_t row = 0;
  for (const EntityAnnotation& a : g.annotations) {
    if (a.type != "TICKET") continue;
    const std::string& d = g.documents[a.line];
    data.entity_list.push_back({d.substr(a.begin, a.end - a.begin), "TICKET", ++row});
  }
  Result<TrainedEntityRecognizer> trained = TrainCustomEntityRecognizer(data, {});
  ASSERT_TRUE(trained.ok()) << trained.status().message();
  EXPECT_GT(trained->overall.f1, 0.9);
  Result<CustomEntityRecognizer> recognizer = CustomEntityRecognizer::Load(trained->model);
  ASSERT_TRUE(recognizer.ok());
  const auto found = recognizer->Detect("Any news about TCK-99999?");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].text, "TCK-99999");
}

TEST(CustomEntitiesTest, ScoresSpansExactly) {
  EntityMetrics overall;
  auto per_type = ScoreEntitySpans({{0, 0, 4, "A"}, {0, 5, 9, "B"}, {1, 0, 3, "A"}},
                                   {{0, 0, 4, "A"}, {0, 5, 8, "B"}, {1, 0, 3, "B"}}, &overall);
  EXPECT_EQ(overall.true_positives, 1);
  EXPECT_DOUBLE_EQ(overall.precision, 1.0 / 3);
  EXPECT_DOUBLE_EQ(per_type["A"].recall, 0.5);
  EXPECT_DOUBLE_EQ(per_type["A"].precision, 1.0);
  EXPECT_DOUBLE_EQ(per_type["B"].f1, 0.0);
}

TEST(CustomEntitiesTest, RejectsBadTrainingDataNamingTheRow) {
  Generated g = Generate(20, 13);
  auto message = [&](auto edit) {
    CustomEntityTrainingData data;
    data.entity_types = {"PRODUCT", "TICKET"};
    data.documents = g.documents;
    data.annotations = g.annotations;
    edit(data);
    Result<TrainedEntityRecognizer> r = TrainCustomEntityRecognizer(data, {});
    EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
    return r.status().message();
  };
  EXPECT_EQ(message([](CustomEntityTrainingData& d) { d.entity_types.clear(); }),
            "EntityTypes: 0 types; give 1 to 25");
  EXPECT_EQ(message([](CustomEntityTrainingData& d) { d.entity_types[1] = "A,B"; }),
            "EntityTypes[1].Type: 'A,B' must be non-empty, without commas, tabs or newlines");
  EXPECT_EQ(message([](CustomEntityTrainingData& d) { d.annotations[2].line = 20; }),
            "Annotations row 3: Line 20 is not a document (there are 20, numbered from 0)");
  EXPECT_NE(message([](CustomEntityTrainingData& d) { d.annotations[0].end = 1000; })
                .find("Annotations row 1: offsets"),
            std::string::npos);
  EXPECT_EQ(message([](CustomEntityTrainingData& d) { d.annotations[4].type = "COLOUR"; }),
            "Annotations row 5: Type 'COLOUR' is not one of InputDataConfig.EntityTypes");
  EXPECT_EQ(message([](CustomEntityTrainingData& d) { d.entity_list.push_back({"x", "TICKET", 1}); }),
            "InputDataConfig: give either Annotations or EntityList (exactly one), with Documents");
  EXPECT_EQ(message([](CustomEntityTrainingData& d) { d.documents.resize(2); d.annotations.clear();
                                                       d.entity_list = {{"x", "TICKET", 1}}; }),
            "Documents: 2 training documents after holding out the test share; at least 3 are "
            "needed");
}

}  // namespace
}  // namespace lathe::services::text
