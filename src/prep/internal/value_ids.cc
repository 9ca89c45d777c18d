// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "prep/internal/value_ids.h"

#include <bit>
#include <cmath>
#include <cstring>
#include <functional>

namespace lathe::prep::internal {
namespace {

uint64_t Mix(uint64_t x) {  // murmur3 finaliser
  x ^= x >> 33;
  x *= 0xff51afd7ed558ccdULL;
  x ^= x >> 33;
  x *= 0xc4ceb9fe1a85ec53ULL;
  x ^= x >> 33;
  return x;
}

size_t PowerOfTwoAtLeast(size_t n) {
  size_t cap = 16;
  while (cap < n) cap <<= 1;
  return cap;
}

}  // namespace

U64Map::U64Map(size_t expected) {
  size_t cap = PowerOfTwoAtLeast(expected * 2);
  keys_.assign(cap, 0);
  values_.assign(cap, kNoId);
  mask_ = cap - 1;
}

void U64Map::Grow() {
  std::vector<uint64_t> old_keys = std::move(keys_);
  std::vector<uint32_t> old_values = std::move(values_);
  const size_t cap = old_keys.size() * 2;
  keys_.assign(cap, 0);
  values_.assign(cap, kNoId);
  mask_ = cap - 1;
  for (size_t i = 0; i < old_keys.size(); ++i) {
    if (old_values[i] == kNoId) continue;
    uint64_t slot = Mix(old_keys[i]) & mask_;
    while (values_[slot] != kNoId) slot = (slot + 1) & mask_;
    keys_[slot] = old_keys[i];
    values_[slot] = old_values[i];
  }
}

uint32_t U64Map::FindOrInsert(uint64_t key, uint32_t value) {
  uint64_t slot = Mix(key) & mask_;
  while (values_[slot] != kNoId) {
    if (keys_[slot] == key) return values_[slot];
    slot = (slot + 1) & mask_;
  }
  keys_[slot] = key;
  values_[slot] = value;
  if (++size_ * 2 > keys_.size()) Grow();
  return value;
}

uint32_t ValueInterner::Int(int64_t v) {
  return Take(ints_.FindOrInsert(static_cast<uint64_t>(v), next_));
}

uint32_t ValueInterner::Double(double v) {
  // Integral doubles in int64 range share the int64 id space (1.0 == 1); -0.0 becomes 0.
  if (v >= -9223372036854775808.0 && v < 9223372036854775808.0 && v == std::trunc(v)) {
    return Int(static_cast<int64_t>(v));
  }
  return Take(doubles_.FindOrInsert(std::bit_cast<uint64_t>(v), next_));
}

void ValueInterner::GrowStrings() {
  const size_t cap = str_slots_.empty() ? 64 : str_slots_.size() * 2;
  str_slots_.assign(cap, kNoId);
  str_mask_ = cap - 1;
  for (uint32_t i = 0; i < strings_.size(); ++i) {
    uint64_t slot = strings_[i].hash & str_mask_;
    while (str_slots_[slot] != kNoId) slot = (slot + 1) & str_mask_;
    str_slots_[slot] = i;
  }
}

uint32_t ValueInterner::String(std::string_view v) {
  if ((strings_.size() + 1) * 2 > str_slots_.size()) GrowStrings();
  const uint64_t hash = Mix(std::hash<std::string_view>{}(v));
  uint64_t slot = hash & str_mask_;
  while (str_slots_[slot] != kNoId) {
    const StrEntry& e = strings_[str_slots_[slot]];
    if (e.hash == hash && e.value == v) return e.id;
    slot = (slot + 1) & str_mask_;
  }
  str_slots_[slot] = static_cast<uint32_t>(strings_.size());
  strings_.push_back({hash, v, next_});
  return next_++;
}

void AssignValueIds(const data::Column& column, NullIds nulls, ValueInterner* interner,
                    uint32_t* out) {
  const size_t n = column.size();
  uint32_t null_id = kNoId;
  auto null_value = [&]() {
    if (nulls == NullIds::kNoId) return kNoId;
    if (null_id == kNoId) null_id = interner->NewId();
    return null_id;
  };
  switch (column.type) {
    case data::DataType::kInt64:
    case data::DataType::kBool:
    case data::DataType::kDate:
    case data::DataType::kDateTime:
      for (size_t row = 0; row < n; ++row) {
        out[row] = column.valid[row] ? interner->Int(column.ints[row]) : null_value();
      }
      break;
    case data::DataType::kFloat64:
      for (size_t row = 0; row < n; ++row) {
        const double v = column.doubles[row];
        out[row] = column.valid[row] && !std::isnan(v) ? interner->Double(v) : null_value();
      }
      break;
    case data::DataType::kCategorical: {
      // Intern each dictionary entry lazily, in first-seen row order.
      std::vector<uint32_t> code_ids(column.dictionary.size(), kNoId);
      for (size_t row = 0; row < n; ++row) {
        if (!column.valid[row]) {
          out[row] = null_value();
          continue;
        }
        uint32_t& id = code_ids[column.codes[row]];
        if (id == kNoId) id = interner->String(column.dictionary[column.codes[row]]);
        out[row] = id;
      }
      break;
    }
    case data::DataType::kText:
      for (size_t row = 0; row < n; ++row) {
        out[row] = column.valid[row] ? interner->String(column.StringAt(row)) : null_value();
      }
      break;
  }
}

uint32_t CombineIds(std::vector<uint32_t>* acc, const std::vector<uint32_t>& next) {
  U64Map map(1024);
  uint32_t count = 0;
  for (size_t row = 0; row < acc->size(); ++row) {
    uint32_t& a = (*acc)[row];
    if (a == kNoId || next[row] == kNoId) {
      a = kNoId;
      continue;
    }
    const uint64_t key = (static_cast<uint64_t>(a) << 32) | next[row];
    a = map.FindOrInsert(key, count);
    if (a == count) ++count;
  }
  return count;
}

}  // namespace lathe::prep::internal
