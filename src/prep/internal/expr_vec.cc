// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "prep/internal/expr_vec.h"

#include <cstdint>
#include <cstring>

namespace lathe::prep::internal {
namespace {

bool OwnsValid(const Vec& v) {
  return v.valid != nullptr && !v.own_valid.empty() && v.valid == v.own_valid.data();
}

}  // namespace

std::string_view VTypeName(VType type) {
  switch (type) {
    case VType::kNull: return "null";
    case VType::kBool: return "bool";
    case VType::kInt: return "int64";
    case VType::kFloat: return "float64";
    case VType::kString: return "text";
    case VType::kDate: return "date";
    case VType::kDateTime: return "datetime";
  }
  return "?";
}

Vec NewVec(VType type, bool scalar, size_t n) {
  Vec v;
  v.type = type;
  v.scalar = scalar;
  v.n = n;
  if (type == VType::kFloat) {
    FillLarge(v.own_f64, n, 0.0);
    v.f64 = v.own_f64.data();
  } else if (type == VType::kString) {
    FillLarge(v.own_str, n, std::string_view());
    v.str = v.own_str.data();
  } else {
    FillLarge(v.own_i64, n, int64_t{0});
    v.i64 = v.own_i64.data();
  }
  return v;
}

Vec NullScalar(VType type) {
  Vec v = NewVec(type, true, 1);
  v.own_valid.assign(1, 0);
  v.valid = v.own_valid.data();
  return v;
}

void MergeValid(Vec& out, Vec& a) {
  if (a.valid == nullptr) {
    out.valid = nullptr;
  } else if (a.scalar && !out.scalar) {
    // A null scalar makes every row null; a present one changes nothing.
    if (a.valid[0]) {
      out.valid = nullptr;
    } else {
      FillLarge(out.own_valid, out.n, uint8_t{0});
      out.valid = out.own_valid.data();
    }
  } else if (OwnsValid(a)) {
    out.own_valid = std::move(a.own_valid);
    out.valid = out.own_valid.data();
    a.valid = nullptr;
  } else {
    out.valid = a.valid;  // borrowed from the table
  }
}

void MergeValid(Vec& out, Vec& a, Vec& b) {
  if (a.valid == nullptr) return MergeValid(out, b);
  if (b.valid == nullptr) return MergeValid(out, a);
  std::vector<uint8_t> merged;
  FillLarge(merged, out.n, uint8_t{0});
  const uint8_t* va = a.valid;
  const uint8_t* vb = b.valid;
  ForEach2(a.scalar, b.scalar, out.n,
           [&](size_t ia, size_t ib, size_t i) { merged[i] = va[ia] & vb[ib]; });
  out.own_valid = std::move(merged);
  out.valid = out.own_valid.data();
}

uint8_t* MutableValid(Vec& out) {
  if (!OwnsValid(out)) {
    std::vector<uint8_t> v;
    FillLarge(v, out.n, uint8_t{1});
    if (out.valid != nullptr) std::memcpy(v.data(), out.valid, out.n);
    out.own_valid = std::move(v);
    out.valid = out.own_valid.data();
  }
  return out.own_valid.data();
}

void TakeStrings(Vec& out, Vec& src) {
  out.dict_size = src.dict_size;
  if (!src.own_str.empty() && src.str == src.own_str.data()) {
    out.own_str = std::move(src.own_str);
    out.str = out.own_str.data();
  } else {
    out.str = src.str;
  }
  if (src.codes != nullptr && !src.own_codes.empty() && src.codes == src.own_codes.data()) {
    out.own_codes = std::move(src.own_codes);
    out.codes = out.own_codes.data();
  } else {
    out.codes = src.codes;
  }
  for (auto& arena : src.arenas) out.arenas.push_back(arena);
}

void Materialize(Vec& v) {
  if (v.codes == nullptr) return;
  std::vector<std::string_view> views;
  FillLarge(views, v.n, std::string_view());
  for (size_t i = 0; i < v.n; ++i) views[i] = v.str[v.codes[i]];
  v.own_str = std::move(views);
  v.str = v.own_str.data();
  v.codes = nullptr;
  v.own_codes.clear();
  v.dict_size = 0;
}

Vec Broadcast(Vec v, size_t rows) {
  if (!v.scalar) return v;
  Vec out = NewVec(v.type, false, rows);
  if (v.valid != nullptr && v.valid[0] == 0) {
    FillLarge(out.own_valid, rows, uint8_t{0});
    out.valid = out.own_valid.data();
    return out;
  }
  if (v.type == VType::kFloat) {
    FillLarge(out.own_f64, rows, v.f64[0]);
  } else if (v.type == VType::kString) {
    FillLarge(out.own_str, rows, v.Str(0));
    out.arenas = v.arenas;
  } else {
    FillLarge(out.own_i64, rows, v.i64 != nullptr ? v.i64[0] : int64_t{0});
  }
  out.f64 = out.own_f64.data();
  out.i64 = out.own_i64.data();
  out.str = out.own_str.data();
  return out;
}

void StringBuilder::Finish(Vec& out) {
  auto arena = std::make_shared<const std::string>(std::move(chars_));
  FillLarge(out.own_str, ends_.size(), std::string_view());
  size_t start = 0;
  for (size_t i = 0; i < ends_.size(); ++i) {
    out.own_str[i] = std::string_view(arena->data() + start, ends_[i] - start);
    start = ends_[i];
  }
  out.str = out.own_str.data();
  out.codes = nullptr;
  out.arenas.push_back(std::move(arena));
}

void CivilFromDays(int64_t z, int64_t* year, unsigned* month, unsigned* day) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const int64_t y = static_cast<int64_t>(yoe) + era * 400;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  *day = doy - (153 * mp + 2) / 5 + 1;
  *month = mp < 10 ? mp + 3 : mp - 9;
  *year = y + (*month <= 2);
}

}  // namespace lathe::prep::internal
