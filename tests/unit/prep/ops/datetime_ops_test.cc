// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Unit tests of the date-time operations (src/prep/ops/datetime.cc) and the format parser
// (src/prep/internal/date_format.h).
#include <gtest/gtest.h>

#include "prep/internal/date_format.h"
#include "unit/prep/ops/ops_b_test_util.h"

namespace lathe::prep {
namespace {

using namespace opsb_test;  // NOLINT(build/namespaces): test helpers
using data::DataType;
using V = std::vector<std::string>;

// Parses with `format`; the canonical datetime text (UTC) or "error: <why>".
std::string ParseAs(const std::string& format, const std::string& text) {
  auto f = internal::DateFormat::Compile(format);
  if (!f.ok()) return "bad format: " + f.status().message();
  internal::ParsedDateTime t;
  std::string why;
  if (!f->Parse(text, &t, &why)) return "error: " + why;
  data::Column c = data::Column::Make("x", DataType::kDateTime);
  c.AppendInt(t.UtcMicros());
  return c.ToString(0);
}

TEST(DateFormatTest, Directives) {
  EXPECT_EQ(ParseAs("%Y-%m-%d", "2024-02-29"), "2024-02-29T00:00:00");
  EXPECT_EQ(ParseAs("%Y%m%d", "20240131"), "2024-01-31T00:00:00");
  EXPECT_EQ(ParseAs("%d/%m/%y %H:%M:%S", "5/3/99 7:08:09"), "1999-03-05T07:08:09");
  EXPECT_EQ(ParseAs("%d/%m/%y", "01/01/68"), "2068-01-01T00:00:00");
  EXPECT_EQ(ParseAs("%b %d, %Y", "MAR 7, 2021"), "2021-03-07T00:00:00");
  EXPECT_EQ(ParseAs("%B %d %Y", "September 30 2020"), "2020-09-30T00:00:00");
  EXPECT_EQ(ParseAs("%B %d %Y", "sep 30 2020"), "2020-09-30T00:00:00");
  EXPECT_EQ(ParseAs("%Y-%j", "2024-060"), "2024-02-29T00:00:00");
  EXPECT_EQ(ParseAs("%I:%M %p", "12:30 am"), "1970-01-01T00:30:00");
  EXPECT_EQ(ParseAs("%I:%M %p", "12:30 PM"), "1970-01-01T12:30:00");
  EXPECT_EQ(ParseAs("%I %p", "7 pm"), "1970-01-01T19:00:00");
  EXPECT_EQ(ParseAs("%Y-%m-%dT%H:%M:%S%z", "2024-01-01T10:00:00+02:00"), "2024-01-01T08:00:00");
  EXPECT_EQ(ParseAs("%Y-%m-%dT%H:%M:%S%z", "2024-01-01T00:30:00-0130"), "2024-01-01T02:00:00");
  EXPECT_EQ(ParseAs("%Y-%m-%dT%H:%M:%S%z", "2024-01-01T10:00:00Z"), "2024-01-01T10:00:00");
  EXPECT_EQ(ParseAs("%H:%M:%S.%f", "01:02:03.5"), "1970-01-01T01:02:03.500000");
  EXPECT_EQ(ParseAs("%Y-%m-%d", "  2024-01-02 "), "2024-01-02T00:00:00");
  EXPECT_EQ(ParseAs("%Y %m %d", "2024   1\t2"), "2024-01-02T00:00:00");
  EXPECT_EQ(ParseAs("100%% %Y", "100% 1900"), "1900-01-01T00:00:00");
  EXPECT_EQ(ParseAs("%Y-%m-%d", "1600-02-29"), "1600-02-29T00:00:00");
}

TEST(DateFormatTest, RejectsWithReason) {
  EXPECT_EQ(ParseAs("%Y-%m-%d", "2023-02-29"), "error: day 29 is out of range 1-28");
  EXPECT_EQ(ParseAs("%Y-%m-%d", "2023-13-01"), "error: month 13 is out of range 1-12");
  EXPECT_EQ(ParseAs("%Y-%m-%d", "2023/01/01"), "error: expected '-' at position 5");
  EXPECT_EQ(ParseAs("%Y-%m-%d", "2023-01-01x"),
            "error: unexpected text after the format at position 11");
  EXPECT_EQ(ParseAs("%Y-%m-%d", "abc"), "error: expected 1-4 digits for %Y at position 1");
  EXPECT_EQ(ParseAs("%H:%M", "24:00"), "error: hour 24 is out of range 0-23");
  EXPECT_EQ(ParseAs("%b", "Foo"), "error: expected an English month name for %b at position 1");
  EXPECT_EQ(ParseAs("%Y-%j", "2023-366"), "error: day of year 366 is out of range 1-365");
  EXPECT_EQ(ParseAs("%I %p", "13 PM"), "error: hour (%I) 13 is out of range 1-12");
}

TEST(DateFormatTest, BadFormats) {
  EXPECT_NE(ParseAs("%Q", "").find("unsupported directive %Q"), std::string::npos);
  EXPECT_NE(ParseAs("%Y%", "").find("lone '%'"), std::string::npos);
  EXPECT_NE(ParseAs("%I:%M", "").find("needs %p"), std::string::npos);
}

TEST(DateFormatTest, CivilRoundTrip) {
  for (int64_t days = -800000; days <= 800000; days += 997) {
    int64_t y;
    unsigned m, d;
    internal::CivilFromDayNumber(days, &y, &m, &d);
    ASSERT_EQ(internal::DayNumberFromCivil(y, m, d), days);
  }
  EXPECT_EQ(internal::DayNumberFromCivil(2000, 3, 1), 11017);
}

TEST(ParseDateTimeTest, TextToDateAndDatetime) {
  data::Table t = MakeTable({Strings("d", {"31/01/2024 13:45", std::nullopt, "01/02/2024 00:00"}),
                             Ints("n", {1, 2, 3})});
  auto dt = RunStep(
      {{"op", "parse_datetime"}, {"column", "d"}, {"format", "%d/%m/%Y %H:%M"}}, t);
  ASSERT_TRUE(dt.ok()) << dt.status().ToString();
  EXPECT_EQ(dt->column(0).type, DataType::kDateTime);
  EXPECT_EQ(Col(*dt, "d"), (V{"2024-01-31T13:45:00", "<null>", "2024-02-01T00:00:00"}));
  auto date = RunStep(
      {{"op", "parse_datetime"}, {"column", "d"}, {"format", "%d/%m/%Y %H:%M"}, {"to", "date"}},
      t);
  ASSERT_TRUE(date.ok());
  EXPECT_EQ(date->column(0).type, DataType::kDate);
  EXPECT_EQ(Col(*date, "d"), (V{"2024-01-31", "<null>", "2024-02-01"}));
  EXPECT_EQ(Names(*date), (V{"d", "n"}));
}

TEST(ParseDateTimeTest, FailNamesRowValueAndReason) {
  data::Table t = MakeTable({Strings("d", {"2024-01-01", "2024-02-30"})});
  auto out = RunStep({{"op", "parse_datetime"}, {"column", "d"}, {"format", "%Y-%m-%d"}}, t);
  ASSERT_FALSE(out.ok());
  EXPECT_EQ(out.status().code(), StatusCode::kInvalidArgument);
  const std::string& msg = out.status().message();
  EXPECT_NE(msg.find("steps[0].column: row 2 of column 'd': cannot parse '2024-02-30'"),
            std::string::npos)
      << msg;
  EXPECT_NE(msg.find("day 30 is out of range 1-29"), std::string::npos) << msg;
  EXPECT_EQ(out.status().details()["row"], 2);
}

TEST(ParseDateTimeTest, NullOnErrorAndCategoricalAndInt) {
  data::Table t = MakeTable({Strings("c", {"2024-01-05", "bad", "2024-01-05", std::nullopt},
                                     DataType::kCategorical),
                             Ints("i", {20240105, 19991231, 123, std::nullopt})});
  auto cat = RunStep({{"op", "parse_datetime"}, {"column", "c"}, {"format", "%Y-%m-%d"},
                      {"to", "date"}, {"on_error", "null"}},
                     t);
  ASSERT_TRUE(cat.ok()) << cat.status().ToString();
  EXPECT_EQ(Col(*cat, "c"), (V{"2024-01-05", "<null>", "2024-01-05", "<null>"}));
  auto ints = RunStep({{"op", "parse_datetime"}, {"column", "i"}, {"format", "%Y%m%d"},
                       {"to", "date"}, {"on_error", "null"}},
                      t);
  ASSERT_TRUE(ints.ok()) << ints.status().ToString();
  EXPECT_EQ(Col(*ints, "i"), (V{"2024-01-05", "1999-12-31", "<null>", "<null>"}));
  auto strict = RunStep({{"op", "parse_datetime"}, {"column", "c"}, {"format", "%Y-%m-%d"}}, t);
  EXPECT_NE(strict.status().message().find("row 2 of column 'c': cannot parse 'bad'"),
            std::string::npos)
      << strict.status().message();
}

TEST(ParseDateTimeTest, WrongTypeAndBadFormat) {
  data::Table t = MakeTable({Doubles("f", {1.5})});
  auto out = RunStep({{"op", "parse_datetime"}, {"column", "f"}, {"format", "%Y"}}, t);
  EXPECT_NE(out.status().message().find("column 'f' is float64"), std::string::npos)
      << out.status().message();
  auto fmt = MakeOperation({{"op", "parse_datetime"}, {"column", "f"}, {"format", "%Y-%q"}},
                           "steps[2]");
  EXPECT_NE(fmt.status().message().find("steps[2].format: unsupported directive %q"),
            std::string::npos)
      << fmt.status().message();
}

TEST(ExtractDateTimeTest, PartsOfDatetime) {
  // 2021-01-03 is a Sunday in ISO week 53 of 2020; 2024-12-30 is a Monday in week 1 of 2025.
  auto parse = [](const std::string& s) {
    auto f = internal::DateFormat::Compile("%Y-%m-%d %H:%M:%S");
    internal::ParsedDateTime t;
    std::string why;
    EXPECT_TRUE(f->Parse(s, &t, &why)) << why;
    return std::optional<int64_t>(t.UtcMicros());
  };
  data::Table t = MakeTable({Ints("ts",
                                  {parse("2021-01-03 23:59:58"), parse("2024-12-30 01:02:03"),
                                   std::nullopt, parse("1969-12-31 12:00:00")},
                                  DataType::kDateTime),
                             Ints("after", {1, 2, 3, 4})});
  auto out = RunStep({{"op", "extract_datetime"},
                      {"column", "ts"},
                      {"parts", {"year", "month", "day", "weekday", "hour", "minute", "second",
                                 "dayofyear", "quarter", "week"}}},
                     t);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(Names(*out), (V{"ts", "ts_year", "ts_month", "ts_day", "ts_weekday", "ts_hour",
                            "ts_minute", "ts_second", "ts_dayofyear", "ts_quarter", "ts_week",
                            "after"}));
  EXPECT_EQ(Col(*out, "ts_year"), (V{"2021", "2024", "<null>", "1969"}));
  EXPECT_EQ(Col(*out, "ts_month"), (V{"1", "12", "<null>", "12"}));
  EXPECT_EQ(Col(*out, "ts_day"), (V{"3", "30", "<null>", "31"}));
  EXPECT_EQ(Col(*out, "ts_weekday"), (V{"7", "1", "<null>", "3"}));
  EXPECT_EQ(Col(*out, "ts_hour"), (V{"23", "1", "<null>", "12"}));
  EXPECT_EQ(Col(*out, "ts_minute"), (V{"59", "2", "<null>", "0"}));
  EXPECT_EQ(Col(*out, "ts_second"), (V{"58", "3", "<null>", "0"}));
  EXPECT_EQ(Col(*out, "ts_dayofyear"), (V{"3", "365", "<null>", "365"}));
  EXPECT_EQ(Col(*out, "ts_quarter"), (V{"1", "4", "<null>", "4"}));
  EXPECT_EQ(Col(*out, "ts_week"), (V{"53", "1", "<null>", "1"}));
  EXPECT_EQ(out->column(1).type, DataType::kInt64);
}

TEST(ExtractDateTimeTest, DateColumnPrefixAndErrors) {
  data::Table t = MakeTable({Ints("d", {0, 19723}, DataType::kDate), Strings("s", {"a", "b"})});
  auto out = RunStep(
      {{"op", "extract_datetime"}, {"column", "d"}, {"parts", {"weekday", "hour"}}, {"prefix", "p_"}},
      t);
  ASSERT_TRUE(out.ok()) << out.status().ToString();
  EXPECT_EQ(Col(*out, "p_weekday"), (V{"4", "1"}));  // 1970-01-01 Thursday, 2024-01-01 Monday
  EXPECT_EQ(Col(*out, "p_hour"), (V{"0", "0"}));
  auto text = RunStep({{"op", "extract_datetime"}, {"column", "s"}, {"parts", {"year"}}}, t);
  EXPECT_NE(text.status().message().find("column 's' is text"), std::string::npos);
  auto bad = MakeOperation({{"op", "extract_datetime"}, {"column", "d"}, {"parts", {"year", "era"}}},
                           "steps[0]");
  EXPECT_NE(bad.status().message().find("steps[0].parts[1]: 'era' is not one of"),
            std::string::npos);
  auto clash = RunStep({{"op", "extract_datetime"}, {"column", "d"}, {"parts", {"year"}},
                        {"prefix", "s"}},
                       MakeTable({Ints("d", {0}, DataType::kDate), Strings("syear", {"x"})}));
  EXPECT_NE(clash.status().message().find("column 'syear' already exists"), std::string::npos);
}

}  // namespace
}  // namespace lathe::prep
