// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "serving/invocation_codec.h"

#include <cmath>

#include <gtest/gtest.h>
#include <nlohmann/json.hpp>

namespace lathe::serving {
namespace {

using data::DataType;
using nlohmann::json;

// A pima-like schema with one column of each interesting type.
InputSchema MixedSchema() {
  InputSchema s;
  s.columns = {"pregnancies", "glucose", "smoker", "city", "note", "visit"};
  s.types = {DataType::kInt64, DataType::kFloat64, DataType::kBool,
             DataType::kCategorical, DataType::kText, DataType::kDate};
  return s;
}

InputSchema NumericSchema(size_t n) {
  InputSchema s;
  for (size_t i = 0; i < n; ++i) {
    s.columns.push_back("c" + std::to_string(i));
    s.types.push_back(DataType::kFloat64);
  }
  return s;
}

data::Table Decode(WireFormat f, std::string_view body, const InputSchema& schema) {
  Result<data::Table> t = DecodeRows(f, body, schema, 1000);
  EXPECT_TRUE(t.ok()) << t.status().ToString();
  return t.ok() ? std::move(t).value() : data::Table();
}

std::string DecodeError(WireFormat f, std::string_view body, const InputSchema& schema,
                        size_t max_rows = 1000) {
  Result<data::Table> t = DecodeRows(f, body, schema, max_rows);
  EXPECT_FALSE(t.ok()) << "decoded without error: " << body;
  if (t.ok()) return "";
  EXPECT_EQ(t.status().code(), StatusCode::kInvalidArgument);
  return t.status().message();
}

// Checks the mixed table built from the rows (2, 148.5, true, "New York", "a, \"quoted\" note",
// 2024-01-31) and (null, 85, false, "3", null, null).
void ExpectMixedRows(const data::Table& t) {
  ASSERT_EQ(t.num_columns(), 6u);
  ASSERT_EQ(t.num_rows(), 2u);
  const data::Column& preg = t.column(0);
  EXPECT_EQ(preg.name, "pregnancies");
  EXPECT_EQ(preg.type, DataType::kInt64);
  EXPECT_EQ(preg.IntAt(0), 2);
  EXPECT_TRUE(preg.IsNull(1));
  EXPECT_EQ(t.column(1).type, DataType::kFloat64);
  EXPECT_DOUBLE_EQ(t.column(1).DoubleAt(0), 148.5);
  EXPECT_DOUBLE_EQ(t.column(1).DoubleAt(1), 85.0);
  EXPECT_EQ(t.column(2).type, DataType::kBool);
  EXPECT_TRUE(t.column(2).BoolAt(0));
  EXPECT_FALSE(t.column(2).BoolAt(1));
  EXPECT_EQ(t.column(3).type, DataType::kCategorical);
  EXPECT_EQ(t.column(3).StringAt(0), "New York");
  EXPECT_EQ(t.column(3).StringAt(1), "3");  // a number in a categorical column: "3", not "3.0"
  EXPECT_EQ(t.column(4).type, DataType::kText);
  EXPECT_EQ(t.column(4).StringAt(0), "a, \"quoted\" note");
  EXPECT_TRUE(t.column(4).IsNull(1));
  EXPECT_EQ(t.column(5).type, DataType::kDate);
  EXPECT_EQ(t.column(5).ToString(0), "2024-01-31");
  EXPECT_TRUE(t.column(5).IsNull(1));
}

TEST(ContentTypeTest, ParsesSupportedTypesWithParameters) {
  EXPECT_EQ(*ParseContentType("text/csv"), WireFormat::kCsv);
  EXPECT_EQ(*ParseContentType("Text/CSV; charset=utf-8"), WireFormat::kCsv);
  EXPECT_EQ(*ParseContentType("application/json"), WireFormat::kJson);
  EXPECT_EQ(*ParseContentType(" application/jsonlines ;x=y"), WireFormat::kJsonLines);
  EXPECT_EQ(*ParseContentType("application/x-ndjson"), WireFormat::kJsonLines);
}

TEST(ContentTypeTest, RejectsUnsupportedTypeNamingItAndTheSupportedOnes) {
  Result<WireFormat> r = ParseContentType("application/x-protobuf");
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().code(), StatusCode::kInvalidArgument);
  EXPECT_NE(r.status().message().find("'application/x-protobuf'"), std::string::npos);
  EXPECT_NE(r.status().message().find("text/csv, application/json, application/jsonlines"),
            std::string::npos);
  EXPECT_FALSE(ParseContentType("").ok());
}

TEST(ResponseFormatTest, DefaultsToJsonForCsvAndTheSameFlavourForJson) {
  EXPECT_EQ(*ResponseFormat(std::nullopt, WireFormat::kCsv), WireFormat::kJson);
  EXPECT_EQ(*ResponseFormat("*/*", WireFormat::kCsv), WireFormat::kJson);
  EXPECT_EQ(*ResponseFormat(std::nullopt, WireFormat::kJsonLines), WireFormat::kJsonLines);
  EXPECT_EQ(*ResponseFormat("*/*", WireFormat::kJson), WireFormat::kJson);
  EXPECT_EQ(*ResponseFormat("", WireFormat::kJsonLines), WireFormat::kJsonLines);
}

TEST(ResponseFormatTest, PicksTheHighestQualitySupportedType) {
  EXPECT_EQ(*ResponseFormat("text/csv", WireFormat::kJson), WireFormat::kCsv);
  EXPECT_EQ(*ResponseFormat("text/csv;q=0.5, application/json", WireFormat::kCsv),
            WireFormat::kJson);
  EXPECT_EQ(*ResponseFormat("application/json;q=0.2, text/csv;q=0.9", WireFormat::kJson),
            WireFormat::kCsv);
  // Unsupported entries are skipped; ties go to the first listed.
  EXPECT_EQ(*ResponseFormat("image/png, application/jsonlines, text/csv", WireFormat::kCsv),
            WireFormat::kJsonLines);
  EXPECT_EQ(*ResponseFormat("text/*", WireFormat::kJson), WireFormat::kCsv);
  EXPECT_EQ(*ResponseFormat("application/*", WireFormat::kJsonLines), WireFormat::kJsonLines);
  // q=0 means "not acceptable".
  EXPECT_EQ(*ResponseFormat("text/csv;q=0, */*;q=0.1", WireFormat::kCsv), WireFormat::kJson);
}

TEST(ResponseFormatTest, RejectsAcceptWithNothingSupported) {
  Result<WireFormat> r = ResponseFormat("image/png, text/html", WireFormat::kCsv);
  ASSERT_FALSE(r.ok());
  EXPECT_NE(r.status().message().find("'image/png, text/html'"), std::string::npos);
  EXPECT_FALSE(ResponseFormat("text/csv;q=0", WireFormat::kCsv).ok());
}

TEST(DecodeCsvTest, DecodesMixedTypesQuotesMissingValuesAndCrlf) {
  const std::string body =
      "2,148.5,true,New York,\"a, \"\"quoted\"\" note\",2024-01-31\r\n"
      ",85,0,3,,\r\n";
  ExpectMixedRows(Decode(WireFormat::kCsv, body, MixedSchema()));
}

TEST(DecodeCsvTest, AcceptsNoTrailingNewlineAndSkipsBlankLines) {
  InputSchema s = NumericSchema(2);
  data::Table t = Decode(WireFormat::kCsv, "1,2\n\n3.5,-4e2", s);
  ASSERT_EQ(t.num_rows(), 2u);
  EXPECT_DOUBLE_EQ(t.column(0).DoubleAt(1), 3.5);
  EXPECT_DOUBLE_EQ(t.column(1).DoubleAt(1), -400.0);
}

TEST(DecodeCsvTest, QuotedFieldsMayHoldNewlinesAndMissingMarkersAreNull) {
  InputSchema s;
  s.columns = {"text", "x"};
  s.types = {DataType::kText, DataType::kFloat64};
  data::Table t = Decode(WireFormat::kCsv, "\"line one\nline two\",NA\n\" padded \", 7 \n", s);
  ASSERT_EQ(t.num_rows(), 2u);
  EXPECT_EQ(t.column(0).StringAt(0), "line one\nline two");
  EXPECT_TRUE(t.column(1).IsNull(0));
  EXPECT_EQ(t.column(0).StringAt(1), " padded ");  // spaces inside the quotes are kept
  EXPECT_DOUBLE_EQ(t.column(1).DoubleAt(1), 7.0);
}

TEST(DecodeCsvTest, WrongFieldCountNamesTheRowAndTheColumns) {
  InputSchema s = NumericSchema(8);
  s.columns[0] = "pregnancies";
  s.columns[1] = "glucose";
  const std::string body = "1,2,3,4,5,6,7,8\n1,2,3,4,5,6,7,8\n1,2,3,4,5,6,7\n";
  EXPECT_EQ(DecodeError(WireFormat::kCsv, body, s),
            "row 3: expected 8 values (pregnancies, glucose, c2, c3, c4, ...), got 7");
  Result<data::Table> r = DecodeRows(WireFormat::kCsv, body, s, 100);
  EXPECT_EQ(r.status().details()["row"], 3);
}

TEST(DecodeCsvTest, BadNumberNamesRowAndColumn) {
  InputSchema s = NumericSchema(3);
  s.columns[1] = "glucose";
  EXPECT_EQ(DecodeError(WireFormat::kCsv, "1,2,3\n4,abc,6\n", s),
            "row 2, column 'glucose' (2): expected a number, got 'abc'");
}

TEST(DecodeCsvTest, EveryTypedColumnRejectsTheWrongKindOfValue) {
  InputSchema s = MixedSchema();
  EXPECT_EQ(DecodeError(WireFormat::kCsv, "x,1,true,a,b,2024-01-01\n", s),
            "row 1, column 'pregnancies' (1): expected a number, got 'x'");
  EXPECT_EQ(DecodeError(WireFormat::kCsv, "1,1,maybe,a,b,2024-01-01\n", s),
            "row 1, column 'smoker' (3): expected true or false, got 'maybe'");
  EXPECT_EQ(DecodeError(WireFormat::kCsv, "1,1,true,a,b,31/01/2024\n", s),
            "row 1, column 'visit' (6): expected a date (YYYY-MM-DD), got '31/01/2024'");
}

TEST(DecodeCsvTest, QuoteErrorsNameTheRow) {
  InputSchema s = NumericSchema(2);
  EXPECT_EQ(DecodeError(WireFormat::kCsv, "1,2\n\"3,4\n", s),
            "row 2: unterminated quoted field starting at byte 5");
  EXPECT_EQ(DecodeError(WireFormat::kCsv, "\"1\"x,2\n", s),
            "row 1: unexpected text after the closing quote of value 1 (byte 4)");
}

TEST(DecodeCsvTest, IntegerColumnWidensForFractions) {
  InputSchema s;
  s.columns = {"n"};
  s.types = {DataType::kInt64};
  data::Table t = Decode(WireFormat::kCsv, "3\n2.5\n", s);
  ASSERT_EQ(t.column(0).type, DataType::kFloat64);
  EXPECT_DOUBLE_EQ(t.column(0).DoubleAt(0), 3.0);
  EXPECT_DOUBLE_EQ(t.column(0).DoubleAt(1), 2.5);
  data::Table ints = Decode(WireFormat::kCsv, "3\n4.0\n", s);
  EXPECT_EQ(ints.column(0).type, DataType::kInt64);
  EXPECT_EQ(ints.column(0).IntAt(1), 4);
}

TEST(DecodeCsvTest, InfersUntypedColumnsFromTheCells) {
  InputSchema s;
  s.columns = {"a", "b", "c", "d"};
  s.types = {std::nullopt, std::nullopt, std::nullopt, std::nullopt};
  data::Table t = Decode(WireFormat::kCsv, "1,1.5,x,\n2,3,4,\n", s);
  EXPECT_EQ(t.column(0).type, DataType::kInt64);
  EXPECT_EQ(t.column(0).IntAt(1), 2);
  EXPECT_EQ(t.column(1).type, DataType::kFloat64);
  EXPECT_DOUBLE_EQ(t.column(1).DoubleAt(1), 3.0);
  EXPECT_EQ(t.column(2).type, DataType::kCategorical);
  EXPECT_EQ(t.column(2).StringAt(1), "4");
  EXPECT_EQ(t.column(3).type, DataType::kText);  // no values at all
  EXPECT_EQ(t.column(3).NullCount(), 2u);
}

TEST(DecodeCsvTest, EmptyBodyAndRowLimit) {
  InputSchema s = NumericSchema(2);
  EXPECT_EQ(DecodeError(WireFormat::kCsv, "", s), "the request body is empty");
  EXPECT_EQ(DecodeError(WireFormat::kCsv, "\n\r\n", s), "the request body is empty");
  InputSchema one = NumericSchema(1);  // with one column a blank line is a null row, but not all
  EXPECT_EQ(DecodeError(WireFormat::kCsv, "\n", one), "the request body is empty");
  EXPECT_EQ(Decode(WireFormat::kCsv, "1\n\n2\n", one).column(0).NullCount(), 1u);
  EXPECT_EQ(DecodeRows(WireFormat::kJson, "[]", s, 10).status().details()["empty_body"], true);
  EXPECT_EQ(DecodeError(WireFormat::kCsv, "1,2\n3,4\n5,6\n", s, 2),
            "more than 2 rows (the limit per request)");
  EXPECT_EQ(Decode(WireFormat::kCsv, "1,2\n3,4\n", s).num_rows(), 2u);
}

// The request path decodes every request into one table per thread: each call must give the
// same table as a fresh decode, whatever the table held before.
TEST(DecodeRowsIntoTest, RefillsTheSameTableAsAFreshDecodeWould) {
  const InputSchema mixed = MixedSchema();
  const std::string body =
      "2,148.5,true,New York,\"a, \"\"quoted\"\" note\",2024-01-31\r\n,85,0,3,,\n";
  data::Table t;
  ASSERT_TRUE(DecodeRowsInto(WireFormat::kCsv, body, mixed, 1000, &t).ok());
  ExpectMixedRows(t);
  // Different values into the same columns: nothing of the first call is left.
  ASSERT_TRUE(DecodeRowsInto(WireFormat::kCsv, "7,1.25,false,Paris,x,2020-02-29\n", mixed, 1000,
                             &t)
                  .ok());
  ASSERT_EQ(t.num_rows(), 1u);
  EXPECT_EQ(t.column(0).IntAt(0), 7);
  EXPECT_DOUBLE_EQ(t.column(1).DoubleAt(0), 1.25);
  EXPECT_FALSE(t.column(2).BoolAt(0));
  EXPECT_EQ(t.column(3).StringAt(0), "Paris");
  EXPECT_EQ(t.column(3).dictionary.size(), 1u);  // the earlier categories are gone
  EXPECT_EQ(t.column(4).StringAt(0), "x");
  EXPECT_EQ(t.column(5).ToString(0), "2020-02-29");
  for (const data::Column& c : t.columns()) EXPECT_EQ(c.size(), 1u) << c.name;
  // JSON into the same table, then back to CSV.
  ASSERT_TRUE(DecodeRowsInto(WireFormat::kJson,
                             R"({"instances": [{"pregnancies": 2, "glucose": 148.5, "smoker": true,
                                 "city": "New York", "note": "a, \"quoted\" note",
                                 "visit": "2024-01-31"},
                                [null, 85, false, 3, null, null]]})",
                             mixed, 1000, &t)
                  .ok());
  ExpectMixedRows(t);
  ASSERT_TRUE(DecodeRowsInto(WireFormat::kCsv, body, mixed, 1000, &t).ok());
  ExpectMixedRows(t);
}

