// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "prep/internal/expr_eval.h"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <limits>
#include <unordered_map>
#include <unordered_set>

#include "data/type_inference.h"

namespace lathe::prep::internal {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// --- loading --------------------------------------------------------------------------------

Vec LoadColumn(const data::Column& c, size_t rows) {
  Vec v;
  v.type = ColumnVType(c.type);
  v.scalar = false;
  v.n = rows;
  const bool any_null = rows > 0 && std::memchr(c.valid.data(), 0, rows) != nullptr;
  v.valid = any_null ? c.valid.data() : nullptr;
  switch (c.type) {
    case data::DataType::kFloat64: v.f64 = c.doubles.data(); break;
    case data::DataType::kText:
      FillLarge(v.own_str, rows, std::string_view());
      for (size_t i = 0; i < rows; ++i) {
        v.own_str[i] = std::string_view(c.chars).substr(c.offsets[i], c.offsets[i + 1] - c.offsets[i]);
      }
      v.str = v.own_str.data();
      break;
    case data::DataType::kCategorical: {
      v.own_str.reserve(c.dictionary.size() + 1);
      for (const std::string& s : c.dictionary) v.own_str.emplace_back(s);
      if (v.own_str.empty()) v.own_str.emplace_back();
      v.str = v.own_str.data();
      v.dict_size = v.own_str.size();
      v.codes = c.codes.data();
      bool in_range = true;
      for (size_t i = 0; i < rows; ++i) in_range &= c.codes[i] < v.dict_size;
      if (!in_range) {  // codes of null rows may be anything: clamp them
        FillLarge(v.own_codes, rows, uint32_t{0});
        for (size_t i = 0; i < rows; ++i) {
          v.own_codes[i] = c.codes[i] < v.dict_size ? c.codes[i] : 0;
          if (c.codes[i] >= v.dict_size && c.valid[i]) v.own_codes[i] = 0;
        }
        v.codes = v.own_codes.data();
      }
      break;
    }
    default: v.i64 = c.ints.data(); break;
  }
  return v;
}

Vec ConstVec(const BoundExpr& e) {
  if (!e.constant.valid) return NullScalar(e.type);
  Vec v = NewVec(e.type, true, 1);
  if (e.type == VType::kFloat) {
    v.own_f64[0] = e.constant.f;
  } else if (e.type == VType::kString) {
    auto arena = std::make_shared<const std::string>(e.constant.s);
    v.own_str[0] = *arena;
    v.arenas.push_back(std::move(arena));
  } else {
    v.own_i64[0] = e.constant.i;
  }
  return v;
}

// --- text forms -----------------------------------------------------------------------------

void AppendDate(int64_t days, std::string* out) {
  int64_t y;
  unsigned m, d;
  CivilFromDays(days, &y, &m, &d);
  char buf[32];
  int len = std::snprintf(buf, sizeof(buf), "%04lld-%02u-%02u", static_cast<long long>(y), m, d);
  out->append(buf, len);
}

void AppendText(VType type, int64_t i, double f, std::string* out) {
  char buf[64];
  switch (type) {
    case VType::kBool: out->append(i ? "true" : "false"); return;
    case VType::kInt: {
      auto res = std::to_chars(buf, buf + sizeof(buf), i);
      out->append(buf, res.ptr);
      return;
    }
    case VType::kFloat: {
      if (std::isnan(f)) return out->append("NaN"), void();
      if (std::isinf(f)) return out->append(f > 0 ? "inf" : "-inf"), void();
      auto res = std::to_chars(buf, buf + sizeof(buf), f);
      out->append(buf, res.ptr);
      return;
    }
    case VType::kDate: AppendDate(i, out); return;
    case VType::kDateTime: {
      const int64_t secs = FloorDiv(i, 1000000);
      const int64_t frac = i - secs * 1000000;
      const int64_t days = FloorDiv(secs, 86400);
      const int64_t sod = secs - days * 86400;
      AppendDate(days, out);
      int len = std::snprintf(buf, sizeof(buf), "T%02lld:%02lld:%02lld",
                              static_cast<long long>(sod / 3600),
                              static_cast<long long>(sod / 60 % 60),
                              static_cast<long long>(sod % 60));
      out->append(buf, len);
      if (frac != 0) {
        len = std::snprintf(buf, sizeof(buf), ".%06lld", static_cast<long long>(frac));
        out->append(buf, len);
      }
      return;
    }
    default: return;
  }
}

// --- arithmetic -----------------------------------------------------------------------------

// Marks rows null where bad(ia, ib) holds; only called when some row is bad.
template <typename Bad>
void NullWhere(Vec& out, const Vec& a, const Vec& b, Bad bad) {
  uint8_t* v = MutableValid(out);
  ForEach2(a.scalar, b.scalar, out.n, [&](size_t ia, size_t ib, size_t i) {
    if (bad(ia, ib)) v[i] = 0;
  });
}

// The output of an elementwise float op: takes over an operand's owned buffer when it has one of
// the right size (that operand is not read again after its element is written), else a new one.
// `reuse_b` is false for ops that read b again after the loop (/ and % check b for zeros).
Vec FloatOutput(Vec& a, Vec& b, bool reuse_b) {
  auto owns = [](const Vec& v) {
    return !v.scalar && v.type == VType::kFloat && !v.own_f64.empty() &&
           v.f64 == v.own_f64.data();
  };
  Vec out;
  out.type = VType::kFloat;
  out.scalar = a.scalar && b.scalar;
  out.n = CombinedSize(a, b);
  if (owns(a)) {
    out.own_f64 = std::move(a.own_f64);  // a.f64 still points at the same buffer
  } else if (reuse_b && owns(b)) {
    out.own_f64 = std::move(b.own_f64);
  } else {
    return NewVec(VType::kFloat, out.scalar, out.n);
  }
  out.f64 = out.own_f64.data();
  return out;
}

Vec FloatArith(Op op, Vec& a, Vec& b) {
  Vec out = FloatOutput(a, b, /*reuse_b=*/op != Op::kDiv && op != Op::kMod);
  MergeValid(out, a, b);
  double* o = out.own_f64.data();
  const double* x = a.f64;
  const double* y = b.f64;
  const bool sa = a.scalar, sb = b.scalar;
  const size_t n = out.n;
  bool zero = false;
  switch (op) {
    case Op::kAdd: ForEach2(sa, sb, n, [&](size_t ia, size_t ib, size_t i) { o[i] = x[ia] + y[ib]; }); break;
    case Op::kSub: ForEach2(sa, sb, n, [&](size_t ia, size_t ib, size_t i) { o[i] = x[ia] - y[ib]; }); break;
    case Op::kMul: ForEach2(sa, sb, n, [&](size_t ia, size_t ib, size_t i) { o[i] = x[ia] * y[ib]; }); break;
    case Op::kDiv:
      ForEach2(sa, sb, n, [&](size_t ia, size_t ib, size_t i) {
        const double d = y[ib];
        o[i] = x[ia] / d;
        zero |= d == 0;
      });
      break;
    case Op::kMod:
      ForEach2(sa, sb, n, [&](size_t ia, size_t ib, size_t i) {
        const double d = y[ib];
        o[i] = std::fmod(x[ia], d);
        zero |= d == 0;
      });
      break;
    default: break;
  }
  if (zero) {
    NullWhere(out, a, b, [&](size_t, size_t ib) { return y[ib] == 0; });
    for (size_t i = 0; i < n; ++i) {
      if (!out.valid[i]) o[i] = kNaN;
    }
  }
  return out;
}

Vec IntArith(Op op, VType type, Vec& a, Vec& b) {
  Vec out = NewVec(type, a.scalar && b.scalar, CombinedSize(a, b));
  MergeValid(out, a, b);
  int64_t* o = out.own_i64.data();
  const int64_t* x = a.i64;
  const int64_t* y = b.i64;
  const bool sa = a.scalar, sb = b.scalar;
  const size_t n = out.n;
  bool bad = false;
  switch (op) {
    case Op::kAdd:
      ForEach2(sa, sb, n, [&](size_t ia, size_t ib, size_t i) {
        bad |= __builtin_add_overflow(x[ia], y[ib], &o[i]);
      });
      if (bad) {
        NullWhere(out, a, b, [&](size_t ia, size_t ib) {
          int64_t r;
          return __builtin_add_overflow(x[ia], y[ib], &r);
        });
      }
      break;
    case Op::kSub:
      ForEach2(sa, sb, n, [&](size_t ia, size_t ib, size_t i) {
        bad |= __builtin_sub_overflow(x[ia], y[ib], &o[i]);
      });
      if (bad) {
        NullWhere(out, a, b, [&](size_t ia, size_t ib) {
          int64_t r;
          return __builtin_sub_overflow(x[ia], y[ib], &r);
        });
      }
      break;
    case Op::kMul:
      ForEach2(sa, sb, n, [&](size_t ia, size_t ib, size_t i) {
        bad |= __builtin_mul_overflow(x[ia], y[ib], &o[i]);
      });
      if (bad) {
        NullWhere(out, a, b, [&](size_t ia, size_t ib) {
          int64_t r;
          return __builtin_mul_overflow(x[ia], y[ib], &r);
        });
      }
      break;
    case Op::kMod:
      ForEach2(sa, sb, n, [&](size_t ia, size_t ib, size_t i) {
        const int64_t d = y[ib];
        bad |= d == 0;
        o[i] = (d == 0 || d == -1) ? 0 : x[ia] % d;
      });
      if (bad) NullWhere(out, a, b, [&](size_t, size_t ib) { return y[ib] == 0; });
      break;
    default: break;
  }
  if (bad) {
    for (size_t i = 0; i < n; ++i) {
      if (!out.valid[i]) o[i] = 0;
    }
  }
  return out;
}

Vec TemporalArith(Op op, VType type, Vec& a, Vec& b) {
  if (type == VType::kFloat) {  // datetime - datetime: days with a fraction
    Vec out = NewVec(VType::kFloat, a.scalar && b.scalar, CombinedSize(a, b));
    MergeValid(out, a, b);
    double* o = out.own_f64.data();
    const int64_t* x = a.i64;
    const int64_t* y = b.i64;
    ForEach2(a.scalar, b.scalar, out.n, [&](size_t ia, size_t ib, size_t i) {
      o[i] = (static_cast<double>(x[ia]) - static_cast<double>(y[ib])) / kMicrosPerDay;
    });
    return out;
  }
  // date - date (days), date +/- days, days + date: plain integer arithmetic.
  return IntArith(op, type, a, b);
}

// --- comparisons ----------------------------------------------------------------------------

template <typename T>
void CompareLoop(Op op, const T* x, bool sa, const T* y, bool sb, int64_t* o, size_t n) {
  switch (op) {
    case Op::kEq: ForEach2(sa, sb, n, [&](size_t ia, size_t ib, size_t i) { o[i] = x[ia] == y[ib]; }); break;
    case Op::kNe: ForEach2(sa, sb, n, [&](size_t ia, size_t ib, size_t i) { o[i] = x[ia] != y[ib]; }); break;
    case Op::kLt: ForEach2(sa, sb, n, [&](size_t ia, size_t ib, size_t i) { o[i] = x[ia] < y[ib]; }); break;
    case Op::kLe: ForEach2(sa, sb, n, [&](size_t ia, size_t ib, size_t i) { o[i] = x[ia] <= y[ib]; }); break;
    case Op::kGt: ForEach2(sa, sb, n, [&](size_t ia, size_t ib, size_t i) { o[i] = x[ia] > y[ib]; }); break;
    case Op::kGe: ForEach2(sa, sb, n, [&](size_t ia, size_t ib, size_t i) { o[i] = x[ia] >= y[ib]; }); break;
    default: break;
  }
}

bool CompareStrings(Op op, std::string_view x, std::string_view y) {
  switch (op) {
    case Op::kEq: return x == y;
    case Op::kNe: return x != y;
    case Op::kLt: return x < y;
    case Op::kLe: return x <= y;
    case Op::kGt: return x > y;
    case Op::kGe: return x >= y;
    default: return false;
  }
}

Op Mirror(Op op) {
  switch (op) {
    case Op::kLt: return Op::kGt;
    case Op::kLe: return Op::kGe;
    case Op::kGt: return Op::kLt;
    case Op::kGe: return Op::kLe;
    default: return op;
  }
}

void CompareStringVecs(Op op, Vec& a, Vec& b, int64_t* o, size_t n) {
  // Dictionary column against a scalar: compare each distinct value once.
  if (!a.scalar && a.codes != nullptr && b.scalar) {
    std::vector<int64_t> per_entry(a.dict_size);
    const std::string_view y = b.Str(0);
    for (size_t k = 0; k < a.dict_size; ++k) per_entry[k] = CompareStrings(op, a.str[k], y);
    for (size_t i = 0; i < n; ++i) o[i] = per_entry[a.codes[i]];
    return;
  }
  if (a.scalar && !b.scalar && b.codes != nullptr) return CompareStringVecs(Mirror(op), b, a, o, n);
  for (size_t i = 0; i < n; ++i) o[i] = CompareStrings(op, a.Str(i), b.Str(i));
}

// --- logic ----------------------------------------------------------------------------------

Vec Logic(Op op, Vec& a, Vec& b) {
  Vec out = NewVec(VType::kBool, a.scalar && b.scalar, CombinedSize(a, b));
  int64_t* o = out.own_i64.data();
  const int64_t* x = a.i64;
  const int64_t* y = b.i64;
  const bool sa = a.scalar, sb = b.scalar;
  const size_t n = out.n;
  const bool is_and = op == Op::kAnd;
  if (a.valid == nullptr && b.valid == nullptr) {
    if (is_and) {
      ForEach2(sa, sb, n, [&](size_t ia, size_t ib, size_t i) { o[i] = (x[ia] != 0) & (y[ib] != 0); });
    } else {
      ForEach2(sa, sb, n, [&](size_t ia, size_t ib, size_t i) { o[i] = (x[ia] != 0) | (y[ib] != 0); });
    }
    return out;
  }
  // Three-valued logic: false and null = false, true or null = true, otherwise null wins.
  static const uint8_t kOne = 1;
  const uint8_t* va = a.valid != nullptr ? a.valid : &kOne;
  const uint8_t* vb = b.valid != nullptr ? b.valid : &kOne;
  const bool fixed_a = sa || a.valid == nullptr;
  const bool fixed_b = sb || b.valid == nullptr;
  FillLarge(out.own_valid, n, uint8_t{0});
  uint8_t* v = out.own_valid.data();
  ForEach2(sa, sb, n, [&](size_t ia, size_t ib, size_t i) {
    const uint8_t pa = va[fixed_a ? 0 : ia];
    const uint8_t pb = vb[fixed_b ? 0 : ib];
    const uint8_t xa = x[ia] != 0;
    const uint8_t yb = y[ib] != 0;
    if (is_and) {
      const uint8_t decided_false = (pa & !xa) | (pb & !yb);
      v[i] = decided_false | (pa & pb);
      o[i] = pa & pb & xa & yb;
    } else {
      const uint8_t decided_true = (pa & xa) | (pb & yb);
      v[i] = decided_true | (pa & pb);
      o[i] = decided_true;
    }
  });
  out.valid = out.own_valid.data();
  return out;
}

Vec Not(Vec& a) {
  Vec out = NewVec(VType::kBool, a.scalar, a.n);
  MergeValid(out, a);
  int64_t* o = out.own_i64.data();
  const int64_t* x = a.i64;
  ForEach1(a.scalar, out.n, [&](size_t ia, size_t i) { o[i] = x[ia] == 0; });
  return out;
}

Vec Negate(Vec& a) {
  Vec out = NewVec(a.type, a.scalar, a.n);
  MergeValid(out, a);
  if (a.type == VType::kFloat) {
    double* o = out.own_f64.data();
    const double* x = a.f64;
    ForEach1(a.scalar, out.n, [&](size_t ia, size_t i) { o[i] = -x[ia]; });
    return out;
  }
  int64_t* o = out.own_i64.data();
  const int64_t* x = a.i64;
  bool overflow = false;
  ForEach1(a.scalar, out.n, [&](size_t ia, size_t i) {
    overflow |= x[ia] == std::numeric_limits<int64_t>::min();
    o[i] = x[ia] == std::numeric_limits<int64_t>::min() ? 0 : -x[ia];
  });
  if (overflow) {
    uint8_t* v = MutableValid(out);
    ForEach1(a.scalar, out.n, [&](size_t ia, size_t i) {
      if (x[ia] == std::numeric_limits<int64_t>::min()) v[i] = 0;
    });
  }
  return out;
}

// --- in, is null ----------------------------------------------------------------------------

template <typename T, typename Get>
void Membership(const std::vector<T>& list, size_t n, Get get, std::vector<uint8_t>* found) {
  FillLarge(*found, n, uint8_t{0});
  if (list.size() <= 8) {
    for (size_t i = 0; i < n; ++i) {
      const T value = get(i);
      uint8_t hit = 0;
      for (const T& item : list) hit |= (item == value);
      (*found)[i] = hit;
    }
    return;
  }
  std::unordered_set<T> set(list.begin(), list.end());
  for (size_t i = 0; i < n; ++i) (*found)[i] = set.count(get(i)) != 0;
}

Vec In(const BoundExpr& e, Vec& x) {
  const size_t n = x.n;
  std::vector<uint8_t> found;
  if (x.type == VType::kString) {
    std::vector<std::string_view> list;
    for (const Scalar& s : e.list) list.emplace_back(s.s);
    if (x.codes != nullptr) {
      std::vector<uint8_t> per_entry;
      Membership(list, x.dict_size, [&](size_t k) { return x.str[k]; }, &per_entry);
      FillLarge(found, n, uint8_t{0});
      for (size_t i = 0; i < n; ++i) found[i] = per_entry[x.codes[i]];
    } else {
      Membership(list, n, [&](size_t i) { return x.str[i]; }, &found);
    }
  } else if (x.type == VType::kFloat) {
    std::vector<double> list;
    for (const Scalar& s : e.list) list.push_back(s.f);
    Membership(list, n, [&](size_t i) { return x.f64[i]; }, &found);
  } else {
    std::vector<int64_t> list;
    for (const Scalar& s : e.list) list.push_back(s.i);
    Membership(list, n, [&](size_t i) { return x.i64[i]; }, &found);
  }
  Vec out = NewVec(VType::kBool, x.scalar, n);
  MergeValid(out, x);
  int64_t* o = out.own_i64.data();
  for (size_t i = 0; i < n; ++i) o[i] = found[i] ^ (e.negated ? 1 : 0);
  if (e.list_has_null) {  // x in (1, null) is null, not false, when x is not 1
    uint8_t* v = MutableValid(out);
    for (size_t i = 0; i < n; ++i) {
      if (!found[i]) v[i] = 0;
    }
  }
  return out;
}

Vec IsNull(const BoundExpr& e, Vec& x) {
  if (x.valid == nullptr) {
    Vec out = NewVec(VType::kBool, true, 1);
    out.own_i64[0] = e.negated ? 1 : 0;
    return out;
  }
  Vec out = NewVec(VType::kBool, x.scalar, x.n);
  int64_t* o = out.own_i64.data();
  for (size_t i = 0; i < x.n; ++i) o[i] = (x.valid[i] == 0) ^ (e.negated ? 1 : 0);
  return out;
}

// --- case / if ------------------------------------------------------------------------------

Vec Case(const BoundExpr& e, const EvalInput& in) {
  const size_t branches = e.args.size() / 2;
  Vec result = e.has_else ? EvaluateBound(e.args.back(), in) : NullScalar(e.type);
  if (result.type != e.type) result = CastVec(std::move(result), e.type);
  MakeWritable(result, in.rows);
  // Later branches first, so that the first matching 'when' has the last word.
  for (size_t k = branches; k-- > 0;) {
    Vec cond = EvaluateBound(e.args[2 * k], in);
    Vec value = EvaluateBound(e.args[2 * k + 1], in);
    if (value.type != e.type) value = CastVec(std::move(value), e.type);
    OverwriteWhere(result, value, &cond);
  }
  return result;
}

}  // namespace

