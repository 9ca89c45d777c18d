// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Human-readable formatting for the `lathe` CLI tables: byte sizes ("3.8 KB"), numbers with a
// few significant digits ("5.843"), percentages ("12.5%") and timestamps ("2026-11-29 11:22").
// Pure functions, thread-safe. Scripts should use `--json` instead of parsing these strings.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace lathe::cli {

// Returns `bytes` in binary units with one decimal above 1 KB: 512 -> "512 B", 3870 -> "3.8 KB",
// 5 * 1024 * 1024 -> "5.0 MB". Negative input is printed as "-".
std::string FormatBytes(int64_t bytes);

// Returns a compact decimal for tables: integers print without a fraction ("150"), other values
// with `significant` significant digits and trailing zeros removed ("5.843", "0.01234"); very
// large or small magnitudes use exponent form ("1.2e-07"). NaN prints "nan", infinities "inf".
std::string FormatNumber(double value, int significant = 4);

// Returns `fraction` (0..1) as a percentage with at most one decimal: 0.125 -> "12.5%",
// 0 -> "0%", 1 -> "100%". A non-zero fraction under 0.05% prints "<0.1%".
std::string FormatPercent(double fraction);

// Returns an ISO-8601 timestamp shortened for tables: "2026-11-29T11:22:33.456Z" ->
// "2026-11-29 11:22:33". Strings that do not look like ISO timestamps are returned unchanged.
std::string FormatTimestamp(std::string_view iso);

// Returns a JSON value as table text: strings unquoted, booleans
// "true"/"false", numbers exactly (shortest round-trip form, "5.1"), null as `null_text`; arrays
// and objects as compact JSON.
std::string FormatJsonValue(const nlohmann::json& value, std::string_view null_text = "null");

}  // namespace lathe::cli