TEST(DecodeRowsIntoTest, AWidenedColumnGetsItsTypeBackAndOtherSchemasRebuildTheTable) {
  InputSchema n;
  n.columns = {"n"};
  n.types = {DataType::kInt64};
  data::Table t;
  ASSERT_TRUE(DecodeRowsInto(WireFormat::kCsv, "2.5\n", n, 10, &t).ok());
  EXPECT_EQ(t.column(0).type, DataType::kFloat64);
  ASSERT_TRUE(DecodeRowsInto(WireFormat::kCsv, "4\n", n, 10, &t).ok());
  ASSERT_EQ(t.column(0).type, DataType::kInt64);
  EXPECT_EQ(t.column(0).IntAt(0), 4);
  // A table of another schema (another endpoint on the same thread) is rebuilt.
  InputSchema inferred;
  inferred.columns = {"a", "b"};
  inferred.types = {std::nullopt, std::nullopt};
  ASSERT_TRUE(DecodeRowsInto(WireFormat::kCsv, "1,x\n2,y\n", inferred, 10, &t).ok());
  ASSERT_EQ(t.num_columns(), 2u);
  EXPECT_EQ(t.column(0).name, "a");
  EXPECT_EQ(t.column(0).type, DataType::kInt64);
  EXPECT_EQ(t.column(1).type, DataType::kCategorical);
  EXPECT_EQ(t.column(1).StringAt(1), "y");
  ASSERT_TRUE(DecodeRowsInto(WireFormat::kCsv, "1.5,3\n", inferred, 10, &t).ok());
  EXPECT_EQ(t.column(0).type, DataType::kFloat64);
  EXPECT_EQ(t.column(1).type, DataType::kInt64);
  EXPECT_EQ(t.num_rows(), 1u);
  // An error leaves a table the next call refills.
  Status bad = DecodeRowsInto(WireFormat::kCsv, "1,2\n3\n", inferred, 10, &t);
  EXPECT_EQ(bad.message(), "row 2: expected 2 values (a, b), got 1");
  ASSERT_TRUE(DecodeRowsInto(WireFormat::kCsv, "5,6\n", inferred, 10, &t).ok());
  EXPECT_EQ(t.num_rows(), 1u);
  EXPECT_EQ(t.column(1).IntAt(0), 6);
}

