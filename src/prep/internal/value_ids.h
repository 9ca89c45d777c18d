// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Dense ids for typed values, the hashing core of group_by and join: every distinct value gets
// a small integer (first-seen order), so grouping and matching work on uint32 arrays instead of
// strings. Values are hashed on their typed form (int64 bits, normalised doubles, string bytes);
// an integral double gets the id of the equal int64, so int64 and float64 keys compare
// numerically. NaN is treated like null. Not thread-safe (one interner per operation call); the
// interner keeps string_views into the columns it saw, which must outlive it.
//
//   ValueInterner interner;
//   std::vector<uint32_t> ids(col.size());
//   AssignValueIds(col, NullIds::kOwnId, &interner, ids.data());
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "data/table.h"

namespace lathe::prep::internal {

inline constexpr uint32_t kNoId = 0xFFFFFFFFu;

// Open-addressing map from uint64 keys to uint32 values (linear probing, power-of-two size).
class U64Map {
 public:
  explicit U64Map(size_t expected = 16);
  // The value stored for `key`; stores `value` first when the key is new.
  uint32_t FindOrInsert(uint64_t key, uint32_t value);
  size_t size() const { return size_; }

 private:
  void Grow();
  std::vector<uint64_t> keys_;
  std::vector<uint32_t> values_;  // kNoId = empty slot
  uint64_t mask_ = 0;
  size_t size_ = 0;
};

// Ids shared by values of several columns: equal values get equal ids whatever column they
// come from (int64/date/datetime/bool by integer value, float64 numerically, text and
// categorical by bytes).
class ValueInterner {
 public:
  uint32_t Int(int64_t v);
  uint32_t Double(double v);  // NaN must not be passed (callers treat it as null)
  uint32_t String(std::string_view v);
  // A fresh id that no value has (for the null group).
  uint32_t NewId() { return next_++; }
  uint32_t size() const { return next_; }

 private:
  uint32_t Take(uint32_t id) { return id == next_ ? next_++ : id; }
  void GrowStrings();
  U64Map ints_{1024};
  U64Map doubles_{16};
  struct StrEntry {
    uint64_t hash;
    std::string_view value;
    uint32_t id;
  };
  std::vector<StrEntry> strings_;
  std::vector<uint32_t> str_slots_;  // index into strings_, kNoId = empty
  uint64_t str_mask_ = 0;
  uint32_t next_ = 0;
};

enum class NullIds {
  kOwnId,  // all nulls (and NaN) share one id of their own (group_by: null keys form a group)
  kNoId,   // nulls get kNoId (join: null keys never match)
};

// Writes the id of each row of `column` to out[0..size). Categorical columns intern their
// dictionary once and map codes.
void AssignValueIds(const data::Column& column, NullIds nulls, ValueInterner* interner,
                    uint32_t* out);

// Combines per-row ids of several keys into one id per row (acc = combine(acc, next)). A kNoId
// in either makes the result kNoId. Returns the number of distinct combined ids.
uint32_t CombineIds(std::vector<uint32_t>* acc, const std::vector<uint32_t>& next);

}  // namespace lathe::prep::internal
