// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "services/text/key_phrases.h"

#include <gtest/gtest.h>

namespace lathe::services::text {
namespace {

std::vector<std::string> Texts(const std::vector<KeyPhrase>& phrases) {
  std::vector<std::string> out;
  for (const KeyPhrase& p : phrases) out.push_back(p.text);
  return out;
}

TEST(KeyPhrasesTest, SplitsAtStopwordsAndPunctuation) {
  EXPECT_EQ(Texts(ExtractKeyPhrases("The new public library opens on Monday, near the old harbour.",
                                    "en")),
            (std::vector<std::string>{"new public library opens", "Monday", "old harbour"}));
}

TEST(KeyPhrasesTest, UsesTheLanguagesStopwords) {
  EXPECT_EQ(Texts(ExtractKeyPhrases("La biblioteca municipal abre el lunes.", "es")),
            (std::vector<std::string>{"biblioteca municipal abre", "lunes"}));
}

TEST(KeyPhrasesTest, OffsetsAreCharactersAndScoresAreNormalised) {
  const std::string text = "Tôi thích phở. Phở Hà Nội rất ngon, phở ở Huế cũng ngon.";
  std::vector<KeyPhrase> phrases = ExtractKeyPhrases(text, "en");
  ASSERT_FALSE(phrases.empty());
  double best = 0;
  for (const KeyPhrase& p : phrases) {
    EXPECT_GE(p.score, 0.5);
    EXPECT_LE(p.score, 1.0);
    best = std::max(best, p.score);
    EXPECT_EQ(p.end_offset - p.begin_offset, static_cast<size_t>([&] {
                size_t n = 0;
                for (unsigned char c : p.text) n += (c & 0xC0) != 0x80;
                return n;
              }()));
  }
  EXPECT_DOUBLE_EQ(best, 1.0);
  EXPECT_EQ(phrases[0].begin_offset, 0u);  // "Tôi thích phở"
}

TEST(KeyPhrasesTest, RepeatedWordsScoreHigher) {
  std::vector<KeyPhrase> phrases = ExtractKeyPhrases(
      "Battery life matters. The battery lasts two days. A spare cable is included.", "en");
  double battery = 0, cable = 0;
  for (const KeyPhrase& p : phrases) {
    if (p.text.starts_with("battery")) battery = p.score;
    if (p.text == "spare cable") cable = p.score;
  }
  EXPECT_GT(battery, cable);
}

}  // namespace
}  // namespace lathe::services::text
