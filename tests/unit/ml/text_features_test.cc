// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "ml/internal/text_features.h"

#include <gtest/gtest.h>

#include <cmath>
#include <map>
#include <random>
#include <string>
#include <vector>

#include "ml_test_data.h"

namespace lathe::ml::internal {
namespace {

// The documented features, written plainly with strings and HashBytes: the fast path must give
// the same buckets and values (saved models depend on it).
std::map<uint32_t, uint32_t> ReferenceCounts(const std::vector<std::string>& texts, int bits) {
  std::map<uint32_t, uint32_t> counts;
  const uint64_t mask = (uint64_t{1} << bits) - 1;
  for (size_t col = 0; col < texts.size(); ++col) {
    if (texts[col] == "<null>") continue;
    const uint64_t word_seed = 0x9e3779b97f4a7c15ULL * (2 * col + 1);
    const uint64_t char_seed = 0x9e3779b97f4a7c15ULL * (2 * col + 2);
    std::vector<std::string> words;
    std::string current;
    for (unsigned char c : texts[col] + " ") {
      const bool word_byte =
          (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c >= 0x80;
      if (word_byte) {
        current.push_back(static_cast<char>(c >= 'A' && c <= 'Z' ? c - 'A' + 'a' : c));
      } else if (!current.empty()) {
        words.push_back(current);
        current.clear();
      }
    }
    for (size_t i = 0; i < words.size(); ++i) {
      ++counts[static_cast<uint32_t>(HashBytes(words[i], word_seed) & mask)];
      if (i + 1 < words.size()) {
        ++counts[static_cast<uint32_t>(HashBytes(words[i] + " " + words[i + 1], word_seed) & mask)];
      }
      const std::string padded = " " + words[i] + " ";
      for (size_t n = 3; n <= 5; ++n) {
        for (size_t s = 0; s + n <= padded.size(); ++s) {
          ++counts[static_cast<uint32_t>(HashBytes(padded.substr(s, n), char_seed) & mask)];
        }
      }
    }
  }
  return counts;
}

std::string RandomText(std::mt19937_64& rng) {
  // Letters of both cases, digits, punctuation, UTF-8 bytes, runs of separators, words of 1 to
  // 12 bytes (short grams and the 8-byte block of HashBytes both covered).
  static const std::string kAlphabet = "aAbBzZ09 ,.-\t\n!'\xc3\xa9\xe2\x82\xac";
  std::string text;
  const size_t length = std::uniform_int_distribution<size_t>(0, 200)(rng);
  std::uniform_int_distribution<size_t> pick(0, kAlphabet.size() - 1);
  for (size_t i = 0; i < length; ++i) text.push_back(kAlphabet[pick(rng)]);
  return text;
}

TEST(TextFeaturesTest, MatchesThePlainDefinition) {
  constexpr int kBits = 12;  // small enough for collisions between words and grams
  std::mt19937_64 rng(7);
  std::vector<std::string> a, b;
  for (int row = 0; row < 300; ++row) {
    a.push_back(row % 37 == 0 ? "<null>" : RandomText(rng));
    b.push_back(row % 5 == 0 ? "Word WORD word wordy 123456789 x" : RandomText(rng));
  }
  a.push_back("");
  b.push_back("ab");
  // Counts past the 8-bit counters' wrap at 255, once and more than once.
  std::string repeated;
  for (int i = 0; i < 256; ++i) repeated += "Yes no ";
  a.push_back(repeated);
  repeated.clear();
  for (int i = 0; i < 700; ++i) repeated += "la";
  b.push_back(repeated + " " + repeated);
  const data::Column col_a = lathe::ml::testing::Strings("a", data::DataType::kText, a);
  const data::Column col_b = lathe::ml::testing::Strings("b", data::DataType::kText, b);
  const TextFeatures::Columns columns = {&col_a, &col_b};
  const size_t rows = a.size();
  const TextFeatures features = TextFeatures::Fit(columns, rows, kBits);

  std::vector<uint64_t> indptr = {0};
  std::vector<uint32_t> indices;
  std::vector<float> values;
  features.Transform(columns, rows, &indptr, &indices, &values);
  ASSERT_EQ(indptr.size(), rows + 1);

  // idf from the reference document frequencies.
  std::vector<std::map<uint32_t, uint32_t>> reference;
  std::vector<uint32_t> df(size_t{1} << kBits, 0);
  for (size_t row = 0; row < rows; ++row) {
    reference.push_back(ReferenceCounts({a[row], b[row]}, kBits));
    for (const auto& [bucket, count] : reference.back()) ++df[bucket];
  }
  for (size_t row = 0; row < rows; ++row) {
    std::vector<std::pair<uint32_t, float>> want;
    double norm = 0;
    for (const auto& [bucket, count] : reference[row]) {
      const float idf = static_cast<float>(std::log((1.0 + rows) / (1.0 + df[bucket])) + 1.0);
      const float v = static_cast<float>((1.0 + std::log(static_cast<float>(count))) * idf);
      want.emplace_back(bucket, v);
      norm += static_cast<double>(v) * v;
    }
    const float scale = norm > 0 ? static_cast<float>(1.0 / std::sqrt(norm)) : 0.f;
    ASSERT_EQ(indptr[row + 1] - indptr[row], want.size()) << "row " << row;
    for (size_t j = 0; j < want.size(); ++j) {
      EXPECT_EQ(indices[indptr[row] + j], want[j].first) << "row " << row;
      EXPECT_EQ(values[indptr[row] + j], want[j].second * scale) << "row " << row;
    }
  }
}

TEST(TextFeaturesTest, TermCountsAboveTheLogTableKeepTheirWeight) {
  // 1,000 repeats of one word: its count passes the 64-entry ln table and wraps the 8-bit
  // per-row counter three times, and must weigh more than a word seen once.
  std::string text = "rare";
  for (int i = 0; i < 1000; ++i) text += " spam";
  const data::Column col = lathe::ml::testing::Strings("t", data::DataType::kText, {text, "other"});
  const TextFeatures::Columns columns = {&col};
  const TextFeatures features = TextFeatures::Fit(columns, 2, 16);
  std::vector<uint64_t> indptr = {0};
  std::vector<uint32_t> indices;
  std::vector<float> values;
  features.Transform(columns, 2, &indptr, &indices, &values);
  const auto bucket_of = [](std::string_view w) {
    return static_cast<uint32_t>(HashBytes(w, 0x9e3779b97f4a7c15ULL) & 0xffff);
  };
  float spam = 0, rare = 0;
  for (uint64_t j = indptr[0]; j < indptr[1]; ++j) {
    if (indices[j] == bucket_of("spam")) spam = values[j];
    if (indices[j] == bucket_of("rare")) rare = values[j];
  }
  ASSERT_GT(rare, 0.f);
  // Same idf (both only in row 0): the ratio is 1 + ln 1000.
  EXPECT_NEAR(spam / rare, 1.0 + std::log(1000.0), 1e-4);
}

}  // namespace
}  // namespace lathe::ml::internal
