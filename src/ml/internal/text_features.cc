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

// Lower-cases the words of `text` (runs of IsWordByte bytes) into `lowered`, one after the
// other without separators, and records where each starts and ends.
void SplitWords(std::string_view text, std::string* lowered,
                std::vector<std::pair<uint32_t, uint32_t>>* words) {
  size_t start = lowered->size();
  bool in_word = false;
  for (unsigned char c : text) {
    if (IsWordByte(c)) {
      if (!in_word) start = lowered->size();
      lowered->push_back(static_cast<char>(c < 0x80 ? std::tolower(c) : c));
      in_word = true;
    } else if (in_word) {
      words->emplace_back(static_cast<uint32_t>(start), static_cast<uint32_t>(lowered->size()));
      in_word = false;
    }
  }
  if (in_word) {
    words->emplace_back(static_cast<uint32_t>(start), static_cast<uint32_t>(lowered->size()));
  }
}

// Sorts keys below 2^bits ascending: least-significant-digit radix sort by bytes, about 10x
// std::sort for the few thousand buckets a document touches.
void RadixSort(std::vector<uint32_t>* keys, std::vector<uint32_t>* tmp, int bits) {
  tmp->resize(keys->size());
  for (int shift = 0; shift < bits; shift += 8) {
    size_t start[257] = {};
    for (uint32_t k : *keys) ++start[((k >> shift) & 0xff) + 1];
    for (size_t d = 1; d <= 256; ++d) start[d] += start[d - 1];
    for (uint32_t k : *keys) (*tmp)[start[(k >> shift) & 0xff]++] = k;
    keys->swap(*tmp);
  }
}

// Per-thread buffers of Count, so that a row allocates nothing once they have grown.
struct CountScratch {
  std::string lowered, gram;
  std::vector<std::pair<uint32_t, uint32_t>> words;
  std::vector<uint32_t> per_bucket;  // a count per bucket, all 0 between rows
  std::vector<uint32_t> touched;     // the buckets counted in this row
  std::vector<uint32_t> sort_buffer;
};

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
                         std::vector<std::pair<uint32_t, uint32_t>>* counts) const {
  thread_local CountScratch scratch;
  const uint64_t mask = buckets() - 1;
  if (scratch.per_bucket.size() < buckets()) scratch.per_bucket.resize(buckets(), 0);
  uint32_t* per_bucket = scratch.per_bucket.data();
  std::vector<uint32_t>& touched = scratch.touched;
  touched.clear();
  auto add = [&](std::string_view bytes, uint64_t seed) {
    const auto bucket = static_cast<uint32_t>(HashBytes(bytes, seed) & mask);
    if (per_bucket[bucket]++ == 0) touched.push_back(bucket);
  };
  for (size_t col_idx = 0; col_idx < columns.size(); ++col_idx) {
    const data::Column* col = columns[col_idx];
    if (col == nullptr || col->IsNull(row)) continue;
    const uint64_t word_seed = 0x9e3779b97f4a7c15ULL * (2 * col_idx + 1);
    const uint64_t char_seed = 0x9e3779b97f4a7c15ULL * (2 * col_idx + 2);
    scratch.lowered.clear();
    scratch.words.clear();
    SplitWords(col->StringAt(row), &scratch.lowered, &scratch.words);
    const std::string_view lowered = scratch.lowered;
    const auto word = [&](size_t i) {
      return lowered.substr(scratch.words[i].first,
                            scratch.words[i].second - scratch.words[i].first);
    };
    std::string& gram = scratch.gram;
    for (size_t i = 0; i < scratch.words.size(); ++i) {
      const std::string_view w = word(i);
      add(w, word_seed);
      if (i + 1 < scratch.words.size()) {  // the bigram "w next"
        gram.assign(w);
        gram.push_back(' ');
        gram.append(word(i + 1));
        add(gram, word_seed);
      }
      gram.assign(1, ' ');  // character n-grams of " w "
      gram.append(w);
      gram.push_back(' ');
      for (size_t n = 3; n <= 5; ++n) {
        for (size_t start = 0; start + n <= gram.size(); ++start) {
          add(std::string_view(gram).substr(start, n), char_seed);
        }
      }
    }
  }
  RadixSort(&touched, &scratch.sort_buffer, hash_bits_);
  counts->clear();
  for (uint32_t bucket : touched) {
    counts->emplace_back(bucket, per_bucket[bucket]);
    per_bucket[bucket] = 0;
  }
}

TextFeatures TextFeatures::Fit(const Columns& columns, size_t rows, int hash_bits) {
  TextFeatures t;
  t.hash_bits_ = hash_bits;
  std::vector<uint32_t> df(t.buckets(), 0);
  std::vector<std::pair<uint32_t, uint32_t>> counts;
  for (size_t row = 0; row < rows; ++row) {
    t.Count(columns, row, &counts);
    for (const auto& [bucket, count] : counts) ++df[bucket];
  }
  t.idf_.assign(t.buckets(), 0.f);
  for (size_t bucket = 0; bucket < df.size(); ++bucket) {
    if (df[bucket] == 0) continue;
    t.idf_[bucket] = static_cast<float>(std::log((1.0 + rows) / (1.0 + df[bucket])) + 1.0);
  }
  return t;
}

void TextFeatures::Transform(const Columns& columns, size_t rows, std::vector<uint64_t>* indptr,
                             std::vector<uint32_t>* indices, std::vector<float>* values) const {
  std::vector<std::pair<uint32_t, uint32_t>> counts;
  for (size_t row = 0; row < rows; ++row) {
    Count(columns, row, &counts);
    const size_t first = values->size();
    double norm = 0;
    for (const auto& [bucket, count] : counts) {  // ascending buckets
      const float idf = idf_[bucket];
      if (idf == 0.f) continue;  // never seen in training
      const float v = static_cast<float>((1.0 + std::log(static_cast<float>(count))) * idf);
      indices->push_back(bucket);
      values->push_back(v);
      norm += static_cast<double>(v) * v;
    }
    const float scale = norm > 0 ? static_cast<float>(1.0 / std::sqrt(norm)) : 0.f;
    for (size_t i = first; i < values->size(); ++i) (*values)[i] *= scale;
    indptr->push_back(indices->size());
  }
}

nlohmann::json TextFeatures::ToJson() const {
  std::vector<uint32_t> buckets;
  std::vector<float> idf;
  for (size_t b = 0; b < idf_.size(); ++b) {
    if (idf_[b] == 0.f) continue;
    buckets.push_back(static_cast<uint32_t>(b));
    idf.push_back(idf_[b]);
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
    t.idf_.assign(t.buckets(), 0.f);
    for (size_t i = 0; i < buckets.size(); ++i) {
      if (buckets[i] >= t.buckets()) return DataLossError("pipeline: idf bucket out of range");
      if (!(idf[i] > 0.f)) return DataLossError("pipeline: idf must be positive");
      t.idf_[buckets[i]] = idf[i];
    }
    return t;
  } catch (const nlohmann::json::exception& e) {
    return DataLossError(std::string("pipeline: malformed text features: ") + e.what());
  }
}

}  // namespace lathe::ml::internal
