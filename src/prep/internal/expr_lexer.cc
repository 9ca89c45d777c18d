// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "prep/internal/expr_lexer.h"

#include <charconv>
#include <cmath>
#include <cstdio>

namespace lathe::prep::internal {
namespace {

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsIdentStart(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
         static_cast<unsigned char>(c) >= 0x80;  // UTF-8 letters in column names
}
bool IsIdentChar(char c) { return IsIdentStart(c) || IsDigit(c); }

// Reads a number starting at text[i] (a digit, or '.' followed by a digit).
Token LexNumber(std::string_view text, size_t& i) {
  Token t;
  t.pos = i;
  size_t j = i;
  bool is_float = false;
  while (j < text.size() && IsDigit(text[j])) ++j;
  if (j < text.size() && text[j] == '.') {
    is_float = true;
    ++j;
    while (j < text.size() && IsDigit(text[j])) ++j;
  }
  if (j < text.size() && (text[j] == 'e' || text[j] == 'E')) {
    size_t k = j + 1;
    if (k < text.size() && (text[k] == '+' || text[k] == '-')) ++k;
    if (k < text.size() && IsDigit(text[k])) {
      is_float = true;
      j = k;
      while (j < text.size() && IsDigit(text[j])) ++j;
    }
  }
  std::string_view digits = text.substr(i, j - i);
  t.text = std::string(digits);
  if (!is_float) {
    auto res = std::from_chars(digits.data(), digits.data() + digits.size(), t.int_value);
    if (res.ec == std::errc()) {
      t.kind = Tok::kInt;
      i = j;
      return t;
    }
  }
  t.kind = Tok::kFloat;
  auto res = std::from_chars(digits.data(), digits.data() + digits.size(), t.float_value);
  if (res.ec == std::errc::result_out_of_range) t.float_value = HUGE_VAL;
  i = j;
  return t;
}

// Reads text quoted by `quote` starting at text[i] (the opening quote); a doubled quote stands
// for one. False if unterminated.
bool LexQuoted(std::string_view text, size_t& i, char quote, std::string* out) {
  size_t j = i + 1;
  while (j < text.size()) {
    if (text[j] == quote) {
      if (j + 1 < text.size() && text[j + 1] == quote) {
        out->push_back(quote);
        j += 2;
        continue;
      }
      i = j + 1;
      return true;
    }
    out->push_back(text[j]);
    ++j;
  }
  return false;
}

struct Punct {
  std::string_view spelling;
  Tok kind;
};
// Longest spellings first.
constexpr Punct kPuncts[] = {
    {"||", Tok::kConcat}, {"==", Tok::kEq}, {"!=", Tok::kNe}, {"<>", Tok::kNe},
    {"<=", Tok::kLe},     {">=", Tok::kGe}, {"(", Tok::kLParen}, {")", Tok::kRParen},
    {",", Tok::kComma},   {"+", Tok::kPlus}, {"-", Tok::kMinus}, {"*", Tok::kStar},
    {"/", Tok::kSlash},   {"%", Tok::kPercent}, {"=", Tok::kEq}, {"<", Tok::kLt},
    {">", Tok::kGt},
};

}  // namespace

Status ExprError(const std::string& message, size_t pos) {
  return InvalidArgumentError(message + " at position " + std::to_string(pos))
      .WithDetail("position", pos);
}

std::string DescribeToken(const Token& token) {
  switch (token.kind) {
    case Tok::kEnd: return "end of expression";
    case Tok::kInt:
    case Tok::kFloat: return "number " + token.text;
    case Tok::kString: return "string '" + token.text + "'";
    case Tok::kIdent: return "'" + token.text + "'";
    case Tok::kQuotedIdent: return "column \"" + token.text + "\"";
    default: break;
  }
  for (const Punct& p : kPuncts) {
    if (p.kind == token.kind) return "'" + std::string(p.spelling) + "'";
  }
  return "token";
}

Result<std::vector<Token>> Tokenize(std::string_view text) {
  std::vector<Token> tokens;
  size_t i = 0;
  while (true) {
    while (i < text.size() && (text[i] == ' ' || text[i] == '\t' || text[i] == '\n' ||
                               text[i] == '\r')) {
      ++i;
    }
    if (i >= text.size()) break;
    const char c = text[i];
    if (IsDigit(c) || (c == '.' && i + 1 < text.size() && IsDigit(text[i + 1]))) {
      tokens.push_back(LexNumber(text, i));
      continue;
    }
    if (IsIdentStart(c)) {
      Token t;
      t.kind = Tok::kIdent;
      t.pos = i;
      size_t j = i;
      while (j < text.size() && IsIdentChar(text[j])) ++j;
      t.text = std::string(text.substr(i, j - i));
      i = j;
      tokens.push_back(std::move(t));
      continue;
    }
    if (c == '\'' || c == '"' || c == '`') {
      Token t;
      t.kind = c == '\'' ? Tok::kString : Tok::kQuotedIdent;
      t.pos = i;
      if (!LexQuoted(text, i, c, &t.text)) {
        return ExprError(c == '\'' ? "unterminated string" : "unterminated quoted column name",
                         t.pos);
      }
      if (t.kind == Tok::kQuotedIdent && t.text.empty()) {
        return ExprError("empty column name", t.pos);
      }
      tokens.push_back(std::move(t));
      continue;
    }
    bool matched = false;
    for (const Punct& p : kPuncts) {
      if (text.substr(i, p.spelling.size()) == p.spelling) {
        Token t;
        t.kind = p.kind;
        t.pos = i;
        t.text = std::string(p.spelling);
        i += p.spelling.size();
        tokens.push_back(std::move(t));
        matched = true;
        break;
      }
    }
    if (matched) continue;
    std::string shown(1, c);
    if (static_cast<unsigned char>(c) < 0x20 || c == 0x7f) {
      char buf[8];
      std::snprintf(buf, sizeof(buf), "\\x%02x", static_cast<unsigned>(c));
      shown = buf;
    }
    return ExprError("unexpected character '" + shown + "'", i);
  }
  Token end;
  end.kind = Tok::kEnd;
  end.pos = text.size();
  tokens.push_back(std::move(end));
  return tokens;
}

}  // namespace lathe::prep::internal
