// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Apertium modes: the installed translation directions (/usr/share/apertium/modes/*.mode, one
// shell pipeline per direction) and their null-flush form, the argv of each stage with its -z
// flag, as `apertium-wblank-mode -z` writes it (that tool is asked once per direction; the
// `apertium` wrapper script is never used). Stateless and thread-safe.
//
//   LATHE_ASSIGN_OR_RETURN(std::vector<ApertiumMode> modes, ListModes(kDefaultModesDir));
//   LATHE_ASSIGN_OR_RETURN(auto stages, NullFlushStages(modes[0].path, /*mark_unknown=*/false));
//   // stages[0] == {"lt-proc", "-z", "/usr/share/apertium/apertium-eng-spa/eng-spa.automorf.bin"}
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace lathe::services::translate {

inline constexpr std::string_view kDefaultModesDir = "/usr/share/apertium/modes";

// One translation direction as Lathe offers it. A mode can appear twice when its source has two
// AWS codes (Apertium's Portuguese is read for both "pt" and "pt-PT").
struct ApertiumMode {
  std::string name;    // the mode: "eng-spa", "es-pt_BR"
  std::string path;    // its .mode file
  std::string source;  // AWS code of the source language: "en"
  std::string target;  // AWS code of the target language: "es"
};

// The modes in `dir` whose two languages have AWS codes (language_codes.h), sorted by name then
// source; analysis-only modes and unmapped variants (Valencian, "eco-") are left out. NotFound
// if `dir` does not exist; an empty list if it has no usable mode.
Result<std::vector<ApertiumMode>> ListModes(std::string_view dir);

// The argv of each stage of `mode_path`'s pipeline in null-flush mode. `mark_unknown` passes -g
// to the generator (unknown words marked with '*', as `apertium` does by default) instead of -n
// (as `apertium -u`). Unavailable if apertium-wblank-mode cannot run; Unimplemented if the mode
// uses shell syntax other than quoted words, '|' and $1/$2 (the message gives the position).
Result<std::vector<std::vector<std::string>>> NullFlushStages(const std::string& mode_path,
                                                              bool mark_unknown);

// Splits a mode's shell line into stages (exposed for tests): words, '...' and "..." quoting,
// '|' between stages, $1 replaced by `generator_flag`, $2 dropped.
Result<std::vector<std::vector<std::string>>> ParseModeLine(std::string_view line,
                                                            std::string_view generator_flag);

}  // namespace lathe::services::translate