// --- shared ---------------------------------------------------------------------------------

Vec CastVec(Vec v, VType to) {
  if (v.type == to) return v;
  if (v.type == VType::kNull) return NullScalar(to);
  if (v.type == VType::kBool && to == VType::kInt) {
    v.type = VType::kInt;
    return v;
  }
  Vec out = NewVec(to, v.scalar, v.n);
  MergeValid(out, v);
  const size_t n = out.n;
  if (to == VType::kFloat) {
    double* o = out.own_f64.data();
    const int64_t* x = v.i64;
    for (size_t i = 0; i < n; ++i) o[i] = static_cast<double>(x[i]);
  } else if (to == VType::kDateTime) {
    int64_t* o = out.own_i64.data();
    const int64_t* x = v.i64;
    for (size_t i = 0; i < n; ++i) o[i] = x[i] * kMicrosPerDay;
  } else if (to == VType::kString) {
    StringBuilder builder(n);
    for (size_t i = 0; i < n; ++i) {
      if (v.IsValid(i)) {
        AppendText(v.type, v.i64 ? v.i64[i] : 0, v.f64 ? v.f64[i] : 0, builder.scratch());
      }
      builder.Close();
    }
    builder.Finish(out);
  }
  return out;
}

Vec CloneVec(const Vec& v) {
  Vec out;
  out.type = v.type;
  out.scalar = v.scalar;
  out.n = v.n;
  out.dict_size = v.dict_size;
  out.arenas = v.arenas;
  auto copy = [](const auto& own, const auto* ptr, auto& dst) {
    if (!own.empty() && ptr == own.data()) {
      dst = own;
      return static_cast<decltype(ptr)>(dst.data());
    }
    return ptr;
  };
  out.valid = copy(v.own_valid, v.valid, out.own_valid);
  out.i64 = copy(v.own_i64, v.i64, out.own_i64);
  out.f64 = copy(v.own_f64, v.f64, out.own_f64);
  out.str = copy(v.own_str, v.str, out.own_str);
  out.codes = copy(v.own_codes, v.codes, out.own_codes);
  return out;
}

