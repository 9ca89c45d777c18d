// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "data/jsonl_reader.h"

#include <gtest/gtest.h>

namespace lathe::data {
namespace {

TEST(JsonLinesReaderTest, UnionOfKeysInFirstSeenOrderWithNullsForMissingKeys) {
  Result<Table> t = ReadJsonLinesBuffer(
      "{\"a\": 1, \"b\": \"x\"}\n{\"c\": true, \"a\": 2}\n\n{\"b\": \"y\", \"a\": null}\n", {});
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  ASSERT_EQ(t->num_columns(), 3u);
  ASSERT_EQ(t->num_rows(), 3u);
  EXPECT_EQ(t->column(0).name, "a");
  EXPECT_EQ(t->column(1).name, "b");
  EXPECT_EQ(t->column(2).name, "c");
  EXPECT_EQ(t->column(0).type, DataType::kInt64);
  EXPECT_EQ(t->column(0).IntAt(1), 2);
  EXPECT_TRUE(t->column(0).IsNull(2));  // JSON null
  EXPECT_TRUE(t->column(1).IsNull(1));  // missing key
  EXPECT_EQ(t->column(1).StringAt(2), "y");
  EXPECT_EQ(t->column(2).type, DataType::kBool);
  EXPECT_TRUE(t->column(2).IsNull(0));
  EXPECT_TRUE(t->column(2).BoolAt(1));
}

TEST(JsonLinesReaderTest, TypesFloatsDatesAndNestedValues) {
  Result<Table> t = ReadJsonLinesBuffer(
      "{\"x\": 1, \"d\": \"2024-01-01\", \"n\": {\"k\": [1, 2]}}\n"
      "{\"x\": 2.5, \"d\": \"2024-01-02\", \"n\": [3]}\n",
      {});
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(t->column(0).type, DataType::kFloat64);
  EXPECT_EQ(t->column(1).type, DataType::kDate);
  EXPECT_EQ(t->column(2).StringAt(0), "{\"k\":[1,2]}");
  EXPECT_EQ(t->column(2).StringAt(1), "[3]");
}

TEST(JsonLinesReaderTest, MalformedLineNamesLineAndByteColumn) {
  JsonLinesOptions o;
  o.source_name = "events.jsonl";
  Result<Table> t = ReadJsonLinesBuffer("{\"a\": 1}\n{\"a\": 2}\n{\"a\": 3,, \"b\": 4}\n", o);
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(t.status().details()["line"], 3);
  EXPECT_EQ(t.status().details()["column"], 9);  // the second comma
  EXPECT_EQ(t.status().details()["file"], "events.jsonl");
  EXPECT_NE(t.status().message().find("events.jsonl: line 3, byte 9"), std::string::npos)
      << t.status().message();
}

TEST(JsonLinesReaderTest, NonObjectLineIsAnError) {
  Result<Table> t = ReadJsonLinesBuffer("{\"a\": 1}\n[1, 2]\n", {});
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.status().details()["line"], 2);
  EXPECT_NE(t.status().message().find("expected a JSON object"), std::string::npos);
}

TEST(JsonLinesReaderTest, InvalidUtf8IsAnError) {
  Result<Table> t = ReadJsonLinesBuffer("{\"a\": \"ok\"}\n{\"a\": \"b\xFF\"}\n", {});
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.status().details()["line"], 2);
  EXPECT_EQ(t.status().details()["column"], 9);
}

TEST(JsonLinesReaderTest, NumberOverflowIsAnErrorNotACrash) {
  // Found by jsonl_reader_fuzz: nlohmann throws out_of_range, not parse_error, here.
  Result<Table> t = ReadJsonLinesBuffer("{\"a\": 1}\n{\"a\": 1E77790739}\n", {});
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(t.status().details()["line"], 2);
}

TEST(JsonLinesReaderTest, EmptyInputIsAnError) {
  Result<Table> t = ReadJsonLinesBuffer("\n\n", {});
  ASSERT_FALSE(t.ok());
  EXPECT_NE(t.status().message().find("file is empty"), std::string::npos);
}

TEST(JsonLinesReaderTest, TooManyKeysIsAnError) {
  JsonLinesOptions o;
  o.max_columns = 2;
  Result<Table> t = ReadJsonLinesBuffer("{\"a\": 1, \"b\": 2}\n{\"c\": 3}\n", o);
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.status().details()["line"], 2);
}

}  // namespace
}  // namespace lathe::data
