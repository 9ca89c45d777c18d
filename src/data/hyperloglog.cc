// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "data/hyperloglog.h"

#include <algorithm>
#include <cmath>
#include <cstring>
#include <memory>

namespace lathe::data {
namespace {

// Nothing-up-my-sleeve constants: consecutive 64-bit words of the hex expansion of pi, odd.
constexpr uint64_t kSeed0 = 0xa4093822299f31d1ULL;
constexpr uint64_t kSeed1 = 0x082efa98ec4e6c89ULL;
constexpr uint64_t kSeed2 = 0x452821e638d01377ULL;
constexpr uint64_t kSeed3 = 0xbe5466cf34e90c6dULL;

inline uint64_t Load64(const uint8_t* p) {
  uint64_t v;
  std::memcpy(&v, p, 8);
  return v;
}

inline uint64_t Load32(const uint8_t* p) {
  uint32_t v;
  std::memcpy(&v, p, 4);
  return v;
}

// Full 64x64 -> 128-bit product, folded by xor: a strong, fast two-input mixer.
inline uint64_t MulFold(uint64_t a, uint64_t b) {
  const unsigned __int128 r = static_cast<unsigned __int128>(a) * b;
  return static_cast<uint64_t>(r) ^ static_cast<uint64_t>(r >> 64);
}

}  // namespace

uint64_t HashBytes(const void* data, size_t size, uint64_t seed) {
  const auto* p = static_cast<const uint8_t*>(data);
  uint64_t h = seed ^ kSeed0;
  size_t n = size;
  // 16-byte blocks; the state is folded back in so a zero product cannot erase it.
  while (n > 16) {
    h ^= MulFold(Load64(p) ^ kSeed1 ^ h, Load64(p + 8) ^ kSeed2);
    p += 16;
    n -= 16;
  }
  // 0..16 remaining bytes as two words; overlapping loads cover every byte exactly once or twice,
  // and the total length is mixed in below, so equal words from different lengths differ.
  uint64_t a = 0;
  uint64_t b = 0;
  if (n >= 8) {
    a = Load64(p);
    b = Load64(p + n - 8);
  } else if (n >= 4) {
    a = (Load32(p) << 32) | Load32(p + n - 4);
  } else if (n > 0) {
    a = (uint64_t{p[0]} << 16) | (uint64_t{p[n >> 1]} << 8) | p[n - 1];
  }
  h = MulFold(a ^ kSeed1 ^ h, b ^ kSeed3 ^ (static_cast<uint64_t>(size) * kSeed2));
  return Mix64(h);
}

HyperLogLog::HyperLogLog(int precision)
    : precision_(std::clamp(precision, kMinPrecision, kMaxPrecision)),
      registers_(size_t{1} << precision_, 0) {}

Status HyperLogLog::Merge(const HyperLogLog& other) {
  if (other.precision_ != precision_) {
    return InvalidArgumentError("cannot merge HyperLogLog sketches of precision " +
                                std::to_string(precision_) + " and " +
                                std::to_string(other.precision_));
  }
  for (size_t i = 0; i < registers_.size(); ++i) {
    registers_[i] = std::max(registers_[i], other.registers_[i]);
  }
  return Status::Ok();
}

double HyperLogLog::Estimate() const {
  const double m = static_cast<double>(registers_.size());
  double inverse_sum = 0.0;
  size_t zeros = 0;
  for (uint8_t r : registers_) {
    inverse_sum += std::ldexp(1.0, -static_cast<int>(r));
    zeros += (r == 0);
  }
  // Bias constant for m >= 128 (Flajolet et al. 2007); precisions below 7 use the tabled values.
  double alpha = 0.7213 / (1.0 + 1.079 / m);
  if (precision_ == 4) alpha = 0.673;
  if (precision_ == 5) alpha = 0.697;
  if (precision_ == 6) alpha = 0.709;
  const double raw = alpha * m * m / inverse_sum;
  if (raw <= 2.5 * m && zeros > 0) {
    return m * std::log(m / static_cast<double>(zeros));  // linear counting
  }
  return raw;
}

void HyperLogLog::Clear() { std::fill(registers_.begin(), registers_.end(), 0); }

namespace internal {

KeyCounter::KeyCounter() : slots_(16, Entry{0, 0, 0}), mask_(15) {}

void KeyCounter::Insert(const Entry& entry) {
  if (entry.key == 0) {
    zero_ = entry;
    return;
  }
  size_t slot = Mix64(entry.key) & mask_;
  while (slots_[slot].key != 0) slot = (slot + 1) & mask_;
  slots_[slot] = entry;
  if (++used_ * 10 > slots_.size() * 7) Grow();
}

bool KeyCounter::IncrementIfPresent(uint64_t key) {
  if (key == 0) {
    if (zero_.count == 0) return false;
    ++zero_.count;
    return true;
  }
  size_t slot = Mix64(key) & mask_;
  while (true) {
    Entry& e = slots_[slot];
    if (e.key == key) {
      ++e.count;
      return true;
    }
    if (e.key == 0) return false;
    slot = (slot + 1) & mask_;
  }
}

std::vector<KeyCounter::Entry> KeyCounter::Entries() const {
  std::vector<Entry> out;
  out.reserve(size());
  if (zero_.count > 0) out.push_back(zero_);
  for (const Entry& e : slots_) {
    if (e.key != 0) out.push_back(e);
  }
  return out;
}

void KeyCounter::Release() {
  std::vector<Entry>().swap(slots_);
  slots_.assign(16, Entry{0, 0, 0});
  mask_ = 15;
  used_ = 0;
  zero_ = Entry{0, 0, 0};
}

void KeyCounter::Grow() {
  std::vector<Entry> old(slots_.size() * 2, Entry{0, 0, 0});
  old.swap(slots_);
  mask_ = slots_.size() - 1;
  for (const Entry& e : old) {
    if (e.key == 0) continue;
    size_t slot = Mix64(e.key) & mask_;
    while (slots_[slot].key != 0) slot = (slot + 1) & mask_;
    slots_[slot] = e;
  }
}

void RadixSort64(std::vector<uint64_t>* keys) {
  constexpr int kBits = 11;  // 6 digits: fewer passes than bytes, counts still fit in L2
  constexpr int kDigits = (64 + kBits - 1) / kBits;
  constexpr size_t kBuckets = size_t{1} << kBits;
  constexpr uint64_t kMask = kBuckets - 1;
  const size_t n = keys->size();
  if (n < 1024) {
    std::sort(keys->begin(), keys->end());
    return;
  }
  // One counting pass for all digits.
  auto counts = std::make_unique<size_t[]>(kDigits * kBuckets);
  for (uint64_t k : *keys) {
    for (int digit = 0; digit < kDigits; ++digit) {
      ++counts[digit * kBuckets + ((k >> (kBits * digit)) & kMask)];
    }
  }
  std::unique_ptr<uint64_t[]> scratch(new uint64_t[n]);  // uninitialized on purpose
  uint64_t* src = keys->data();
  uint64_t* dst = scratch.get();
  for (int digit = 0; digit < kDigits; ++digit) {
    size_t* count = &counts[digit * kBuckets];
    const int shift = kBits * digit;
    if (count[(src[0] >> shift) & kMask] == n) continue;  // every key shares this digit
    size_t offset = 0;
    for (size_t bucket = 0; bucket < kBuckets; ++bucket) {
      const size_t c = count[bucket];
      count[bucket] = offset;
      offset += c;
    }
    for (size_t i = 0; i < n; ++i) {
      const uint64_t k = src[i];
      dst[count[(k >> shift) & kMask]++] = k;
    }
    std::swap(src, dst);
  }
  if (src != keys->data()) std::memcpy(keys->data(), src, n * sizeof(uint64_t));
}

}  // namespace internal
}  // namespace lathe::data
