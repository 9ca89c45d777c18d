// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "cli/format.h"

#include <array>
#include <cmath>
#include <cstdio>

namespace lathe::cli {
namespace {

// Removes trailing zeros after a decimal point ("5.800" -> "5.8", "2.000" -> "2").
std::string TrimFraction(std::string text) {
  if (text.find('.') == std::string::npos || text.find('e') != std::string::npos) return text;
  while (!text.empty() && text.back() == '0') text.pop_back();
  if (!text.empty() && text.back() == '.') text.pop_back();
  return text;
}

std::string Printf(const char* format, int precision, double value) {
  std::array<char, 64> buffer{};
  std::snprintf(buffer.data(), buffer.size(), format, precision, value);
  return buffer.data();
}

}  // namespace

std::string FormatBytes(int64_t bytes) {
  if (bytes < 0) return "-";
  if (bytes < 1024) return std::to_string(bytes) + " B";
  static constexpr std::array<const char*, 6> kUnits = {"KB", "MB", "GB", "TB", "PB", "EB"};
  double value = static_cast<double>(bytes) / 1024.0;
  size_t unit = 0;
  // Switch unit before rounding would print "1024.0 KB".
  while (value >= 1023.95 && unit + 1 < kUnits.size()) {
    value /= 1024.0;
    ++unit;
  }
  return Printf("%.*f", 1, value) + " " + kUnits[unit];
}

std::string FormatNumber(double value, int significant) {
  if (std::isnan(value)) return "nan";
  if (std::isinf(value)) return value > 0 ? "inf" : "-inf";
  if (value == 0) return "0";
  const double magnitude = std::fabs(value);
  if (value == std::trunc(value) && magnitude < 1e15) return Printf("%.*f", 0, value);
  if (magnitude >= 1e15 || magnitude < 1e-4) return Printf("%.*e", significant - 1, value);
  // Digits before the point decide how many fit after it.
  const int int_digits =
      magnitude >= 1 ? static_cast<int>(std::floor(std::log10(magnitude))) + 1 : 0;
  if (int_digits >= significant) return Printf("%.*f", 0, value);
  if (int_digits > 0) return TrimFraction(Printf("%.*f", significant - int_digits, value));
  return TrimFraction(Printf("%.*g", significant, value));
}

std::string FormatPercent(double fraction) {
  if (std::isnan(fraction)) return "-";
  const double percent = fraction * 100.0;
  if (percent > 0 && percent < 0.05) return "<0.1%";
  return TrimFraction(Printf("%.*f", 1, percent)) + "%";
}

std::string FormatTimestamp(std::string_view iso) {
  // Expect at least "YYYY-MM-DDTHH:MM:SS".
  if (iso.size() < 19 || iso[4] != '-' || iso[7] != '-' || (iso[10] != 'T' && iso[10] != ' ') ||
      iso[13] != ':' || iso[16] != ':') {
    return std::string(iso);
  }
  std::string text(iso.substr(0, 19));
  text[10] = ' ';
  return text;
}

std::string FormatJsonValue(const nlohmann::json& value, std::string_view null_text) {
  switch (value.type()) {
    case nlohmann::json::value_t::null:
      return std::string(null_text);
    case nlohmann::json::value_t::string:
      return value.get<std::string>();
    case nlohmann::json::value_t::boolean:
      return value.get<bool>() ? "true" : "false";
    case nlohmann::json::value_t::number_integer:
      return std::to_string(value.get<int64_t>());
    case nlohmann::json::value_t::number_unsigned:
      return std::to_string(value.get<uint64_t>());
    case nlohmann::json::value_t::number_float:
      return value.dump();  // shortest exact form
    default:
      return value.dump();
  }
}

}  // namespace lathe::cli
