// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "services/translate/apertium_mode.h"

#include <algorithm>
#include <filesystem>
#include <system_error>
#include <tuple>

#include "services/translate/internal/subprocess.h"
#include "services/translate/language_codes.h"

namespace lathe::services::translate {
namespace {

struct ModeName {
  std::string source;   // Apertium code
  std::string target;   // Apertium code
  std::string variant;  // after '_' ("BR", "valencia"), may be ""
};

// "eng-spa" / "es-pt_BR"; false for anything else ("eco-es-fr", "eng-spa-morph").
bool SplitModeName(std::string_view name, ModeName* out) {
  const size_t dash = name.find('-');
  if (dash == std::string_view::npos || name.find('-', dash + 1) != std::string_view::npos) {
    return false;
  }
  out->source = std::string(name.substr(0, dash));
  std::string_view rest = name.substr(dash + 1);
  const size_t underscore = rest.find('_');
  if (underscore != std::string_view::npos) {
    out->variant = std::string(rest.substr(underscore + 1));
    rest = rest.substr(0, underscore);
  }
  out->target = std::string(rest);
  return !out->source.empty() && !out->target.empty();
}

Status SyntaxError(std::string_view line, size_t pos, std::string_view what) {
  return UnimplementedError("mode pipeline: " + std::string(what) + " at character " +
                            std::to_string(pos + 1) + " is not supported (only words, quotes, " +
                            "'|' and $1/$2): " + std::string(line.substr(0, 200)));
}

}  // namespace

Result<std::vector<ApertiumMode>> ListModes(std::string_view dir) {
  std::error_code ec;
  std::filesystem::directory_iterator it(dir, ec);
  if (ec) {
    return NotFoundError("Apertium modes directory '" + std::string(dir) + "': " + ec.message());
  }
  std::vector<ApertiumMode> modes;
  for (const auto& entry : it) {
    if (entry.path().extension() != ".mode") continue;
    const std::string name = entry.path().stem().string();
    ModeName parts;
    if (!SplitModeName(name, &parts)) continue;
    const std::string source = AwsLanguageCode(parts.source, "");
    const std::string target = AwsLanguageCode(parts.target, parts.variant);
    if (source.empty() || target.empty() || source == target) continue;
    modes.push_back(
        {.name = name, .path = entry.path().string(), .source = source, .target = target});
    // Apertium's Portuguese analyser reads Brazilian text too.
    if (source == "pt-PT") {
      modes.push_back(
          {.name = name, .path = entry.path().string(), .source = "pt", .target = target});
    }
  }
  std::sort(modes.begin(), modes.end(), [](const ApertiumMode& a, const ApertiumMode& b) {
    return std::tie(a.name, a.source) < std::tie(b.name, b.source);
  });
  return modes;
}

Result<std::vector<std::vector<std::string>>> ParseModeLine(std::string_view line,
                                                            std::string_view generator_flag) {
  std::vector<std::vector<std::string>> stages(1);
  std::string word;
  bool in_word = false;
  auto end_word = [&]() {
    if (in_word) stages.back().push_back(word);
    word.clear();
    in_word = false;
  };
  for (size_t pos = 0; pos < line.size(); ++pos) {
    const char c = line[pos];
    if (c == '\'' || c == '"') {
      const size_t close = line.find(c, pos + 1);
      if (close == std::string_view::npos) return SyntaxError(line, pos, "an unclosed quote");
      word.append(line.substr(pos + 1, close - pos - 1));
      in_word = true;
      pos = close;
    } else if (c == ' ' || c == '\t' || c == '\n' || c == '\r') {
      end_word();
    } else if (c == '|') {
      end_word();
      if (stages.back().empty()) return SyntaxError(line, pos, "an empty stage");
      stages.emplace_back();
    } else if (c == '$') {
      if (pos + 1 < line.size() && (line[pos + 1] == '1' || line[pos + 1] == '2')) {
        if (line[pos + 1] == '1') {
          word.append(generator_flag);
          in_word = true;
        }
        ++pos;
      } else {
        return SyntaxError(line, pos, "a '$' other than $1/$2");
      }
    } else if (c == '<' || c == '>' || c == ';' || c == '&' || c == '`' || c == '(' || c == ')' ||
               c == '\\') {
      return SyntaxError(line, pos, std::string("'") + c + "'");
    } else {
      word.push_back(c);
      in_word = true;
    }
  }
  end_word();
  if (stages.back().empty()) return SyntaxError(line, line.size(), "an empty last stage");
  return stages;
}

Result<std::vector<std::vector<std::string>>> NullFlushStages(const std::string& mode_path,
                                                              bool mark_unknown) {
  LATHE_ASSIGN_OR_RETURN(std::string line,
                         internal::RunAndCapture({"apertium-wblank-mode", "-z", mode_path}));
  Result<std::vector<std::vector<std::string>>> stages =
      ParseModeLine(line, mark_unknown ? "-g" : "-n");
  if (!stages.ok()) return stages.status().Annotate(mode_path);
  return stages;
}

}  // namespace lathe::services::translate