void MakeWritable(Vec& v, size_t rows) {
  if (v.scalar) v = Broadcast(std::move(v), rows);
  Materialize(v);
  if (v.type == VType::kFloat) {
    if (v.own_f64.empty() || v.f64 != v.own_f64.data()) AssignLarge(v.own_f64, v.f64, v.f64 + v.n);
    v.f64 = v.own_f64.data();
  } else if (v.type == VType::kString) {
    if (v.own_str.empty() || v.str != v.own_str.data()) AssignLarge(v.own_str, v.str, v.str + v.n);
    v.str = v.own_str.data();
  } else {
    if (v.own_i64.empty() || v.i64 != v.own_i64.data()) AssignLarge(v.own_i64, v.i64, v.i64 + v.n);
    v.i64 = v.own_i64.data();
  }
  MutableValid(v);
}

void OverwriteWhere(Vec& dst, Vec& src, const Vec* mask) {
  const size_t n = dst.n;
  std::vector<uint8_t> take;
  FillLarge(take, n, uint8_t{0});
  if (mask != nullptr) {
    for (size_t i = 0; i < n; ++i) take[i] = mask->IsValid(i) && mask->i64[mask->At(i)] != 0;
  } else {
    for (size_t i = 0; i < n; ++i) take[i] = src.IsValid(i);
  }
  uint8_t* v = dst.own_valid.data();
  for (size_t i = 0; i < n; ++i) {
    if (take[i]) v[i] = src.IsValid(i);
  }
  if (dst.type == VType::kFloat) {
    for (size_t i = 0; i < n; ++i) {
      if (take[i]) dst.own_f64[i] = src.f64[src.At(i)];
    }
  } else if (dst.type == VType::kString) {
    for (size_t i = 0; i < n; ++i) {
      if (take[i] && src.IsValid(i)) dst.own_str[i] = src.Str(i);
    }
    for (auto& arena : src.arenas) dst.arenas.push_back(arena);
  } else {
    for (size_t i = 0; i < n; ++i) {
      if (take[i]) dst.own_i64[i] = src.i64[src.At(i)];
    }
  }
}

