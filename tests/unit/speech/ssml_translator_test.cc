// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "services/speech/ssml_translator.h"

#include <gtest/gtest.h>

#include "services/speech/speech_errors.h"
#include "services/speech/xml_reader.h"

namespace lathe::services::speech {
namespace {

// The kInvalidSsml message for `ssml` ("" if it translates).
std::string SsmlError(const std::string& ssml) {
  Result<SpeechText> out = SsmlToSpoken(ssml, {});
  if (out.ok()) return "";
  EXPECT_EQ(SpeechErrorKindOf(out.status()), SpeechErrorKind::kInvalidSsml)
      << out.status().ToString();
  return out.status().message();
}

TEST(XmlReaderTest, KeepsByteRangesOfTextAndEntities) {
  Result<XmlNode> root = ParseXml("<a x='1'>fish &amp; chips<b/>é</a>");
  ASSERT_TRUE(root.ok()) << root.status().ToString();
  ASSERT_EQ(root->children.size(), 3u);
  const XmlNode& text = root->children[0];
  EXPECT_EQ(text.text, "fish & chips");
  EXPECT_EQ(text.source[5].first, 14u);  // '&' came from "&amp;" at bytes 14..19
  EXPECT_EQ(text.source[5].second, 19u);
  EXPECT_EQ(text.source[7].first, 20u);  // 'c'
  EXPECT_EQ(*root->Attribute("x"), "1");
  EXPECT_EQ(root->children[1].name, "b");
  EXPECT_EQ(root->children[2].text, "é");
}

TEST(SsmlTranslatorTest, ParseErrorsGiveLineAndColumn) {
  EXPECT_EQ(SsmlError("<speak>Hello <prosody rate='slow'>world</speak>"),
            "SSML does not parse: line 1, column 40: </speak> closes <prosody> opened at line 1, "
            "column 14");
  EXPECT_EQ(SsmlError("<speak>\n  one\n  <break time=\"1s\">\n</speak>"),
            "SSML does not parse: line 4, column 1: </speak> closes <break> opened at line 3, "
            "column 3");
  EXPECT_NE(SsmlError("<speak>a & b</speak>").find("line 1, column 10"), std::string::npos);
  EXPECT_NE(SsmlError("<speak>open").find("line 1, column 1: <speak> is never closed"),
            std::string::npos);
  // Non-ASCII text before the error: the column counts characters, not bytes.
  EXPECT_NE(SsmlError("<speak>Xin chào <x/></speak>")
                .find("line 1, column 17: unsupported SSML "
                      "element <x>"),
            std::string::npos);
}

TEST(SsmlTranslatorTest, RefusesBadValuesWithTheElementPosition) {
  EXPECT_EQ(SsmlError("<speak>\n<break time='12s'/></speak>"),
            "line 2, column 1: <break> time '12s': expected at most 10s");
  EXPECT_EQ(SsmlError("<speak><prosody rate='very fast'>x</prosody></speak>"),
            "line 1, column 8: <prosody> rate 'very fast': expected x-slow, slow, medium, fast, "
            "x-fast or 20% to 200%");
  EXPECT_NE(SsmlError("<p>not speak</p>").find("SSML starts with <speak>"), std::string::npos);
  EXPECT_NE(SsmlError("<speak><say-as interpret-as='poem'>x</say-as></speak>").find("interpret-as"),
            std::string::npos);
  EXPECT_NE(SsmlError("<speak><sub>W3C</sub></speak>").find("<sub> needs an alias"),
            std::string::npos);
}

TEST(SsmlTranslatorTest, RewritesForEspeakAndMapsCharactersBack) {
  const std::string ssml =
      "<speak>Hi <break time=\"1.5s\"/><prosody volume=\"+6dB\">you</prosody> "
      "<sub alias=\"World Wide Web\">WWW</sub><mark name=\"end\"/></speak>";
  Result<SpeechText> out = SsmlToSpoken(ssml, {});
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  const std::string& markup = out->spoken.markup();
  EXPECT_NE(markup.find("<break time=\"1500ms\"/>"), std::string::npos) << markup;
  EXPECT_NE(markup.find("<prosody volume=\"200%\">you</prosody>"), std::string::npos) << markup;
  EXPECT_NE(markup.find("World Wide Web"), std::string::npos) << markup;
  EXPECT_NE(markup.find("<mark name=\"m0\"/>"), std::string::npos) << markup;
  // Billed: "Hi " + "you" + " " + "WWW" = 10 characters; the alias is not billed.
  EXPECT_EQ(out->billed_characters, 10u);
  // Every spoken code point of the alias points at "WWW" in the input.
  const size_t www = ssml.find("WWW");
  for (const SpokenChar& c : out->spoken.chars()) {
    if (c.is_text && c.code_point == 'W' && c.source.end - c.source.begin == 3) {
      EXPECT_EQ(c.source.begin, www);
    }
  }
  ASSERT_EQ(out->spoken.marks().size(), 1u);
  EXPECT_EQ(out->spoken.marks()[0].name, "end");
  EXPECT_EQ(ssml.substr(out->spoken.marks()[0].source.begin, 17), "<mark name=\"end\"/");
}

TEST(SsmlTranslatorTest, PlainTextIsEscapedAndCannotStartPhonemes) {
  SpeechText out = PlainToSpoken("a < b & [[x]]", {});
  EXPECT_EQ(out.spoken.markup(), "<speak>a &lt; b &amp; [ [x]]</speak>");
  EXPECT_EQ(out.billed_characters, 13u);
}

}  // namespace
}  // namespace lathe::services::speech
