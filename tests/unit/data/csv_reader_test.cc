// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "data/csv_reader.h"

#include <gtest/gtest.h>

#include <cmath>
#include <cstdio>
#include <string>

namespace lathe::data {
namespace {

Table MustRead(std::string_view csv, CsvOptions options = {}, CsvInfo* info = nullptr) {
  Result<Table> t = ReadCsvBuffer(csv, options, info);
  EXPECT_TRUE(t.ok()) << t.status().ToString();
  return t.ok() ? std::move(t).value() : Table();
}

Status ReadError(std::string_view csv, CsvOptions options = {}) {
  Result<Table> t = ReadCsvBuffer(csv, options);
  EXPECT_FALSE(t.ok());
  return t.ok() ? Status() : t.status();
}

// A CSV of `rows` rows with an int, a float and a text column, large enough to use many chunks.
std::string BigCsv(size_t rows) {
  std::string s = "id,x,label\n";
  for (size_t i = 0; i < rows; ++i) {
    s += std::to_string(i) + "," + std::to_string(i) + ".5," + "\"row " + std::to_string(i) +
         " says \"\"hi\"\",\nsecond line\"\n";
  }
  return s;
}

TEST(CsvReaderTest, InfersInt64ForIntegerColumn) {
  Table t = MustRead("a,b\n1,-2\n3,+4\n");
  ASSERT_EQ(t.num_columns(), 2u);
  EXPECT_EQ(t.column(0).type, DataType::kInt64);
  EXPECT_EQ(t.column(1).type, DataType::kInt64);
  EXPECT_EQ(t.column(0).IntAt(1), 3);
  EXPECT_EQ(t.column(1).IntAt(0), -2);
  EXPECT_EQ(t.column(1).IntAt(1), 4);
}

TEST(CsvReaderTest, ZeroOneColumnIsInt64NotBool) {
  Table t = MustRead("flag,n\n0,1\n1,2\n0,3\n");
  EXPECT_EQ(t.column(0).type, DataType::kInt64);
}

TEST(CsvReaderTest, InfersFloat64AndNanInfSpellings) {
  Table t = MustRead("x,y\n1.5,nan\n-2e3,inf\n.25,-Infinity\n7,NaN\n");
  EXPECT_EQ(t.column(0).type, DataType::kFloat64);
  EXPECT_EQ(t.column(1).type, DataType::kFloat64);
  EXPECT_DOUBLE_EQ(t.column(0).DoubleAt(1), -2000.0);
  EXPECT_DOUBLE_EQ(t.column(0).DoubleAt(3), 7.0);
  EXPECT_TRUE(std::isnan(t.column(1).DoubleAt(0)));
  EXPECT_FALSE(t.column(1).IsNull(0));  // NaN is a value, not a null
  EXPECT_TRUE(std::isinf(t.column(1).DoubleAt(2)));
}

TEST(CsvReaderTest, IntegerOverflowBecomesFloat) {
  Table t = MustRead("x,y\n1,a\n99999999999999999999,b\n");
  EXPECT_EQ(t.column(0).type, DataType::kFloat64);
  EXPECT_DOUBLE_EQ(t.column(0).DoubleAt(0), 1.0);
}

TEST(CsvReaderTest, MixedIntAndFloatIsFloat64) {
  Table t = MustRead("x,tag\n1,a\n2.5,b\n3,c\n");
  EXPECT_EQ(t.column(0).type, DataType::kFloat64);
  EXPECT_DOUBLE_EQ(t.column(0).DoubleAt(2), 3.0);
}

TEST(CsvReaderTest, InfersBool) {
  Table t = MustRead("a,b,c\nTrue,yes,t\nfalse,NO,F\n");
  for (size_t i = 0; i < 3; ++i) EXPECT_EQ(t.column(i).type, DataType::kBool) << i;
  EXPECT_TRUE(t.column(0).BoolAt(0));
  EXPECT_FALSE(t.column(1).BoolAt(1));
  EXPECT_FALSE(t.column(2).BoolAt(1));
}

TEST(CsvReaderTest, InfersDateBothSeparators) {
  Table t = MustRead("d,e\n2024-01-01,2024/02/29\n1970-01-02,1999/12/31\n");
  EXPECT_EQ(t.column(0).type, DataType::kDate);
  EXPECT_EQ(t.column(1).type, DataType::kDate);
  EXPECT_EQ(t.column(0).IntAt(0), 19723);
  EXPECT_EQ(t.column(0).IntAt(1), 1);
  EXPECT_EQ(t.column(1).ToString(0), "2024-02-29");
}

TEST(CsvReaderTest, InvalidDateIsText) {
  Table t = MustRead("d,n\n2023-02-29,1\n2023-01-01,2\n");
  EXPECT_NE(t.column(0).type, DataType::kDate);
}

TEST(CsvReaderTest, InfersDateTimeWithOffsetsAndFractions) {
  Table t = MustRead(
      "ts,n\n2024-01-01T01:02:03Z,1\n2024-01-01 01:02,2\n2024-01-01T03:02:03.5+02:00,3\n");
  ASSERT_EQ(t.column(0).type, DataType::kDateTime);
  const int64_t day = int64_t{19723} * 86400 * 1000000;
  EXPECT_EQ(t.column(0).IntAt(0), day + 3723000000);
  EXPECT_EQ(t.column(0).IntAt(1), day + 3720000000);
  EXPECT_EQ(t.column(0).IntAt(2), day + 3723500000);
}

TEST(CsvReaderTest, DateAndDateTimeMixIsDateTime) {
  Table t = MustRead("ts,n\n2024-01-01,1\n2024-01-01T12:00:00,2\n");
  ASSERT_EQ(t.column(0).type, DataType::kDateTime);
  EXPECT_EQ(t.column(0).IntAt(0), int64_t{19723} * 86400 * 1000000);
}

TEST(CsvReaderTest, InfersCategoricalForFewDistinctStrings) {
  std::string csv = "color,n\n";
  for (int i = 0; i < 100; ++i) csv += std::string(i % 3 == 0 ? "red" : "blue") + ",1\n";
  Table t = MustRead(csv);
  ASSERT_EQ(t.column(0).type, DataType::kCategorical);
  EXPECT_EQ(t.column(0).dictionary.size(), 2u);
  EXPECT_EQ(t.column(0).StringAt(0), "red");
  EXPECT_EQ(t.column(0).StringAt(1), "blue");
}

TEST(CsvReaderTest, InfersTextForManyDistinctStrings) {
  std::string csv = "name,n\n";
  for (int i = 0; i < 200; ++i) csv += "person " + std::to_string(i) + "," + std::to_string(i) + "\n";
  Table t = MustRead(csv);
  ASSERT_EQ(t.column(0).type, DataType::kText);
  EXPECT_EQ(t.column(0).StringAt(199), "person 199");
}

TEST(CsvReaderTest, InfersTextForLongValues) {
  std::string long_value(100, 'x');
  Table t = MustRead("doc,n\n" + long_value + "a,1\n" + long_value + "b,2\n");
  EXPECT_EQ(t.column(0).type, DataType::kText);
}

TEST(CsvReaderTest, NumbersMixedWithStringsAreStrings) {
  Table t = MustRead("v,n\n1,1\nabc,2\n2,3\n");
  EXPECT_EQ(t.column(0).type, DataType::kCategorical);
  EXPECT_EQ(t.column(0).StringAt(0), "1");
  EXPECT_EQ(t.column(0).StringAt(1), "abc");
}

TEST(CsvReaderTest, MissingMarkersAreNulls) {
  Table t = MustRead("a,b\n1,x\n,NA\nN/A,null\nNULL,None\n?,y\n5,z\n");
  const Column& a = t.column(0);
  EXPECT_EQ(a.type, DataType::kInt64);
  EXPECT_EQ(a.NullCount(), 4u);
  EXPECT_TRUE(a.IsNull(1));
  EXPECT_EQ(a.IntAt(5), 5);
  EXPECT_EQ(t.column(1).NullCount(), 3u);
  EXPECT_TRUE(t.column(1).IsNull(2));
}

TEST(CsvReaderTest, AllNullColumnIsText) {
  Table t = MustRead("a,b\n1,\n2,\n");
  EXPECT_EQ(t.column(1).type, DataType::kText);
  EXPECT_EQ(t.column(1).NullCount(), 2u);
}

TEST(CsvReaderTest, QuotedFieldsWithEscapesAndEmbeddedNewlines) {
  Table t = MustRead("id,text\n1,\"he said \"\"hi\"\", then left\"\n2,\"two\nlines\"\n3,plain\n");
  ASSERT_EQ(t.num_rows(), 3u);
  EXPECT_EQ(t.column(1).StringAt(0), "he said \"hi\", then left");
  EXPECT_EQ(t.column(1).StringAt(1), "two\nlines");
  EXPECT_EQ(t.column(0).IntAt(2), 3);
}

TEST(CsvReaderTest, CrlfLineEndings) {
  Table t = MustRead("a,b\r\n1,x\r\n2,\"y\"\r\n");
  ASSERT_EQ(t.num_rows(), 2u);
  EXPECT_EQ(t.column(0).type, DataType::kInt64);
  EXPECT_EQ(t.column(1).StringAt(0), "x");
  EXPECT_EQ(t.column(1).StringAt(1), "y");
  EXPECT_EQ(t.column(0).name, "a");
  EXPECT_EQ(t.column(1).name, "b");
}

TEST(CsvReaderTest, SkipsUtf8Bom) {
  Table t = MustRead("\xEF\xBB\xBFname,n\nx,1\ny,2\n");
  EXPECT_EQ(t.column(0).name, "name");
}

TEST(CsvReaderTest, TrailingNewlineOptionalAndBlankLinesAtEndIgnored) {
  EXPECT_EQ(MustRead("a,b\n1,2\n3,4").num_rows(), 2u);
  EXPECT_EQ(MustRead("a,b\n1,2\n3,4\n\n\r\n\n").num_rows(), 2u);
}

TEST(CsvReaderTest, SniffsSemicolonTabAndPipe) {
  for (char d : {';', '\t', '|', ','}) {
    std::string csv = std::string("x") + d + "y" + d + "z\n1" + d + "2,5" + d + "a\n3" + d +
                      "4,5" + d + "b\n";
    if (d == ',') csv = "x,y,z\n1,2.5,a\n3,4.5,b\n";
    CsvInfo info;
    Table t = MustRead(csv, {}, &info);
    EXPECT_EQ(info.delimiter, d);
    EXPECT_EQ(t.num_columns(), 3u) << "delimiter " << static_cast<int>(d);
  }
}

TEST(CsvReaderTest, SniffIgnoresDelimitersInsideQuotes) {
  CsvInfo info;
  Table t = MustRead("a;b\n\"1,2,3\";x\n\"4,5,6\";y\n", {}, &info);
  EXPECT_EQ(info.delimiter, ';');
  EXPECT_EQ(t.column(0).StringAt(0), "1,2,3");
}

TEST(CsvReaderTest, ExplicitDelimiterOverridesSniffing) {
  CsvOptions o;
  o.delimiter = ';';
  Table t = MustRead("a,b\n1,2\n", o);
  EXPECT_EQ(t.num_columns(), 1u);
}

TEST(CsvReaderTest, DetectsHeaderOverTypedColumns) {
  CsvInfo info;
  Table t = MustRead("name,age\nann,31\nbob,42\n", {}, &info);
  EXPECT_TRUE(info.has_header);
  EXPECT_EQ(t.column(1).name, "age");
  EXPECT_EQ(t.num_rows(), 2u);
}

TEST(CsvReaderTest, DetectsNoHeaderForNumericFirstRow) {
  CsvInfo info;
  Table t = MustRead("1,2.5\n3,4.5\n", {}, &info);
  EXPECT_FALSE(info.has_header);
  EXPECT_EQ(t.num_rows(), 2u);
  EXPECT_EQ(t.column(0).name, "column_1");
  EXPECT_EQ(t.column(1).name, "column_2");
}

TEST(CsvReaderTest, DetectsNoHeaderWhenFirstRowLooksLikeData) {
  CsvInfo info;
  Table t = MustRead("red,1\nblue,2\nred,3\n", {}, &info);
  EXPECT_FALSE(info.has_header);
  EXPECT_EQ(t.num_rows(), 3u);
}

TEST(CsvReaderTest, HeaderOptionForcesPresenceOrAbsence) {
  CsvOptions o;
  o.header = CsvOptions::Header::kAbsent;
  Table t = MustRead("name,age\nann,31\n", o);
  EXPECT_EQ(t.num_rows(), 2u);
  o.header = CsvOptions::Header::kPresent;
  Table u = MustRead("1,2\n3,4\n", o);
  EXPECT_EQ(u.num_rows(), 1u);
  EXPECT_EQ(u.column(0).name, "1");
}

TEST(CsvReaderTest, MakesHeaderNamesUnique) {
  CsvOptions o;
  o.header = CsvOptions::Header::kPresent;
  Table t = MustRead("a,a,,a\n1,2,3,4\n", o);
  EXPECT_EQ(t.column(0).name, "a");
  EXPECT_EQ(t.column(1).name, "a_2");
  EXPECT_EQ(t.column(2).name, "column_3");
  EXPECT_EQ(t.column(3).name, "a_3");
}

TEST(CsvReaderTest, RaggedRowNamesLineAndColumn) {
  Status s = ReadError("a,b,c,d,e\n1,2,3,4,5\n1,2,3,4,5\n1,2,3,4,5\n1,2,3,4,5\n1,2,3,4,5\n"
                       "1,2,3,4,5,6\n");
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("line 7: expected 5 fields, found 6"), std::string::npos)
      << s.message();
  EXPECT_EQ(s.details()["line"], 7);
  EXPECT_EQ(s.details()["column"], 6);
  EXPECT_EQ(s.details()["expected"], 5);
  EXPECT_EQ(s.details()["found"], 6);
}

TEST(CsvReaderTest, ShortRowReportsFirstMissingField) {
  CsvOptions o;
  o.source_name = "short.csv";
  Status s = ReadError("a,b,c\n1,2,3\n1\n", o);
  EXPECT_NE(s.message().find("short.csv: line 3: expected 3 fields, found 1"), std::string::npos)
      << s.message();
  EXPECT_EQ(s.details()["column"], 2);
  EXPECT_EQ(s.details()["file"], "short.csv");
}

TEST(CsvReaderTest, RaggedLineCountsPhysicalLinesOfMultilineRecords) {
  Status s = ReadError("a,b\n1,\"x\ny\"\n2,z,extra\n");
  EXPECT_EQ(s.details()["line"], 4) << s.message();
}

TEST(CsvReaderTest, UnterminatedQuoteNamesWhereItOpened) {
  Status s = ReadError("a,b\n1,x\n2,\"open\n3,y\n");
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("unterminated"), std::string::npos);
  EXPECT_EQ(s.details()["line"], 3);
  EXPECT_EQ(s.details()["column"], 2);
  EXPECT_EQ(s.details()["byte_column"], 3);
}

