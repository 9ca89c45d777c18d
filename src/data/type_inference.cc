// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "data/type_inference.h"

#include <charconv>
#include <limits>
#include <string_view>
#include <unordered_map>

namespace lathe::data {
namespace {

inline bool IsDigit(char c) { return c >= '0' && c <= '9'; }

inline char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

bool EqualsLower(std::string_view s, std::string_view lower) {
  if (s.size() != lower.size()) return false;
  for (size_t i = 0; i < s.size(); ++i) {
    if (Lower(s[i]) != lower[i]) return false;
  }
  return true;
}

// Parses exactly `n` digits at s[pos..]; false if any is not a digit.
bool Digits(std::string_view s, size_t pos, size_t n, int* out) {
  if (pos + n > s.size()) return false;
  int v = 0;
  for (size_t i = 0; i < n; ++i) {
    char c = s[pos + i];
    if (!IsDigit(c)) return false;
    v = v * 10 + (c - '0');
  }
  *out = v;
  return true;
}

// Days since 1970-01-01 of a proleptic Gregorian date (Howard Hinnant's algorithm).
int64_t DaysFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m + (m > 2 ? -3 : 9)) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

bool IsLeap(int y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

int DaysInMonth(int y, int m) {
  static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return m == 2 && IsLeap(y) ? 29 : kDays[m - 1];
}

// Parses "YYYY-MM-DD" or "YYYY/MM/DD" at the start of `s` (10 chars).
bool ParseDatePrefix(std::string_view s, int64_t* days) {
  int y, m, d;
  if (s.size() < 10 || !Digits(s, 0, 4, &y) || !Digits(s, 5, 2, &m) || !Digits(s, 8, 2, &d)) {
    return false;
  }
  char sep = s[4];
  if ((sep != '-' && sep != '/') || s[7] != sep) return false;
  if (m < 1 || m > 12 || d < 1 || d > DaysInMonth(y, m)) return false;
  *days = DaysFromCivil(y, static_cast<unsigned>(m), static_cast<unsigned>(d));
  return true;
}

// Parses "[.fraction][Z|+HH:MM|-HH:MM|+HHMM]" after the seconds; adds to *micros.
bool ParseTimeSuffix(std::string_view s, size_t pos, int64_t* micros) {
  if (pos < s.size() && s[pos] == '.') {
    ++pos;
    size_t start = pos;
    int64_t frac = 0;
    int ndigits = 0;
    while (pos < s.size() && IsDigit(s[pos])) {
      if (ndigits < 6) {
        frac = frac * 10 + (s[pos] - '0');
        ++ndigits;
      }
      ++pos;
    }
    if (pos == start || pos - start > 9) return false;
    while (ndigits < 6) {
      frac *= 10;
      ++ndigits;
    }
    *micros += frac;
  }
  if (pos == s.size()) return true;
  if (s[pos] == 'Z' || s[pos] == 'z') return pos + 1 == s.size();
  if (s[pos] != '+' && s[pos] != '-') return false;
  int sign = s[pos] == '+' ? 1 : -1;
  int hh, mm;
  if (!Digits(s, pos + 1, 2, &hh)) return false;
  size_t mpos = pos + 3;
  if (mpos < s.size() && s[mpos] == ':') ++mpos;
  if (!Digits(s, mpos, 2, &mm) || mpos + 2 != s.size() || hh > 23 || mm > 59) return false;
  // Local time = UTC + offset, so UTC = local - offset.
  *micros -= sign * (int64_t{hh} * 3600 + mm * 60) * 1000000;
  return true;
}

// Clinger's fast path: "[-]digits[.digits]" with at most 15 significant digits is
// mantissa / 10^k with both exactly representable, so one division gives the correctly rounded
// result (the same double std::from_chars returns). False for anything else.
bool ParseSimpleDecimal(const char* p, const char* e, double* out) {
  static constexpr double kPow10[] = {1e0, 1e1, 1e2,  1e3,  1e4,  1e5,  1e6,  1e7,
                                      1e8, 1e9, 1e10, 1e11, 1e12, 1e13, 1e14, 1e15};
  bool neg = false;
  if (*p == '-') {
    neg = true;
    ++p;
  }
  uint64_t m = 0;
  int digits = 0, frac = 0;
  for (; p < e && IsDigit(*p); ++p, ++digits) m = m * 10 + static_cast<uint64_t>(*p - '0');
  if (p < e && *p == '.') {
    for (++p; p < e && IsDigit(*p); ++p, ++digits, ++frac) {
      m = m * 10 + static_cast<uint64_t>(*p - '0');
    }
  }
  if (p != e || digits == 0 || digits > 15) return false;
  double v = static_cast<double>(m) / kPow10[frac];
  *out = neg ? -v : v;
  return true;
}

}  // namespace

InferredType JoinTypes(InferredType a, InferredType b) {
  if (a == b) return a;
  if (a == InferredType::kNull) return b;
  if (b == InferredType::kNull) return a;
  auto is_num = [](InferredType t) {
    return t == InferredType::kInt64 || t == InferredType::kFloat64;
  };
  auto is_time = [](InferredType t) {
    return t == InferredType::kDate || t == InferredType::kDateTime;
  };
  if (is_num(a) && is_num(b)) return InferredType::kFloat64;
  if (is_time(a) && is_time(b)) return InferredType::kDateTime;
  return InferredType::kString;
}

std::string_view TrimSpaces(std::string_view s) {
  size_t b = 0, e = s.size();
  while (b < e && (s[b] == ' ' || s[b] == '\t')) ++b;
  while (e > b && (s[e - 1] == ' ' || s[e - 1] == '\t')) --e;
  return s.substr(b, e - b);
}

bool IsMissingMarker(std::string_view s) {
  s = TrimSpaces(s);
  switch (s.size()) {
    case 0: return true;
    case 1: return s[0] == '?';
    case 2: return s == "NA";
    case 3: return s == "N/A" || s == "n/a";
    case 4: return s == "#N/A" || s == "null" || s == "NULL" || s == "Null" || s == "None";
    default: return false;
  }
}

bool ParseInt64(std::string_view s, int64_t* out) {
  size_t i = 0;
  bool neg = false;
  if (!s.empty() && (s[0] == '+' || s[0] == '-')) {
    neg = s[0] == '-';
    i = 1;
  }
  if (i == s.size() || s.size() - i > 19) return false;
  uint64_t v = 0;
  for (; i < s.size(); ++i) {
    unsigned d = static_cast<unsigned char>(s[i]) - '0';
    if (d > 9) return false;
    v = v * 10 + d;  // at most 19 digits: fits in uint64
  }
  if (neg) {
    if (v > uint64_t{1} << 63) return false;
    *out = static_cast<int64_t>(0 - v);
  } else {
    if (v > static_cast<uint64_t>(std::numeric_limits<int64_t>::max())) return false;
    *out = static_cast<int64_t>(v);
  }
  return true;
}

bool ParseFloat64(std::string_view s, double* out) {
  const char* b = s.data();
  const char* e = b + s.size();
  if (b != e && *b == '+') {
    ++b;
    if (b != e && (*b == '-' || *b == '+')) return false;
  }
  if (b == e) return false;
  if (ParseSimpleDecimal(b, e, out)) return true;
  double v;
  auto res = std::from_chars(b, e, v, std::chars_format::general);
  if (res.ec != std::errc() || res.ptr != e) {
    // Out-of-range decimals ("1e999") become +-inf like other readers; anything else fails.
    if (res.ec == std::errc::result_out_of_range && res.ptr == e) {
      bool neg = *b == '-';
      *out = neg ? -std::numeric_limits<double>::infinity()
                 : std::numeric_limits<double>::infinity();
      // A tiny value ("1e-999") underflows: libstdc++ reports it as out of range too.
      size_t epos = s.find_first_of("eE");
      if (epos != std::string_view::npos && epos + 1 < s.size() && s[epos + 1] == '-') {
        *out = neg ? -0.0 : 0.0;
      }
      return true;
    }
    return false;
  }
  *out = v;
  return true;
}

bool ParseBool(std::string_view s, bool* out) {
  if (s.empty() || s.size() > 5) return false;
  switch (Lower(s[0])) {
    case 't':
      if (s.size() == 1 || EqualsLower(s, "true")) return *out = true, true;
      return false;
    case 'f':
      if (s.size() == 1 || EqualsLower(s, "false")) return *out = false, true;
      return false;
    case 'y':
      if (EqualsLower(s, "yes")) return *out = true, true;
      return false;
    case 'n':
      if (EqualsLower(s, "no")) return *out = false, true;
      return false;
    default: return false;
  }
}

bool ParseDate(std::string_view s, int64_t* days) {
  return s.size() == 10 && ParseDatePrefix(s, days);
}

bool ParseDateTime(std::string_view s, int64_t* micros) {
  int64_t days;
  if (s.size() < 10 || !ParseDatePrefix(s, &days)) return false;
  if (s.size() == 10) {
    *micros = days * 86400 * 1000000;
    return true;
  }
  if (s[10] != 'T' && s[10] != ' ' && s[10] != 't') return false;
  int hh, mm, ss = 0;
  if (!Digits(s, 11, 2, &hh) || s.size() < 16 || s[13] != ':' || !Digits(s, 14, 2, &mm)) {
    return false;
  }
  size_t pos = 16;
  if (pos < s.size() && s[pos] == ':') {
    if (!Digits(s, pos + 1, 2, &ss)) return false;
    pos += 3;
  } else if (pos < s.size() && s[pos] == '.') {
    return false;  // a fraction needs seconds
  }
  if (hh > 23 || mm > 59 || ss > 59) return false;
  int64_t v = ((days * 24 + hh) * 60 + mm) * 60 + ss;
  v *= 1000000;
  if (!ParseTimeSuffix(s, pos, &v)) return false;
  *micros = v;
  return true;
}

InferredType ClassifyCell(std::string_view s) {
  s = TrimSpaces(s);
  if (IsMissingMarker(s)) return InferredType::kNull;
  int64_t i;
  if (ParseInt64(s, &i)) return InferredType::kInt64;
  double d;
  if (ParseFloat64(s, &d)) return InferredType::kFloat64;
  bool b;
  if (ParseBool(s, &b)) return InferredType::kBool;
  if (ParseDate(s, &i)) return InferredType::kDate;
  if (ParseDateTime(s, &i)) return InferredType::kDateTime;
  return InferredType::kString;
}

size_t MaxCategoricalDistinct(size_t rows) { return std::max<size_t>(32, rows / 20); }

bool IsCategoricalColumn(size_t distinct, size_t short_distinct, size_t rows) {
  return distinct <= MaxCategoricalDistinct(rows) && short_distinct * 10 >= distinct * 9;
}

DataType ToDataType(InferredType type, bool categorical) {
  switch (type) {
    case InferredType::kBool: return DataType::kBool;
    case InferredType::kInt64: return DataType::kInt64;
    case InferredType::kFloat64: return DataType::kFloat64;
    case InferredType::kDate: return DataType::kDate;
    case InferredType::kDateTime: return DataType::kDateTime;
    case InferredType::kString: return categorical ? DataType::kCategorical : DataType::kText;
    case InferredType::kNull: return DataType::kText;
  }
  return DataType::kText;
}

Column BuildColumnFromCells(std::string name, const std::vector<std::string>& cells,
                            const std::vector<uint8_t>& present) {
  InferredType type = InferredType::kNull;
  for (size_t row = 0; row < cells.size(); ++row) {
    if (present[row]) type = JoinTypes(type, ClassifyCell(cells[row]));
  }
  bool categorical = false;
  if (type == InferredType::kString) {
    std::unordered_map<std::string_view, bool> distinct;
    size_t short_distinct = 0;
    size_t limit = MaxCategoricalDistinct(cells.size());
    for (size_t row = 0; row < cells.size() && distinct.size() <= limit; ++row) {
      if (!present[row] || IsMissingMarker(cells[row])) continue;
      if (distinct.emplace(cells[row], true).second && cells[row].size() <= kShortValueBytes) {
        ++short_distinct;
      }
    }
    categorical = IsCategoricalColumn(distinct.size(), short_distinct, cells.size());
  }
  Column col = Column::Make(std::move(name), ToDataType(type, categorical));
  col.Reserve(cells.size());
  for (size_t row = 0; row < cells.size(); ++row) {
    std::string_view raw = cells[row];
    std::string_view s = TrimSpaces(raw);
    if (!present[row] || IsMissingMarker(s)) {
      col.AppendNull();
      continue;
    }
    int64_t i = 0;
    double d = 0;
    bool b = false;
    switch (type) {
      case InferredType::kBool: ParseBool(s, &b); col.AppendInt(b ? 1 : 0); break;
      case InferredType::kInt64: ParseInt64(s, &i); col.AppendInt(i); break;
      case InferredType::kFloat64: ParseFloat64(s, &d); col.AppendDouble(d); break;
      case InferredType::kDate: ParseDate(s, &i); col.AppendInt(i); break;
      case InferredType::kDateTime: ParseDateTime(s, &i); col.AppendInt(i); break;
      default: col.AppendString(raw); break;
    }
  }
  return col;
}

}  // namespace lathe::data