TEST(DecodeJsonTest, DecodesInstancesAsArraysAndAsObjects) {
  const InputSchema s = MixedSchema();
  ExpectMixedRows(Decode(WireFormat::kJson,
                         R"({"instances": [[2, 148.5, true, "New York", "a, \"quoted\" note",
                                            "2024-01-31"],
                                           [null, 85, false, 3, null, null]]})",
                         s));
  // Objects: keys in any order; a missing key is a missing value.
  ExpectMixedRows(Decode(WireFormat::kJson,
                         R"({"instances": [
                            {"visit": "2024-01-31", "pregnancies": 2, "glucose": 148.5,
                             "smoker": "yes", "city": "New York", "note": "a, \"quoted\" note"},
                            {"glucose": 85, "smoker": 0, "city": 3.0}]})",
                         s));
}

TEST(DecodeJsonTest, AcceptsBareArrayOfRowsAndFeatures) {
  const InputSchema s = NumericSchema(3);
  data::Table t = Decode(WireFormat::kJson, "[[1,2,3],[4,5,6]]", s);
  ASSERT_EQ(t.num_rows(), 2u);
  EXPECT_DOUBLE_EQ(t.column(2).DoubleAt(1), 6.0);
  data::Table one = Decode(WireFormat::kJson, R"({"features": [7, "8", 9e1]})", s);
  ASSERT_EQ(one.num_rows(), 1u);
  EXPECT_DOUBLE_EQ(one.column(1).DoubleAt(0), 8.0);
  EXPECT_DOUBLE_EQ(one.column(2).DoubleAt(0), 90.0);
}

