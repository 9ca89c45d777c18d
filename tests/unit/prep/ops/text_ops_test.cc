// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Unit tests of the text operations (src/prep/ops/text.cc) and the UTF-8 case mapping.
#include <gtest/gtest.h>

#include "prep/internal/utf8_case.h"
#include "unit/prep/ops/ops_b_test_util.h"

namespace lathe::prep {
namespace {

using namespace opsb_test;  // NOLINT(build/namespaces): test helpers
using data::DataType;
using V = std::vector<std::string>;

TEST(TrimTest, TextAndCategoricalKeepTypesAndNulls) {
  data::Table t = MakeTable({Strings("s", {"  a ", "\tb\n", std::nullopt, "c", "   "}),
                             Strings("c", {" x", "x ", "x", std::nullopt, "y"},
                                     DataType::kCategorical)});
  auto out = RunStep({{"op", "trim"}, {"columns", {"s", "c"}}}, t);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(Col(*out, "s"), (V{"a", "b", "<null>", "c", ""}));
  EXPECT_EQ(Col(*out, "c"), (V{"x", "x", "x", "<null>", "y"}));
  const data::Column& c = out->column(1);
  EXPECT_EQ(c.type, DataType::kCategorical);
  EXPECT_EQ(c.dictionary.size(), 2u) << "' x', 'x ' and 'x' merge into one category";
  EXPECT_TRUE(Info("trim")->row_wise);
}

TEST(CaseTest, LowerUpperAsciiAndBeyond) {
  data::Table t = MakeTable({Strings("s", {"HeLLo World", "ÀÉÎÕÜ Ÿ", "ΑΒΓ Σ", "ПРИВЕТ Ёж",
                                          "straße", "Łódź", "123-_"})});
  auto lower = RunStep({{"op", "lower"}, {"columns", "s"}}, t);
  ASSERT_TRUE(lower.ok());
  EXPECT_EQ(Col(*lower, "s"),
            (V{"hello world", "àéîõü ÿ", "αβγ σ", "привет ёж", "straße", "łódź", "123-_"}));
  auto upper = RunStep({{"op", "upper"}, {"columns", "s"}}, t);
  ASSERT_TRUE(upper.ok());
  EXPECT_EQ(Col(*upper, "s"),
            (V{"HELLO WORLD", "ÀÉÎÕÜ Ÿ", "ΑΒΓ Σ", "ПРИВЕТ ЁЖ", "STRAßE", "ŁÓDŹ", "123-_"}));
}

TEST(CaseTest, InvalidUtf8PassesThrough) {
  std::string out;
  internal::AppendUpper(std::string("a\xC3") , &out);
  EXPECT_EQ(out, std::string("A\xC3"));
  out.clear();
  internal::AppendLower(std::string("\xC3(Z"), &out);
  EXPECT_EQ(out, std::string("\xC3(z"));
}

TEST(CaseTest, WrongTypeNamesColumnAndType) {
  data::Table t = MakeTable({Ints("n", {1})});
  auto out = RunStep({{"op", "upper"}, {"columns", {"n"}}}, t);
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(out.status().message().find("steps[0].columns[0]: column 'n' is int64"),
            std::string::npos)
      << out.status().message();
}

TEST(ReplaceTextTest, LiteralReplacesEveryOccurrence) {
  data::Table t = MakeTable({Strings("s", {"a.b.c", "none", std::nullopt, "..", ""})});
  auto out = RunStep(
      {{"op", "replace_text"}, {"column", "s"}, {"find", "."}, {"replace", "::"}}, t);
  ASSERT_TRUE(out.ok());
  EXPECT_EQ(Col(*out, "s"), (V{"a::b::c", "none", "<null>", "::::", ""}));
}

TEST(ReplaceTextTest, RegexWithGroupsOnCategorical) {
  data::Table t = MakeTable({Strings("d", {"2024-01-31", "1999-12-01", "x"},
                                     DataType::kCategorical)});
  auto out = RunStep({{"op", "replace_text"},
                      {"column", "d"},
                      {"find", "(\\d+)-(\\d+)-(\\d+)"},
                      {"replace", "\\3/\\2/\\1"},
                      {"regex", true}},
                     t);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(Col(*out, "d"), (V{"31/01/2024", "01/12/1999", "x"}));
  EXPECT_EQ(out->column(0).type, DataType::kCategorical);
}

TEST(ReplaceTextTest, BadRegexReportsRe2Message) {
  auto op = MakeOperation(
      {{"op", "replace_text"}, {"column", "s"}, {"find", "(a"}, {"replace", ""}, {"regex", true}},
      "steps[3]");
  ASSERT_FALSE(op.ok());
  EXPECT_NE(op.status().message().find("steps[3].find: invalid regular expression: missing )"),
            std::string::npos)
      << op.status().message();
  auto bad_rewrite = MakeOperation(
      {{"op", "replace_text"}, {"column", "s"}, {"find", "(a)"}, {"replace", "\\2"},
       {"regex", true}},
      "steps[3]");
  ASSERT_FALSE(bad_rewrite.ok());
  EXPECT_NE(bad_rewrite.status().message().find("steps[3].replace"), std::string::npos);
}

TEST(SplitColumnTest, IntoNamesLastTakesTheRest) {
  data::Table t = MakeTable({Ints("id", {1, 2, 3, 4}),
                             Strings("name", {"Ada King Lovelace", "Alan Turing", "Plato",
                                              std::nullopt})});
  auto out = RunStep(
      {{"op", "split_column"}, {"column", "name"}, {"delimiter", " "}, {"into", {"first", "rest"}}},
      t);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(Names(*out), (V{"id", "first", "rest"}));
  EXPECT_EQ(Col(*out, "first"), (V{"Ada", "Alan", "Plato", "<null>"}));
  EXPECT_EQ(Col(*out, "rest"), (V{"King Lovelace", "Turing", "<null>", "<null>"}));
}

TEST(SplitColumnTest, MaxPartsPrefixKeepOriginalCategorical) {
  data::Table t = MakeTable({Strings("tags", {"a|b", "a|b|c|d", "c", "a|b"},
                                     DataType::kCategorical)});
  auto out = RunStep({{"op", "split_column"},
                      {"column", "tags"},
                      {"delimiter", "|"},
                      {"max_parts", 3},
                      {"keep_original", true}},
                     t);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(Names(*out), (V{"tags", "tags_1", "tags_2", "tags_3"}));
  EXPECT_EQ(Col(*out, "tags_1"), (V{"a", "a", "c", "a"}));
  EXPECT_EQ(Col(*out, "tags_2"), (V{"b", "b", "<null>", "b"}));
  EXPECT_EQ(Col(*out, "tags_3"), (V{"<null>", "c|d", "<null>", "<null>"}));
  EXPECT_EQ(out->column(1).type, DataType::kCategorical);
  auto prefixed = RunStep({{"op", "split_column"}, {"column", "tags"}, {"delimiter", "|"},
                           {"max_parts", 2}, {"prefix", "t"}},
                          t);
  ASSERT_TRUE(prefixed.ok());
  EXPECT_EQ(Names(*prefixed), (V{"t1", "t2"}));
}

TEST(SplitColumnTest, Errors) {
  data::Table t = MakeTable({Strings("a", {"x-y"}), Strings("b", {"z"})});
  auto clash = RunStep(
      {{"op", "split_column"}, {"column", "a"}, {"delimiter", "-"}, {"into", {"b", "c"}}}, t);
  EXPECT_NE(clash.status().message().find("steps[0].into[0]: column 'b' already exists"),
            std::string::npos)
      << clash.status().message();
  // The split column itself may be reused as a name when it is dropped.
  auto reuse = RunStep(
      {{"op", "split_column"}, {"column", "a"}, {"delimiter", "-"}, {"into", {"a", "c"}}}, t);
  ASSERT_TRUE(reuse.ok()) << reuse.status().ToString();
  EXPECT_EQ(Names(*reuse), (V{"a", "c", "b"}));
  auto both = RunStep({{"op", "split_column"}, {"column", "a"}, {"delimiter", "-"},
                       {"into", {"p"}}, {"max_parts", 2}},
                      t);
  EXPECT_NE(both.status().message().find("steps[0].max_parts"), std::string::npos);
  auto empty = RunStep(
      {{"op", "split_column"}, {"column", "a"}, {"delimiter", ""}, {"into", {"p"}}}, t);
  EXPECT_NE(empty.status().message().find("steps[0].delimiter: must not be empty"),
            std::string::npos);
}

TEST(ExtractTest, CaptureGroupsNoMatchIsNull) {
  data::Table t = MakeTable({Strings("email", {"ada@example.org", "nobody", std::nullopt,
                                               "x@y.z"})});
  auto out = RunStep({{"op", "extract"},
                      {"column", "email"},
                      {"pattern", "([^@]+)@(.+)"},
                      {"into", {"user", "domain"}}},
                     t);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(Names(*out), (V{"email", "user", "domain"}));
  EXPECT_EQ(Col(*out, "user"), (V{"ada", "<null>", "<null>", "x"}));
  EXPECT_EQ(Col(*out, "domain"), (V{"example.org", "<null>", "<null>", "y.z"}));
}

TEST(ExtractTest, OptionalGroupThatDoesNotTakePartIsNull) {
  data::Table t = MakeTable({Strings("v", {"12kg", "7"}, DataType::kCategorical)});
  auto out = RunStep({{"op", "extract"}, {"column", "v"}, {"pattern", "(\\d+)([a-z]+)?"},
                      {"into", {"num", "unit"}}},
                     t);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(Col(*out, "num"), (V{"12", "7"}));
  EXPECT_EQ(Col(*out, "unit"), (V{"kg", "<null>"}));
  EXPECT_EQ(out->column(1).type, DataType::kCategorical);
}

TEST(ExtractTest, GroupCountMustMatchInto) {
  auto op = MakeOperation(
      {{"op", "extract"}, {"column", "v"}, {"pattern", "(a)(b)"}, {"into", {"x"}}}, "steps[1]");
  ASSERT_FALSE(op.ok());
  EXPECT_NE(op.status().message().find("steps[1].into: names 1 columns but the pattern has 2"),
            std::string::npos)
      << op.status().message();
  auto none = MakeOperation(
      {{"op", "extract"}, {"column", "v"}, {"pattern", "ab"}, {"into", {"x"}}}, "steps[1]");
  EXPECT_NE(none.status().message().find("no capture group"), std::string::npos);
}

TEST(TextOpsTest, EmptyInput) {
  data::Table t = MakeTable({Strings("s", {})});
  for (const nlohmann::json& step :
       {nlohmann::json{{"op", "trim"}, {"columns", "s"}},
        nlohmann::json{{"op", "split_column"}, {"column", "s"}, {"delimiter", ","},
                       {"into", {"a", "b"}}},
        nlohmann::json{{"op", "extract"}, {"column", "s"}, {"pattern", "(x)"}, {"into", {"x"}}}}) {
    auto out = RunStep(step, t);
    ASSERT_TRUE(out.ok()) << step.dump() << ": " << out.status().ToString();
    EXPECT_EQ(out->num_rows(), 0u);
  }
}

}  // namespace
}  // namespace lathe::prep
