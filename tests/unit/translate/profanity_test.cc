// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "services/translate/profanity.h"

#include <gtest/gtest.h>

namespace lathe::services::translate {
namespace {

// A small list written for the test, so the cases do not depend on the shipped data.
const char kList[] =
    "# language\tentry\n"
    "xx\tbadword\n"
    "xx\tvery bad phrase\n"
    "xx\tvery bad\n"
    "xx\tfoda-se\n"
    "es\tcabrón\n"
    "ru\tсука\n"
    "pt\tporra\n";

TEST(ProfanityMaskerTest, MasksEachWordOrPhraseWithOneGrawlix) {
  const ProfanityMasker masker(kList);
  size_t count = 0;
  EXPECT_EQ(masker.Mask("A badword and a very bad phrase, then very bad.", "xx", &count),
            "A ?$#@$ and a ?$#@$, then ?$#@$.");
  EXPECT_EQ(count, 3u);
}

TEST(ProfanityMaskerTest, MatchesWholeWordsOnly) {
  const ProfanityMasker masker(kList);
  EXPECT_EQ(masker.Mask("badwords notbadword badword2 badword", "xx"),
            "badwords notbadword badword2 ?$#@$");
}

TEST(ProfanityMaskerTest, IgnoresCaseIncludingAccentedAndCyrillicLetters) {
  const ProfanityMasker masker(kList);
  EXPECT_EQ(masker.Mask("¡CABRÓN! Cabrón.", "es"), "¡?$#@$! ?$#@$.");
  EXPECT_EQ(masker.Mask("Ты СУКА.", "ru"), "Ты ?$#@$.");
  EXPECT_EQ(masker.Mask("Foda-se, FODA-SE", "xx"), "?$#@$, ?$#@$");
}

TEST(ProfanityMaskerTest, UnsupportedLanguageIsUnchangedAndPortugalUsesPortuguese) {
  const ProfanityMasker masker(kList);
  EXPECT_FALSE(masker.Supports("eu"));
  EXPECT_EQ(masker.Mask("badword", "eu"), "badword");
  EXPECT_TRUE(masker.Supports("pt-PT"));
  EXPECT_EQ(masker.Mask("Porra!", "pt-PT"), "?$#@$!");
}

TEST(ProfanityMaskerTest, FindGivesByteRanges) {
  const ProfanityMasker masker(kList);
  const auto found = masker.Find("ok cabrón ok", "es");
  ASSERT_EQ(found.size(), 1u);
  EXPECT_EQ(found[0].first, 3u);
  EXPECT_EQ(found[0].second, 3u + std::string("cabrón").size());
}

TEST(ProfanityMaskerTest, ShippedListsCoverLatheTargetLanguages) {
  const ProfanityMasker& masker = ProfanityMasker::Default();
  for (const char* language : {"en", "es", "ca", "fr", "pt", "pt-PT", "it", "gl", "de"}) {
    EXPECT_TRUE(masker.Supports(language)) << language;
  }
  EXPECT_EQ(masker.Mask("What the fuck, you bastard.", "en"), "What the ?$#@$, you ?$#@$.");
  EXPECT_EQ(masker.Mask("Eres un hijo de puta.", "es"), "Eres un ?$#@$.");
  // Everyday words that the source list has are excluded (data/profanity/README.md).
  EXPECT_EQ(masker.Mask("Un martillo y una cerveza.", "es"), "Un martillo y una cerveza.");
  EXPECT_EQ(masker.Mask("Vou comer.", "pt"), "Vou comer.");
}

}  // namespace
}  // namespace lathe::services::translate
