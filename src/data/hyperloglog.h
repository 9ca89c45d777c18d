// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// The distinct-counting toolkit used by profiling: 64-bit hashing (Mix64, HashBytes), a
// HyperLogLog sketch, and (in `internal`) an exact key counter and an LSD radix sort of 64-bit
// keys. HyperLogLog holds 2^precision one-byte registers (16 KiB at the default precision 14) and
// estimates the number of distinct hashes added with a relative standard error of about
// 1.04 / sqrt(2^precision), i.e. 0.8% at precision 14. None of these types is thread-safe; give
// each thread its own sketch and Merge them.
//
//   HyperLogLog hll;
//   for (std::string_view s : values) hll.Add(HashBytes(s.data(), s.size()));
//   double distinct = hll.Estimate();
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace lathe::data {

// A bijective 64-bit finalizer: every input bit affects every output bit. Use it to turn
// structured keys (integers, double bit patterns) into well-spread hashes.
inline uint64_t Mix64(uint64_t x) {
  x ^= x >> 31;
  x *= 0x243f6a8885a308d3ULL;  // leading hex digits of pi (odd)
  x ^= x >> 29;
  x *= 0x13198a2e03707345ULL;  // next hex digits of pi, made odd
  x ^= x >> 32;
  return x;
}

// 64-bit hash of `size` bytes at `data`, seeded. Not cryptographic; suitable for hash tables and
// sketches. Deterministic across runs and platforms of the same endianness.
uint64_t HashBytes(const void* data, size_t size, uint64_t seed = 0);
inline uint64_t HashString(std::string_view s, uint64_t seed = 0) {
  return HashBytes(s.data(), s.size(), seed);
}

class HyperLogLog {
 public:
  static constexpr int kDefaultPrecision = 14;
  static constexpr int kMinPrecision = 4;
  static constexpr int kMaxPrecision = 18;

  // `precision` is clamped to [kMinPrecision, kMaxPrecision].
  explicit HyperLogLog(int precision = kDefaultPrecision);

  // Adds one already-hashed value. The hash must be well mixed (HashBytes, Mix64).
  void Add(uint64_t hash) {
    const uint64_t index = hash >> (64 - precision_);
    // Rank of the first set bit in the remaining bits; the sentinel bit bounds it.
    const uint64_t rest = (hash << precision_) | (uint64_t{1} << (precision_ - 1));
    const uint8_t rank = static_cast<uint8_t>(__builtin_clzll(rest) + 1);
    if (registers_[index] < rank) registers_[index] = rank;
  }
  // Folds `other` into this sketch (register-wise max). InvalidArgument if precisions differ.
  Status Merge(const HyperLogLog& other);
  // Estimated number of distinct hashes added (0 for an empty sketch). Uses linear counting
  // (the small-range correction) while the raw estimate is below 2.5 * 2^precision and some
  // registers are still zero. No large-range correction is needed with 64-bit hashes.
  double Estimate() const;
  void Clear();
  int precision() const { return precision_; }

 private:
  int precision_;
  std::vector<uint8_t> registers_;
};

namespace internal {

// Counts occurrences of 64-bit keys exactly in an open-addressing table and remembers the row
// where each key was first seen. Memory is about 24 bytes / 0.7 per distinct key.
class KeyCounter {
 public:
  struct Entry {
    uint64_t key;
    uint64_t count;
    uint64_t first_row;
  };

  KeyCounter();

  // Counts one occurrence of `key` seen at `row`.
  void Add(uint64_t key, uint64_t row) {
    if (key == 0) {
      if (zero_.count++ == 0) zero_.first_row = row;
      return;
    }
    size_t slot = Mix64(key) & mask_;
    while (true) {
      Entry& e = slots_[slot];
      if (e.key == key) {
        ++e.count;
        return;
      }
      if (e.key == 0) {
        e = Entry{key, 1, row};
        if (++used_ * 10 > slots_.size() * 7) Grow();
        return;
      }
      slot = (slot + 1) & mask_;
    }
  }
  // Adds a whole entry (a key not present yet), e.g. to rebuild a smaller counter.
  void Insert(const Entry& entry);
  // Counts one occurrence only if `key` was already added; returns whether it was.
  bool IncrementIfPresent(uint64_t key);

  // Number of distinct keys.
  size_t size() const { return used_ + (zero_.count > 0 ? 1 : 0); }
  // All entries, in no particular order.
  std::vector<Entry> Entries() const;
  // Frees the table.
  void Release();

 private:
  void Grow();

  std::vector<Entry> slots_;  // key 0 marks an empty slot; key 0 itself lives in zero_
  size_t mask_ = 0;
  size_t used_ = 0;
  Entry zero_{0, 0, 0};
};

// Sorts `keys` ascending (LSD radix sort, 11-bit digits, digits shared by all keys skipped).
// Faster than std::sort for large arrays; uses a temporary buffer of the same size.
void RadixSort64(std::vector<uint64_t>* keys);

}  // namespace internal
}  // namespace lathe::data
