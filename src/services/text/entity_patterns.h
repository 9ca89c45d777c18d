// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// DATE and QUANTITY entities by regular expressions (RE2, linear time): dates in numeric and
// written forms ("2026-03-14", "14/03/2026", "March 14, 2026", "the 3rd of May", "last Monday",
// "tomorrow", "10:30 am", "in 1998"), amounts of money, percentages, measures and counts ("$4.99",
// "20%", "3.5 kg", "two hours", "3 copies"). Month and unit words are English; the numeric forms
// serve every language. Compiled once; thread-safe.
//
//   for (const PatternEntity& e : FindDateAndQuantityEntities("Ship 3 boxes by May 2.")) {}
//   // QUANTITY "3 boxes" bytes [5, 12), DATE "May 2" [16, 21)
#pragma once

#include <cstddef>
#include <string_view>
#include <vector>

namespace lathe::services::text {

struct PatternEntity {
  std::string_view type;  // "DATE" or "QUANTITY"
  double score = 0.0;
  size_t begin_byte = 0;
  size_t end_byte = 0;
};

// Non-overlapping DATE and QUANTITY spans of valid UTF-8 `text`, in text order (a DATE wins over a
// QUANTITY it overlaps, a longer span over a shorter one).
std::vector<PatternEntity> FindDateAndQuantityEntities(std::string_view text);

}  // namespace lathe::services::text