Vec CompareVec(Op op, Vec& a, Vec& b) {
  Vec out = NewVec(VType::kBool, a.scalar && b.scalar, CombinedSize(a, b));
  int64_t* o = out.own_i64.data();
  if (a.type == VType::kFloat) {
    CompareLoop(op, a.f64, a.scalar, b.f64, b.scalar, o, out.n);
  } else if (a.type == VType::kString) {
    CompareStringVecs(op, a, b, o, out.n);
  } else {
    CompareLoop(op, a.i64, a.scalar, b.i64, b.scalar, o, out.n);
  }
  MergeValid(out, a, b);
  return out;
}

Vec EvaluateBound(const BoundExpr& e, const EvalInput& in) {
  switch (e.kind) {
    case BoundKind::kConst: return ConstVec(e);
    case BoundKind::kColumn: return LoadColumn(in.table.column(e.column), in.rows);
    case BoundKind::kCast: return CastVec(EvaluateBound(e.args[0], in), e.type);
    case BoundKind::kUnary: {
      Vec a = EvaluateBound(e.args[0], in);
      return e.op == Op::kNot ? Not(a) : Negate(a);
    }
    case BoundKind::kBinary: {
      Vec a = EvaluateBound(e.args[0], in);
      Vec b = EvaluateBound(e.args[1], in);
      switch (e.op) {
        case Op::kAnd:
        case Op::kOr: return Logic(e.op, a, b);
        case Op::kEq: case Op::kNe: case Op::kLt: case Op::kLe: case Op::kGt: case Op::kGe:
          return CompareVec(e.op, a, b);
        case Op::kConcat: {
          std::vector<Vec> args;
          args.push_back(std::move(a));
          args.push_back(std::move(b));
          BoundExpr concat;  // || is concat() without skipping nulls
          concat.kind = BoundKind::kCall;
          concat.func = Func::kConcat;
          concat.negated = true;  // marks "nulls propagate"
          concat.type = VType::kString;
          return EvalCall(concat, std::move(args), in);
        }
        default: break;
      }
      if (a.type == VType::kDate || a.type == VType::kDateTime || b.type == VType::kDate ||
          b.type == VType::kDateTime) {
        return TemporalArith(e.op, e.type, a, b);
      }
      return e.type == VType::kFloat ? FloatArith(e.op, a, b) : IntArith(e.op, e.type, a, b);
    }
    case BoundKind::kCall: {
      if (e.func == Func::kIf) {
        BoundExpr as_case = e;  // if(c, a, b) = case when c then a else b end
        as_case.kind = BoundKind::kCase;
        as_case.has_else = true;
        return Case(as_case, in);
      }
      std::vector<Vec> args;
      args.reserve(e.args.size());
      for (const BoundExpr& arg : e.args) args.push_back(EvaluateBound(arg, in));
      return EvalCall(e, std::move(args), in);
    }
    case BoundKind::kIn: {
      Vec x = EvaluateBound(e.args[0], in);
      return In(e, x);
    }
    case BoundKind::kBetween: {
      Vec x = EvaluateBound(e.args[0], in);
      Vec x2 = CloneVec(x);
      Vec lo = EvaluateBound(e.args[1], in);
      Vec hi = EvaluateBound(e.args[2], in);
      Vec ge = CompareVec(Op::kGe, x, lo);
      Vec le = CompareVec(Op::kLe, x2, hi);
      Vec both = Logic(Op::kAnd, ge, le);
      return e.negated ? Not(both) : std::move(both);
    }
    case BoundKind::kIsNull: {
      Vec x = EvaluateBound(e.args[0], in);
      return IsNull(e, x);
    }
    case BoundKind::kCase: return Case(e, in);
  }
  return NullScalar(e.type);
}

