// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Lexer and parser of the expression language: accepted syntax, precedence (checked by
// evaluating constant expressions), error messages with positions, and the limits that keep
// hostile input from overflowing the stack.
#include <string>

#include <gtest/gtest.h>

#include "data/table.h"
#include "prep/expression.h"
#include "prep/internal/expr_lexer.h"

namespace lathe::prep {
namespace {

// Parse error of `text`: checks code and that details carry position and expression.
Status ParseError(const std::string& text) {
  auto e = Expression::Parse(text);
  EXPECT_FALSE(e.ok()) << text;
  if (e.ok()) return Status::Ok();
  EXPECT_EQ(e.status().code(), StatusCode::kInvalidArgument);
  EXPECT_TRUE(e.status().details().contains("position")) << e.status().ToString();
  EXPECT_EQ(e.status().details().value("expression", ""), text);
  return e.status();
}

size_t Position(const Status& s) { return s.details().value("position", size_t{999999}); }

// Value of a constant expression evaluated over a one-row table, as text.
std::string Eval(const std::string& text) {
  data::Table t;
  data::Column c = data::Column::Make("x", data::DataType::kInt64);
  c.AppendInt(1);
  EXPECT_TRUE(t.AddColumn(std::move(c)).ok());
  auto e = Expression::Parse(text);
  if (!e.ok()) return "parse error: " + e.status().message();
  auto col = e->Evaluate(t, "out");
  if (!col.ok()) return "error: " + col.status().message();
  return col->IsNull(0) ? "null" : col->ToString(0);
}

TEST(ExprLexerTest, TokenizesWithPositions) {
  auto tokens = internal::Tokenize("a >= 'it''s' || `my col` <> 1.5e3");
  ASSERT_TRUE(tokens.ok()) << tokens.status().ToString();
  ASSERT_EQ(tokens->size(), 8u);
  EXPECT_EQ((*tokens)[0].kind, internal::Tok::kIdent);
  EXPECT_EQ((*tokens)[1].kind, internal::Tok::kGe);
  EXPECT_EQ((*tokens)[1].pos, 2u);
  EXPECT_EQ((*tokens)[2].kind, internal::Tok::kString);
  EXPECT_EQ((*tokens)[2].text, "it's");
  EXPECT_EQ((*tokens)[3].kind, internal::Tok::kConcat);
  EXPECT_EQ((*tokens)[4].kind, internal::Tok::kQuotedIdent);
  EXPECT_EQ((*tokens)[4].text, "my col");
  EXPECT_EQ((*tokens)[5].kind, internal::Tok::kNe);
  EXPECT_EQ((*tokens)[6].kind, internal::Tok::kFloat);
  EXPECT_DOUBLE_EQ((*tokens)[6].float_value, 1500.0);
  EXPECT_EQ((*tokens)[7].kind, internal::Tok::kEnd);
  EXPECT_EQ((*tokens)[7].pos, 33u);
}

TEST(ExprLexerTest, IntegerTooLargeBecomesFloat) {
  auto tokens = internal::Tokenize("99999999999999999999");
  ASSERT_TRUE(tokens.ok());
  EXPECT_EQ((*tokens)[0].kind, internal::Tok::kFloat);
  EXPECT_DOUBLE_EQ((*tokens)[0].float_value, 1e20);
}

TEST(ExprParseTest, MissingCloseParenNamesPosition) {
  Status s = ParseError("(price * 2 + 1");
  EXPECT_EQ(s.message(), "expected ')' at position 14");
  EXPECT_EQ(Position(s), 14u);
}

TEST(ExprParseTest, ErrorsNameTheirPositions) {
  EXPECT_EQ(Position(ParseError("a +")), 3u);
  EXPECT_NE(ParseError("a +").message().find("unexpected end of expression"), std::string::npos);
  Status s = ParseError("name = 'abc");
  EXPECT_EQ(Position(s), 7u);
  EXPECT_NE(s.message().find("unterminated string"), std::string::npos);
  s = ParseError("a # b");
  EXPECT_EQ(Position(s), 2u);
  EXPECT_NE(s.message().find("unexpected character '#'"), std::string::npos);
  s = ParseError("a b");
  EXPECT_EQ(Position(s), 2u);
  s = ParseError("1 + foo(2)");
  EXPECT_EQ(Position(s), 4u);
  EXPECT_NE(s.message().find("unknown function 'foo'"), std::string::npos);
  s = ParseError("log(1, 2)");
  EXPECT_NE(s.message().find("log() takes 1 argument, got 2"), std::string::npos);
  s = ParseError("x in (1, y)");
  EXPECT_EQ(Position(s), 9u);
  s = ParseError("x between 1 or 2");
  EXPECT_NE(s.message().find("expected 'and'"), std::string::npos);
  EXPECT_EQ(Position(s), 12u);
  s = ParseError("case x when 1 then 2 end");
  EXPECT_NE(s.message().find("expected 'when'"), std::string::npos);
  s = ParseError("case when x then 1");
  EXPECT_EQ(Position(s), 18u);
  s = ParseError("");
  EXPECT_NE(s.message().find("empty expression"), std::string::npos);
  s = ParseError("x is 1");
  EXPECT_NE(s.message().find("expected 'null'"), std::string::npos);
  s = ParseError("f(1,)");
  EXPECT_NE(s.message().find("unknown function"), std::string::npos);
  s = ParseError("round(1,)");
  EXPECT_EQ(Position(s), 8u);
}

TEST(ExprParseTest, BadRegexIsAnErrorAtThePattern) {
  Status s = ParseError("matches(name, '(unclosed')");
  EXPECT_EQ(Position(s), 14u);
  EXPECT_NE(s.message().find("invalid regular expression"), std::string::npos);
  s = ParseError("name matches '[z-a]'");
  EXPECT_EQ(Position(s), 13u);
  s = ParseError("matches(name, other)");
  EXPECT_NE(s.message().find("must be a 'quoted' string"), std::string::npos);
}

TEST(ExprParseTest, KeywordsAreCaseInsensitiveAndQuotingEscapesThem) {
  EXPECT_TRUE(Expression::Parse("A IS NOT NULL AND b NOT IN (1, 2) OR NOT c BETWEEN 1 AND 2")
                  .ok());
  EXPECT_TRUE(Expression::Parse("CASE WHEN a THEN 1 ELSE 2 END").ok());
  EXPECT_TRUE(Expression::Parse("LOG(x) + If(x > 1, 1, 2)").ok());
  Status s = ParseError("end + 1");
  EXPECT_NE(s.message().find("keyword"), std::string::npos);
  auto quoted = Expression::Parse("\"end\" + `my col`");
  ASSERT_TRUE(quoted.ok());
  EXPECT_EQ(quoted->Columns(), (std::vector<std::string>{"end", "my col"}));
}

TEST(ExprParseTest, ColumnsListsEachReferenceOnce) {
  auto e = Expression::Parse("a + b * a - coalesce(c, b)");
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(e->Columns(), (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(e->text(), "a + b * a - coalesce(c, b)");
}

TEST(ExprParseTest, PrecedenceAndAssociativity) {
  EXPECT_EQ(Eval("1 + 2 * 3"), "7");
  EXPECT_EQ(Eval("(1 + 2) * 3"), "9");
  EXPECT_EQ(Eval("10 - 4 - 3"), "3");
  EXPECT_EQ(Eval("2 * 3 % 4"), "2");
  EXPECT_EQ(Eval("-2 * 3"), "-6");
  EXPECT_EQ(Eval("- (2 + 3)"), "-5");
  EXPECT_EQ(Eval("--2"), "2");
  EXPECT_EQ(Eval("true or false and false"), "true");
  EXPECT_EQ(Eval("not 1 = 2"), "true");
  EXPECT_EQ(Eval("not true and false"), "false");
  EXPECT_EQ(Eval("'a' || 'b' = 'ab'"), "true");
  EXPECT_EQ(Eval("'n' || 1 + 2"), "n3");
  EXPECT_EQ(Eval("1 < 2 and 2 <= 2 and 3 > 2 and 3 >= 3 and 1 != 2 and 1 <> 2 and 1 == 1"),
            "true");
  EXPECT_EQ(Eval("x between 0 and 2 and x = 1"), "true");
  EXPECT_EQ(Eval("1e2 + .5"), "100.5");
}

TEST(ExprParseTest, NestingLimitRejectsHostileInputWithoutCrashing) {
  std::string deep(250, '(');
  deep += "1";
  deep += std::string(250, ')');
  Status s = ParseError(deep);
  EXPECT_NE(s.message().find("nested too deeply"), std::string::npos);

  std::string ok(150, '(');
  ok += "1";
  ok += std::string(150, ')');
  EXPECT_EQ(Eval(ok), "1");

  std::string nots;
  for (int i = 0; i < 5000; ++i) nots += "not ";
  nots += "true";
  EXPECT_NE(ParseError(nots).message().find("nested too deeply"), std::string::npos);

  std::string minus(20000, '-');
  minus += "1";
  EXPECT_NE(ParseError(minus).message().find("nested too deeply"), std::string::npos);

  std::string calls;
  for (int i = 0; i < 1000; ++i) calls += "abs(";
  calls += "1" + std::string(1000, ')');
  EXPECT_NE(ParseError(calls).message().find("nested too deeply"), std::string::npos);

  std::string sum = "1";
  for (int i = 0; i < 1000; ++i) sum += "+1";
  EXPECT_NE(ParseError(sum).message().find("too deeply nested"), std::string::npos);
  std::string small_sum = "1";
  for (int i = 0; i < 300; ++i) small_sum += "+1";
  EXPECT_EQ(Eval(small_sum), "301");
}

TEST(ExprParseTest, LengthLimit) {
  std::string huge = "x = '" + std::string(200000, 'a') + "'";
  Status s = ParseError(huge);
  EXPECT_NE(s.message().find("too long"), std::string::npos);
}

TEST(ExprParseTest, NoCodeExecution) {
  // Things that would mean something in a host language are syntax errors here.
  EXPECT_EQ(Position(ParseError("__import__('os').system('ls')")), 16u);
  EXPECT_NE(ParseError("__import__('os')").message().find("unknown function"), std::string::npos);
  EXPECT_EQ(Position(ParseError("x; drop table t")), 1u);
  EXPECT_EQ(Position(ParseError("`a`.b")), 3u);
  EXPECT_EQ(Position(ParseError("a[0]")), 1u);
}

}  // namespace
}  // namespace lathe::prep
