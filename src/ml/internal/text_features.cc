// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "ml/internal/text_features.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <string>

namespace lathe::ml::internal {
namespace {

constexpr uint64_t kC1 = 0x87c37b91114253d5ULL;
constexpr uint64_t kC2 = 0x4cf5ad432745937fULL;

uint64_t Rotl(uint64_t x, int r) { return (x << r) | (x >> (64 - r)); }

uint64_t Fmix(uint64_t k) {
  k ^= k >> 33;
  k *= 0xff51afd7ed558ccdULL;
  k ^= k >> 33;
  k *= 0xc4ceb9fe1a85ec53ULL;
  k ^= k >> 33;
  return k;
}

bool IsWordByte(unsigned char c) { return std::isalnum(c) || c >= 0x80; }

std::vector<std::string> Words(std::string_view text) {
  std::vector<std::string> words;
  std::string current;
  for (unsigned char c : text) {
    if (IsWordByte(c)) {
      current.push_back(static_cast<char>(c < 0x80 ? std::tolower(c) : c));
    } else if (!current.empty()) {
      words.push_back(std::move(current));
      current.clear();
    }
  }
  if (!current.empty()) words.push_back(std::move(current));
  return words;
}

}  // namespace

uint64_t HashBytes(std::string_view bytes, uint64_t seed) {
  uint64_t h = seed ^ (bytes.size() * kC1);
  size_t pos = 0;
  for (; pos + 8 <= bytes.size(); pos += 8) {
    uint64_t k;
    std::memcpy(&k, bytes.data() + pos, 8);
    k *= kC1;
    k = Rotl(k, 31);
    k *= kC2;
    h ^= k;
    h = Rotl(h, 27) * 5 + 0x52dce729;
  }
  uint64_t tail = 0;
  for (size_t i = 0; pos + i < bytes.size(); ++i) {
    tail |= static_cast<uint64_t>(static_cast<unsigned char>(bytes[pos + i])) << (8 * i);
  }
  tail *= kC1;
  tail = Rotl(tail, 31);
  tail *= kC2;
  h ^= tail;
  return Fmix(h);
}

void TextFeatures::Count(const Columns& columns, size_t row,
                         std::unordered_map<uint32_t, float>* tf) const {
  const uint64_t mask = buckets() - 1;
  for (size_t col_idx = 0; col_idx < columns.size(); ++col_idx) {
    const data::Column* col = columns[col_idx];
    if (col == nullptr || col->IsNull(row)) continue;
    const uint64_t word_seed = 0x9e3779b97f4a7c15ULL * (2 * col_idx + 1);
    const uint64_t char_seed = 0x9e3779b97f4a7c15ULL * (2 * col_idx + 2);
    const std::vector<std::string> words = Words(col->StringAt(row));
    for (size_t i = 0; i < words.size(); ++i) {
      (*tf)[static_cast<uint32_t>(HashBytes(words[i], word_seed) & mask)] += 1;
      if (i + 1 < words.size()) {
        const std::string bigram = words[i] + ' ' + words[i + 1];
        (*tf)[static_cast<uint32_t>(HashBytes(bigram, word_seed) & mask)] += 1;
      }
      const std::string padded = ' ' + words[i] + ' ';
      for (size_t n = 3; n <= 5; ++n) {
        for (size_t start = 0; start + n <= padded.size(); ++start) {
          const std::string_view gram(padded.data() + start, n);
          (*tf)[static_cast<uint32_t>(HashBytes(gram, char_seed) & mask)] += 1;
        }
      }
    }
  }
}

TextFeatures TextFeatures::Fit(const Columns& columns, size_t rows, int hash_bits) {
  TextFeatures t;
  t.hash_bits_ = hash_bits;
  std::unordered_map<uint32_t, uint32_t> df;
  std::unordered_map<uint32_t, float> tf;
  for (size_t row = 0; row < rows; ++row) {
    tf.clear();
    t.Count(columns, row, &tf);
    for (const auto& [bucket, count] : tf) ++df[bucket];
  }
  for (const auto& [bucket, count] : df) {
    t.idf_[bucket] = static_cast<float>(std::log((1.0 + rows) / (1.0 + count)) + 1.0);
  }
  return t;
}

void TextFeatures::Transform(const Columns& columns, size_t rows, std::vector<uint64_t>* indptr,
                             std::vector<uint32_t>* indices, std::vector<float>* values) const {
  std::unordered_map<uint32_t, float> tf;
  std::vector<std::pair<uint32_t, float>> entries;
  for (size_t row = 0; row < rows; ++row) {
    tf.clear();
    entries.clear();
    Count(columns, row, &tf);
    double norm = 0;
    for (const auto& [bucket, count] : tf) {
      auto it = idf_.find(bucket);
      if (it == idf_.end()) continue;
      const float v = static_cast<float>((1.0 + std::log(count)) * it->second);
      entries.emplace_back(bucket, v);
      norm += static_cast<double>(v) * v;
    }
    std::sort(entries.begin(), entries.end());
    const float scale = norm > 0 ? static_cast<float>(1.0 / std::sqrt(norm)) : 0.f;
    for (const auto& [bucket, v] : entries) {
      indices->push_back(bucket);
      values->push_back(v * scale);
    }
    indptr->push_back(indices->size());
  }
}

nlohmann::json TextFeatures::ToJson() const {
  std::vector<std::pair<uint32_t, float>> sorted(idf_.begin(), idf_.end());
  std::sort(sorted.begin(), sorted.end());
  std::vector<uint32_t> buckets;
  std::vector<float> idf;
  for (const auto& [b, v] : sorted) {
    buckets.push_back(b);
    idf.push_back(v);
  }
  return {{"hash_bits", hash_bits_}, {"buckets", buckets}, {"idf", idf}};
}

Result<TextFeatures> TextFeatures::FromJson(const nlohmann::json& json) {
  try {
    TextFeatures t;
    t.hash_bits_ = json.at("hash_bits").get<int>();
    if (t.hash_bits_ < 4 || t.hash_bits_ > 24) return DataLossError("pipeline: bad hash_bits");
    const auto buckets = json.at("buckets").get<std::vector<uint32_t>>();
    const auto idf = json.at("idf").get<std::vector<float>>();
    if (buckets.size() != idf.size()) return DataLossError("pipeline: idf size mismatch");
    for (size_t i = 0; i < buckets.size(); ++i) {
      if (buckets[i] >= t.buckets()) return DataLossError("pipeline: idf bucket out of range");
      t.idf_[buckets[i]] = idf[i];
    }
    return t;
  } catch (const nlohmann::json::exception& e) {
    return DataLossError(std::string("pipeline: malformed text features: ") + e.what());
  }
}

}  // namespace lathe::ml::internal
