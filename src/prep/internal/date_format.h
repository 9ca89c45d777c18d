// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// DateFormat: a compiled strftime-style pattern for parsing dates and times without the C
// library or a locale. Directives: %Y (year, 1-4 digits, optional sign), %y (two digits: 69-99 ->
// 19xx, 00-68 -> 20xx), %m, %d, %H, %M, %S (1-2 digits), %f (1-9 fraction digits, kept to the
// microsecond), %j (day of year, 1-3 digits), %I + %p (12-hour clock, AM/PM in any case), %b / %B
// (English month name, full or three-letter, any case), %z (Z, +HH, +HHMM or +HH:MM), %% (a
// percent sign). A space matches any run of whitespace (also none); other characters match
// themselves. Missing fields default to 1970-01-01 00:00:00. Immutable; thread-safe.
//
//   LATHE_ASSIGN_OR_RETURN(DateFormat f, DateFormat::Compile("%d/%m/%Y %H:%M"));
//   ParsedDateTime t;
//   std::string why;
//   if (f.Parse("31/12/2024 23:59", &t, &why)) { int64_t us = t.UtcMicros(); }
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace lathe::prep::internal {

// Days since 1970-01-01 of a proleptic Gregorian date (no validation).
int64_t DayNumberFromCivil(int64_t year, unsigned month, unsigned day);
// The civil date of a day number.
void CivilFromDayNumber(int64_t days, int64_t* year, unsigned* month, unsigned* day);
bool IsLeapYear(int64_t year);
unsigned DaysInMonth(int64_t year, unsigned month);

// One parsed value: the local date and time as written, plus the UTC offset if %z was given.
struct ParsedDateTime {
  int64_t days = 0;          // local calendar date, days since 1970-01-01
  int64_t micros_of_day = 0;  // local time of day
  int64_t offset_seconds = 0;  // east of UTC (from %z), 0 without %z

  // Microseconds since the epoch in UTC (local time minus the offset).
  int64_t UtcMicros() const {
    return days * 86400000000LL + micros_of_day - offset_seconds * 1000000LL;
  }
};

class DateFormat {
 public:
  // InvalidArgument for an unknown directive, a trailing '%', %p without %I or %I without %p.
  static Result<DateFormat> Compile(std::string_view format);

  // Parses the whole of `text` (leading and trailing whitespace allowed). On failure returns
  // false and sets *why to what went wrong ("expected 1-2 digits for %m at position 5").
  bool Parse(std::string_view text, ParsedDateTime* out, std::string* why) const;

  // True if the format has an hour, minute, second, fraction or offset directive.
  bool has_time() const { return has_time_; }

 private:
  struct Item {
    char directive = 0;    // 0 = literal, ' ' = whitespace run, else the directive letter
    std::string literal;
  };
  std::vector<Item> items_;
  bool has_time_ = false;
};

}  // namespace lathe::prep::internal
