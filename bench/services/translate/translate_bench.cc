// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Translation speed on eng-spa (Apertium), in process (no HTTP):
//   1. latency of one 20-word sentence through a warm persistent pipeline (median and p90 of
//      --requests calls, target: median <= 20 ms);
//   2. words per second on the same ~1,000-word text translated (a) by the persistent pipeline,
//      one request per sentence, (b) by the pipeline as one request, and (c) by the
//      `apertium -u eng-spa` command, one run on the whole file (start-up included, as a user
//      would run it); target: (a) >= 0.9x (c).
// The sentences were written for this benchmark. Usage: translate_bench [--requests N]
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <fstream>
#include <iostream>
#include <string>
#include <vector>

#include "services/translate/translator.h"

namespace {

namespace tr = lathe::services::translate;
using Clock = std::chrono::steady_clock;

// 20 words.
const char* const kSentence =
    "The old farmer walked slowly to the market every morning because he wanted to sell his "
    "fresh eggs there today.";

const std::vector<std::string> kSentences = {
    "My older brother works in a big office near the river and he likes his job.",
    "The children played in the park until the sun went down behind the hills.",
    "We need to buy bread, milk and some apples before the shop closes tonight.",
    "She wrote a long letter to her grandmother who lives in a small village.",
    "The train to the capital leaves at seven and arrives three hours later.",
    "Many people read the news on their phones while they wait for the bus.",
    "The teacher explained the problem again because nobody understood the first answer.",
    "After the meeting the manager sent a short report to every member of the team.",
    "It rained all week, so the farmers could not work in the fields.",
    "The new library has more books than the old one and it opens on Sundays.",
};

size_t CountWords(const std::string& s) {
  size_t words = 0;
  bool in_word = false;
  for (char c : s) {
    const bool blank = c == ' ' || c == '\n' || c == '\t';
    if (!blank && !in_word) ++words;
    in_word = !blank;
  }
  return words;
}

double Seconds(Clock::duration d) { return std::chrono::duration<double>(d).count(); }

tr::TranslationRequest Request(const std::string& text) {
  return {.text = text,
          .source = "en",
          .target = "es",
          .format = tr::TextFormat::kPlain,
          .terminologies = {},
                                             .mask_profanity = false};
}

}  // namespace

int main(int argc, char** argv) {
  int requests = 200;
  for (int i = 1; i + 1 < argc; ++i) {
    if (std::string(argv[i]) == "--requests") requests = std::atoi(argv[i + 1]);
  }
  auto translator = tr::Translator::Create({});
  if (!translator.ok()) {
    std::cerr << translator.status().ToString() << "\n";
    return 1;
  }
  tr::Translator& t = **translator;
  if (!t.Translate(Request("Warm up.")).ok()) {
    std::cerr << "eng-spa is not installed\n";
    return 1;
  }

  // 1. Latency of one 20-word sentence.
  std::vector<double> ms;
  for (int i = 0; i < requests; ++i) {
    const auto start = Clock::now();
    auto r = t.Translate(Request(kSentence));
    ms.push_back(Seconds(Clock::now() - start) * 1000);
    if (!r.ok()) {
      std::cerr << r.status().ToString() << "\n";
      return 1;
    }
  }
  std::sort(ms.begin(), ms.end());
  std::printf(
      "latency, 20-word sentence (%zu words), %d requests: median %.2f ms, p90 %.2f ms, "
      "min %.2f ms\n",
      CountWords(kSentence), requests, ms[ms.size() / 2], ms[ms.size() * 9 / 10], ms[0]);

  // 2. Words per second on ~1,000 words.
  std::vector<std::string> sentences;
  std::string text;
  while (CountWords(text) < 1000) {
    for (const std::string& s : kSentences) {
      sentences.push_back(s);
      text += s + "\n";
    }
  }
  const double words = static_cast<double>(CountWords(text));
  auto start = Clock::now();
  for (const std::string& s : sentences) {
    if (!t.Translate(Request(s)).ok()) return 1;
  }
  const double per_sentence = Seconds(Clock::now() - start);
  start = Clock::now();
  if (!t.Translate(Request(text)).ok()) return 1;
  const double one_request = Seconds(Clock::now() - start);

  const std::string path = "/tmp/lathe_translate_bench_" + std::to_string(getpid()) + ".txt";
  std::ofstream(path) << text;
  start = Clock::now();
  const int rc = std::system(("apertium -u eng-spa " + path + " > /dev/null").c_str());
  const double cli = Seconds(Clock::now() - start);
  std::remove(path.c_str());
  if (rc != 0) {
    std::cerr << "apertium eng-spa failed\n";
    return 1;
  }
  std::printf("%.0f words (%zu sentences):\n", words, sentences.size());
  std::printf("  pipeline, one request per sentence: %.3f s, %.0f words/s (%.2fx the CLI)\n",
              per_sentence, words / per_sentence, cli / per_sentence);
  std::printf("  pipeline, one request:              %.3f s, %.0f words/s (%.2fx the CLI)\n",
              one_request, words / one_request, cli / one_request);
  std::printf("  apertium -u eng-spa (one run):      %.3f s, %.0f words/s\n", cli, words / cli);
  return 0;
}
