// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// TextFeatures: the hashed TF-IDF block of FeaturePipeline. Every text column is tokenised
// (lower-cased words: runs of letters / digits / non-ASCII bytes), word 1-2-grams and character
// 3-5-grams of each word (padded with spaces) are hashed (HashBytes, seeded by column and
// n-gram kind) into 2^hash_bits buckets; a row's value for a bucket is
// (1 + ln tf) * idf, idf = ln((1 + n) / (1 + df)) + 1 learned on the training rows, and the row
// is L2-normalised. Buckets never seen in training are dropped. Immutable after Fit; thread-safe.
#pragma once

#include <cstdint>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/status.h"
#include "data/table.h"

namespace lathe::ml::internal {

// 64-bit hash of `bytes` (MurmurHash3-style 8-byte mixing and finaliser, own implementation).
uint64_t HashBytes(std::string_view bytes, uint64_t seed);

class TextFeatures {
 public:
  // `columns[i]` may be null (missing column = empty text).
  using Columns = std::vector<const data::Column*>;

  static TextFeatures Fit(const Columns& columns, size_t rows, int hash_bits);
  static Result<TextFeatures> FromJson(const nlohmann::json& json);
  nlohmann::json ToJson() const;

  size_t buckets() const { return size_t{1} << hash_bits_; }
  // Appends rows to a CSR block (indptr must hold its first 0 already); indices ascending.
  void Transform(const Columns& columns, size_t rows, std::vector<uint64_t>* indptr,
                 std::vector<uint32_t>* indices, std::vector<float>* values) const;

 private:
  // Raw term counts of one row as (bucket, count), buckets ascending.
  void Count(const Columns& columns, size_t row,
             std::vector<std::pair<uint32_t, uint32_t>>* counts) const;

  int hash_bits_ = 18;
  // idf per bucket (2^hash_bits floats, 1 MiB at the default 18 bits); 0 = never seen in
  // training (a real idf is >= 1). Dense, because a document looks up thousands of buckets.
  std::vector<float> idf_;
};

}  // namespace lathe::ml::internal
