// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "services/speech/lexicon.h"

#include <filesystem>

#include <gtest/gtest.h>

#include "services/speech/lexicon_store.h"
#include "services/speech/phonemes.h"
#include "services/speech/speech_errors.h"
#include "store/metadata_store.h"

namespace lathe::services::speech {
namespace {

std::string Pls(const std::string& lexemes, const std::string& alphabet = "ipa") {
  return "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
         "<lexicon version=\"1.0\" xmlns=\"http://www.w3.org/2005/01/pronunciation-lexicon\" "
         "alphabet=\"" +
         alphabet + "\" xml:lang=\"en-US\">\n" + lexemes + "</lexicon>\n";
}

const std::string kW3c =
    Pls("<lexeme><grapheme>W3C</grapheme><alias>World Wide Web Consortium</alias></lexeme>\n"
        "<lexeme><grapheme>pecan</grapheme><phoneme>pɪˈkɑːn</phoneme></lexeme>\n");

TEST(LexiconTest, ParsesAliasesAndPhonemes) {
  Result<Lexicon> lexicon = Lexicon::Parse("w3c", kW3c);
  ASSERT_TRUE(lexicon.ok()) << lexicon.status().ToString();
  EXPECT_EQ(lexicon->alphabet(), "ipa");
  EXPECT_EQ(lexicon->language_code(), "en-US");
  ASSERT_EQ(lexicon->lexemes().size(), 2u);
  EXPECT_EQ(lexicon->lexemes()[0].alias, "World Wide Web Consortium");
  EXPECT_EQ(lexicon->lexemes()[1].espeak_phonemes, "pI'kA:n");
  // Whole words only, case-sensitive.
  EXPECT_TRUE(lexicon->Match("the W3C says", 4).has_value());
  EXPECT_EQ(lexicon->Match("the W3C says", 4)->length, 3u);
  EXPECT_FALSE(lexicon->Match("W3Cs", 0).has_value());
  EXPECT_FALSE(lexicon->Match("w3c", 0).has_value());
}

TEST(LexiconTest, RefusesBadDocumentsWithTheRightKind) {
  auto kind = [](const std::string& content) {
    Result<Lexicon> l = Lexicon::Parse("x", content);
    return l.ok() ? std::nullopt : SpeechErrorKindOf(l.status());
  };
  EXPECT_EQ(kind("<lexicon alphabet='ipa'><lexeme>"), SpeechErrorKind::kInvalidLexicon);
  EXPECT_EQ(kind(Pls("<lexeme><alias>x</alias></lexeme>")), SpeechErrorKind::kInvalidLexicon);
  EXPECT_EQ(kind(Pls("", "arpabet")), SpeechErrorKind::kUnsupportedAlphabet);
  EXPECT_EQ(kind(Pls("<lexeme><grapheme>a</grapheme><alias>" + std::string(101, 'b') +
                     "</alias></lexeme>")),
            SpeechErrorKind::kLexemeTooLong);
  std::string big;
  while (big.size() < 4100) big += "<lexeme><grapheme>a</grapheme><alias>b</alias></lexeme>";
  EXPECT_EQ(kind(Pls(big)), SpeechErrorKind::kLexiconTooLarge);
  Result<Lexicon> bad = Lexicon::Parse("x", Pls("<lexeme><grapheme>a</grapheme></lexeme>"));
  EXPECT_NE(bad.status().message().find("line 3, column 1: <lexeme> has neither"),
            std::string::npos)
      << bad.status().message();
}

TEST(PhonemesTest, ConvertsIpaAndXSampaAndRefusesUnknownSymbols) {
  EXPECT_EQ(*ToEspeakPhonemes("ipa", "ˈtʃɜːtʃ"), "'tS3:tS");
  EXPECT_EQ(*ToEspeakPhonemes("x-sampa", "\"tS3:tS"), "'tS3:tS");
  Result<std::string> bad = ToEspeakPhonemes("ipa", "qχ");
  ASSERT_FALSE(bad.ok());
  EXPECT_NE(bad.status().message().find("'q' at byte 0"), std::string::npos);
}

class LexiconStoreTest : public ::testing::Test {
 protected:
  void SetUp() override {
    dir_ = std::filesystem::path(::testing::TempDir()) /
           ("lathe_speech_" +
            std::string(::testing::UnitTest::GetInstance()->current_test_info()->name()));
    std::filesystem::remove_all(dir_);
    std::filesystem::create_directories(dir_);
    auto opened = store::OpenSqliteMetadataStore((dir_ / "lathe.db").string());
    ASSERT_TRUE(opened.ok()) << opened.status().ToString();
    metadata_ = std::move(opened).value();
  }
  void TearDown() override {
    metadata_.reset();
    std::filesystem::remove_all(dir_);
  }

  std::filesystem::path dir_;
  std::unique_ptr<store::MetadataStore> metadata_;
};

TEST_F(LexiconStoreTest, PutGetListReplaceDelete) {
  LexiconStore lexicons(*metadata_);
  ASSERT_TRUE(lexicons.Put("w3c", kW3c).ok());
  ASSERT_TRUE(
      lexicons.Put("other", Pls("<lexeme><grapheme>a</grapheme><alias>b</alias></lexeme>")).ok());
  Result<LexiconInfo> got = lexicons.Get("w3c");
  ASSERT_TRUE(got.ok()) << got.status().ToString();
  EXPECT_EQ(got->content, kW3c);
  EXPECT_EQ(got->lexemes_count, 2);
  EXPECT_EQ(got->alphabet, "ipa");
  EXPECT_GT(got->last_modified, 1700000000);
  // Put again replaces: one lexicon of that name, the new content.
  const std::string replaced = Pls("<lexeme><grapheme>W3C</grapheme><alias>dub</alias></lexeme>");
  ASSERT_TRUE(lexicons.Put("w3c", replaced).ok());
  Result<std::vector<LexiconInfo>> all = lexicons.List();
  ASSERT_TRUE(all.ok());
  ASSERT_EQ(all->size(), 2u);
  EXPECT_EQ((*all)[0].name, "other");
  EXPECT_EQ((*all)[1].name, "w3c");
  EXPECT_EQ((*all)[1].content, replaced);
  Result<std::vector<Lexicon>> loaded = lexicons.Load({"w3c", "other"});
  ASSERT_TRUE(loaded.ok());
  EXPECT_EQ((*loaded)[0].lexemes()[0].alias, "dub");
  ASSERT_TRUE(lexicons.Delete("w3c").ok());
  EXPECT_EQ(SpeechErrorKindOf(lexicons.Get("w3c").status()), SpeechErrorKind::kLexiconNotFound);
  EXPECT_EQ(SpeechErrorKindOf(lexicons.Delete("w3c")), SpeechErrorKind::kLexiconNotFound);
  EXPECT_EQ(SpeechErrorKindOf(lexicons.Load({"other", "w3c"}).status()),
            SpeechErrorKind::kLexiconNotFound);
  EXPECT_EQ(SpeechErrorKindOf(lexicons.Put("bad name!", kW3c)), SpeechErrorKind::kInvalidInput);
  // Persisted: a second store object over the same database sees it.
  LexiconStore again(*metadata_);
  EXPECT_TRUE(again.Get("other").ok());
}

}  // namespace
}  // namespace lathe::services::speech
