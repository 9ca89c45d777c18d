// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Data files compiled into lathe::translate (generated at build time by cmake/embed_data_files.cmake;
// sources and licences in each data folder's README.md). Each function returns the file's
// bytes, valid for the life of the program. Thread-safe.
//
//   std::string_view tsv = internal::ProfanityTsv();
#pragma once

#include <string_view>

namespace lathe::services::translate::internal {

// data/profanity/profanity.tsv: "language<TAB>lower-case word or phrase" lines, '#' comments.
std::string_view ProfanityTsv();

}  // namespace lathe::services::translate::internal
