// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Custom terminology (Amazon Translate's ImportTerminology): a table whose header row holds
// language codes and whose rows are the same term in each language, read from CSV or TSV. With
// directionality UNI the first column is the source language and the others are targets; with
// MULTI any column can be the source. FindTerms finds the source terms in a text (whole words,
// case-sensitive, longest first) so the translator can carry the target terms through the
// pipeline verbatim. Plain values; thread-compatible.
//
//   LATHE_ASSIGN_OR_RETURN(TermTable t, ParseTerminology("en,es\nLathe,Torno\n", "CSV"));
//   std::vector<TermMatch> m = FindTerms({&t}, "I use Lathe.", "en", "es");  // "Lathe"->"Torno"
#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace lathe::services::translate {

struct TermTable {
  std::string name;                            // the terminology's name
  std::vector<std::string> languages;          // header row: AWS codes, one per column
  std::vector<std::vector<std::string>> rows;  // each as wide as `languages`; "" = no term
  std::string directionality = "UNI";          // "UNI" | "MULTI"
  int skipped_rows = 0;                        // rows without a source term
};

// One term found in a text: bytes [begin, end) become `target_text`.
struct TermMatch {
  size_t begin = 0;
  size_t end = 0;
  std::string terminology;
  std::string source_text;
  std::string target_text;
};

// Parses a terminology file. `format` is "CSV" (RFC 4180 quoting) or "TSV"; "TMX" and others are
// InvalidArgument. Errors name the line: "line 3: expected 2 fields, found 3", "line 1: 'e s' is
// not a language code", "line 5: a quoted field is not closed", "line 2: not UTF-8". A UTF-8 BOM
// and CRLF line ends are accepted; blank lines are skipped.
Result<TermTable> ParseTerminology(std::string_view file, std::string_view format,
                                   std::string_view directionality = "UNI");

// `table` written back as CSV (header first).
std::string TermTableToCsv(const TermTable& table);

// Occurrences of the tables' `source` terms in `text` that have a `target` term, left to right,
// non-overlapping, the longest term winning at a position. A match must not touch a letter or
// digit on either side (ASCII alphanumerics and any non-ASCII byte count as letters).
std::vector<TermMatch> FindTerms(const std::vector<const TermTable*>& tables, std::string_view text,
                                 std::string_view source, std::string_view target);

}  // namespace lathe::services::translate
