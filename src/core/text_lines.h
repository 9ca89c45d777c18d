// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// The line loop of the embedded data readers (lexicons, gazetteers, word lists, model weights):
// ForEachDataLine calls a function for each line of a text that is neither empty nor a comment
// ('#' first), with the line split at every tab. Lines end at '\n' (a '\r' before it is dropped).
// Header-only; no state, thread-safe.
//
//   ForEachDataLine(tsv, [&](const DataLine& line) {
//     if (line.fields.size() >= 2) weights[std::string(line.fields[0])] = Parse(line.fields[1]);
//   });
//   // A function that returns Status stops the loop at its first error, which is returned:
//   Status s = ForEachDataLine(tsv, [&](const DataLine& line) -> Status { ... });
#pragma once

#include <cstddef>
#include <span>
#include <string_view>
#include <type_traits>
#include <vector>

#include "core/status.h"

namespace lathe {

// One data line of a text.
struct DataLine {
  size_t number = 0;                          // 1-based line number in the whole text
  std::string_view text;                      // the line without its end ("\n" or "\r\n")
  std::span<const std::string_view> fields;   // `text` split at every tab (one field if none)
};

// Calls `fn(const DataLine&)` for every non-empty line of `text` that does not start with '#'.
// The views point into `text` and last as long as it does; `fields` only until `fn` returns. When
// `fn` returns Status, the loop stops at the first error and returns it (else Ok); when it returns
// void, so does ForEachDataLine.
template <typename Fn>
auto ForEachDataLine(std::string_view text, Fn&& fn) {
  constexpr bool kReturnsStatus = std::is_same_v<std::invoke_result_t<Fn&, const DataLine&>, Status>;
  std::vector<std::string_view> fields;
  size_t number = 0;
  for (size_t pos = 0; pos < text.size();) {
    size_t eol = text.find('\n', pos);
    if (eol == std::string_view::npos) eol = text.size();
    std::string_view line = text.substr(pos, eol - pos);
    pos = eol + 1;
    ++number;
    if (!line.empty() && line.back() == '\r') line.remove_suffix(1);
    if (line.empty() || line.front() == '#') continue;
    fields.clear();
    for (size_t start = 0;;) {
      const size_t tab = line.find('\t', start);
      fields.push_back(line.substr(start, tab == std::string_view::npos ? tab : tab - start));
      if (tab == std::string_view::npos) break;
      start = tab + 1;
    }
    const DataLine data{number, line, fields};
    if constexpr (kReturnsStatus) {
      Status status = fn(data);
      if (!status.ok()) return status;
    } else {
      fn(data);
    }
  }
  if constexpr (kReturnsStatus) return Status::Ok();
}

}  // namespace lathe