TEST(DecodeJsonTest, ErrorsNameRowAndColumn) {
  InputSchema s = NumericSchema(3);
  s.columns[1] = "glucose";
  EXPECT_EQ(DecodeError(WireFormat::kJson, R"({"instances": [[1,2,3],[1,"abc",3]]})", s),
            "row 2, column 'glucose' (2): expected a number, got 'abc'");
  EXPECT_EQ(DecodeError(WireFormat::kJson, R"({"instances": [[1,2,3],[1,2]]})", s),
            "row 2: expected 3 values (c0, glucose, c2), got 2");
  EXPECT_EQ(DecodeError(WireFormat::kJson, R"([{"c0": 1, "glucose": 2, "insulin": 3}])", s),
            "row 1: unknown column 'insulin' (the model takes c0, glucose, c2)");
  EXPECT_EQ(DecodeError(WireFormat::kJson, R"([[1, [2], 3]])", s),
            "row 1, column 'glucose' (2): expected a single value, got an array");
  EXPECT_EQ(DecodeError(WireFormat::kJson, R"([1, 2, 3])", s),
            "row 1: expected an array of values or an object by column name, got a number "
            "(send one row as {\"features\": [...]} or [[...]])");
  EXPECT_EQ(DecodeError(WireFormat::kJson, R"({"rows": []})", s),
            "expected {\"instances\": [rows]}, {\"features\": [values]} or an array of rows");
  EXPECT_EQ(DecodeError(WireFormat::kJson, R"({"instances": []})", s),
            "the request body is empty");
  EXPECT_EQ(DecodeError(WireFormat::kJson, "  ", s), "the request body is empty");
  EXPECT_EQ(DecodeError(WireFormat::kJson, "[[1,2,3],[4,5,6]]", s, 1),
            "more than 1 rows (the limit per request)");
}

