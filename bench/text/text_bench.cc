// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Throughput of the text operations on one core: documents per second (items_per_second) for
// language identification, PII detection, redaction, key phrases, sentiment, syntax and entities,
// on generated documents shaped like customer e-mails (about 600 bytes, a few PII items each) and
// on 5 KB documents (Comprehend's batch limit). Sentences were written for this benchmark; a fixed seed picks them.
#include <benchmark/benchmark.h>

#include <algorithm>
#include <random>
#include <string>
#include <vector>

#include "services/text/entities.h"
#include "services/text/key_phrases.h"
#include "services/text/language_detector.h"
#include "services/text/pii_detector.h"
#include "services/text/sentiment.h"
#include "services/text/syntax.h"

namespace {

namespace text = lathe::services::text;

const std::vector<std::string> kSentences = {
    "Hello, I ordered a pair of running shoes last week and they still have not arrived.",
    "The tracking page says the parcel left the warehouse on Monday but nothing since then.",
    "Could you please check what happened and let me know when I can expect the delivery?",
    "I also noticed that I was charged twice for the same order on my statement.",
    "The support team was friendly on the phone, but the problem is still not solved.",
    "If the shoes cannot be delivered this week, I would like a full refund instead.",
    "My previous order from your shop arrived quickly and I was very happy with it.",
    "Thank you in advance for your help, and have a nice weekend.",
};
const std::vector<std::string> kPii = {
    "You can reach me at jordan.miller@example.com any time.",
    "My phone number is (415) 555-2671 if you prefer to call.",
    "The card I used was 4111 1111 1111 1111, expiring 09/27.",
    "The order was placed on 2026-03-14 at 10:30 AM from 192.168.1.20.",
    "Please refund to IBAN DE89 3704 0044 0532 0130 00.",
};

// A document of about `bytes` bytes: sentences in a random order, each at most once until the
// pool is used up (CLD2 slows down several-fold on text that repeats itself), with a PII sentence
// every fourth one.
std::string MakeDocument(size_t bytes, std::mt19937& rng) {
  std::vector<std::string> plain = kSentences, pii = kPii;
  std::shuffle(plain.begin(), plain.end(), rng);
  std::shuffle(pii.begin(), pii.end(), rng);
  std::string doc;
  for (size_t i = 0; doc.size() < bytes; ++i) {
    doc += (i % 4 == 3 ? pii[(i / 4) % pii.size()] : plain[(i - i / 4) % plain.size()]) + " ";
  }
  return doc;
}

std::vector<std::string> Documents(size_t bytes) {
  std::mt19937 rng(42);
  std::vector<std::string> docs;
  for (int i = 0; i < 64; ++i) docs.push_back(MakeDocument(bytes, rng));
  return docs;
}

template <typename Fn>
void Run(benchmark::State& state, Fn fn) {
  const std::vector<std::string> docs = Documents(static_cast<size_t>(state.range(0)));
  size_t i = 0, bytes = 0;
  for (auto _ : state) {
    const std::string& doc = docs[i++ % docs.size()];
    fn(doc);
    bytes += doc.size();
  }
  state.SetItemsProcessed(static_cast<int64_t>(state.iterations()));
  state.SetBytesProcessed(static_cast<int64_t>(bytes));
}

void BM_DetectDominantLanguage(benchmark::State& state) {
  Run(state, [](const std::string& d) { benchmark::DoNotOptimize(text::DetectLanguages(d)); });
}
void BM_DetectPiiEntities(benchmark::State& state) {
  const text::PiiDetector& pii = text::PiiDetector::Default();
  Run(state, [&](const std::string& d) { benchmark::DoNotOptimize(pii.Detect(d, {})); });
}
void BM_ContainsPiiEntities(benchmark::State& state) {
  const text::PiiDetector& pii = text::PiiDetector::Default();
  Run(state, [&](const std::string& d) {
    benchmark::DoNotOptimize(text::PiiDetector::Labels(pii.Detect(d, {})));
  });
}
void BM_DetectPiiAndRedact(benchmark::State& state) {
  const text::PiiDetector& pii = text::PiiDetector::Default();
  Run(state, [&](const std::string& d) {
    benchmark::DoNotOptimize(text::PiiDetector::Redact(d, pii.Detect(d, {})));
  });
}
void BM_DetectKeyPhrases(benchmark::State& state) {
  Run(state,
      [](const std::string& d) { benchmark::DoNotOptimize(text::ExtractKeyPhrases(d, "en")); });
}

void BM_DetectSentiment(benchmark::State& state) {
  const text::SentimentAnalyzer& sentiment = text::SentimentAnalyzer::Default();
  Run(state, [&](const std::string& d) { benchmark::DoNotOptimize(sentiment.Analyze(d)); });
}
void BM_DetectSyntax(benchmark::State& state) {
  Run(state, [](const std::string& d) { benchmark::DoNotOptimize(text::AnalyzeSyntax(d, "en")); });
}
void BM_DetectEntities(benchmark::State& state) {
  Run(state, [](const std::string& d) { benchmark::DoNotOptimize(text::DetectEntities(d, "en")); });
}

BENCHMARK(BM_DetectDominantLanguage)->Arg(600)->Arg(5000);
BENCHMARK(BM_DetectPiiEntities)->Arg(600)->Arg(5000);
BENCHMARK(BM_ContainsPiiEntities)->Arg(600);
BENCHMARK(BM_DetectPiiAndRedact)->Arg(600);
BENCHMARK(BM_DetectKeyPhrases)->Arg(600)->Arg(5000);
BENCHMARK(BM_DetectSentiment)->Arg(600)->Arg(5000);
BENCHMARK(BM_DetectSyntax)->Arg(600)->Arg(5000);
BENCHMARK(BM_DetectEntities)->Arg(600)->Arg(5000);

}  // namespace

BENCHMARK_MAIN();
