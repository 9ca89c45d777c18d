// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "services/text/sentiment.h"

#include <gtest/gtest.h>

#include "services/text/sentiment_lexicon.h"

namespace lathe::services::text {
namespace {

SentimentScores Analyze(std::string_view text) { return SentimentAnalyzer::Default().Analyze(text); }

double Compound(std::string_view text) { return ValenceLexicon::Default().Analyze(text).compound; }

TEST(SentimentTest, ScoresAreProbabilitiesThatSumToOne) {
  for (std::string_view text : {"I love it.", "I hate it.", "It is a chair.", "Good food, rude staff.",
                                "!!!", "😍"}) {
    const SentimentScores s = Analyze(text);
    EXPECT_NEAR(s.positive + s.negative + s.neutral + s.mixed, 1.0, 1e-9) << text;
    for (double v : {s.positive, s.negative, s.neutral, s.mixed}) {
      EXPECT_GE(v, 0.0) << text;
      EXPECT_LE(v, 1.0) << text;
    }
  }
}

TEST(SentimentTest, ClearPositiveAndNegative) {
  const SentimentScores pos = Analyze("I love this phone, the screen is absolutely wonderful!");
  EXPECT_EQ(pos.sentiment, "POSITIVE");
  EXPECT_GT(pos.positive, 0.7);
  const SentimentScores neg = Analyze("This was the worst service I have ever had. Terrible and rude.");
  EXPECT_EQ(neg.sentiment, "NEGATIVE");
  EXPECT_GT(neg.negative, 0.7);
}

TEST(SentimentTest, FactualTextIsNeutral) {
  EXPECT_EQ(Analyze("The package arrived on Tuesday afternoon.").sentiment, "NEUTRAL");
  EXPECT_EQ(Analyze("The meeting is in room 4 at 10 am.").sentiment, "NEUTRAL");
}

TEST(SentimentTest, NegationFlipsPolarity) {
  EXPECT_GT(Compound("The movie was good."), 0.3);
  EXPECT_LT(Compound("The movie was not good."), -0.2);
  EXPECT_LT(Compound("The movie wasn't good."), -0.2);
  EXPECT_EQ(Analyze("The hotel was clean and comfortable.").sentiment, "POSITIVE");
  EXPECT_EQ(Analyze("The hotel was not clean and not comfortable.").sentiment, "NEGATIVE");
}

TEST(SentimentTest, NegationScopeEndsAtClausePunctuation) {
  const LexiconAnalysis a = ValenceLexicon::Default().Analyze("Not working, but good.");
  EXPECT_EQ(a.words, (std::vector<std::string>{"NOT_working", "but", "good"}));
  EXPECT_GT(a.compound, 0);  // the comma ended the negation: "good" counts as written
  // Negated sentiment words are left to the rules, not to the supervised model's words.
  const LexiconAnalysis b = ValenceLexicon::Default().Analyze("The food was not bad.");
  EXPECT_EQ(b.words, (std::vector<std::string>{"the", "food", "was"}));
  EXPECT_GT(b.compound, 0);
}

TEST(SentimentTest, NegatedNegativeIsNotNegative) {
  EXPECT_NE(Analyze("Not bad.").sentiment, "NEGATIVE");
  EXPECT_NE(Analyze("The food was not bad.").sentiment, "NEGATIVE");
}

TEST(SentimentTest, IntensifiersCapitalsAndExclamationsStrengthen) {
  EXPECT_GT(Compound("The food was very good."), Compound("The food was good."));
  EXPECT_LT(Compound("The food was slightly good."), Compound("The food was good."));
  EXPECT_GT(Compound("The food was GOOD."), Compound("The food was good."));
  EXPECT_GT(Compound("The food was good!!!"), Compound("The food was good."));
  EXPECT_LT(Compound("The food was BAD!!"), Compound("The food was bad."));
}

TEST(SentimentTest, ContrastGivesTheLaterClauseMoreWeight) {
  // "but": the clause after it counts more.
  EXPECT_LT(Compound("The food was great but the service was terrible."), 0);
  EXPECT_GT(Compound("The service was terrible but the food was great."), 0);
  const SentimentScores s = Analyze("The food was delicious, but the service was awful.");
  EXPECT_TRUE(s.sentiment == "NEGATIVE" || s.sentiment == "MIXED") << s.sentiment;
  EXPECT_GT(s.mixed, 0.1);
  EXPECT_GT(s.negative, s.positive);
}

TEST(SentimentTest, OpposingSentencesAreMixed) {
  const SentimentScores s =
      Analyze("The room was beautiful and the view was amazing. The staff were rude and the "
              "breakfast was awful.");
  EXPECT_EQ(s.sentiment, "MIXED");
}

TEST(SentimentTest, LongReviewsFollowTheirOverallTone) {
  // A positive review with one complaint, and a negative one with one compliment.
  EXPECT_EQ(Analyze("I bought this blender last month and I am really impressed. It crushes ice "
                    "easily, the jar is sturdy and cleaning takes seconds. The only downside is "
                    "that it is a bit loud, but honestly that is a small price to pay. Highly "
                    "recommended to anyone who makes smoothies every day.")
                .sentiment,
            "POSITIVE");
  EXPECT_EQ(Analyze("The hotel was in a great location near the station. However the room was "
                    "dirty, the staff were rude and breakfast was cold. We will not come back.")
                .sentiment,
            "NEGATIVE");
}

TEST(SentimentTest, EmoticonsAndEmoji) {
  EXPECT_GT(Compound("Arrived today :)"), 0);
  EXPECT_LT(Compound("Arrived today :("), 0);
  EXPECT_GT(Compound("Arrived today 😍"), 0);
  EXPECT_GT(Compound("Arrived today😍"), 0);  // attached to the word
  EXPECT_EQ(Analyze("Best purchase ever 👍😍").sentiment, "POSITIVE");
}

TEST(SentimentTest, ModelFileErrorsNameTheLine) {
  Result<SentimentAnalyzer> bad =
      SentimentAnalyzer::FromModelTsv(ValenceLexicon::Default(), "# c\nbias\t0.5\nw:good x\n");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("line 3"), std::string::npos) << bad.status().message();
  Result<SentimentAnalyzer> good = SentimentAnalyzer::FromModelTsv(
      ValenceLexicon::Default(), "bias\t0\nw:zorp\t5\n");
  ASSERT_TRUE(good.ok());
  const LexiconAnalysis a = ValenceLexicon::Default().Analyze("zorp");
  EXPECT_GT(good.value().PositiveProbability(a), 0.99);
}

TEST(SentimentTest, LanguageSupport) {
  for (std::string_view code : {"en", "es", "fr", "it", "pt"}) {
    EXPECT_TRUE(IsSentimentLanguage(code)) << code;
    EXPECT_NE(SentimentAnalyzer::ForLanguage(code), nullptr) << code;
    EXPECT_NE(ValenceLexicon::ForLanguage(code), nullptr) << code;
  }
  EXPECT_EQ(SentimentAnalyzer::ForLanguage("en"), &SentimentAnalyzer::Default());
  // No lexicon with a fitting licence (German's is CC BY-NC-SA) or none at all.
  for (std::string_view code : {"de", "ja", "zh", "ar", "tlh", ""}) {
    EXPECT_FALSE(IsSentimentLanguage(code)) << code;
    EXPECT_EQ(SentimentAnalyzer::ForLanguage(code), nullptr) << code;
  }
}

}  // namespace
}  // namespace lathe::services::text
