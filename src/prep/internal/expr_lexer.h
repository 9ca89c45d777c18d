// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// The expression lexer: splits formula text into tokens, each with its byte offset. Keywords
// (and, or, not, in, ...) come out as identifiers; the parser recognises them case-insensitively.
// Pure function, thread-safe.
//
//   LATHE_ASSIGN_OR_RETURN(std::vector<Token> tokens, Tokenize("price * 2"));
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace lathe::prep::internal {

enum class Tok : uint8_t {
  kEnd,
  kInt,          // 42 (int_value)
  kFloat,        // 1.5, .5, 1e3, and integers too large for int64 (float_value)
  kString,       // 'it''s' (text = it's)
  kIdent,        // bare name or keyword (text)
  kQuotedIdent,  // "name with spaces" or `name` (text, unescaped)
  kLParen, kRParen, kComma,
  kPlus, kMinus, kStar, kSlash, kPercent, kConcat,  // + - * / % ||
  kEq, kNe, kLt, kLe, kGt, kGe,                     // = == != <> < <= > >=
};

struct Token {
  Tok kind = Tok::kEnd;
  size_t pos = 0;  // byte offset of the first character
  std::string text;
  int64_t int_value = 0;
  double float_value = 0;
};

// "')'", "end of expression", "identifier 'x'" — how a token reads in an error message.
std::string DescribeToken(const Token& token);

// Tokens of `text`, ending with one kEnd token at text.size(). InvalidArgument with details
// {"position"} for an unterminated string or quoted name, or a character that starts no token.
Result<std::vector<Token>> Tokenize(std::string_view text);

// InvalidArgument "<message> at position <pos>" with details {"position": pos}.
Status ExprError(const std::string& message, size_t pos);

}  // namespace lathe::prep::internal