TEST(DecodeJsonTest, MalformedJsonGivesTheByteOffset) {
  const InputSchema s = NumericSchema(3);
  std::string msg = DecodeError(WireFormat::kJson, R"({"instances": [[1,2,3],[1,2,}]})", s);
  EXPECT_EQ(msg.rfind("malformed JSON at byte 29", 0), 0u) << msg;
  Result<data::Table> r = DecodeRows(WireFormat::kJson, "[[1,2,3]", s, 10);
  ASSERT_FALSE(r.ok());
  EXPECT_EQ(r.status().details()["byte"], 9);
}

TEST(DecodeJsonTest, BooleanAndNumberCoercions) {
  InputSchema s;
  s.columns = {"flag", "n", "label"};
  s.types = {DataType::kBool, DataType::kFloat64, DataType::kText};
  data::Table t = Decode(WireFormat::kJson, R"([[1, true, 2.5], ["false", false, true]])", s);
  EXPECT_TRUE(t.column(0).BoolAt(0));
  EXPECT_FALSE(t.column(0).BoolAt(1));
  EXPECT_DOUBLE_EQ(t.column(1).DoubleAt(0), 1.0);
  EXPECT_EQ(t.column(2).StringAt(0), "2.5");
  EXPECT_EQ(t.column(2).StringAt(1), "true");
  EXPECT_EQ(DecodeError(WireFormat::kJson, R"([[2, 1, "x"]])", s),
            "row 1, column 'flag' (1): expected true or false, got 2");
}

