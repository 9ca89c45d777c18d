// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "services/translate/translator.h"

#include <gtest/gtest.h>
#include <signal.h>

#include <chrono>
#include <thread>

#include "services/translate/profanity.h"
#include "services/translate/stream_format.h"
#include "unit/translate/translate_test_util.h"

namespace lathe::services::translate {
namespace {

using testing_util::ModeInstalled;
using testing_util::RunFilter;

const char* const kEnglish[] = {
    "My older brother works in the big city, and he likes it.",
    "Do you have 3 cats? I have two dogs and a small garden behind the house.",
    "The weather was cold yesterday; today it is warm and sunny.",
    "Prices rose by 5% in [2024] and $10 <b>bought</b> less @home {sic}.",
    "First paragraph without a full stop\n\nSecond paragraph.\nA new line  with two spaces",
    "She said that the committee would publish the report next week",
};

std::unique_ptr<Translator> MakeTranslator(TranslatorOptions options = {}) {
  Result<std::unique_ptr<Translator>> t = Translator::Create(std::move(options));
  EXPECT_TRUE(t.ok()) << t.status().ToString();
  return t.ok() ? std::move(*t) : nullptr;
}

std::string Translate(Translator& t, const std::string& text, const std::string& source,
                      const std::string& target) {
  Result<TranslationResult> r = t.Translate({.text = text,
                                             .source = source,
                                             .target = target,
                                             .format = TextFormat::kPlain,
                                             .terminologies = {},
                                             .mask_profanity = false});
  EXPECT_TRUE(r.ok()) << r.status().ToString();
  return r.ok() ? r->text : "";
}

// The persistent pipeline's answer is byte for byte what `apertium [-u] <mode>` prints.
void ExpectSameAsCli(const std::string& mode, const std::string& source, const std::string& target,
                     const std::vector<std::string>& sentences) {
  if (!ModeInstalled(mode)) GTEST_SKIP() << "apertium mode " << mode << " not installed";
  for (bool mark_unknown : {false, true}) {
    // With '*' marks (apertium's default) on the first two sentences only: the CLI is slow.
    auto translator = MakeTranslator({.modes_dir = std::string(kDefaultModesDir),
                                      .pipelines_per_direction = 1,
                                      .timeout = std::chrono::milliseconds(30000),
                                      .mark_unknown = mark_unknown});
    ASSERT_NE(translator, nullptr);
    for (size_t i = 0; i < sentences.size() && (!mark_unknown || i < 2); ++i) {
      const std::string& s = sentences[i];
      const std::string cli =
          RunFilter(std::string("apertium ") + (mark_unknown ? "" : "-u ") + mode, s);
      EXPECT_EQ(Translate(*translator, s, source, target), cli)
          << mode << (mark_unknown ? "" : " -u") << ": " << s;
    }
  }
}

TEST(TranslatorTest, EnglishToSpanishMatchesTheApertiumCommand) {
  ExpectSameAsCli("eng-spa", "en", "es", {std::begin(kEnglish), std::end(kEnglish)});
}

TEST(TranslatorTest, SpanishToEnglishMatchesTheApertiumCommand) {
  ExpectSameAsCli("spa-eng", "es", "en",
                  {"Mi hermano mayor trabaja en la ciudad y le gusta mucho.",
                   "¿Tienes tres gatos? Tengo dos perros.", "Él dijo: «no sé» [nota] @casa"});
}

TEST(TranslatorTest, OtherInstalledPairsMatchTheApertiumCommand) {
  ExpectSameAsCli("fr-es", "fr", "es", {"Le chat noir dort sur la chaise.", "Où est la gare ?"});
  ExpectSameAsCli("es-pt", "es", "pt-PT", {"El coche rojo está en la calle.", "Hola, ¿qué tal?"});
  ExpectSameAsCli("eng-cat", "en", "ca", {"The children are playing in the park."});
}

TEST(TranslatorTest, SpecialCharactersRoundTripThroughThePipeline) {
  if (!ModeInstalled("eng-spa")) GTEST_SKIP() << "apertium-eng-spa not installed";
  auto translator = MakeTranslator();
  ASSERT_NE(translator, nullptr);
  const std::string out = Translate(*translator, "a ^x$ [y] x/b c\\d @e <f> {g} *h", "en", "es");
  for (const char* kept : {"^x$", "[y]", "x/b", "c\\d", "@e", "<f>", "{g}", "*h"}) {
    EXPECT_NE(out.find(kept), std::string::npos) << kept << " missing in: " << out;
  }
}

TEST(TranslatorTest, ManyRequestsOnOnePipelineStayInStep) {
  if (!ModeInstalled("eng-spa")) GTEST_SKIP() << "apertium-eng-spa not installed";
  auto translator = MakeTranslator({.modes_dir = std::string(kDefaultModesDir),
                                    .pipelines_per_direction = 2,
                                    .timeout = std::chrono::milliseconds(30000),
                                    .mark_unknown = false});
  ASSERT_NE(translator, nullptr);
  const std::string a = Translate(*translator, "The dog.", "en", "es");
  const std::string b = Translate(*translator, "The cat.", "en", "es");
  std::vector<std::thread> threads;
  std::atomic<int> wrong{0};
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([&, t] {
      for (int i = 0; i < 10; ++i) {
        const bool dog = (i + t) % 2 == 0;
        if (Translate(*translator, dog ? "The dog." : "The cat.", "en", "es") != (dog ? a : b)) {
          ++wrong;
        }
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(wrong.load(), 0);
  EXPECT_EQ(a, "El perro.");
  EXPECT_LE(translator->TEST_Pool("eng-spa")->running(), 2);
}

TEST(TranslatorTest, AKilledStageIsRestartedAndTheNextRequestWorks) {
  if (!ModeInstalled("eng-spa")) GTEST_SKIP() << "apertium-eng-spa not installed";
  auto translator = MakeTranslator({.modes_dir = std::string(kDefaultModesDir),
                                    .pipelines_per_direction = 1,
                                    .timeout = std::chrono::milliseconds(30000),
                                    .mark_unknown = false});
  ASSERT_NE(translator, nullptr);
  const std::string expected = Translate(*translator, "The house is big.", "en", "es");
  PipelinePool* pool = translator->TEST_Pool("eng-spa");
  ASSERT_NE(pool, nullptr);
  Result<std::vector<pid_t>> pids = pool->TEST_IdleStagePids();
  ASSERT_TRUE(pids.ok());
  // Killed while idle: found dead before the next request, replaced without an error.
  ASSERT_EQ(kill((*pids)[3], SIGKILL), 0);
  std::this_thread::sleep_for(std::chrono::milliseconds(50));
  EXPECT_EQ(Translate(*translator, "The house is big.", "en", "es"), expected);
  Result<std::vector<pid_t>> fresh = pool->TEST_IdleStagePids();
  ASSERT_TRUE(fresh.ok());
  EXPECT_NE((*fresh)[3], (*pids)[3]);
  EXPECT_EQ(pool->running(), 1);
}

TEST(TranslatorTest, AStageDyingDuringARequestGivesAClearErrorThenRecovers) {
  if (!ModeInstalled("eng-spa")) GTEST_SKIP() << "apertium-eng-spa not installed";
  auto translator = MakeTranslator({.modes_dir = std::string(kDefaultModesDir),
                                    .pipelines_per_direction = 1,
                                    .timeout = std::chrono::milliseconds(8000),
                                    .mark_unknown = false});
  ASSERT_NE(translator, nullptr);
  const std::string expected = Translate(*translator, "Good morning.", "en", "es");
  Result<std::vector<pid_t>> pids = translator->TEST_Pool("eng-spa")->TEST_IdleStagePids();
  ASSERT_TRUE(pids.ok());
  // A stopped stage never answers: the request ends at the timeout instead of hanging.
  ASSERT_EQ(kill((*pids)[2], SIGSTOP), 0);
  const auto start = std::chrono::steady_clock::now();
  Result<TranslationResult> r = translator->Translate({.text = "Good morning.",
                                                       .source = "en",
                                                       .target = "es",
                                                       .format = TextFormat::kPlain,
                                                       .terminologies = {},
                                                       .mask_profanity = false});
  const auto waited = std::chrono::steady_clock::now() - start;
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kDeadlineExceeded) << r.status().ToString();
  EXPECT_NE(r.status().message().find("eng-spa"), std::string::npos);
  EXPECT_LT(waited, std::chrono::seconds(20));
  EXPECT_EQ(Translate(*translator, "Good morning.", "en", "es"), expected);

  // A stage killed in the middle of a request: Unavailable naming the stage and the signal.
  pids = translator->TEST_Pool("eng-spa")->TEST_IdleStagePids();
  ASSERT_TRUE(pids.ok());
  std::thread killer([pid = (*pids)[1]] {
    std::this_thread::sleep_for(std::chrono::milliseconds(20));
    kill(pid, SIGKILL);
  });
  std::string big;
  for (int i = 0; i < 400; ++i) big += "The big dog runs in the green park every morning. ";
  r = translator->Translate({.text = big,
                             .source = "en",
                             .target = "es",
                             .format = TextFormat::kPlain,
                             .terminologies = {},
                             .mask_profanity = false});
  killer.join();
  if (!r.ok()) {
    EXPECT_EQ(r.status().code(), StatusCode::kUnavailable) << r.status().ToString();
    EXPECT_NE(r.status().message().find("stage 2"), std::string::npos) << r.status().message();
    EXPECT_NE(r.status().message().find("signal 9"), std::string::npos) << r.status().message();
  }
  EXPECT_EQ(Translate(*translator, "Good morning.", "en", "es"), expected);
}

TEST(TranslatorTest, PivotsThroughSpanishWhenNoDirectPairExists) {
  if (!ModeInstalled("eng-spa") || !ModeInstalled("es-pt")) GTEST_SKIP() << "pairs missing";
  auto translator = MakeTranslator();
  ASSERT_NE(translator, nullptr);
  Result<TranslationRoute> route = translator->FindRoute("en", "pt-PT");
  ASSERT_TRUE(route.ok());
  EXPECT_EQ(route->pivot, "es");
  Result<TranslationResult> r = translator->Translate({.text = "The red car is in the street.",
                                                       .source = "en",
                                                       .target = "pt-PT",
                                                       .format = TextFormat::kPlain,
                                                       .terminologies = {},
                                                       .mask_profanity = false});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->pivot, "es");
  EXPECT_EQ(r->modes, (std::vector<std::string>{"eng-spa", "es-pt"}));
  // The second leg reads the first leg's answer: same as chaining the two commands.
  const std::string spanish = RunFilter("apertium -u eng-spa", "The red car is in the street.");
  EXPECT_EQ(r->text, RunFilter("apertium -u es-pt", spanish));
}

TEST(TranslatorTest, TerminologyTermsComeOutExactlyAsGiven) {
  if (!ModeInstalled("eng-spa")) GTEST_SKIP() << "apertium-eng-spa not installed";
  auto translator = MakeTranslator();
  ASSERT_NE(translator, nullptr);
  Result<TermTable> table =
      ParseTerminology("en,es,pt-PT\nbig city,Gran Ciudad™,Cidade\nbrother,HERMANO [x],\n", "CSV");
  ASSERT_TRUE(table.ok());
  table->name = "family";
  Result<TranslationResult> r = translator->Translate({.text = "My brother works in the big city.",
                                                       .source = "en",
                                                       .target = "es",
                                                       .format = TextFormat::kPlain,
                                                       .terminologies = {&*table},
                                                       .mask_profanity = false});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_NE(r->text.find("Gran Ciudad™"), std::string::npos) << r->text;
  EXPECT_NE(r->text.find("HERMANO [x]"), std::string::npos) << r->text;
  ASSERT_EQ(r->applied_terms.size(), 2u);
  EXPECT_EQ(r->applied_terms[0].source_text, "brother");
  if (ModeInstalled("es-pt")) {
    r = translator->Translate({.text = "I live in a big city.",
                               .source = "en",
                               .target = "pt-PT",
                               .format = TextFormat::kPlain,
                               .terminologies = {&*table},
                               .mask_profanity = false});
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    EXPECT_NE(r->text.find("Cidade"), std::string::npos) << r->text;  // kept across the pivot
  }
}

TEST(TranslatorTest, HtmlMarkupIsKept) {
  if (!ModeInstalled("eng-spa")) GTEST_SKIP() << "apertium-eng-spa not installed";
  auto translator = MakeTranslator();
  ASSERT_NE(translator, nullptr);
  Result<TranslationResult> r = translator->Translate(
      {.text = "<html><body><p class=\"intro\">The <b>black</b> cat &amp; the dog.</p>"
               "<script>var a = '<p>';</script></body></html>",
       .source = "en",
       .target = "es",
       .format = TextFormat::kHtml,
       .terminologies = {},
       .mask_profanity = false});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  for (const char* kept : {"<html><body><p class=\"intro\">", "<b>", "</b>", "&amp;",
                           "<script>var a = '<p>';</script></body></html>"}) {
    EXPECT_NE(r->text.find(kept), std::string::npos) << kept << " in " << r->text;
  }
  EXPECT_NE(r->text.find("gato"), std::string::npos) << r->text;
}

TEST(TranslatorTest, TerminologyInsideHtmlTextComesOutAsGivenAndMarkupIsKept) {
  if (!ModeInstalled("eng-spa")) GTEST_SKIP() << "apertium-eng-spa not installed";
  auto translator = MakeTranslator();
  ASSERT_NE(translator, nullptr);
  Result<TermTable> table = ParseTerminology("en,es\nbig city,Gran Ciudad\ncat,MICHI\n", "CSV");
  ASSERT_TRUE(table.ok());
  table->name = "html-terms";
  // "cat" also appears in an attribute and a comment: only the text occurrences are terms.
  const std::string html = "<p title=\"cat\">The <b>cat</b> lives in the big city.<!-- cat --></p>";
  Result<TranslationResult> r = translator->Translate({.text = html,
                                                       .source = "en",
                                                       .target = "es",
                                                       .format = TextFormat::kHtml,
                                                       .terminologies = {&*table},
                                                       .mask_profanity = false});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_NE(r->text.find("<b>MICHI</b>"), std::string::npos) << r->text;
  EXPECT_NE(r->text.find("Gran Ciudad"), std::string::npos) << r->text;
  EXPECT_NE(r->text.find("<p title=\"cat\">"), std::string::npos) << r->text;
  EXPECT_NE(r->text.find("<!-- cat --></p>"), std::string::npos) << r->text;
  ASSERT_EQ(r->applied_terms.size(), 2u);
  EXPECT_EQ(r->applied_terms[0].source_text, "cat");
  EXPECT_EQ(html.substr(r->applied_terms[0].begin, 3), "cat");
  EXPECT_EQ(r->applied_terms[1].source_text, "big city");
}

TEST(TranslatorTest, ProfanityIsMaskedInTheTranslationWhenAsked) {
  if (!ModeInstalled("eng-spa")) GTEST_SKIP() << "apertium-eng-spa not installed";
  auto translator = MakeTranslator();
  ASSERT_NE(translator, nullptr);
  const std::string text = "You are a bastard and a son of a bitch.";
  const std::string plain = Translate(*translator, text, "en", "es");
  ASSERT_NE(plain.find("bastardo"), std::string::npos) << plain;  // Apertium's own output
  Result<TranslationResult> r = translator->Translate({.text = text,
                                                       .source = "en",
                                                       .target = "es",
                                                       .format = TextFormat::kPlain,
                                                       .terminologies = {},
                                                       .mask_profanity = true});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_TRUE(r->profanity_masked);
  EXPECT_EQ(r->text.find("bastardo"), std::string::npos) << r->text;
  EXPECT_NE(r->text.find("?$#@$"), std::string::npos) << r->text;
  // Everything else is Apertium's translation unchanged.
  EXPECT_EQ(r->text, ProfanityMasker::Default().Mask(plain, "es"));
  // In HTML only text is masked: an attribute keeps its word.
  r = translator->Translate({.text = "<a title=\"bastard\">bastard</a>",
                             .source = "en",
                             .target = "es",
                             .format = TextFormat::kHtml,
                             .terminologies = {},
                             .mask_profanity = true});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->text, "<a title=\"bastard\">?$#@$</a>");
}

TEST(TranslatorTest, AutoDetectsTheSourceLanguage) {
  if (!ModeInstalled("spa-eng")) GTEST_SKIP() << "apertium-eng-spa not installed";
  auto translator = MakeTranslator();
  ASSERT_NE(translator, nullptr);
  Result<TranslationResult> r = translator->Translate(
      {.text = "Mi hermano mayor trabaja en la ciudad y le gusta mucho su trabajo.",
       .source = "auto",
       .target = "en",
       .format = TextFormat::kPlain,
       .terminologies = {},
       .mask_profanity = false});
  ASSERT_TRUE(r.ok()) << r.status().ToString();
  EXPECT_EQ(r->source, "es");
  r = translator->Translate({.text = "12345 !!",
                             .source = "auto",
                             .target = "en",
                             .format = TextFormat::kPlain,
                             .terminologies = {},
                             .mask_profanity = false});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().details().value("reason", ""), kReasonLowConfidence);
}

TEST(TranslatorTest, UnsupportedPairNamesBothLanguages) {
  auto translator = MakeTranslator();
  ASSERT_NE(translator, nullptr);
  Result<TranslationResult> r = translator->Translate({.text = "Hello",
                                                       .source = "en",
                                                       .target = "ja",
                                                       .format = TextFormat::kPlain,
                                                       .terminologies = {},
                                                       .mask_profanity = false});
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().details().value("reason", ""), kReasonUnsupportedPair);
  EXPECT_NE(r.status().message().find("from 'en' to 'ja'"), std::string::npos);
}

}  // namespace
}  // namespace lathe::services::translate
