// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "cli/api_call.h"

#include <fstream>
#include <sstream>

#include "cli/api_error.h"

namespace lathe::cli {

Result<ApiAnswer> ParseAnswer(Result<HttpResponse> response) {
  if (!response.ok()) return response.status();
  if (response->status >= 400) return StatusFromHttpError(response->status, response->body);
  ApiAnswer answer{std::move(response->body), nlohmann::json()};
  answer.value = nlohmann::json::parse(answer.raw, nullptr, /*allow_exceptions=*/false);
  if (answer.value.is_discarded()) {
    return InternalError("the server sent invalid JSON (HTTP " + std::to_string(response->status) +
                         ")");
  }
  return answer;
}

void PrintRawJson(const CommandContext& context, const std::string& raw) {
  context.out << raw;
  if (raw.empty() || raw.back() != '\n') context.out << '\n';
}

ViewStyle Style(const CommandContext& context) { return ViewStyle{.color = context.color}; }

Result<nlohmann::json> ReadJsonFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  if (!in) return NotFoundError(path + ": cannot open the file").WithDetail("file", path);
  std::stringstream buffer;
  buffer << in.rdbuf();
  std::string text = buffer.str();
  try {
    return nlohmann::json::parse(text);
  } catch (const nlohmann::json::parse_error& e) {
    // e.byte is 1-based and points just past the offending character.
    size_t offset = e.byte > 0 ? std::min<size_t>(e.byte - 1, text.size()) : 0;
    size_t line = 1;
    size_t column = 1;
    for (size_t i = 0; i < offset; ++i) {
      if (text[i] == '\n') {
        ++line;
        column = 1;
      } else {
        ++column;
      }
    }
    std::string what = e.what();
    // nlohmann's message: "[json.exception.parse_error.101] parse error at line 1, column 2: ..."
    size_t colon = what.find(": ", what.find("parse error"));
    std::string reason = colon == std::string::npos ? what : what.substr(colon + 2);
    return InvalidArgumentError(path + ":" + std::to_string(line) + ":" + std::to_string(column) +
                                ": invalid JSON: " + reason)
        .WithDetail("file", path)
        .WithDetail("line", line)
        .WithDetail("column", column);
  }
}

}  // namespace lathe::cli
