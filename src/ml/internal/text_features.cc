// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "ml/internal/text_features.h"

#include <algorithm>
#include <array>
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

// Byte classes, as std::isalnum / std::tolower in the "C" locale (the only one Lathe runs in),
// extended to bytes >= 0x80: they belong to words and are kept as they are.
struct ByteTables {
  bool word[256];
  char lower_or_space[256];  // a word byte lower-cased; any other byte a space
  constexpr ByteTables() : word(), lower_or_space() {
    for (int c = 0; c < 256; ++c) {
      const bool upper = c >= 'A' && c <= 'Z';
      word[c] = upper || (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c >= 0x80;
      lower_or_space[c] = static_cast<char>(upper ? c + ('a' - 'A') : word[c] ? c : ' ');
    }
  }
};
constexpr ByteTables kBytes;

// Bytes a short-gram hash may read past a gram's end (they are masked off).
constexpr size_t kReadSlack = 8;

// Lower-cases the words of `text` (runs of word bytes) into `lowered` as " w1 w2 ... wn ": one
// space before each word and after the last, so that a word, the bigram "w next" and the padded
// " w " of its character n-grams are all substrings, hashed where they lie. Records where each
// word starts and ends in `words` and returns how many there are; leaves kReadSlack zero bytes
// after the lowered text for HashShort's loads.
// Branch-free: a branch on each byte's class is mispredicted at every word's end.
size_t SplitWords(std::string_view text, std::vector<char>* lowered,
                  std::vector<std::pair<uint32_t, uint32_t>>* words) {
  // The buffers only grow: resizing down and up again would zero them for every row.
  const size_t most = text.size() + 2 + kReadSlack;  // each byte, a space before and after
  if (lowered->size() < most) lowered->resize(most);
  if (words->size() < text.size() / 2 + 2) words->resize(text.size() / 2 + 2);
  char* out = lowered->data();
  auto* word = words->data();
  const auto* bytes = reinterpret_cast<const unsigned char*>(text.data());
  out[0] = ' ';
  size_t pos = 1;
  size_t starts = 0;
  size_t ends = 0;
  size_t in_word = 0;  // whether the previous byte belonged to a word
  for (size_t i = 0; i < text.size(); ++i) {
    const size_t is_word = kBytes.word[bytes[i]];
    // A word byte is kept; the first byte after a word becomes its one trailing space; any
    // other byte is written and then overwritten, as `pos` does not move.
    out[pos] = kBytes.lower_or_space[bytes[i]];
    word[starts].first = static_cast<uint32_t>(pos);
    starts += is_word & (in_word ^ 1);
    word[ends].second = static_cast<uint32_t>(pos);
    ends += in_word & (is_word ^ 1);
    pos += is_word | in_word;
    in_word = is_word;
  }
  if (in_word) {
    word[ends++].second = static_cast<uint32_t>(pos);
    out[pos++] = ' ';
  }
  std::memset(out + pos, 0, kReadSlack);
  return starts;
}

// Sorts the first `n` keys of `keys`, all below 2^bits, ascending with `tmp` (of n keys at least)
// as the other buffer; returns the buffer holding the result. A least-significant-digit radix
// sort in as few passes of at most 11 bits as cover `bits` (two of 9 at the default 18), about
// 10x std::sort for the few thousand buckets a document touches.
const uint32_t* RadixSort(uint32_t* keys, uint32_t* tmp, size_t n, int bits) {
  const int passes = std::max(1, (bits + 10) / 11);
  const int digit_bits = (bits + passes - 1) / passes;
  const uint32_t digit_mask = (uint32_t{1} << digit_bits) - 1;
  const size_t digits = size_t{digit_mask} + 1;
  std::array<uint32_t, (1 << 11) + 1> start;
  for (int shift = 0; shift < bits; shift += digit_bits) {
    std::fill_n(start.begin(), digits + 1, 0);
    for (size_t i = 0; i < n; ++i) ++start[((keys[i] >> shift) & digit_mask) + 1];
    for (size_t d = 1; d <= digits; ++d) start[d] += start[d - 1];
    for (size_t i = 0; i < n; ++i) tmp[start[(keys[i] >> shift) & digit_mask]++] = keys[i];
    std::swap(keys, tmp);
  }
  return keys;
}

// Per-thread buffers of Count, so that a row allocates nothing once they have grown.
struct CountScratch {
  std::vector<char> lowered;
  std::vector<std::pair<uint32_t, uint32_t>> words;
  // A count per bucket, all 0 between rows. Narrow, so that the array a document hits at random
  // stays in the core's L2 cache (2^18 buckets: 256 KiB, where 32-bit counts took 1 MiB and
  // missed it on every other term). A count that would wrap is set back to 1 and the bucket
  // noted in `wrapped`, each note worth kWrap more.
  std::vector<uint8_t> per_bucket;
  std::vector<uint32_t> wrapped;
  std::vector<uint32_t> touched;  // the buckets counted in this row
  std::vector<uint32_t> sort_buffer;
};
constexpr uint32_t kWrap = 255;

// Out of line, so that the rare wrap does not stop the per-term code from being inlined.
[[gnu::noinline]] void NoteWrap(uint32_t bucket, std::vector<uint32_t>* wrapped) {
  wrapped->push_back(bucket);
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

namespace {

// HashBytes(bytes, seed) of a gram shorter than 8 bytes whose 8 bytes from `data` may be read:
// the same value, with one masked load in place of the byte loop.
inline uint64_t HashShort(const char* data, size_t size, uint64_t seed) {
  uint64_t tail;
  std::memcpy(&tail, data, 8);
  tail &= (uint64_t{1} << (8 * size)) - 1;  // little-endian: the first `size` bytes
  uint64_t h = seed ^ (size * kC1);
  tail *= kC1;
  tail = Rotl(tail, 31);
  tail *= kC2;
  h ^= tail;
  return Fmix(h);
}

// HashBytes(bytes, seed) of `size` bytes at `data`, of which 8 may be read.
inline uint64_t HashGram(const char* data, size_t size, uint64_t seed) {
  return size < 8 ? HashShort(data, size, seed) : HashBytes(std::string_view(data, size), seed);
}

}  // namespace

void TextFeatures::Count(const Columns& columns, size_t row,
                         std::vector<std::pair<uint32_t, uint32_t>>* counts) const {
  thread_local CountScratch scratch;
  const uint64_t mask = buckets() - 1;
  if (scratch.per_bucket.size() < buckets()) scratch.per_bucket.resize(buckets(), 0);
  uint8_t* per_bucket = scratch.per_bucket.data();
  std::vector<uint32_t>& touched = scratch.touched;
  size_t n_touched = 0;
  scratch.wrapped.clear();
  // Branch-free: whether a term's bucket is new to the row is a coin flip for the predictor.
  auto add_hash = [&](uint64_t hash) __attribute__((always_inline)) {
    const auto bucket = static_cast<uint32_t>(hash & mask);
    touched[n_touched] = bucket;
    const uint8_t before = per_bucket[bucket];
    n_touched += before == 0;
    auto after = static_cast<uint8_t>(before + 1);
    if (after == 0) [[unlikely]] {
      NoteWrap(bucket, &scratch.wrapped);
      after = 1;
    }
    per_bucket[bucket] = after;
  };
  for (size_t col_idx = 0; col_idx < columns.size(); ++col_idx) {
    const data::Column* col = columns[col_idx];
    if (col == nullptr || col->IsNull(row)) continue;
    const uint64_t word_seed = 0x9e3779b97f4a7c15ULL * (2 * col_idx + 1);
    const uint64_t char_seed = 0x9e3779b97f4a7c15ULL * (2 * col_idx + 2);
    const std::string_view raw = col->StringAt(row);
    const size_t n_words = SplitWords(raw, &scratch.lowered, &scratch.words);
    // A word of n bytes gives at most 2 + 3n terms. The buffer only grows: resizing down and
    // up again would zero it for every row.
    if (touched.size() < n_touched + 5 * raw.size() + 1) {
      touched.resize(n_touched + 5 * raw.size() + 1);
    }
    const char* text = scratch.lowered.data();
    const auto* words = scratch.words.data();
    for (size_t i = 0; i < n_words; ++i) {
      const auto [begin, end] = words[i];
      add_hash(HashGram(text + begin, end - begin, word_seed));
      if (i + 1 < n_words) {  // the bigram "w next", one space between them
        add_hash(HashGram(text + begin, words[i + 1].second - begin, word_seed));
      }
      // Character 3-5-grams of " w ": the padded word runs from begin - 1 to end + 1.
      const size_t padded_end = end + 1;
      for (size_t start = begin - 1; start + 3 <= padded_end; ++start) {
        const size_t left = padded_end - start;
        add_hash(HashShort(text + start, 3, char_seed));
        if (left >= 4) add_hash(HashShort(text + start, 4, char_seed));
        if (left >= 5) add_hash(HashShort(text + start, 5, char_seed));
      }
    }
  }
  if (scratch.sort_buffer.size() < n_touched) scratch.sort_buffer.resize(n_touched);
  const uint32_t* sorted =
      RadixSort(touched.data(), scratch.sort_buffer.data(), n_touched, hash_bits_);
  counts->resize(n_touched);
  auto* out = counts->data();
  for (size_t i = 0; i < n_touched; ++i) {
    const uint32_t bucket = sorted[i];
    out[i] = {bucket, per_bucket[bucket]};
    per_bucket[bucket] = 0;
  }
  for (const uint32_t bucket : scratch.wrapped) {
    auto it = std::lower_bound(counts->begin(), counts->end(), std::make_pair(bucket, 0u));
    it->second += kWrap;
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

namespace {
// ln(count) as float for the counts most terms have; the same float std::log(float) returns.
const std::array<float, 64> kLogTable = [] {
  std::array<float, 64> table{};
  for (size_t c = 1; c < table.size(); ++c) table[c] = std::log(static_cast<float>(c));
  return table;
}();
}  // namespace

void TextFeatures::Transform(const Columns& columns, size_t rows, std::vector<uint64_t>* indptr,
                             std::vector<uint32_t>* indices, std::vector<float>* values) const {
  std::vector<std::pair<uint32_t, uint32_t>> counts;
  size_t text_bytes = 0;
  for (const data::Column* col : columns) {
    if (col == nullptr) continue;
    for (size_t row = 0; row < rows; ++row) {
      if (!col->IsNull(row)) text_bytes += col->StringAt(row).size();
    }
  }
  // A document keeps about one bucket per byte of text (0.97-1.08 on spam_assassin's emails;
  // more on short texts, whose words repeat less): reserved at once, the output is not copied
  // and faulted in again each time it doubles.
  // (Never to just the size needed when appending to a block: calls in a loop would then copy
  // it each time.)
  const size_t expected = values->size() + text_bytes + 16 * rows;
  if (values->capacity() < expected) {
    indices->reserve(std::max(expected, 2 * indices->capacity()));
    values->reserve(std::max(expected, 2 * values->capacity()));
  }
  for (size_t row = 0; row < rows; ++row) {
    Count(columns, row, &counts);
    // Written through raw pointers and trimmed after: push_back's capacity checks and calls
    // kept `norm` on the stack, a store-to-load chain through every term.
    const size_t first = values->size();
    indices->resize(first + counts.size());
    values->resize(first + counts.size());
    uint32_t* out_index = indices->data() + first;
    float* out_value = values->data() + first;
    size_t kept = 0;
    double norm = 0;
    for (const auto& [bucket, count] : counts) {  // ascending buckets
      const float idf = idf_[bucket];
      if (idf == 0.f) continue;  // never seen in training
      const float log_tf =
          count < kLogTable.size() ? kLogTable[count] : std::log(static_cast<float>(count));
      const float v = static_cast<float>((1.0 + log_tf) * idf);
      out_index[kept] = bucket;
      out_value[kept] = v;
      ++kept;
      norm += static_cast<double>(v) * v;
    }
    const float scale = norm > 0 ? static_cast<float>(1.0 / std::sqrt(norm)) : 0.f;
    for (size_t i = 0; i < kept; ++i) out_value[i] *= scale;
    indices->resize(first + kept);
    values->resize(first + kept);
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
