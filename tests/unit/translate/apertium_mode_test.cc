// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "services/translate/apertium_mode.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <filesystem>
#include <fstream>

#include "services/translate/language_codes.h"
#include "unit/translate/translate_test_util.h"

namespace lathe::services::translate {
namespace {

TEST(ApertiumModeTest, ParsesStagesQuotesAndFlags) {
  Result<std::vector<std::vector<std::string>>> stages = ParseModeLine(
      "lt-proc -z '/d/a b.bin' | apertium-tagger -z -g $2 \"/d/x.prob\" | lt-proc -z $1 /d/g.bin",
      "-n");
  ASSERT_TRUE(stages.ok()) << stages.status().ToString();
  ASSERT_EQ(stages->size(), 3u);
  EXPECT_EQ((*stages)[0], (std::vector<std::string>{"lt-proc", "-z", "/d/a b.bin"}));
  EXPECT_EQ((*stages)[1], (std::vector<std::string>{"apertium-tagger", "-z", "-g", "/d/x.prob"}));
  EXPECT_EQ((*stages)[2], (std::vector<std::string>{"lt-proc", "-z", "-n", "/d/g.bin"}));
}

TEST(ApertiumModeTest, RefusesOtherShellSyntaxWithItsPosition) {
  Result<std::vector<std::vector<std::string>>> r = ParseModeLine("lt-proc x > out", "-n");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kUnimplemented);
  EXPECT_NE(r.status().message().find("character 11"), std::string::npos) << r.status().message();
  EXPECT_FALSE(ParseModeLine("a | | b", "-n").ok());
  EXPECT_FALSE(ParseModeLine("a 'open", "-n").ok());
  EXPECT_FALSE(ParseModeLine("a $HOME", "-n").ok());
}

TEST(ApertiumModeTest, MapsApertiumCodesToAwsCodes) {
  EXPECT_EQ(AwsLanguageCode("eng", ""), "en");
  EXPECT_EQ(AwsLanguageCode("spa", ""), "es");
  EXPECT_EQ(AwsLanguageCode("fr", ""), "fr");
  EXPECT_EQ(AwsLanguageCode("glg", ""), "gl");
  EXPECT_EQ(AwsLanguageCode("pt", ""), "pt-PT");
  EXPECT_EQ(AwsLanguageCode("pt", "BR"), "pt");
  EXPECT_EQ(AwsLanguageCode("cat", "valencia"), "");
  EXPECT_EQ(AwsLanguageCode("xyz", ""), "");
  EXPECT_EQ(LanguageName("ca"), "Catalan");
}

TEST(ApertiumModeTest, ListsModesOfADirectory) {
  const std::filesystem::path dir = std::filesystem::path(::testing::TempDir()) / "lathe_modes";
  std::filesystem::remove_all(dir);
  std::filesystem::create_directories(dir);
  for (const char* name : {"eng-spa", "spa-cat_valencia", "eco-es-fr", "es-pt", "es-pt_BR", "pt-es",
                           "xyz-eng", "eng-spa-morph"}) {
    std::ofstream(dir / (std::string(name) + ".mode")) << "cat\n";
  }
  std::ofstream(dir / "README") << "not a mode";
  Result<std::vector<ApertiumMode>> modes = ListModes(dir.string());
  ASSERT_TRUE(modes.ok()) << modes.status().ToString();
  std::vector<std::string> seen;
  for (const ApertiumMode& m : *modes) seen.push_back(m.name + ":" + m.source + ">" + m.target);
  EXPECT_EQ(seen, (std::vector<std::string>{"eng-spa:en>es", "es-pt:es>pt-PT", "es-pt_BR:es>pt",
                                            "pt-es:pt>es", "pt-es:pt-PT>es"}));
  std::filesystem::remove_all(dir);
  EXPECT_EQ(ListModes(dir.string()).status().code(), StatusCode::kNotFound);
}

TEST(ApertiumModeTest, NullFlushStagesOfAnInstalledMode) {
  if (!testing_util::ModeInstalled("eng-spa")) GTEST_SKIP() << "apertium-eng-spa not installed";
  Result<std::vector<std::vector<std::string>>> stages =
      NullFlushStages("/usr/share/apertium/modes/eng-spa.mode", false);
  ASSERT_TRUE(stages.ok()) << stages.status().ToString();
  ASSERT_GE(stages->size(), 5u);
  for (const auto& stage : *stages) {
    // Every Apertium / lttoolbox stage runs in null-flush mode (the wblank helpers have no flag).
    if (stage[0].find("wblank") != std::string::npos) continue;
    EXPECT_NE(std::find(stage.begin(), stage.end(), "-z"), stage.end()) << stage[0];
  }
  const auto& generator = (*stages)[stages->size() - 2];
  EXPECT_NE(std::find(generator.begin(), generator.end(), "-n"), generator.end());
}

}  // namespace
}  // namespace lathe::services::translate
