// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "prep/internal/insights_text_numbers.h"

#include <algorithm>
#include <charconv>
#include <map>
#include <utility>

namespace lathe::prep::internal {
namespace {

std::string_view Trim(std::string_view s) {
  while (!s.empty() && (s.front() == ' ' || s.front() == '\t')) s.remove_prefix(1);
  while (!s.empty() && (s.back() == ' ' || s.back() == '\t')) s.remove_suffix(1);
  return s;
}

bool StripPrefix(std::string_view* s, std::string_view prefix) {
  if (s->substr(0, prefix.size()) != prefix) return false;
  s->remove_prefix(prefix.size());
  return true;
}

// Removes "," thousands separators when they sit between groups of three digits.
bool RemoveThousands(std::string_view s, std::string* out) {
  out->clear();
  const size_t point = std::min(s.find('.'), s.size());
  size_t digits_since_comma = 0;
  bool seen_comma = false;
  for (size_t idx = 0; idx < s.size(); ++idx) {
    const char ch = s[idx];
    if (ch == ',' && idx < point) {
      if (seen_comma ? digits_since_comma != 3 : digits_since_comma == 0) return false;
      if (!seen_comma && digits_since_comma > 3) return false;
      seen_comma = true;
      digits_since_comma = 0;
      continue;
    }
    if (ch >= '0' && ch <= '9' && idx < point) ++digits_since_comma;
    out->push_back(ch);
  }
  return !seen_comma || digits_since_comma == 3;
}

}  // namespace

bool LooksNumeric(std::string_view text) {
  std::string_view s = Trim(text);
  const bool negative = StripPrefix(&s, "-");
  if (!StripPrefix(&s, "$") && !StripPrefix(&s, "\xE2\x82\xAC")) StripPrefix(&s, "\xC2\xA3");
  if (!negative) StripPrefix(&s, "-");
  if (!s.empty() && s.back() == '%') s.remove_suffix(1);
  s = Trim(s);
  if (!s.empty() && s.front() == '+') s.remove_prefix(1);
  // A digit or a point must come first: from_chars would also take "inf" and "nan".
  if (s.empty() || !((s.front() >= '0' && s.front() <= '9') || s.front() == '.')) return false;
  std::string cleaned;
  if (!RemoveThousands(s, &cleaned)) return false;
  double value = 0;
  const char* end = cleaned.data() + cleaned.size();
  auto [ptr, ec] = std::from_chars(cleaned.data(), end, value);
  return ec == std::errc() && ptr == end;
}

NumericShare MeasureNumericShare(const data::Column& column) {
  NumericShare share;
  std::map<std::string_view, size_t> others;
  auto add = [&](std::string_view value, size_t count) {
    share.present += count;
    if (LooksNumeric(value)) {
      share.numeric += count;
    } else {
      others[value] += count;
    }
  };
  if (column.type == data::DataType::kCategorical) {
    std::vector<size_t> counts(column.dictionary.size(), 0);
    for (size_t row = 0; row < column.size(); ++row) {
      if (!column.IsNull(row)) ++counts[column.codes[row]];
    }
    for (size_t code = 0; code < counts.size(); ++code) {
      if (counts[code] > 0) add(column.dictionary[code], counts[code]);
    }
  } else if (column.type == data::DataType::kText) {
    for (size_t row = 0; row < column.size(); ++row) {
      if (!column.IsNull(row)) add(column.StringAt(row), 1);
    }
  }
  std::vector<std::pair<std::string_view, size_t>> ranked(others.begin(), others.end());
  std::stable_sort(ranked.begin(), ranked.end(),
                   [](const auto& a, const auto& b) { return a.second > b.second; });
  for (size_t idx = 0; idx < ranked.size() && idx < 3; ++idx) {
    share.non_numeric.emplace_back(ranked[idx].first);
  }
  return share;
}

}  // namespace lathe::prep::internal