// --- output ---------------------------------------------------------------------------------

namespace {

data::DataType OutputType(VType t) {
  switch (t) {
    case VType::kBool: return data::DataType::kBool;
    case VType::kInt: return data::DataType::kInt64;
    case VType::kFloat: return data::DataType::kFloat64;
    case VType::kDate: return data::DataType::kDate;
    case VType::kDateTime: return data::DataType::kDateTime;
    default: return data::DataType::kText;
  }
}

void FillStrings(Vec& v, size_t rows, data::Column* c) {
  // Dictionary-encoded results keep a dictionary; plain ones follow the inference rule.
  std::unordered_map<std::string_view, uint32_t> index;
  std::vector<std::string_view> dictionary;
  std::vector<uint32_t> codes;
  FillLarge(codes, rows, uint32_t{0});
  bool categorical = true;
  size_t short_distinct = 0;
  auto intern = [&](std::string_view s) {
    auto [it, inserted] = index.emplace(s, static_cast<uint32_t>(dictionary.size()));
    if (inserted) {
      dictionary.push_back(s);
      short_distinct += s.size() <= data::kShortValueBytes;
    }
    return it->second;
  };
  if (v.codes != nullptr) {
    std::vector<int64_t> remap(v.dict_size, -1);  // input code -> output code
    for (size_t i = 0; i < rows; ++i) {
      if (!c->valid[i]) continue;
      const uint32_t code = v.codes[i];
      if (remap[code] < 0) remap[code] = intern(v.str[code]);
      codes[i] = static_cast<uint32_t>(remap[code]);
    }
  } else {
    const size_t limit = data::MaxCategoricalDistinct(rows);
    for (size_t i = 0; i < rows && categorical; ++i) {
      if (!c->valid[i]) continue;
      codes[i] = intern(v.str[i]);
      if (dictionary.size() > limit) categorical = false;
    }
  }
  if (v.codes == nullptr) {
    categorical = categorical && !dictionary.empty() &&
                  data::IsCategoricalColumn(dictionary.size(), short_distinct, rows);
  }
  if (categorical && !dictionary.empty()) {
    c->type = data::DataType::kCategorical;
    c->codes = std::move(codes);
    c->dictionary.assign(dictionary.begin(), dictionary.end());
    return;
  }
  c->type = data::DataType::kText;
  c->offsets.assign(1, 0);
  c->offsets.reserve(rows + 1);
  size_t bytes = 0;
  for (size_t i = 0; i < rows; ++i) bytes += c->valid[i] ? v.Str(i).size() : 0;
  c->chars.reserve(bytes);
  for (size_t i = 0; i < rows; ++i) {
    if (c->valid[i]) c->chars.append(v.Str(i));
    c->offsets.push_back(c->chars.size());
  }
}

}  // namespace

