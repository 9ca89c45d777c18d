// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Vec: one value per row (or one value for all rows: a scalar) of an expression's type, the unit
// of column-at-a-time evaluation. Storage is either borrowed from the Table being evaluated
// (column references, never copied) or owned by the Vec; strings are string_views into the table
// or into shared arenas the Vec keeps alive, optionally dictionary-encoded (`codes`) so that
// functions of a categorical column run once per distinct value. Move-only; not thread-safe.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

namespace lathe::prep::internal {

// Expression value types. kNull is the type of the literal null (it takes any other type).
// Categorical and text columns are both kString.
enum class VType : uint8_t { kNull, kBool, kInt, kFloat, kString, kDate, kDateTime };

std::string_view VTypeName(VType type);  // "int64", "float64", "bool", "text", "date", ...
inline bool IsIntStorage(VType t) {
  return t == VType::kBool || t == VType::kInt || t == VType::kDate || t == VType::kDateTime;
}

struct Vec {
  Vec() = default;
  Vec(Vec&&) = default;
  Vec& operator=(Vec&&) = default;
  Vec(const Vec&) = delete;
  Vec& operator=(const Vec&) = delete;

  VType type = VType::kNull;
  bool scalar = true;  // one value standing for every row
  size_t n = 1;        // elements stored (1 when scalar)

  const uint8_t* valid = nullptr;  // 1 = present; nullptr = all present
  const int64_t* i64 = nullptr;    // kBool (0/1), kInt, kDate (days), kDateTime (micros)
  const double* f64 = nullptr;     // kFloat
  // kString: one view per element, or per dictionary entry when `codes` is set.
  const std::string_view* str = nullptr;
  const uint32_t* codes = nullptr;  // kString, dictionary-encoded: per element, < dict_size
  size_t dict_size = 0;

  std::vector<uint8_t> own_valid;
  std::vector<int64_t> own_i64;
  std::vector<double> own_f64;
  std::vector<std::string_view> own_str;
  std::vector<uint32_t> own_codes;
  std::vector<std::shared_ptr<const std::string>> arenas;  // backing for views in own_str

  size_t At(size_t i) const { return scalar ? 0 : i; }
  bool IsValid(size_t i) const { return valid == nullptr || valid[At(i)] != 0; }
  std::string_view Str(size_t i) const {
    const size_t k = At(i);
    return codes != nullptr ? str[codes[k]] : str[k];
  }
};

// Large buffers: the old storage is released before the new one is allocated, and the new one
// has exactly the size needed, so that it is one block (which the executables' operator new backs
// with huge pages, see core/huge_pages.h).
template <typename T>
void FillLarge(std::vector<T>& v, size_t n, const T& value) {
  std::vector<T>().swap(v);
  v.reserve(n);
  v.assign(n, value);
}
template <typename T, typename It>
void AssignLarge(std::vector<T>& v, It first, It last) {
  std::vector<T>().swap(v);
  v.reserve(static_cast<size_t>(last - first));
  v.assign(first, last);
}

// A Vec of `type` with `n` elements of owned, value-initialised storage (all present).
Vec NewVec(VType type, bool scalar, size_t n);
// A scalar null of `type`.
Vec NullScalar(VType type);
// Element count of the result of combining `a` and `b` (scalar only if both are).
inline size_t CombinedSize(const Vec& a, const Vec& b) { return a.scalar ? b.n : a.n; }

// Sets out.valid to the AND of the inputs' validity: nullptr if every input is all-present,
// otherwise owned (or moved from an input's owned storage, or borrowed from table storage).
void MergeValid(Vec& out, Vec& a);
void MergeValid(Vec& out, Vec& a, Vec& b);
// Like MergeValid but always gives `out` owned, writable validity.
uint8_t* MutableValid(Vec& out);
// Moves (owned) or copies the pointer (borrowed) of src's codes and dictionary views into out.
void TakeStrings(Vec& out, Vec& src);
// Turns a dictionary-encoded string Vec into one view per element.
void Materialize(Vec& v);
// Expands a scalar to `rows` elements (no-op for non-scalars).
Vec Broadcast(Vec v, size_t rows);

// Collects strings, then hands them to a Vec as views into one shared arena.
class StringBuilder {
 public:
  explicit StringBuilder(size_t n) {
    ends_.reserve(n);
  }
  void Add(std::string_view s) {
    chars_.append(s);
    ends_.push_back(chars_.size());
  }
  std::string* scratch() { return &chars_; }  // append directly, then call Close()
  void Close() { ends_.push_back(chars_.size()); }
  // out.own_str/str get one view per added string.
  void Finish(Vec& out);

 private:
  std::string chars_;
  std::vector<size_t> ends_;
};

// Calls f(ia, i) / f(ia, ib, i) for i in [0, n) with ia, ib = 0 for scalar operands, letting
// the compiler specialise each loop.
template <typename F>
inline void ForEach1(bool sa, size_t n, F&& f) {
  if (sa) {
    for (size_t i = 0; i < n; ++i) f(size_t{0}, i);
  } else {
    for (size_t i = 0; i < n; ++i) f(i, i);
  }
}
template <typename F>
inline void ForEach2(bool sa, bool sb, size_t n, F&& f) {
  if (!sa && !sb) {
    for (size_t i = 0; i < n; ++i) f(i, i, i);
  } else if (sa && !sb) {
    for (size_t i = 0; i < n; ++i) f(size_t{0}, i, i);
  } else if (!sa && sb) {
    for (size_t i = 0; i < n; ++i) f(i, size_t{0}, i);
  } else {
    for (size_t i = 0; i < n; ++i) f(size_t{0}, size_t{0}, i);
  }
}

// Civil calendar helpers (proleptic Gregorian).
void CivilFromDays(int64_t days, int64_t* year, unsigned* month, unsigned* day);
inline int64_t FloorDiv(int64_t a, int64_t b) {
  int64_t q = a / b;
  return (a % b != 0 && ((a < 0) != (b < 0))) ? q - 1 : q;
}
inline constexpr int64_t kMicrosPerDay = 86400LL * 1000000LL;

}  // namespace lathe::prep::internal
