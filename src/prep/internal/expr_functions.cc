// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// The functions of the expression language (log, lower, year, ...), column-at-a-time. String
// functions of a dictionary-encoded (categorical) input run once per distinct value.
#include <algorithm>
#include <cmath>
#include <limits>

#include <re2/re2.h>

#include "data/type_inference.h"
#include "prep/internal/expr_eval.h"

namespace lathe::prep::internal {
namespace {

constexpr double kNaN = std::numeric_limits<double>::quiet_NaN();

// --- helpers --------------------------------------------------------------------------------

// Output of a function over each element: the values and which are defined.
template <typename T>
T* Values(Vec& v);
template <>
int64_t* Values<int64_t>(Vec& v) { return v.own_i64.data(); }
template <>
double* Values<double>(Vec& v) { return v.own_f64.data(); }

// out[i] = fn(s[i]) for a string Vec; fn(string_view, T*) returns false for "null". Runs once
// per dictionary entry for dictionary-encoded input.
template <typename T, typename Fn>
Vec MapString(Vec& s, VType out_type, Fn fn) {
  const size_t domain = s.codes != nullptr ? s.dict_size : s.n;
  std::vector<T> values(domain);
  std::vector<uint8_t> ok(domain);
  bool all_ok = true;
  for (size_t k = 0; k < domain; ++k) {
    ok[k] = fn(s.str[k], &values[k]);
    all_ok &= ok[k] != 0;
  }
  Vec out = NewVec(out_type, s.scalar, s.n);
  MergeValid(out, s);
  T* o = Values<T>(out);
  if (s.codes != nullptr) {
    for (size_t i = 0; i < out.n; ++i) o[i] = values[s.codes[i]];
    if (!all_ok) {
      uint8_t* v = MutableValid(out);
      for (size_t i = 0; i < out.n; ++i) v[i] &= ok[s.codes[i]];
    }
  } else {
    std::copy(values.begin(), values.end(), o);
    if (!all_ok) {
      uint8_t* v = MutableValid(out);
      for (size_t i = 0; i < out.n; ++i) v[i] &= ok[i];
    }
  }
  return out;
}

// String -> string. fn(in, scratch) appends the result to *scratch. Dictionary-encoded input
// keeps its codes (only the dictionary is transformed).
template <typename Fn>
Vec MapStringToString(Vec& s, Fn fn) {
  const size_t domain = s.codes != nullptr ? s.dict_size : s.n;
  StringBuilder builder(domain);
  for (size_t k = 0; k < domain; ++k) {
    fn(s.str[k], builder.scratch());
    builder.Close();
  }
  Vec out;
  out.type = VType::kString;
  out.scalar = s.scalar;
  out.n = s.n;
  MergeValid(out, s);
  builder.Finish(out);
  if (s.codes != nullptr) {
    out.dict_size = domain;
    if (!s.own_codes.empty() && s.codes == s.own_codes.data()) {
      out.own_codes = std::move(s.own_codes);
      out.codes = out.own_codes.data();
    } else {
      out.codes = s.codes;
    }
  }
  return out;
}

// String -> a view into the same string (trim, substr): no copy.
template <typename Fn>
Vec MapStringView(Vec& s, Fn fn) {
  Vec out;
  out.type = VType::kString;
  out.scalar = s.scalar;
  out.n = s.n;
  MergeValid(out, s);
  TakeStrings(out, s);
  for (size_t k = 0; k < out.own_str.size(); ++k) out.own_str[k] = fn(out.own_str[k]);
  if (out.own_str.empty() || out.str != out.own_str.data()) {
    const size_t domain = out.codes != nullptr ? out.dict_size : out.n;
    out.own_str.assign(out.str, out.str + domain);
    for (auto& view : out.own_str) view = fn(view);
    out.str = out.own_str.data();
  }
  return out;
}

size_t CodePoints(std::string_view s) {
  size_t n = 0;
  for (unsigned char c : s) n += (c & 0xC0) != 0x80;
  return n;
}

// Byte offset of code point `cp` (clamped to the end).
size_t CodePointOffset(std::string_view s, int64_t cp) {
  size_t i = 0;
  while (i < s.size() && cp > 0) {
    ++i;
    while (i < s.size() && (static_cast<unsigned char>(s[i]) & 0xC0) == 0x80) ++i;
    --cp;
  }
  return i;
}

// substr(s, start, len): 1-based start (below 1 counts as 1), len code points (all if < 0 is
// not given; a negative len gives '').
std::string_view Substr(std::string_view s, int64_t start, int64_t len, bool has_len) {
  if (start < 1) start = 1;
  const size_t from = CodePointOffset(s, start - 1);
  std::string_view rest = s.substr(from);
  if (!has_len) return rest;
  if (len <= 0) return {};
  return rest.substr(0, CodePointOffset(rest, len));
}

std::string_view TrimView(std::string_view s) {
  size_t b = 0, e = s.size();
  auto space = [](char c) { return c == ' ' || c == '\t' || c == '\n' || c == '\r'; };
  while (b < e && space(s[b])) ++b;
  while (e > b && space(s[e - 1])) --e;
  return s.substr(b, e - b);
}

// --- numeric --------------------------------------------------------------------------------

template <typename Fn, typename Bad>
Vec MapFloat(Vec& x, Fn fn, Bad bad) {
  Vec out = NewVec(VType::kFloat, x.scalar, x.n);
  MergeValid(out, x);
  double* o = out.own_f64.data();
  const double* in = x.f64;
  bool any_bad = false;
  for (size_t i = 0; i < out.n; ++i) {
    o[i] = fn(in[i]);
    any_bad |= bad(in[i]);
  }
  if (any_bad) {
    uint8_t* v = MutableValid(out);
    for (size_t i = 0; i < out.n; ++i) {
      if (bad(in[i])) {
        v[i] = 0;
        o[i] = kNaN;
      }
    }
  }
  return out;
}

Vec Pow(Vec& x, Vec& y) {
  Vec out = NewVec(VType::kFloat, x.scalar && y.scalar, CombinedSize(x, y));
  MergeValid(out, x, y);
  double* o = out.own_f64.data();
  bool any_bad = false;
  ForEach2(x.scalar, y.scalar, out.n, [&](size_t ia, size_t ib, size_t i) {
    o[i] = std::pow(x.f64[ia], y.f64[ib]);
    any_bad |= std::isnan(o[i]) && !std::isnan(x.f64[ia]) && !std::isnan(y.f64[ib]);
  });
  if (any_bad) {  // e.g. pow(-8, 0.5)
    uint8_t* v = MutableValid(out);
    ForEach2(x.scalar, y.scalar, out.n, [&](size_t ia, size_t ib, size_t i) {
      if (std::isnan(o[i]) && !std::isnan(x.f64[ia]) && !std::isnan(y.f64[ib])) v[i] = 0;
    });
  }
  return out;
}

Vec AbsInt(Vec& x) {
  Vec out = NewVec(VType::kInt, x.scalar, x.n);
  MergeValid(out, x);
  int64_t* o = out.own_i64.data();
  bool overflow = false;
  for (size_t i = 0; i < out.n; ++i) {
    const int64_t v = x.i64[i];
    overflow |= v == std::numeric_limits<int64_t>::min();
    o[i] = v < 0 ? (v == std::numeric_limits<int64_t>::min() ? 0 : -v) : v;
  }
  if (overflow) {
    uint8_t* v = MutableValid(out);
    for (size_t i = 0; i < out.n; ++i) {
      if (x.i64[i] == std::numeric_limits<int64_t>::min()) v[i] = 0;
    }
  }
  return out;
}

double RoundTo(double x, int64_t digits) {
  if (!std::isfinite(x)) return x;
  if (digits > 15) return x;
  if (digits < -308) return 0;
  const double scale = std::pow(10.0, static_cast<double>(digits));
  const double scaled = x * scale;
  if (!std::isfinite(scaled)) return x;
  return std::round(scaled) / scale;
}

Vec Round(Vec& x, Vec* digits) {
  Vec zero = NewVec(VType::kInt, true, 1);
  Vec& d = digits != nullptr ? *digits : zero;
  Vec out = NewVec(x.type, x.scalar && d.scalar, CombinedSize(x, d));
  MergeValid(out, x, d);
  if (x.type == VType::kFloat) {
    double* o = out.own_f64.data();
    ForEach2(x.scalar, d.scalar, out.n, [&](size_t ia, size_t ib, size_t i) {
      o[i] = RoundTo(x.f64[ia], d.i64[ib]);
    });
    return out;
  }
  // Integers: unchanged for digits >= 0; rounded to tens, hundreds... (half away from zero)
  // for negative digits, null if that overflows.
  int64_t* o = out.own_i64.data();
  std::vector<uint8_t> bad(out.n, 0);
  bool any_bad = false;
  ForEach2(x.scalar, d.scalar, out.n, [&](size_t ia, size_t ib, size_t i) {
    const int64_t v = x.i64[ia];
    const int64_t nd = d.i64[ib];
    if (nd >= 0) {
      o[i] = v;
      return;
    }
    if (nd < -18) {
      o[i] = 0;
      return;
    }
    int64_t p = 1;
    for (int64_t k = 0; k < -nd; ++k) p *= 10;
    const int64_t q = v / p, r = v % p;
    int64_t rounded = q;
    if (r >= (p + 1) / 2) ++rounded;
    if (r <= -(p + 1) / 2) --rounded;
    if (__builtin_mul_overflow(rounded, p, &o[i])) {
      o[i] = 0;
      bad[i] = 1;
      any_bad = true;
    }
  });
  if (any_bad) {
    uint8_t* v = MutableValid(out);
    for (size_t i = 0; i < out.n; ++i) v[i] &= !bad[i];
  }
  return out;
}

// Pairwise min or max of two Vecs of one type; nulls propagate.
Vec MinMax(bool is_min, Vec& a, Vec& b) {
  Vec out = NewVec(a.type, a.scalar && b.scalar, CombinedSize(a, b));
  Vec less = CompareVec(Op::kLt, a, b);  // takes validity from a and b into less
  const bool take_a_if_less = is_min;
  if (a.type == VType::kFloat) {
    double* o = out.own_f64.data();
    ForEach2(a.scalar, b.scalar, out.n, [&](size_t ia, size_t ib, size_t i) {
      o[i] = (less.i64[i * !less.scalar] != 0) == take_a_if_less ? a.f64[ia] : b.f64[ib];
    });
  } else if (a.type == VType::kString) {
    for (size_t i = 0; i < out.n; ++i) {
      out.own_str[i] = (less.i64[less.At(i)] != 0) == take_a_if_less ? a.Str(i) : b.Str(i);
    }
    out.arenas = a.arenas;
    for (auto& arena : b.arenas) out.arenas.push_back(arena);
  } else {
    int64_t* o = out.own_i64.data();
    ForEach2(a.scalar, b.scalar, out.n, [&](size_t ia, size_t ib, size_t i) {
      o[i] = (less.i64[i * !less.scalar] != 0) == take_a_if_less ? a.i64[ia] : b.i64[ib];
    });
  }
  MergeValid(out, less);
  return out;
}

// --- strings --------------------------------------------------------------------------------

// concat(): nulls are skipped; a || b (propagate = true): any null makes the result null.
Vec Concat(std::vector<Vec>& args, bool propagate) {
  bool scalar = true;
  size_t n = 1;
  for (const Vec& a : args) {
    if (!a.scalar) {
      scalar = false;
      n = a.n;
    }
  }
  Vec out;
  out.type = VType::kString;
  out.scalar = scalar;
  out.n = n;
  StringBuilder builder(n);
  std::string* chars = builder.scratch();
  for (size_t i = 0; i < n; ++i) {
    for (const Vec& a : args) {
      if (a.IsValid(i)) chars->append(a.Str(i));
    }
    builder.Close();
  }
  builder.Finish(out);
  if (propagate) {
    Vec merged = NewVec(VType::kBool, scalar, n);
    for (Vec& a : args) {
      Vec step = NewVec(VType::kBool, scalar, n);
      MergeValid(step, merged, a);
      merged = std::move(step);
    }
    MergeValid(out, merged);
  }
  return out;
}

template <typename Pred>
Vec StringPredicate(Vec& s, Vec& p, Pred pred) {
  if (p.scalar && (!p.valid || p.valid[0])) {
    const std::string pattern(p.Str(0));
    return MapString<int64_t>(s, VType::kBool, [&](std::string_view v, int64_t* out) {
      *out = pred(v, pattern);
      return true;
    });
  }
  Vec out = NewVec(VType::kBool, s.scalar && p.scalar, CombinedSize(s, p));
  int64_t* o = out.own_i64.data();
  for (size_t i = 0; i < out.n; ++i) o[i] = pred(s.Str(i), p.Str(i));
  MergeValid(out, s, p);
  return out;
}

Vec SubstrCall(std::vector<Vec>& args) {
  Vec& s = args[0];
  const bool has_len = args.size() > 2;
  Vec one = NewVec(VType::kInt, true, 1);
  Vec& start = args[1];
  Vec& len = has_len ? args[2] : one;
  const bool simple = start.scalar && len.scalar && start.valid == nullptr &&
                      len.valid == nullptr;
  if (simple) {
    const int64_t st = start.i64[0], ln = len.i64[0];
    return MapStringView(s, [&](std::string_view v) { return Substr(v, st, ln, has_len); });
  }
  Materialize(s);
  size_t n = s.n;
  bool scalar = s.scalar && start.scalar && len.scalar;
  if (!start.scalar) n = start.n;
  if (!len.scalar) n = len.n;
  Vec out = NewVec(VType::kString, scalar, n);
  for (size_t i = 0; i < n; ++i) {
    out.own_str[i] = Substr(s.Str(i), start.i64[start.At(i)], len.i64[len.At(i)], has_len);
  }
  out.arenas = s.arenas;
  Vec tmp = NewVec(VType::kBool, scalar, n);
  MergeValid(tmp, s, start);
  MergeValid(out, tmp, len);
  return out;
}

// --- dates ----------------------------------------------------------------------------------

// Days since the epoch of a date or datetime element.
inline int64_t DaysOf(VType type, int64_t v) {
  return type == VType::kDateTime ? FloorDiv(v, kMicrosPerDay) : v;
}

Vec DatePart(Func func, Vec& x) {
  Vec out = NewVec(VType::kInt, x.scalar, x.n);
  MergeValid(out, x);
  int64_t* o = out.own_i64.data();
  const int64_t* in = x.i64;
  const VType t = x.type;
  for (size_t i = 0; i < out.n; ++i) {
    if (func == Func::kHour || func == Func::kMinute || func == Func::kSecond) {
      const int64_t secs = FloorDiv(in[i], 1000000);
      const int64_t sod = secs - FloorDiv(secs, 86400) * 86400;
      o[i] = func == Func::kHour ? sod / 3600 : func == Func::kMinute ? sod / 60 % 60 : sod % 60;
      continue;
    }
    const int64_t days = DaysOf(t, in[i]);
    if (func == Func::kWeekday) {  // Monday = 0 ... Sunday = 6; 1970-01-01 was a Thursday
      o[i] = ((days + 3) % 7 + 7) % 7;
      continue;
    }
    int64_t y;
    unsigned m, d;
    CivilFromDays(days, &y, &m, &d);
    o[i] = func == Func::kYear ? y : func == Func::kMonth ? m : d;
  }
  return out;
}

Vec DateDiff(Vec& a, Vec& b) {
  Vec out = NewVec(VType::kInt, a.scalar && b.scalar, CombinedSize(a, b));
  MergeValid(out, a, b);
  int64_t* o = out.own_i64.data();
  ForEach2(a.scalar, b.scalar, out.n, [&](size_t ia, size_t ib, size_t i) {
    o[i] = DaysOf(a.type, a.i64[ia]) - DaysOf(b.type, b.i64[ib]);
  });
  return out;
}

Vec ToDate(Vec& x) {
  if (x.type == VType::kDate) return std::move(x);
  if (x.type == VType::kDateTime) {
    Vec out = NewVec(VType::kDate, x.scalar, x.n);
    MergeValid(out, x);
    for (size_t i = 0; i < out.n; ++i) out.own_i64[i] = DaysOf(VType::kDateTime, x.i64[i]);
    return out;
  }
  if (x.type == VType::kNull) return NullScalar(VType::kDate);
  return MapString<int64_t>(x, VType::kDate, [](std::string_view v, int64_t* out) {
    v = data::TrimSpaces(v);
    if (data::ParseDate(v, out)) return true;
    int64_t micros;
    if (!data::ParseDateTime(v, &micros)) return false;
    *out = FloorDiv(micros, kMicrosPerDay);
    return true;
  });
}

Vec ToNumber(Vec& x) {
  if (x.type == VType::kFloat) return std::move(x);
  if (x.type == VType::kNull) return NullScalar(VType::kFloat);
  return MapString<double>(x, VType::kFloat, [](std::string_view v, double* out) {
    return data::ParseFloat64(data::TrimSpaces(v), out);
  });
}

}  // namespace

Vec EvalCall(const BoundExpr& e, std::vector<Vec> args, const EvalInput& in) {
  Vec& x = args[0];
  switch (e.func) {
    case Func::kLog:
      return MapFloat(x, [](double v) { return std::log(v); }, [](double v) { return v <= 0; });
    case Func::kLog10:
      return MapFloat(x, [](double v) { return std::log10(v); }, [](double v) { return v <= 0; });
    case Func::kExp:
      return MapFloat(x, [](double v) { return std::exp(v); }, [](double) { return false; });
    case Func::kSqrt:
      return MapFloat(x, [](double v) { return std::sqrt(v); }, [](double v) { return v < 0; });
    case Func::kPow: return Pow(x, args[1]);
    case Func::kAbs:
      if (x.type == VType::kInt) return AbsInt(x);
      return MapFloat(x, [](double v) { return std::fabs(v); }, [](double) { return false; });
    case Func::kFloor:
      if (x.type == VType::kInt) return std::move(x);
      return MapFloat(x, [](double v) { return std::floor(v); }, [](double) { return false; });
    case Func::kCeil:
      if (x.type == VType::kInt) return std::move(x);
      return MapFloat(x, [](double v) { return std::ceil(v); }, [](double) { return false; });
    case Func::kRound: return Round(x, args.size() > 1 ? &args[1] : nullptr);
    case Func::kMin:
    case Func::kMax: {
      Vec acc = std::move(args[0]);
      for (size_t k = 1; k < args.size(); ++k) acc = MinMax(e.func == Func::kMin, acc, args[k]);
      return acc;
    }
    case Func::kCoalesce: {
      Vec acc = std::move(args.back());
      MakeWritable(acc, in.rows);
      for (size_t k = args.size() - 1; k-- > 0;) OverwriteWhere(acc, args[k], nullptr);
      return acc;
    }
    case Func::kConcat: return Concat(args, /*propagate=*/e.negated);
    case Func::kToText: return std::move(x);
    case Func::kLower:
    case Func::kUpper: {
      const bool lower = e.func == Func::kLower;
      return MapStringToString(x, [lower](std::string_view v, std::string* out) {
        for (char c : v) {
          if (lower && c >= 'A' && c <= 'Z') c = static_cast<char>(c - 'A' + 'a');
          if (!lower && c >= 'a' && c <= 'z') c = static_cast<char>(c - 'a' + 'A');
          out->push_back(c);
        }
      });
    }
    case Func::kTrim: return MapStringView(x, TrimView);
    case Func::kLength:
      return MapString<int64_t>(x, VType::kInt, [](std::string_view v, int64_t* out) {
        *out = static_cast<int64_t>(CodePoints(v));
        return true;
      });
    case Func::kSubstr: return SubstrCall(args);
    case Func::kContains:
      return StringPredicate(x, args[1], [](std::string_view v, std::string_view p) {
        return v.find(p) != std::string_view::npos;
      });
    case Func::kStartsWith:
      return StringPredicate(x, args[1], [](std::string_view v, std::string_view p) {
        return v.substr(0, p.size()) == p;
      });
    case Func::kEndsWith:
      return StringPredicate(x, args[1], [](std::string_view v, std::string_view p) {
        return v.size() >= p.size() && v.substr(v.size() - p.size()) == p;
      });
    case Func::kMatches: {
      const RE2& re = *e.regex;
      return MapString<int64_t>(x, VType::kBool, [&re](std::string_view v, int64_t* out) {
        *out = RE2::PartialMatch(re2::StringPiece(v.data(), v.size()), re);
        return true;
      });
    }
    case Func::kYear: case Func::kMonth: case Func::kDay: case Func::kWeekday:
    case Func::kHour: case Func::kMinute: case Func::kSecond:
      return DatePart(e.func, x);
    case Func::kDateDiff: return DateDiff(x, args[1]);
    case Func::kToNumber: return ToNumber(x);
    case Func::kToDate: return ToDate(x);
    case Func::kIf: break;  // handled as a case expression by the evaluator
  }
  return NullScalar(e.type);
}

}  // namespace lathe::prep::internal