TEST(DecodeJsonLinesTest, DecodesOneRowPerLine) {
  const InputSchema s = MixedSchema();
  ExpectMixedRows(Decode(WireFormat::kJsonLines,
                         "[2, 148.5, true, \"New York\", \"a, \\\"quoted\\\" note\", "
                         "\"2024-01-31\"]\r\n\n"
                         "{\"glucose\": 85, \"smoker\": false, \"city\": \"3\"}\n",
                         s));
}

TEST(DecodeJsonLinesTest, ErrorsNameTheLineOrRow) {
  const InputSchema s = NumericSchema(2);
  EXPECT_EQ(DecodeError(WireFormat::kJsonLines, "[1,2]\n\n[1,\"x\"]\n", s),
            "row 2, column 'c1' (2): expected a number, got 'x'");
  std::string msg = DecodeError(WireFormat::kJsonLines, "[1,2]\n[1,2\n", s);
  EXPECT_EQ(msg.rfind("line 2, malformed JSON at byte", 0), 0u) << msg;
  EXPECT_EQ(DecodeError(WireFormat::kJsonLines, "\n\n", s), "the request body is empty");
}

ml::PredictionBatch Classification() {
  ml::PredictionBatch p;
  p.rows = 2;
  p.classes = {"no", "yes, \"really\""};
  p.labels = {"yes, \"really\"", "no"};
  p.probabilities = {0.25f, 0.75f, 0.9f, 0.1f};
  return p;
}

TEST(EncodePredictionsTest, JsonClassificationShape) {
  std::string type;
  const std::string out = EncodePredictions(WireFormat::kJson, Classification(), nullptr, &type);
  EXPECT_EQ(type, "application/json");
  const json j = json::parse(out);
  ASSERT_EQ(j["predictions"].size(), 2u);
  const json& first = j["predictions"][0];
  EXPECT_EQ(first["predicted_label"], "yes, \"really\"");
  EXPECT_DOUBLE_EQ(first["probabilities"]["no"].get<double>(), 0.25);
  EXPECT_DOUBLE_EQ(first["probabilities"]["yes, \"really\""].get<double>(), 0.75);
  EXPECT_DOUBLE_EQ(first["probability"].get<double>(), 0.75);
  EXPECT_EQ(j["predictions"][1]["predicted_label"], "no");
  EXPECT_NEAR(j["predictions"][1]["probability"].get<double>(), 0.9, 1e-7);
  EXPECT_NE(out.find("0.9,"), std::string::npos) << "numbers are short: " << out;
  EXPECT_FALSE(first.contains("explanation"));
}

