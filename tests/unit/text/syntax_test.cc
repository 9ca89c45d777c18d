// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "services/text/syntax.h"

#include <gtest/gtest.h>

#include "services/text/part_of_speech.h"

namespace lathe::services::text {
namespace {

std::vector<SyntaxToken> Analyze(std::string_view text, std::string_view language = "en") {
  Result<std::vector<SyntaxToken>> tokens = AnalyzeSyntax(text, language);
  EXPECT_TRUE(tokens.ok()) << tokens.status().message();
  return tokens.ok() ? tokens.value() : std::vector<SyntaxToken>{};
}

std::string Tags(const std::vector<SyntaxToken>& tokens) {
  std::string out;
  for (const SyntaxToken& t : tokens) out += (out.empty() ? "" : " ") + t.tag;
  return out;
}

std::string Texts(const std::vector<SyntaxToken>& tokens) {
  std::string out;
  for (const SyntaxToken& t : tokens) out += (out.empty() ? "" : "|") + t.text;
  return out;
}

TEST(SyntaxTest, TokensWithOffsetsAndIds) {
  const auto tokens = Analyze("The cat sat on the mat.");
  ASSERT_EQ(tokens.size(), 7u);
  EXPECT_EQ(Texts(tokens), "The|cat|sat|on|the|mat|.");
  EXPECT_EQ(tokens[1].begin_offset, 4u);
  EXPECT_EQ(tokens[1].end_offset, 7u);
  EXPECT_EQ(tokens[6].begin_offset, 22u);
  EXPECT_EQ(tokens[6].end_offset, 23u);
  for (size_t i = 0; i < tokens.size(); ++i) EXPECT_EQ(tokens[i].token_id, static_cast<int>(i + 1));
  EXPECT_EQ(Tags(tokens), "DET NOUN VERB ADP DET NOUN PUNCT");
}

TEST(SyntaxTest, OffsetsCountCharactersNotBytes) {
  const std::string text = "Café déjà vu à Zürich.";
  const auto tokens = Analyze(text, "fr");
  ASSERT_GE(tokens.size(), 5u);
  EXPECT_EQ(tokens[0].text, "Café");
  EXPECT_EQ(tokens[0].end_offset, 4u);       // 4 characters, 5 bytes
  EXPECT_EQ(tokens[0].end_byte, 5u);
  EXPECT_EQ(tokens[1].text, "déjà");
  EXPECT_EQ(tokens[1].begin_offset, 5u);
  EXPECT_EQ(tokens.back().text, ".");
  EXPECT_EQ(tokens.back().begin_offset, 21u);
  for (const SyntaxToken& t : tokens) {
    EXPECT_EQ(text.substr(t.begin_byte, t.end_byte - t.begin_byte), t.text);
  }
}

TEST(SyntaxTest, ContractionsAreSplit) {
  const auto tokens = Analyze("I can't believe it's done.");
  EXPECT_EQ(Texts(tokens), "I|ca|n't|believe|it|'s|done|.");
  EXPECT_EQ(Tags(tokens), "PRON AUX PART VERB PRON AUX VERB PUNCT");
  EXPECT_EQ(tokens[2].begin_offset, 4u);
  EXPECT_EQ(tokens[2].end_offset, 7u);
}

TEST(SyntaxTest, EnglishTagsOnKnownSentences) {
  EXPECT_EQ(Tags(Analyze("She wants to buy a new car in Berlin.")),
            "PRON VERB PART VERB DET ADJ NOUN ADP PROPN PUNCT");
  EXPECT_EQ(Tags(Analyze("We have finished the report and sent 3 copies.")),
            "PRON AUX VERB DET NOUN CCONJ VERB NUM NOUN PUNCT");
  EXPECT_EQ(Tags(Analyze("Oh, that was very quickly done!")),
            "INTJ PUNCT PRON AUX ADV ADV VERB PUNCT");
  // Context: "book" is a noun after a determiner and a verb after "to".
  const auto book = Analyze("I want to book the book.");
  EXPECT_EQ(book[3].tag, "VERB");
  EXPECT_EQ(book[5].tag, "NOUN");
  EXPECT_EQ(Tags(Analyze("The quick brown fox jumps over the lazy dog.")),
            "DET ADJ ADJ NOUN VERB ADP DET ADJ NOUN PUNCT");
  EXPECT_EQ(Tags(Analyze("She has been working here.")), "PRON AUX AUX VERB ADV PUNCT");
  EXPECT_EQ(Analyze("I read the report that you wrote.")[4].tag, "PRON");  // relative "that"
  EXPECT_EQ(Analyze("I know that you wrote it.")[2].tag, "SCONJ");
    // "to" before a noun is a preposition.
  EXPECT_EQ(Analyze("Go to school.")[1].tag, "ADP");
}

TEST(SyntaxTest, SymbolsNumbersAndUnknownWords) {
  const auto tokens = Analyze("It costs $ 20 for the zorbification of 3 blorpy widgets.");
  EXPECT_EQ(tokens[2].tag, "SYM");
  EXPECT_EQ(tokens[3].tag, "NUM");
  EXPECT_EQ(tokens[6].tag, "NOUN");  // unknown word, by default
  EXPECT_EQ(tokens[6].text, "zorbification");
  for (const SyntaxToken& t : tokens) {
    EXPECT_GT(t.score, 0.0);
    EXPECT_LE(t.score, 1.0);
  }
}

TEST(SyntaxTest, OtherLanguagesUseTheirClosedClasses) {
  const auto es = Analyze("Los niños quieren jugar en el parque.", "es");
  ASSERT_EQ(es.size(), 8u);
  EXPECT_EQ(es[0].tag, "DET");
  EXPECT_EQ(es[3].tag, "VERB");  // an infinitive, by its ending
  EXPECT_EQ(es[4].tag, "ADP");
  EXPECT_EQ(es[5].tag, "DET");
  EXPECT_EQ(es[7].tag, "PUNCT");
  const auto de = Analyze("Der Hund schläft im Garten.", "de");
  EXPECT_EQ(de[0].tag, "DET");
  EXPECT_EQ(de[1].tag, "NOUN");  // German nouns are capitalised
  EXPECT_EQ(de[3].tag, "ADP");
  EXPECT_EQ(Analyze("Nous sommes rapidement partis.", "fr")[2].tag, "ADV");
}

TEST(SyntaxTest, StemsComeFromSnowball) {
  const auto tokens = Analyze("The runners were running happily.");
  EXPECT_EQ(tokens[1].stem, "runner");
  EXPECT_EQ(tokens[3].stem, "run");
  EXPECT_EQ(tokens[4].stem, "happili");
  EXPECT_EQ(tokens[5].stem, ".");
  EXPECT_EQ(Analyze("Las casas blancas.", "es")[1].stem, "cas");
}

TEST(SyntaxTest, SupportedLanguages) {
  for (std::string_view code : {"en", "es", "fr", "de", "it", "pt"}) EXPECT_TRUE(IsSyntaxLanguage(code));
  EXPECT_FALSE(IsSyntaxLanguage("ja"));
  EXPECT_FALSE(IsSyntaxLanguage("xx"));
}

}  // namespace
}  // namespace lathe::services::text
