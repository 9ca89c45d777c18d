// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// DetectSentiment in Spanish, French, Italian and Portuguese: sentences written for these tests
// (clearly positive, clearly negative, a negated positive word, a factual statement).
#include <gtest/gtest.h>

#include "services/text/sentiment.h"
#include "services/text/sentiment_lexicon.h"

namespace lathe::services::text {
namespace {

struct LanguageCase {
  std::string_view code;
  std::string_view positive, negative, negated, neutral;
  std::string_view contrast;   // "A <but> B": B, the negative part, decides
};

const LanguageCase kCases[] = {
    {"es", "El hotel es muy bueno y el personal fue amable.",
     "La comida estaba horrible y el servicio fue terrible.", "El servicio no fue bueno.",
     "La tienda abre a las nueve de la mañana.",
     "El personal fue amable, pero la comida estaba horrible."},
    {"fr", "Le personnel était très aimable et la chambre magnifique.",
     "Le repas était horrible et le service désagréable.", "Le film n'était pas agréable.",
     "La réunion est lundi à dix heures dans la salle quatre.",
     "Le personnel était aimable, mais le repas était horrible."},
    {"it", "Il personale era molto gentile e la camera bellissima.",
     "Il cibo era orribile e il servizio pessimo.", "Il film non era bello.",
     "Il treno parte dalla stazione alle otto.",
     "Il personale era gentile, ma il cibo era orribile."},
    {"pt", "O hotel é ótimo e os funcionários foram muito simpáticos.",
     "A comida estava horrível e o serviço péssimo.", "O serviço não foi ótimo.",
     "O trem sai da estação às oito horas.",
     "Os funcionários foram simpáticos, mas a comida estava horrível."},
};

class SentimentLanguageTest : public testing::TestWithParam<LanguageCase> {
 protected:
  SentimentScores Analyze(std::string_view text) const {
    const SentimentAnalyzer* analyzer = SentimentAnalyzer::ForLanguage(GetParam().code);
    EXPECT_NE(analyzer, nullptr);
    return analyzer == nullptr ? SentimentScores{} : analyzer->Analyze(text);
  }
  double Compound(std::string_view text) const {
    return ValenceLexicon::ForLanguage(GetParam().code)->Analyze(text).compound;
  }
};

TEST_P(SentimentLanguageTest, ClearPositiveAndNegative) {
  const SentimentScores pos = Analyze(GetParam().positive);
  EXPECT_EQ(pos.sentiment, "POSITIVE") << GetParam().positive;
  EXPECT_GT(pos.positive, 0.7);
  const SentimentScores neg = Analyze(GetParam().negative);
  EXPECT_EQ(neg.sentiment, "NEGATIVE") << GetParam().negative;
  EXPECT_GT(neg.negative, 0.5);
  EXPECT_NEAR(neg.positive + neg.negative + neg.neutral + neg.mixed, 1.0, 1e-9);
}

TEST_P(SentimentLanguageTest, NegationFlipsAPositiveWord) {
  EXPECT_LT(Compound(GetParam().negated), -0.2) << GetParam().negated;
  EXPECT_EQ(Analyze(GetParam().negated).sentiment, "NEGATIVE") << GetParam().negated;
}

TEST_P(SentimentLanguageTest, FactualTextIsNeutral) {
  EXPECT_EQ(Analyze(GetParam().neutral).sentiment, "NEUTRAL") << GetParam().neutral;
}

TEST_P(SentimentLanguageTest, ContrastWordGivesTheLaterClauseMoreWeight) {
  EXPECT_LT(Compound(GetParam().contrast), 0) << GetParam().contrast;
}

TEST_P(SentimentLanguageTest, EmojiComeFromTheEnglishList) {
  EXPECT_GT(Compound("😍"), 0);
  EXPECT_LT(Compound(":("), 0);
}

INSTANTIATE_TEST_SUITE_P(Languages, SentimentLanguageTest, testing::ValuesIn(kCases),
                         [](const testing::TestParamInfo<LanguageCase>& info) {
                           return std::string(info.param.code);
                         });

TEST(SentimentLanguagesTest, WordsAreFoldedAndStemmed) {
  const ValenceLexicon& fr = *ValenceLexicon::ForLanguage("fr");
  // Case, diacritics and inflection do not matter: one stem ("magnif") for all three.
  const double base = fr.Analyze("magnifique").compound;
  EXPECT_GT(base, 0);
  EXPECT_DOUBLE_EQ(fr.Analyze("MAGNIFIQUES").compound, fr.Analyze("Magnifiques").compound);
  EXPECT_GT(fr.Analyze("magnifiques").compound, 0);
  // An intensifier written with or without its accent ("très", "tres") strengthens.
  EXPECT_GT(fr.Analyze("très magnifique").compound, base);
  EXPECT_DOUBLE_EQ(fr.Analyze("tres magnifique").compound, fr.Analyze("très magnifique").compound);
}

TEST(SentimentLanguagesTest, FrenchElisionSplitsTheNegationOff) {
  const ValenceLexicon& fr = *ValenceLexicon::ForLanguage("fr");
  EXPECT_GT(fr.Analyze("C'est agréable.").compound, 0);
  EXPECT_LT(fr.Analyze("Ce n'est agréable.").compound, 0);    // "n'" alone negates
  EXPECT_LT(fr.Analyze("Ce n’est pas agréable.").compound, 0);  // curly apostrophe
}

TEST(SentimentLanguagesTest, EnglishWordsAreNotScoredInOtherLanguages) {
  // "good" is not Spanish: the Spanish lexicon leaves it (and the English rules) alone.
  EXPECT_EQ(ValenceLexicon::ForLanguage("es")->Analyze("good good good").sentiment_words, 0u);
}

}  // namespace
}  // namespace lathe::services::text
