// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Data files compiled into lathe::text (generated at build time by cmake/embed_data_files.cmake
// from the files under src/services/text/data/; sources and licences in each folder's README.md).
// Each function returns the file's bytes, valid for the life of the program. Thread-safe.
//
//   ForEachDataLine(internal::ValenceLexiconTsv(), [&](const DataLine& line) { ... });
#pragma once

#include <string_view>

namespace lathe::services::text::internal {

// data/sentiment/valence_lexicon.tsv: "token<TAB>valence" lines, valence in [-4, 4].
std::string_view ValenceLexiconTsv();
// data/sentiment/linear_model.tsv: "feature<TAB>weight" lines of the supervised sentiment model.
std::string_view SentimentModelTsv();
// data/sentiment/multilingual_lexicon.tsv: "language<TAB>stem<TAB>valence" lines (es, fr, it, pt;
// Snowball stems of lower-cased words without diacritics), valence in [-4, 4].
std::string_view MultilingualLexiconTsv();
// data/syntax/pos_lexicon.tsv: "word<TAB>TAG,TAG" lines, English, most frequent tag first.
std::string_view PosLexiconTsv();
// data/entities/gazetteer.tsv: "KIND<TAB>name" lines, KIND in COUNTRY REGION CITY FIRST_NAME.
std::string_view GazetteerTsv();
// data/language/language_profiles.tsv: per language "#code<TAB>total" then "ngram<TAB>count".
std::string_view LanguageProfilesTsv();

}  // namespace lathe::services::text::internal
