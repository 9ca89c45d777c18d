// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "prep/internal/date_format.h"

#include <array>

namespace lathe::prep::internal {
namespace {

constexpr std::array<std::string_view, 12> kMonths = {
    "january", "february", "march",     "april",   "may",      "june",
    "july",    "august",   "september", "october", "november", "december"};

bool IsSpace(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

// Case-insensitive: does text at pos start with `word` (lowercase)?
bool StartsWithNoCase(std::string_view text, size_t pos, std::string_view word) {
  if (text.size() - pos < word.size()) return false;
  for (size_t i = 0; i < word.size(); ++i) {
    if (Lower(text[pos + i]) != word[i]) return false;
  }
  return true;
}

// Cursor over the text being parsed, with error reporting.
struct Cursor {
  std::string_view text;
  size_t pos = 0;
  std::string* why;

  bool Fail(const std::string& what) {
    *why = what + " at position " + std::to_string(pos + 1);
    return false;
  }
  // Reads min..max digits.
  bool Number(int min_digits, int max_digits, char directive, int64_t* out) {
    int64_t v = 0;
    int n = 0;
    while (n < max_digits && pos < text.size() && IsDigit(text[pos])) {
      v = v * 10 + (text[pos] - '0');
      ++pos;
      ++n;
    }
    if (n < min_digits) {
      pos -= n;
      return Fail("expected " +
                  (min_digits == max_digits ? std::to_string(min_digits)
                                            : std::to_string(min_digits) + "-" +
                                                  std::to_string(max_digits)) +
                  " digits for %" + std::string(1, directive));
    }
    *out = v;
    return true;
  }
};

struct Fields {
  int64_t year = 1970, month = 1, day = 1, hour = 0, minute = 0, second = 0, micros = 0;
  int64_t yday = -1, hour12 = -1, offset = 0;  // -1: not given
  int pm = -1;
  bool has_month_or_day = false;
};

bool ParseDirective(char d, Cursor& cur, Fields& f) {
  switch (d) {
    case 'Y': {
      int sign = 1;
      if (cur.pos < cur.text.size() && (cur.text[cur.pos] == '-' || cur.text[cur.pos] == '+')) {
        sign = cur.text[cur.pos] == '-' ? -1 : 1;
        ++cur.pos;
      }
      if (!cur.Number(1, 4, 'Y', &f.year)) return false;
      f.year *= sign;
      return true;
    }
    case 'y':
      if (!cur.Number(2, 2, 'y', &f.year)) return false;
      f.year += f.year < 69 ? 2000 : 1900;
      return true;
    case 'm': f.has_month_or_day = true; return cur.Number(1, 2, 'm', &f.month);
    case 'd': f.has_month_or_day = true; return cur.Number(1, 2, 'd', &f.day);
    case 'H': return cur.Number(1, 2, 'H', &f.hour);
    case 'I': return cur.Number(1, 2, 'I', &f.hour12);
    case 'M': return cur.Number(1, 2, 'M', &f.minute);
    case 'S': return cur.Number(1, 2, 'S', &f.second);
    case 'j': return cur.Number(1, 3, 'j', &f.yday);
    case 'f': {
      const size_t start = cur.pos;
      int64_t v = 0;
      if (!cur.Number(1, 9, 'f', &v)) return false;
      for (size_t digits = cur.pos - start; digits < 6; ++digits) v *= 10;
      for (size_t digits = cur.pos - start; digits > 6; --digits) v /= 10;
      f.micros = v;
      return true;
    }
    case 'b':
    case 'B':
      f.has_month_or_day = true;
      for (size_t m = 0; m < 12; ++m) {
        for (std::string_view name : {kMonths[m], kMonths[m].substr(0, 3)}) {
          if (StartsWithNoCase(cur.text, cur.pos, name)) {
            cur.pos += name.size();
            f.month = static_cast<int64_t>(m) + 1;
            return true;
          }
        }
      }
      return cur.Fail("expected an English month name for %" + std::string(1, d));
    case 'p':
      if (StartsWithNoCase(cur.text, cur.pos, "am") || StartsWithNoCase(cur.text, cur.pos, "pm")) {
        f.pm = Lower(cur.text[cur.pos]) == 'p';
        cur.pos += 2;
        return true;
      }
      return cur.Fail("expected AM or PM for %p");
    case 'z': {
      if (cur.pos < cur.text.size() && (cur.text[cur.pos] == 'Z' || cur.text[cur.pos] == 'z')) {
        ++cur.pos;
        f.offset = 0;
        return true;
      }
      if (cur.pos >= cur.text.size() || (cur.text[cur.pos] != '+' && cur.text[cur.pos] != '-')) {
        return cur.Fail("expected Z or a +HH:MM offset for %z");
      }
      const int sign = cur.text[cur.pos] == '-' ? -1 : 1;
      ++cur.pos;
      int64_t hh = 0, mm = 0;
      if (!cur.Number(2, 2, 'z', &hh)) return false;
      if (cur.pos < cur.text.size() && cur.text[cur.pos] == ':') ++cur.pos;
      if (cur.pos < cur.text.size() && IsDigit(cur.text[cur.pos])) {
        if (!cur.Number(2, 2, 'z', &mm)) return false;
      }
      if (hh > 23 || mm > 59) return cur.Fail("offset out of range for %z");
      f.offset = sign * (hh * 3600 + mm * 60);
      return true;
    }
  }
  return cur.Fail("unsupported directive");
}

std::string Range(const char* what, int64_t v, int64_t lo, int64_t hi) {
  return what + std::string(" ") + std::to_string(v) + " is out of range " + std::to_string(lo) +
         "-" + std::to_string(hi);
}

// Range checks and the final assembly.
bool Finish(Fields& f, ParsedDateTime* out, std::string* why) {
  if (f.hour12 >= 0) {
    if (f.hour12 < 1 || f.hour12 > 12) return (*why = Range("hour (%I)", f.hour12, 1, 12), false);
    f.hour = f.hour12 % 12 + (f.pm == 1 ? 12 : 0);
  }
  if (f.month < 1 || f.month > 12) return (*why = Range("month", f.month, 1, 12), false);
  const int64_t dim = DaysInMonth(f.year, static_cast<unsigned>(f.month));
  if (f.day < 1 || f.day > dim) return (*why = Range("day", f.day, 1, dim), false);
  if (f.hour > 23) return (*why = Range("hour", f.hour, 0, 23), false);
  if (f.minute > 59) return (*why = Range("minute", f.minute, 0, 59), false);
  if (f.second > 59) return (*why = Range("second", f.second, 0, 59), false);
  int64_t days = DayNumberFromCivil(f.year, static_cast<unsigned>(f.month),
                               static_cast<unsigned>(f.day));
  if (f.yday >= 0) {
    const int64_t len = IsLeapYear(f.year) ? 366 : 365;
    if (f.yday < 1 || f.yday > len) return (*why = Range("day of year", f.yday, 1, len), false);
    if (!f.has_month_or_day) days = DayNumberFromCivil(f.year, 1, 1) + f.yday - 1;
  }
  out->days = days;
  out->micros_of_day = ((f.hour * 60 + f.minute) * 60 + f.second) * 1000000 + f.micros;
  out->offset_seconds = f.offset;
  return true;
}

}  // namespace

bool IsLeapYear(int64_t y) { return (y % 4 == 0 && y % 100 != 0) || y % 400 == 0; }

unsigned DaysInMonth(int64_t year, unsigned month) {
  static constexpr unsigned kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
  return month == 2 && IsLeapYear(year) ? 29 : kDays[month - 1];
}

// Howard Hinnant's days_from_civil / civil_from_days.
int64_t DayNumberFromCivil(int64_t y, unsigned m, unsigned d) {
  y -= m <= 2;
  const int64_t era = (y >= 0 ? y : y - 399) / 400;
  const unsigned yoe = static_cast<unsigned>(y - era * 400);
  const unsigned doy = (153 * (m > 2 ? m - 3 : m + 9) + 2) / 5 + d - 1;
  const unsigned doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
  return era * 146097 + static_cast<int64_t>(doe) - 719468;
}

void CivilFromDayNumber(int64_t z, int64_t* y, unsigned* m, unsigned* d) {
  z += 719468;
  const int64_t era = (z >= 0 ? z : z - 146096) / 146097;
  const unsigned doe = static_cast<unsigned>(z - era * 146097);
  const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
  const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
  const unsigned mp = (5 * doy + 2) / 153;
  *d = doy - (153 * mp + 2) / 5 + 1;
  *m = mp < 10 ? mp + 3 : mp - 9;
  *y = static_cast<int64_t>(yoe) + era * 400 + (*m <= 2);
}

Result<DateFormat> DateFormat::Compile(std::string_view format) {
  DateFormat f;
  bool has_i = false, has_p = false;
  for (size_t i = 0; i < format.size(); ++i) {
    const char c = format[i];
    if (IsSpace(c)) {
      if (f.items_.empty() || f.items_.back().directive != ' ') f.items_.push_back({' ', ""});
      continue;
    }
    if (c != '%') {
      if (f.items_.empty() || f.items_.back().directive != 0) f.items_.push_back({0, ""});
      f.items_.back().literal += c;
      continue;
    }
    if (i + 1 >= format.size()) {
      return InvalidArgumentError("format ends with a lone '%' (write %% for a percent sign)");
    }
    const char d = format[++i];
    if (d == '%') {
      if (f.items_.empty() || f.items_.back().directive != 0) f.items_.push_back({0, ""});
      f.items_.back().literal += '%';
      continue;
    }
    if (std::string_view("YymdHIMSfjbBpz").find(d) == std::string_view::npos) {
      return InvalidArgumentError("unsupported directive %" + std::string(1, d) + " at position " +
                                  std::to_string(i) +
                                  " (supported: %Y %y %m %d %H %I %p %M %S %f %j %b %B %z %%)");
    }
    has_i = has_i || d == 'I';
    has_p = has_p || d == 'p';
    f.has_time_ = f.has_time_ || std::string_view("HIMSfpz").find(d) != std::string_view::npos;
    f.items_.push_back({d, ""});
  }
  if (has_i != has_p) {
    return InvalidArgumentError(has_i ? "%I (12-hour clock) needs %p (AM/PM)"
                                      : "%p (AM/PM) needs %I (12-hour clock); %H is 24-hour");
  }
  return f;
}

bool DateFormat::Parse(std::string_view text, ParsedDateTime* out, std::string* why) const {
  while (!text.empty() && IsSpace(text.front())) text.remove_prefix(1);
  while (!text.empty() && IsSpace(text.back())) text.remove_suffix(1);
  Cursor cur{text, 0, why};
  Fields f;
  for (const Item& item : items_) {
    if (item.directive == ' ') {
      while (cur.pos < text.size() && IsSpace(text[cur.pos])) ++cur.pos;
    } else if (item.directive == 0) {
      if (text.substr(cur.pos, item.literal.size()) != item.literal) {
        return cur.Fail("expected '" + item.literal + "'");
      }
      cur.pos += item.literal.size();
    } else if (!ParseDirective(item.directive, cur, f)) {
      return false;
    }
  }
  if (cur.pos != text.size()) return cur.Fail("unexpected text after the format");
  return Finish(f, out, why);
}

}  // namespace lathe::prep::internal
