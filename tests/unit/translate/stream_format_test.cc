// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "services/translate/stream_format.h"

#include <gtest/gtest.h>

#include "unit/translate/translate_test_util.h"

namespace lathe::services::translate {
namespace {

using testing_util::HaveProgram;
using testing_util::RunFilter;

TEST(StreamFormatTest, DeformatEscapesAndMarksBlanksAsDestxtDoes) {
  EXPECT_EQ(Deformat("a b"), "a b.[]");
  EXPECT_EQ(Deformat("a\n\nb"), "a.[][\n\n]b.[]");
  EXPECT_EQ(Deformat("a\n \nb"), "a[\n \n]b.[]");
  EXPECT_EQ(Deformat("x  "), "x.[][  ]");
  EXPECT_EQ(Deformat("<a> $5 @x"), "\\<a\\> \\$5 \\@x.[]");
  EXPECT_EQ(Deformat(""), ".[]");
}

// The same bytes as the real deformatter on inputs with every kind of blank and special char.
TEST(StreamFormatTest, DeformatMatchesApertiumDestxt) {
  if (!HaveProgram("apertium-destxt")) GTEST_SKIP() << "apertium-destxt not installed";
  const char* inputs[] = {
      "The big house\nsecond line [x] a\\b $5 @me <tag> {y} *z ^w/v\n\n  third   para\ttab",
      "a \n\nb",
      "a\r\n\r\nb",
      "a\n\r\nb",
      "  lead",
      "trail  ",
      "a~b ~ c",
      "one.\n\n\nTwo.\n",
      "Tabs\t\tand\f form feed",
      "\n\nstart",
      "x\xc2\xa0y",
  };
  for (const char* in : inputs) {
    EXPECT_EQ(Deformat(in), RunFilter("apertium-destxt", in)) << "input: " << in;
  }
}

TEST(StreamFormatTest, SpecialCharactersRoundTrip) {
  const std::string text = "^$[]/\\@<>{}* and a\\b [x] {y} <z> @w ^v$ 5*6/2";
  EXPECT_EQ(Reformat(Deformat(text)), text);
  EXPECT_EQ(Reformat(EscapeStream(text)), text);
  EXPECT_EQ(Reformat(Superblank(text)), text);
  const std::string stream = Deformat(text);
  for (size_t i = 0; i < stream.size(); ++i) {
    // Every reserved character but '*' (as destxt) and the superblank brackets is escaped.
    if (stream[i] == '\\') {
      ++i;
      continue;
    }
    if (IsStreamSpecial(stream[i])) {
      EXPECT_TRUE(stream[i] == '*' || stream[i] == '[' || stream[i] == ']') << i;
    }
  }
}

TEST(StreamFormatTest, ReformatMatchesApertiumRetxt) {
  if (!HaveProgram("apertium-retxt")) GTEST_SKIP() << "apertium-retxt not installed";
  const char* streams[] = {"Hola mundo.[]", "a.[][\n\n]b.[]", "x \\[y\\] \\@z \\/ w.[][  ]",
                           "[<b>]negrita[</b>] y[\t]tab.[]"};
  for (const char* s : streams) {
    EXPECT_EQ(Reformat(s), RunFilter("apertium-retxt", s)) << "stream: " << s;
  }
}

TEST(StreamFormatTest, ProtectedSpansBecomeSuperblanks) {
  const std::string text = "I use Lathe daily";
  const std::string stream = Deformat(text, {{.begin = 6, .end = 11, .text = "Torno [v2]"}});
  EXPECT_EQ(stream, "I use [Torno \\[v2\\]] daily.[]");
  EXPECT_EQ(Reformat(stream), "I use Torno [v2] daily");
}

TEST(StreamFormatTest, HtmlMarkupIsKeptInSuperblanks) {
  const std::string html =
      "<p class=\"x>y\">Hello <b>world</b> &amp; more</p><script>if (a<b) x();</script>"
      "<!-- note --> 3 < 4";
  const std::string stream = DeformatHtml(html);
  // Markup is escaped inside its superblank, like any stream text.
  EXPECT_NE(stream.find("[\\<p class=\"x\\>y\"\\>]Hello"), std::string::npos) << stream;
  EXPECT_NE(stream.find("[\\<script\\>if (a\\<b) x();\\<\\/script\\>]"), std::string::npos)
      << stream;
  EXPECT_NE(stream.find("[&amp;]"), std::string::npos) << stream;
  EXPECT_NE(stream.find("3 \\< 4"), std::string::npos) << stream;
  EXPECT_EQ(Reformat(stream), html);
}

TEST(StreamFormatTest, HtmlTextRangesSkipMarkupAndSpansBecomeSuperblanks) {
  const std::string html = "<p title=\"Lathe\">I use <b>Lathe</b>&amp;Lathe<!-- Lathe --></p>";
  const auto ranges = HtmlTextRanges(html);
  std::vector<std::string> texts;
  for (const auto& [begin, end] : ranges) texts.push_back(html.substr(begin, end - begin));
  EXPECT_EQ(texts, (std::vector<std::string>{"I use ", "Lathe", "Lathe"}));
  // A span over the text "Lathe" inside <b> is carried verbatim; markup stays as it was.
  const size_t at = html.find("<b>") + 3;
  const std::string stream = DeformatHtml(html, {{.begin = at, .end = at + 5, .text = "Torno"}});
  EXPECT_NE(stream.find("[\\<b\\>][Torno][\\<\\/b\\>]"), std::string::npos) << stream;
  std::string expected = html;
  expected.replace(at, 5, "Torno");
  EXPECT_EQ(Reformat(stream), expected);
}

TEST(StreamFormatTest, RestreamEscapesWhatTheGeneratorLeftBare) {
  EXPECT_EQ(Restream("#casa @perro a/b [<i>] \\@x.[]"), "#casa \\@perro a\\/b [<i>] \\@x.[]");
}

}  // namespace
}  // namespace lathe::services::translate
