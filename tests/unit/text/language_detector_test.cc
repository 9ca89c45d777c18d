// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "services/text/language_detector.h"

#include <set>

#include <gtest/gtest.h>

namespace lathe::services::text {
namespace {

struct Case {
  const char* code;
  const char* sentence;
};

// Sentences written for this test (everyday topics, one or two sentences each).
const Case kCases[] = {
    {"en", "The train to the coast was late again this morning, so I read half of my book on the "
           "platform while waiting."},
    {"fr", "Le train pour la côte avait encore du retard ce matin, alors j'ai lu la moitié de mon "
           "livre sur le quai en attendant."},
    {"de", "Der Zug an die Küste hatte heute Morgen wieder Verspätung, also habe ich auf dem "
           "Bahnsteig die Hälfte meines Buches gelesen."},
    {"es", "El tren a la costa volvió a llegar tarde esta mañana, así que leí la mitad de mi libro "
           "en el andén mientras esperaba."},
    {"vi", "Sáng nay chuyến tàu ra biển lại bị trễ, nên tôi đã đọc hết một nửa cuốn sách trên sân "
           "ga trong lúc chờ đợi."},
    {"ja", "今朝も海岸行きの電車が遅れたので、ホームで待っている間に本を半分読みました。"},
};

TEST(LanguageDetectorTest, IdentifiesSentencesInSixLanguages) {
  for (const Case& c : kCases) {
    std::vector<DetectedLanguage> langs = DetectLanguages(c.sentence);
    ASSERT_FALSE(langs.empty()) << c.code;
    EXPECT_EQ(langs[0].code, c.code) << c.sentence;
    EXPECT_GT(langs[0].score, 0.9) << c.code;  // a full sentence is reliable
    EXPECT_LE(langs[0].score, 1.0);
  }
}

TEST(LanguageDetectorTest, UsesComprehendCodesForChinese) {
  EXPECT_EQ(DetectLanguages("我們明天早上在火車站見面，然後一起去博物館參觀。")[0].code, "zh-TW");
  EXPECT_EQ(DetectLanguages("我们明天早上在火车站见面，然后一起去博物馆参观。")[0].code, "zh");
}

TEST(LanguageDetectorTest, ReportsBothLanguagesOfAMixedText) {
  std::string text = std::string(kCases[0].sentence) + " " + kCases[3].sentence;
  std::vector<DetectedLanguage> langs = DetectLanguages(text);
  ASSERT_GE(langs.size(), 2u);
  std::set<std::string> codes = {langs[0].code, langs[1].code};
  EXPECT_TRUE(codes.count("en") && codes.count("es"));
  double total = 0;
  for (const DetectedLanguage& l : langs) total += l.score;
  EXPECT_LE(total, 1.0 + 1e-9);
}

TEST(LanguageDetectorTest, ScoresShortTextLower) {
  std::vector<DetectedLanguage> longer = DetectLanguages(kCases[1].sentence);
  std::vector<DetectedLanguage> shorter = DetectLanguages("le train");
  ASSERT_FALSE(shorter.empty());
  EXPECT_LT(shorter[0].score, longer[0].score);
}

TEST(LanguageDetectorTest, NoLettersGivesNoLanguage) {
  EXPECT_TRUE(DetectLanguages("12345 67890 !!! ???").empty());
}

}  // namespace
}  // namespace lathe::services::text