TEST(EncodePredictionsTest, JsonRegressionWithExplanationAndNaN) {
  ml::PredictionBatch p;
  p.rows = 2;
  p.values = {12.5f, std::nanf("")};
  ml::Explanation x;
  x.columns = {"age", "bmi\n"};
  x.contributions = {1.5f, -0.25f, 0.f, 2.f};
  x.bias = {10.f, 11.f};
  std::string type;
  const json j = json::parse(EncodePredictions(WireFormat::kJson, p, &x, &type));
  EXPECT_DOUBLE_EQ(j["predictions"][0]["score"].get<double>(), 12.5);
  EXPECT_TRUE(j["predictions"][1]["score"].is_null());
  const json& e = j["predictions"][0]["explanation"];
  EXPECT_DOUBLE_EQ(e["bias"].get<double>(), 10.0);
  EXPECT_DOUBLE_EQ(e["contributions"]["age"].get<double>(), 1.5);
  EXPECT_DOUBLE_EQ(e["contributions"]["bmi\n"].get<double>(), -0.25);
  EXPECT_DOUBLE_EQ(j["predictions"][1]["explanation"]["contributions"]["bmi\n"].get<double>(), 2);
}

TEST(EncodePredictionsTest, JsonLinesIsOneObjectPerLine) {
  std::string type;
  const std::string out =
      EncodePredictions(WireFormat::kJsonLines, Classification(), nullptr, &type);
  EXPECT_EQ(type, "application/jsonlines");
  const size_t nl = out.find('\n');
  ASSERT_NE(nl, std::string::npos);
  EXPECT_EQ(json::parse(out.substr(0, nl))["predicted_label"], "yes, \"really\"");
  EXPECT_EQ(json::parse(out.substr(nl + 1))["predicted_label"], "no");
  EXPECT_EQ(out.back(), '\n');
}

TEST(EncodePredictionsTest, CsvIsLabelThenProbabilitiesOrTheValue) {
  std::string type;
  EXPECT_EQ(EncodePredictions(WireFormat::kCsv, Classification(), nullptr, &type),
            "\"yes, \"\"really\"\"\",0.25,0.75\nno,0.9,0.1\n");
  EXPECT_EQ(type, "text/csv");
  ml::PredictionBatch p;
  p.rows = 2;
  p.values = {3.25f, 1e-7f};
  ml::Explanation x;
  x.columns = {"a"};
  x.contributions = {0.5f, -1.f};
  x.bias = {2.f, 2.f};
  EXPECT_EQ(EncodePredictions(WireFormat::kCsv, p, nullptr, &type), "3.25\n1e-07\n");
  EXPECT_EQ(EncodePredictions(WireFormat::kCsv, p, &x, &type), "3.25,2,0.5\n1e-07,2,-1\n");
}

TEST(EncodePredictionsTest, EscapesControlCharactersInLabels) {
  ml::PredictionBatch p;
  p.rows = 1;
  p.classes = {"a\tb\x01", "c\\d"};
  p.labels = {"c\\d"};
  p.probabilities = {0.5f, 0.5f};
  std::string type;
  const std::string out = EncodePredictions(WireFormat::kJson, p, nullptr, &type);
  EXPECT_NE(out.find(R"("a\tb\u0001")"), std::string::npos) << out;
  EXPECT_EQ(json::parse(out)["predictions"][0]["predicted_label"], "c\\d");
}

// Decoding what a CSV writer produced and re-encoding must keep large bodies exact.
TEST(DecodeCsvTest, LargeBodyRoundTripsEveryValue) {
  const InputSchema s = NumericSchema(4);
  std::string body;
  for (int r = 0; r < 5000; ++r) {
    for (int c = 0; c < 4; ++c) {
      body += std::to_string(r * 4 + c) + (c % 2 ? ".5" : "");
      body += c == 3 ? "\n" : ",";
    }
  }
  Result<data::Table> t = DecodeRows(WireFormat::kCsv, body, s, 10000);
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  ASSERT_EQ(t->num_rows(), 5000u);
  EXPECT_DOUBLE_EQ(t->column(3).DoubleAt(4999), 4999 * 4 + 3 + 0.5);
  EXPECT_DOUBLE_EQ(t->column(2).DoubleAt(1234), 1234 * 4 + 2);
}

}  // namespace
}  // namespace lathe::serving