data::Column ToColumn(Vec v, size_t rows, std::string name) {
  v = Broadcast(std::move(v), rows);
  data::Column c = data::Column::Make(std::move(name), OutputType(v.type));
  if (v.valid == nullptr) {
    FillLarge(c.valid, rows, uint8_t{1});
  } else if (!v.own_valid.empty() && v.valid == v.own_valid.data()) {
    c.valid = std::move(v.own_valid);
  } else {
    AssignLarge(c.valid, v.valid, v.valid + rows);
  }
  switch (v.type) {
    case VType::kNull:
      c.valid.assign(rows, 0);
      c.offsets.assign(rows + 1, 0);
      break;
    case VType::kFloat:
      if (!v.own_f64.empty() && v.f64 == v.own_f64.data()) {
        c.doubles = std::move(v.own_f64);
      } else {
        AssignLarge(c.doubles, v.f64, v.f64 + rows);
      }
      for (size_t i = 0; i < rows; ++i) {
        if (!c.valid[i]) c.doubles[i] = kNaN;
      }
      break;
    case VType::kString: FillStrings(v, rows, &c); break;
    default:
      if (!v.own_i64.empty() && v.i64 == v.own_i64.data()) {
        c.ints = std::move(v.own_i64);
      } else {
        AssignLarge(c.ints, v.i64, v.i64 + rows);
      }
      for (size_t i = 0; i < rows; ++i) {
        if (!c.valid[i]) c.ints[i] = 0;
      }
      if (v.type == VType::kBool) {
        for (size_t i = 0; i < rows; ++i) c.ints[i] = c.ints[i] != 0;
      }
      break;
  }
  return c;
}

}  // namespace lathe::prep::internal
