// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Resource ids: "<prefix>_" followed by 16 characters of lowercase base32 (alphabet
// 0-9 a-z without i, l, o, u: 80 random bits from the OS CSPRNG). URL-safe, case-stable, and
// unguessable. Thread-safe.
//
//   std::string id = NewId(kDatasetIdPrefix);      // "ds_5f3k9x0q2m7c1vbn"
//   if (LooksLikeId(s, kDatasetIdPrefix)) ...       // checks shape only, not existence
#pragma once

#include <string>
#include <string_view>

namespace lathe {

// Kind prefixes (DESIGN.md 3a). Pass these without the trailing underscore.
inline constexpr std::string_view kDatasetIdPrefix = "ds";
inline constexpr std::string_view kJobIdPrefix = "job";
inline constexpr std::string_view kModelIdPrefix = "mdl";
inline constexpr std::string_view kEndpointIdPrefix = "ep";
inline constexpr std::string_view kRunIdPrefix = "run";

// Number of random characters after "<prefix>_".
inline constexpr size_t kIdRandomChars = 16;

// Returns "<prefix>_" + 16 random base32 characters. `prefix` is [a-z]+ (a programmer choice,
// checked with LATHE_DCHECK). Aborts only if the OS random source fails, which it does not on
// Linux >= 3.17.
std::string NewId(std::string_view prefix);

// True if `s` is exactly "<prefix>_" followed by 16 characters of the id alphabet.
bool LooksLikeId(std::string_view s, std::string_view prefix);

}  // namespace lathe
