// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Language identification accuracy on held-out text (bench/text/data/language_eval.tsv: 95
// languages, paragraphs of the Universal Declaration of Human Rights that the n-gram profiles did
// not see; short samples are the first 2-4 words, long ones about 200 characters). Compares CLD2
// alone, the n-gram model alone, and what DetectLanguages answers (CLD2 blended with the n-grams
// on short texts), overall and for the languages both know. Prints one JSON object.
//
//   build/bench/text/language_quality [bench/text/data/language_eval.tsv]
#include <fstream>
#include <iostream>
#include <map>
#include <set>
#include <sstream>
#include <string>

#include <nlohmann/json.hpp>

#include "services/text/language_detector.h"
#include "services/text/language_ngrams.h"

namespace text = lathe::services::text;

int main(int argc, char** argv) {
  const std::string path =
      argc > 1 ? argv[1] : std::string(LATHE_SOURCE_DIR) + "/bench/text/data/language_eval.tsv";
  std::ifstream in(path);
  if (!in) {
    std::cerr << path << ": cannot open\n";
    return 2;
  }
  std::string line;
  std::getline(in, line);  // header
  struct Tally {
    int n = 0, cld2 = 0, ngrams = 0, combined = 0;
  };
  std::map<std::string, Tally> by_kind;
  std::set<std::string> languages;
  while (std::getline(in, line)) {
    std::istringstream fields(line);
    std::string code, kind, sample;
    std::getline(fields, code, '\t');
    std::getline(fields, kind, '\t');
    std::getline(fields, sample);
    languages.insert(code);
    auto top = [](const auto& v) { return v.empty() ? std::string() : v.front().code; };
    Tally& t = by_kind[kind];
    ++t.n;
    t.cld2 += top(text::DetectLanguagesCld2(sample)) == code;
    t.ngrams += top(text::GuessLanguageByNgrams(sample)) == code;
    t.combined += top(text::DetectLanguages(sample)) == code;
  }
  nlohmann::json out = {{"data", path}, {"languages", languages.size()}};
  for (const auto& [kind, t] : by_kind) {
    out[kind] = {{"samples", t.n},
                 {"cld2_accuracy", double(t.cld2) / t.n},
                 {"ngrams_accuracy", double(t.ngrams) / t.n},
                 {"detect_languages_accuracy", double(t.combined) / t.n}};
  }
  std::cout << out.dump(2) << "\n";
  return 0;
}