TEST(CsvReaderTest, InvalidUtf8NamesLineAndByteColumn) {
  Status s = ReadError("a,b\n1,ok\n2,ab\xC3\x28z\n");
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("invalid UTF-8"), std::string::npos);
  EXPECT_EQ(s.details()["line"], 3);
  EXPECT_EQ(s.details()["column"], 5);  // 1-based byte position of \xC3 in "2,ab\xC3("
  EXPECT_EQ(s.details()["column_unit"], "byte");
  EXPECT_EQ(s.details()["field"], 2);
}

TEST(CsvReaderTest, AcceptsValidMultibyteUtf8) {
  Table t = MustRead("city,n\nZürich,1\n東京,2\n");
  EXPECT_EQ(t.column(0).StringAt(1), "東京");
}

TEST(CsvReaderTest, EmptyFileIsAnError) {
  EXPECT_NE(ReadError("").message().find("file is empty"), std::string::npos);
  EXPECT_NE(ReadError("\n\r\n").message().find("file is empty"), std::string::npos);
}

TEST(CsvReaderTest, HeaderOnlyIsAnError) {
  Status s = ReadError("name,city\n");
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("header only, no data rows"), std::string::npos) << s.message();
}

TEST(CsvReaderTest, TooManyColumnsIsAnError) {
  std::string header;
  for (int i = 0; i < 10000; ++i) header += (i ? ",c" : "c") + std::to_string(i);
  Status s = ReadError(header + "\n");
  EXPECT_EQ(s.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(s.message().find("line 1"), std::string::npos);
  EXPECT_NE(s.message().find("10000"), std::string::npos);
  EXPECT_EQ(s.details()["columns"], 10000);
  EXPECT_EQ(s.details()["line"], 1);
}

TEST(CsvReaderTest, FieldOverLimitIsResourceExhausted) {
  std::string csv = "a,b\n1,x\n2,";
  csv.append(50u << 20, 'y');
  csv += "\n";
  Status s = ReadError(csv);
  EXPECT_EQ(s.code(), StatusCode::kResourceExhausted);
  EXPECT_EQ(s.details()["line"], 3);
  EXPECT_EQ(s.details()["column"], 2);
}

TEST(CsvReaderTest, SmallFieldLimitApplies) {
  CsvOptions o;
  o.max_field_bytes = 4;
  Status s = ReadError("a,b\n1,abc\n2,abcdef\n", o);
  EXPECT_EQ(s.code(), StatusCode::kResourceExhausted);
  EXPECT_EQ(s.details()["line"], 3);
}

TEST(CsvReaderTest, ParallelParseMatchesSingleThread) {
  std::string csv = BigCsv(60000);  // ~3 MB: many chunks, quoted newlines across splits
  CsvOptions one;
  one.num_threads = 1;
  CsvOptions two;
  two.num_threads = 2;
  CsvInfo info;
  Table a = MustRead(csv, one);
  Table b = MustRead(csv, two, &info);
  ASSERT_EQ(b.num_rows(), 60000u);
  EXPECT_EQ(info.rows, 60000u);
  EXPECT_EQ(b.column(0).type, DataType::kInt64);
  EXPECT_EQ(b.column(1).type, DataType::kFloat64);
  EXPECT_EQ(b.column(2).type, DataType::kText);
  for (size_t row : {size_t{0}, size_t{12345}, size_t{59999}}) {
    EXPECT_EQ(b.column(0).IntAt(row), static_cast<int64_t>(row));
    EXPECT_EQ(b.column(2).StringAt(row),
              "row " + std::to_string(row) + " says \"hi\",\nsecond line");
    EXPECT_EQ(a.column(2).StringAt(row), b.column(2).StringAt(row));
  }
}

TEST(CsvReaderTest, LateStringPromotionKeepsEarlierRowsVerbatim) {
  std::string csv = "code,n\n";
  for (int i = 0; i < 50000; ++i) csv += "00" + std::to_string(i % 40) + "," + std::to_string(i) + "\n";
  csv += "X1,0\n";
  CsvOptions o;
  o.num_threads = 2;
  Table t = MustRead(csv, o);
  ASSERT_EQ(t.column(0).type, DataType::kCategorical);
  EXPECT_EQ(t.column(0).StringAt(0), "000");
  EXPECT_EQ(t.column(0).StringAt(13), "0013");
  EXPECT_EQ(t.column(0).StringAt(50000), "X1");
}

TEST(CsvReaderTest, LateRaggedRowInLaterChunkIsReported) {
  std::string csv = BigCsv(40000);
  size_t lines = 1 + 40000 * 2;
  csv += "1,2\n";
  Status s = ReadError(csv);
  EXPECT_EQ(s.details()["line"], lines + 1) << s.message();
}

TEST(CsvReaderTest, LiteralQuoteInUnquotedFieldFallsBackSafely) {
  std::string csv = "h,t\n";
  for (int i = 0; i < 40000; ++i) csv += std::to_string(i) + ",5'1\" tall\n";
  Table t = MustRead(csv);
  ASSERT_EQ(t.num_rows(), 40000u);
  EXPECT_EQ(t.column(1).StringAt(39999), "5'1\" tall");
}

TEST(CsvReaderTest, SingleColumnBlankLineIsNull) {
  Table t = MustRead("v\n1\n\n3\n");
  ASSERT_EQ(t.num_rows(), 3u);
  EXPECT_TRUE(t.column(0).IsNull(1));
}

TEST(CsvReaderTest, ReadsIrisFixture) {
  CsvInfo info;
  Result<Table> t =
      ReadCsvFile(std::string(LATHE_SOURCE_DIR) + "/tests/data/iris.csv", {}, &info);
  ASSERT_TRUE(t.ok()) << t.status().ToString();
  EXPECT_EQ(t->num_rows(), 150u);
  ASSERT_EQ(t->num_columns(), 5u);
  EXPECT_TRUE(info.has_header);
  EXPECT_EQ(info.delimiter, ',');
  for (size_t i = 0; i < 4; ++i) EXPECT_EQ(t->column(i).type, DataType::kFloat64) << i;
  EXPECT_EQ(t->column(4).type, DataType::kCategorical);
  EXPECT_EQ(t->column(4).name, "species");
  EXPECT_EQ(t->column(4).dictionary.size(), 3u);
}

// Every value of every column of `a` and `b` is the same.
void ExpectSameTable(const Table& a, const Table& b) {
  ASSERT_EQ(a.num_columns(), b.num_columns());
  ASSERT_EQ(a.num_rows(), b.num_rows());
  for (size_t c = 0; c < a.num_columns(); ++c) {
    const Column& x = a.column(c);
    const Column& y = b.column(c);
    EXPECT_EQ(x.type, y.type) << c;
    EXPECT_EQ(x.valid, y.valid) << c;
    EXPECT_EQ(x.ints, y.ints) << c;
    ASSERT_EQ(x.doubles.size(), y.doubles.size()) << c;
    for (size_t i = 0; i < x.doubles.size(); ++i) {
      if (std::isnan(x.doubles[i])) {
        EXPECT_TRUE(std::isnan(y.doubles[i])) << c << " " << i;
      } else {
        ASSERT_EQ(x.doubles[i], y.doubles[i]) << c << " " << i;
      }
    }
    EXPECT_EQ(x.codes, y.codes) << c;
    EXPECT_EQ(x.dictionary, y.dictionary) << c;
    EXPECT_EQ(x.offsets, y.offsets) << c;
    EXPECT_TRUE(x.chars == y.chars) << c;
  }
}

// Files large enough for several 8 MB input-release windows per chunk: a text-heavy one (input
// kept for the merge) and a numeric one with a short text column (input released while parsing).
TEST(CsvReaderTest, LargeFileParallelMatchesSequentialBuffer) {
  std::string text_heavy = BigCsv(500000);
  std::string numeric = "a,b,c,t\n";
  for (size_t i = 0; i < 600000; ++i) {
    numeric += std::to_string(i) + "," + std::to_string(i * 7 % 1000) + ".25," +
               (i % 97 == 0 ? "" : std::to_string(i % 13)) + ",w" + std::to_string(i) + "\n";
  }
  for (const std::string* csv : {&text_heavy, &numeric}) {
    std::string path = ::testing::TempDir() + "/lathe_csv_large_test.csv";
    {
      std::FILE* f = std::fopen(path.c_str(), "wb");
      ASSERT_NE(f, nullptr);
      ASSERT_EQ(std::fwrite(csv->data(), 1, csv->size(), f), csv->size());
      std::fclose(f);
    }
    CsvOptions one;
    one.num_threads = 1;
    Table a = MustRead(*csv, one);
    for (int threads : {2, 3}) {
      CsvOptions many;
      many.num_threads = threads;
      Result<Table> b = ReadCsvFile(path, many);
      ASSERT_TRUE(b.ok()) << b.status().ToString();
      ExpectSameTable(a, *b);
    }
    std::remove(path.c_str());
  }
}

// Text values are copied out of the input while parsing: check them one by one (nulls and quoted
// values among the first, dictionary-encoded rows; a column that turns text mid-file).
TEST(CsvReaderTest, LargeFileTextValuesExact) {
  const size_t n = 300000;
  auto text = [](size_t i) -> std::string {
    if (i % 50 == 3) return "";
    if (i % 7 == 0) return "q,\"x\" " + std::to_string(i);
    return "a fairly long free text value; row " + std::to_string(i) + " of the file";
  };
  auto late = [](size_t i) { return i < 200000 ? std::to_string(i) : "z" + std::to_string(i); };
  std::string csv = "id,t,m\n";
  for (size_t i = 0; i < n; ++i) {
    std::string v = text(i);
    std::string q;
    for (char ch : v) q += ch == '"' ? std::string("\"\"") : std::string(1, ch);
    std::string field = i % 7 == 0 && !v.empty() ? "\"" + q + "\"" : v;
    csv += std::to_string(i) + "," + field + "," + late(i) + "\n";
  }
  std::string path = ::testing::TempDir() + "/lathe_csv_text_exact_test.csv";
  {
    std::FILE* f = std::fopen(path.c_str(), "wb");
    ASSERT_NE(f, nullptr);
    ASSERT_EQ(std::fwrite(csv.data(), 1, csv.size(), f), csv.size());
    std::fclose(f);
  }
  for (int threads : {1, 2, 3}) {
    CsvOptions o;
    o.num_threads = threads;
    Result<Table> r = ReadCsvFile(path, o);
    ASSERT_TRUE(r.ok()) << r.status().ToString();
    ASSERT_EQ(r->num_rows(), n);
    const Column& t = r->column(1);
    const Column& m = r->column(2);
    ASSERT_EQ(t.type, DataType::kText);
    ASSERT_EQ(m.type, DataType::kText);
    for (size_t i = 0; i < n; ++i) {
      std::string want = text(i);
      ASSERT_EQ(t.valid[i] != 0, !want.empty()) << threads << " " << i;
      ASSERT_EQ(t.chars.substr(t.offsets[i], t.offsets[i + 1] - t.offsets[i]), want)
          << threads << " " << i;
      ASSERT_EQ(m.chars.substr(m.offsets[i], m.offsets[i + 1] - m.offsets[i]), late(i))
          << threads << " " << i;
    }
  }
  std::remove(path.c_str());
}

TEST(CsvReaderTest, MissingFileIsNotFound) {
  Result<Table> t = ReadCsvFile("/nonexistent/x.csv", {});
  ASSERT_FALSE(t.ok());
  EXPECT_EQ(t.status().code(), StatusCode::kNotFound);
}

}  // namespace
}  // namespace lathe::data
