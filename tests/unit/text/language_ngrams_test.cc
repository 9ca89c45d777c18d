// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "services/text/language_ngrams.h"

#include <gtest/gtest.h>

#include "services/text/language_detector.h"

namespace lathe::services::text {
namespace {

TEST(LanguageNgramsTest, TellsLanguagesApartFromTwoWords) {
  // Phrases outside the declaration's vocabulary.
  EXPECT_EQ(GuessLanguageByNgrams("Missä on asema?").at(0).code, "fi");
  EXPECT_EQ(GuessLanguageByNgrams("Cảm ơn rất nhiều").at(0).code, "vi");
  EXPECT_EQ(GuessLanguageByNgrams("Спасибо большое").at(0).code, "ru");
  EXPECT_EQ(GuessLanguageByNgrams("Grazie mille").at(0).code, "it");
  const std::vector<NgramGuess> guesses = GuessLanguageByNgrams("the right of everyone", 3);
  ASSERT_EQ(guesses.size(), 3u);
  EXPECT_EQ(guesses[0].code, "en");
  EXPECT_GE(guesses[0].probability, guesses[1].probability);
  EXPECT_LE(guesses[0].probability, 1.0);
}

TEST(LanguageNgramsTest, NoLettersNoGuess) {
  EXPECT_TRUE(GuessLanguageByNgrams("").empty());
  EXPECT_TRUE(GuessLanguageByNgrams("12 345 !!! ...").empty());
  EXPECT_EQ(LetterWeight("12 ab, ÉTÉ!"), 5u);
  EXPECT_EQ(LetterWeight("東京です"), 12u);  // ideographs and kana count 3
  EXPECT_EQ(LetterWeight("abcdefgh", 3), 3u);  // stops at the cap
}

TEST(LanguageNgramsTest, ShortTextsBlendWhereCld2AloneIsWrong) {
  // CLD2 alone answers English for this; the blend with the n-grams gets Finnish.
  const std::vector<DetectedLanguage> blended = DetectLanguages("Missä on asema?");
  ASSERT_FALSE(blended.empty());
  EXPECT_EQ(blended[0].code, "fi");
  const std::vector<DetectedLanguage> cld2 = DetectLanguagesCld2("Missä on asema?");
  ASSERT_FALSE(cld2.empty());
  EXPECT_NE(cld2[0].code, "fi");
  // Long texts are CLD2's alone.
  const std::string long_text =
      "Le marché du samedi matin attire toujours beaucoup de monde, surtout quand il fait beau.";
  ASSERT_GE(LetterWeight(long_text), kShortTextLetters);
  EXPECT_EQ(DetectLanguages(long_text)[0].code, DetectLanguagesCld2(long_text)[0].code);
  EXPECT_DOUBLE_EQ(DetectLanguages(long_text)[0].score, DetectLanguagesCld2(long_text)[0].score);
}

}  // namespace
}  // namespace lathe::services::text
