// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "data/profile.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <ctime>
#include <limits>
#include <optional>
#include <random>

#include "data/profile_json.h"

namespace lathe::data {
namespace {

using nlohmann::json;

Column Floats(std::string name, const std::vector<std::optional<double>>& values) {
  Column c = Column::Make(std::move(name), DataType::kFloat64);
  for (const auto& v : values) v ? c.AppendDouble(*v) : c.AppendNull();
  return c;
}

Column Ints(std::string name, DataType type, const std::vector<std::optional<int64_t>>& values) {
  Column c = Column::Make(std::move(name), type);
  for (const auto& v : values) v ? c.AppendInt(*v) : c.AppendNull();
  return c;
}

Column Strings(std::string name, DataType type,
               const std::vector<std::optional<std::string>>& values) {
  Column c = Column::Make(std::move(name), type);
  for (const auto& v : values) v ? c.AppendString(*v) : c.AppendNull();
  return c;
}

ColumnProfile Profile(const Column& c, ProfileOptions options = {}) {
  return ProfileColumn(c, options);
}

size_t HistogramTotal(const std::vector<HistogramBin>& bins) {
  size_t total = 0;
  for (const auto& b : bins) total += b.count;
  return total;
}

// numpy.quantile(values, p) with the default linear method.
double ReferenceQuantile(std::vector<double> values, double p) {
  std::sort(values.begin(), values.end());
  const double h = static_cast<double>(values.size() - 1) * p;
  const size_t lo = static_cast<size_t>(std::floor(h));
  if (lo + 1 >= values.size()) return values[lo];
  return values[lo] + (h - static_cast<double>(lo)) * (values[lo + 1] - values[lo]);
}

TEST(ProfileTest, FloatColumnExactStats) {
  ColumnProfile p = Profile(Floats("x", {1, 2, 3, std::nullopt, 4, 5}));
  EXPECT_EQ(p.rows, 6u);
  EXPECT_EQ(p.missing, 1u);
  EXPECT_DOUBLE_EQ(p.missing_fraction, 1.0 / 6);
  EXPECT_EQ(p.distinct, 5u);
  EXPECT_FALSE(p.distinct_approximate);
  EXPECT_DOUBLE_EQ(*p.min, 1);
  EXPECT_DOUBLE_EQ(*p.max, 5);
  EXPECT_DOUBLE_EQ(*p.mean, 3);
  EXPECT_DOUBLE_EQ(*p.std, std::sqrt(2.5));
  ASSERT_TRUE(p.quantiles);
  EXPECT_DOUBLE_EQ(p.quantiles->p0, 1);
  EXPECT_DOUBLE_EQ(p.quantiles->p1, 1.04);
  EXPECT_DOUBLE_EQ(p.quantiles->p5, 1.2);
  EXPECT_DOUBLE_EQ(p.quantiles->p25, 2);
  EXPECT_DOUBLE_EQ(p.quantiles->p50, 3);
  EXPECT_DOUBLE_EQ(p.quantiles->p75, 4);
  EXPECT_DOUBLE_EQ(p.quantiles->p95, 4.8);
  EXPECT_DOUBLE_EQ(p.quantiles->p99, 4.96);
  EXPECT_DOUBLE_EQ(p.quantiles->p100, 5);
  EXPECT_EQ(*p.zeros, 0u);
  EXPECT_EQ(*p.negatives, 0u);
  ASSERT_EQ(p.histogram.size(), 20u);
  EXPECT_EQ(HistogramTotal(p.histogram), 5u);
  EXPECT_DOUBLE_EQ(p.histogram.front().low, 1);
  EXPECT_DOUBLE_EQ(p.histogram.back().high, 5);
  EXPECT_EQ(p.histogram.front().count, 1u);
  EXPECT_EQ(p.histogram.back().count, 1u);  // the max lands in the last (closed) bin
  EXPECT_FALSE(p.length);
  EXPECT_FALSE(p.true_count);
}

TEST(ProfileTest, IntColumnZerosNegativesTopValuesAndIntegerBins) {
  ColumnProfile p = Profile(Ints("n", DataType::kInt64, {2, 0, -1, 2, 7, 2, std::nullopt}));
  EXPECT_EQ(p.missing, 1u);
  EXPECT_EQ(p.distinct, 4u);
  EXPECT_EQ(*p.zeros, 1u);
  EXPECT_EQ(*p.negatives, 1u);
  ASSERT_EQ(p.top_values.size(), 4u);
  EXPECT_EQ(p.top_values[0].value, "2");
  EXPECT_EQ(p.top_values[0].count, 3u);
  // Ties by numeric value ascending: -1 before 0 before 7.
  EXPECT_EQ(p.top_values[1].value, "-1");
  EXPECT_EQ(p.top_values[2].value, "0");
  EXPECT_EQ(p.top_values[3].value, "7");
  // -1..7 spans 9 integers: one bin each.
  ASSERT_EQ(p.histogram.size(), 9u);
  EXPECT_EQ(p.histogram[0].count, 1u);  // -1
  EXPECT_EQ(p.histogram[1].count, 1u);  // 0
  EXPECT_EQ(p.histogram[3].count, 3u);  // 2
  EXPECT_EQ(p.histogram[8].count, 1u);  // 7
  EXPECT_EQ(HistogramTotal(p.histogram), 6u);
  EXPECT_DOUBLE_EQ(p.quantiles->p50, 2);
}

TEST(ProfileTest, TopValuesLimitAndNegativeFloatOrdering) {
  ProfileOptions options;
  options.top_values = 2;
  ColumnProfile p = Profile(Floats("x", {1.5, -2.5, 3, 1.5, -2.5, 0.25}), options);
  ASSERT_EQ(p.top_values.size(), 2u);
  EXPECT_EQ(p.top_values[0].value, "-2.5");
  EXPECT_EQ(p.top_values[1].value, "1.5");
  EXPECT_EQ(p.top_values[1].count, 2u);
}

TEST(ProfileTest, NaNIsMissingAndInfinityIsKept) {
  const double inf = std::numeric_limits<double>::infinity();
  ColumnProfile p = Profile(Floats("x", {1, std::nan(""), inf, -0.0, 0.0}));
  EXPECT_EQ(p.missing, 1u);
  EXPECT_EQ(p.distinct, 3u);  // -0 and 0 are one value
  EXPECT_EQ(*p.zeros, 2u);
  EXPECT_EQ(*p.max, inf);
  EXPECT_TRUE(std::isinf(*p.mean));
  EXPECT_TRUE(p.histogram.empty());  // no finite range to bin

  json j = ToJson(p);
  EXPECT_TRUE(j["max"].is_null());
  EXPECT_TRUE(j["mean"].is_null());
  EXPECT_TRUE(j["std"].is_null());
  EXPECT_TRUE(j["quantiles"]["p100"].is_null());
  EXPECT_EQ(j["min"], 0.0);
  EXPECT_NO_THROW(j.dump());
  EXPECT_EQ(json::parse(j.dump())["mean"], nullptr);
}

TEST(ProfileTest, CategoricalCountsLengthsAndOrder) {
  ColumnProfile p = Profile(
      Strings("c", DataType::kCategorical, {"a", "bb", "a", std::nullopt, "ccc", "a", "bb"}));
  EXPECT_EQ(p.missing, 1u);
  EXPECT_EQ(p.distinct, 3u);
  ASSERT_EQ(p.top_values.size(), 3u);
  EXPECT_EQ(p.top_values[0].value, "a");
  EXPECT_EQ(p.top_values[0].count, 3u);
  EXPECT_EQ(p.top_values[1].value, "bb");
  EXPECT_EQ(p.top_values[2].value, "ccc");
  ASSERT_TRUE(p.length);
  EXPECT_EQ(p.length->min, 1u);
  EXPECT_EQ(p.length->max, 3u);
  EXPECT_DOUBLE_EQ(p.length->mean, 10.0 / 6);
  EXPECT_TRUE(p.length->histogram.empty());
  EXPECT_FALSE(p.min);
  EXPECT_FALSE(p.quantiles);
  EXPECT_TRUE(p.histogram.empty());
}

TEST(ProfileTest, CategoricalIgnoresUnusedDictionaryEntries) {
  Column c = Strings("c", DataType::kCategorical, {"x", "y"});
  c.dictionary.push_back("unused");
  ColumnProfile p = Profile(c);
  EXPECT_EQ(p.distinct, 2u);
  EXPECT_EQ(p.top_values.size(), 2u);
}

TEST(ProfileTest, TextCountsLengthsAndHistogram) {
  ColumnProfile p =
      Profile(Strings("t", DataType::kText, {"hello", "hi", "hello", "", std::nullopt}));
  EXPECT_EQ(p.missing, 1u);
  EXPECT_EQ(p.distinct, 3u);  // the empty string is a value
  ASSERT_EQ(p.top_values.size(), 3u);
  EXPECT_EQ(p.top_values[0].value, "hello");
  EXPECT_EQ(p.top_values[0].count, 2u);
  EXPECT_EQ(p.top_values[1].value, "");
  EXPECT_EQ(p.top_values[2].value, "hi");
  ASSERT_TRUE(p.length);
  EXPECT_EQ(p.length->min, 0u);
  EXPECT_EQ(p.length->max, 5u);
  EXPECT_DOUBLE_EQ(p.length->mean, 3.0);
  ASSERT_EQ(p.length->histogram.size(), 6u);  // lengths 0..5, one bin each
  EXPECT_EQ(HistogramTotal(p.length->histogram), 4u);
  EXPECT_EQ(p.length->histogram[5].count, 2u);
}

TEST(ProfileTest, BoolCounts) {
  ColumnProfile p = Profile(Ints("b", DataType::kBool, {1, 0, 1, 1, std::nullopt}));
  EXPECT_EQ(p.missing, 1u);
  EXPECT_EQ(p.distinct, 2u);
  EXPECT_EQ(*p.true_count, 3u);
  EXPECT_EQ(*p.false_count, 1u);
  EXPECT_DOUBLE_EQ(*p.mean, 0.75);
  ASSERT_EQ(p.top_values.size(), 2u);
  EXPECT_EQ(p.top_values[0].value, "true");
  EXPECT_EQ(p.top_values[1].value, "false");
  ASSERT_EQ(p.histogram.size(), 2u);
  EXPECT_EQ(p.histogram[0].count, 1u);
  EXPECT_EQ(p.histogram[1].count, 3u);
}

TEST(ProfileTest, DatesHaveIsoExtremesAndNoMoments) {
  ColumnProfile p = Profile(Ints("d", DataType::kDate, {19725, 19723, std::nullopt, 19724, 19723}));
  EXPECT_EQ(p.missing, 1u);
  EXPECT_EQ(p.distinct, 3u);
  EXPECT_DOUBLE_EQ(*p.min, 19723);
  EXPECT_DOUBLE_EQ(*p.max, 19725);
  EXPECT_FALSE(p.mean);
  EXPECT_FALSE(p.std);
  EXPECT_FALSE(p.zeros);
  EXPECT_FALSE(p.negatives);
  EXPECT_EQ(p.top_values[0].value, "2024-01-01");
  EXPECT_EQ(p.top_values[0].count, 2u);
  EXPECT_EQ(HistogramTotal(p.histogram), 4u);

  json j = ToJson(p);
  EXPECT_EQ(j["type"], "date");
  EXPECT_EQ(j["min"], "2024-01-01");
  EXPECT_EQ(j["max"], "2024-01-03");
  // Sorted days 01, 01, 02, 03: the median 01.5 rounds to the nearest day.
  EXPECT_EQ(j["quantiles"]["p50"], "2024-01-02");
  EXPECT_FALSE(j.contains("mean"));
  EXPECT_FALSE(j.contains("std"));
  EXPECT_FALSE(j.contains("zeros"));
  EXPECT_TRUE(j["histogram"][0]["low"].is_string());
}

TEST(ProfileTest, DateTimesFormatAsIsoStrings) {
  const int64_t base = int64_t{19723} * 86400 * 1000000;
  ColumnProfile p = Profile(Ints("t", DataType::kDateTime, {base + 3723000000, base}));
  json j = ToJson(p);
  EXPECT_EQ(j["min"], "2024-01-01T00:00:00");
  EXPECT_EQ(j["max"], "2024-01-01T01:02:03");
  EXPECT_FALSE(j.contains("mean"));
}

TEST(ProfileTest, ConstantColumnHasExactMeanAndZeroDeviation) {
  ColumnProfile p = Profile(Floats("x", std::vector<std::optional<double>>(150, 4.3)));
  EXPECT_EQ(*p.mean, 4.3);
  EXPECT_EQ(*p.std, 0.0);
  ASSERT_EQ(p.histogram.size(), 1u);
  EXPECT_EQ(p.histogram[0].count, 150u);
}

TEST(ProfileTest, IntegerHistogramsHaveWholeWidthBins) {
  std::vector<std::optional<int64_t>> values;
  for (int64_t v = 0; v < 100; ++v) values.push_back(v);
  ProfileOptions options;
  options.histogram_bins = 8;
  ColumnProfile p = Profile(Ints("n", DataType::kInt64, values), options);
  // ceil(100 / 8) = 13 wide: [0, 13), [13, 26), ... , [91, 104).
  ASSERT_EQ(p.histogram.size(), 8u);
  EXPECT_DOUBLE_EQ(p.histogram[1].low, 13);
  EXPECT_DOUBLE_EQ(p.histogram[1].high, 26);
  EXPECT_EQ(p.histogram[0].count, 13u);
  EXPECT_EQ(p.histogram[7].count, 9u);
  EXPECT_EQ(HistogramTotal(p.histogram), 100u);

  ColumnProfile d = Profile(Ints("d", DataType::kDate, {19723, 19724, 19725}), options);
  json j = ToJson(d);
  ASSERT_EQ(j["histogram"].size(), 3u);
  EXPECT_EQ(j["histogram"][1]["low"], "2024-01-02");
  EXPECT_EQ(j["histogram"][1]["high"], "2024-01-03");
}

TEST(ProfileTest, AllMissingColumnHasNoStats) {
  ColumnProfile p = Profile(Floats("x", {std::nullopt, std::nullopt}));
  EXPECT_EQ(p.missing, 2u);
  EXPECT_DOUBLE_EQ(p.missing_fraction, 1.0);
  EXPECT_EQ(p.distinct, 0u);
  EXPECT_FALSE(p.min);
  EXPECT_FALSE(p.quantiles);
  json j = ToJson(p);
  EXPECT_FALSE(j.contains("min"));
  EXPECT_FALSE(j.contains("histogram"));
  EXPECT_EQ(j["top_values"], json::array());
}

TEST(ProfileTest, RadixPathMatchesExactCounterPath) {
  std::mt19937_64 rng(7);
  std::normal_distribution<double> normal(10, 3);
  std::vector<std::optional<double>> values;
  std::vector<double> present;
  for (int i = 0; i < 20000; ++i) {
    if (i % 97 == 0) {
      values.push_back(std::nullopt);
      continue;
    }
    double v = std::round(normal(rng) * 100) / 100;  // ties on purpose
    values.push_back(v);
    present.push_back(v);
  }
  Column c = Floats("x", values);
  ProfileOptions small;
  small.exact_distinct_limit = 10;  // forces the copy + radix sort path
  ColumnProfile counted = Profile(c);
  ColumnProfile sorted = Profile(c, small);
  EXPECT_EQ(sorted.distinct, counted.distinct);
  EXPECT_FALSE(sorted.distinct_approximate);  // numeric counts stay exact
  EXPECT_EQ(ToJson(sorted), ToJson(counted));
  for (double level : {0.0, 0.01, 0.05, 0.25, 0.5, 0.75, 0.95, 0.99, 1.0}) {
    const double expected = ReferenceQuantile(present, level);
    const Quantiles& q = *sorted.quantiles;
    const double got = level == 0      ? q.p0
                       : level == 0.01 ? q.p1
                       : level == 0.05 ? q.p5
                       : level == 0.25 ? q.p25
                       : level == 0.5  ? q.p50
                       : level == 0.75 ? q.p75
                       : level == 0.95 ? q.p95
                       : level == 0.99 ? q.p99
                                       : q.p100;
    EXPECT_NEAR(got, expected, 1e-9) << level;
  }
  EXPECT_EQ(HistogramTotal(sorted.histogram), present.size());
}

TEST(ProfileTest, TextSwitchesToHyperLogLogAboveExactLimit) {
  Column c = Column::Make("t", DataType::kText);
  for (int i = 0; i < 50000; ++i) c.AppendString("value-" + std::to_string(i % 20000));
  ProfileOptions options;
  options.exact_distinct_limit = 1000;
  ColumnProfile approx = Profile(c, options);
  EXPECT_TRUE(approx.distinct_approximate);
  EXPECT_NEAR(static_cast<double>(approx.distinct), 20000.0, 400.0);
  ASSERT_EQ(approx.top_values.size(), 10u);
  EXPECT_EQ(approx.top_values[0].count, 3u);  // values 0..9999 appear 3 times; counts exact

  ColumnProfile exact = Profile(c);
  EXPECT_FALSE(exact.distinct_approximate);
  EXPECT_EQ(exact.distinct, 20000u);
  EXPECT_EQ(ToJson(approx)["distinct_approximate"], true);
}

TEST(ProfileTest, JsonKeysPerType) {
  Table t;
  ASSERT_TRUE(t.AddColumn(Floats("f", {1.5, 2.5})).ok());
  ASSERT_TRUE(t.AddColumn(Ints("i", DataType::kInt64, {1, 2})).ok());
  ASSERT_TRUE(t.AddColumn(Ints("b", DataType::kBool, {1, 0})).ok());
  ASSERT_TRUE(t.AddColumn(Strings("c", DataType::kCategorical, {"x", "yy"})).ok());
  ASSERT_TRUE(t.AddColumn(Strings("s", DataType::kText, {"abc", "d"})).ok());
  Result<TableProfile> profile = ProfileTable(t);
  ASSERT_TRUE(profile.ok()) << profile.status().ToString();
  json j = ToJson(*profile);
  EXPECT_EQ(j["rows"], 2);
  ASSERT_EQ(j["columns"].size(), 5u);
  for (const json& c : j["columns"]) {
    for (const char* key : {"name", "type", "missing", "missing_fraction", "distinct",
                            "distinct_approximate", "top_values"}) {
      EXPECT_TRUE(c.contains(key)) << c["name"] << " " << key;
    }
  }
  const json& f = j["columns"][0];
  for (const char* key :
       {"min", "max", "mean", "std", "zeros", "negatives", "quantiles", "histogram"}) {
    EXPECT_TRUE(f.contains(key)) << key;
  }
  for (const char* q : {"p0", "p1", "p5", "p25", "p50", "p75", "p95", "p99", "p100"}) {
    EXPECT_TRUE(f["quantiles"].contains(q)) << q;
  }
  EXPECT_TRUE(f["histogram"][0].contains("low"));
  EXPECT_TRUE(f["histogram"][0].contains("high"));
  EXPECT_TRUE(f["histogram"][0].contains("count"));
  EXPECT_FALSE(f.contains("length"));
  EXPECT_FALSE(f.contains("true_count"));
  EXPECT_EQ(j["columns"][1]["type"], "int64");
  EXPECT_TRUE(j["columns"][2].contains("true_count"));
  EXPECT_TRUE(j["columns"][2].contains("false_count"));
  const json& cat = j["columns"][3];
  EXPECT_EQ(cat["type"], "categorical");
  EXPECT_FALSE(cat.contains("min"));
  EXPECT_FALSE(cat.contains("quantiles"));
  EXPECT_FALSE(cat.contains("histogram"));
  EXPECT_EQ(cat["length"]["min"], 1);
  EXPECT_EQ(cat["length"]["max"], 2);
  EXPECT_FALSE(cat["length"].contains("histogram"));
  EXPECT_EQ(cat["top_values"][0]["value"], "x");
  EXPECT_TRUE(j["columns"][4]["length"].contains("histogram"));
  const json& q = j["quality"];
  for (const char* key : {"duplicate_rows", "constant_columns", "id_like_columns",
                          "high_cardinality_columns", "warnings", "class_balance"}) {
    EXPECT_TRUE(q.contains(key)) << key;
  }
  EXPECT_TRUE(q["class_balance"].is_null());
}

TEST(ProfileTest, ThreadCountDoesNotChangeResult) {
  Table t;
  std::vector<std::optional<double>> f;
  std::vector<std::optional<int64_t>> n;
  for (int i = 0; i < 5000; ++i) {
    f.push_back(i % 11 == 0 ? std::nullopt : std::optional<double>(i * 0.5));
    n.push_back(i % 13);
  }
  ASSERT_TRUE(t.AddColumn(Floats("f", f)).ok());
  ASSERT_TRUE(t.AddColumn(Ints("n", DataType::kInt64, n)).ok());
  ProfileOptions one, four;
  one.num_threads = 1;
  four.num_threads = 4;
  EXPECT_EQ(ToJson(*ProfileTable(t, one)), ToJson(*ProfileTable(t, four)));
}

TEST(ProfileTest, EmptyTable) {
  Result<TableProfile> p = ProfileTable(Table());
  ASSERT_TRUE(p.ok());
  EXPECT_EQ(p->rows, 0u);
  EXPECT_TRUE(p->columns.empty());
  EXPECT_EQ(ToJson(*p)["columns"], json::array());
}

TEST(ProfileTest, RejectsBadOptions) {
  Table t;
  ASSERT_TRUE(t.AddColumn(Floats("x", {1})).ok());
  ProfileOptions options;
  options.histogram_bins = 1000000;
  EXPECT_EQ(ProfileTable(t, options).status().code(), StatusCode::kInvalidArgument);
  options = {};
  options.target = "nope";
  Result<TableProfile> p = ProfileTable(t, options);
  EXPECT_EQ(p.status().code(), StatusCode::kNotFound);
  EXPECT_NE(p.status().message().find("nope"), std::string::npos);
}

// Speed check, not run by default:
//   data_profile_test --gtest_also_run_disabled_tests --gtest_filter='*ProfileSpeed*'
// Prints the profile time of a 1M-row, 10-column synthetic table and the size of its CSV form.
TEST(ProfileTest, DISABLED_ProfileSpeedMillionRowsTenColumns) {
  const size_t rows = 1000000;
  std::mt19937_64 rng(1);
  std::normal_distribution<double> normal(50, 10);
  std::vector<Column> cols;
  for (const char* name : {"f1", "f2", "f3"})
    cols.push_back(Column::Make(name, DataType::kFloat64));
  cols.push_back(Column::Make("small_int", DataType::kInt64));
  cols.push_back(Column::Make("id", DataType::kInt64));
  cols.push_back(Column::Make("flag", DataType::kBool));
  cols.push_back(Column::Make("day", DataType::kDate));
  cols.push_back(Column::Make("color", DataType::kCategorical));
  cols.push_back(Column::Make("city", DataType::kCategorical));
  cols.push_back(Column::Make("comment", DataType::kText));
  for (auto& c : cols) c.Reserve(rows);
  for (size_t row = 0; row < rows; ++row) {
    for (int i = 0; i < 3; ++i) {
      if (rng() % 50 == 0) {
        cols[i].AppendNull();
      } else {
        cols[i].AppendDouble(std::round(normal(rng) * 1000) / 1000);
      }
    }
    cols[3].AppendInt(static_cast<int64_t>(rng() % 100));
    cols[4].AppendInt(static_cast<int64_t>(row));
    cols[5].AppendInt(static_cast<int64_t>(rng() % 2));
    cols[6].AppendInt(18000 + static_cast<int64_t>(rng() % 2000));
    cols[7].AppendString("color" + std::to_string(rng() % 10));
    cols[8].AppendString("city" + std::to_string(rng() % 1000));
    cols[9].AppendString("comment number " + std::to_string(rng() % 200000));
  }
  Table t;
  for (auto& c : cols) ASSERT_TRUE(t.AddColumn(std::move(c)).ok());
  size_t csv_bytes = 0;
  for (size_t row = 0; row < rows; ++row) {
    for (const Column& c : t.columns()) csv_bytes += c.ToString(row).size() + 1;
  }
  for (int threads : {1, 2, 1, 2}) {  // the first runs also pay the page faults of new memory
    ProfileOptions options;
    options.num_threads = threads;
    const auto start = std::chrono::steady_clock::now();
    const std::clock_t cpu_start = std::clock();
    Result<TableProfile> p = ProfileTable(t, options);
    const double secs =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
    const double cpu = static_cast<double>(std::clock() - cpu_start) / CLOCKS_PER_SEC;
    ASSERT_TRUE(p.ok());
    std::printf(
        "threads=%d: profile %.3f s wall, %.3f s cpu for %zu rows x %zu columns (CSV %.1f MB; load "
        "at "
        "300 MB/s/core ~ %.3f s)\n",
        threads, secs, cpu, rows, t.num_columns(), static_cast<double>(csv_bytes) / 1e6,
        static_cast<double>(csv_bytes) / 300e6);
  }
  // Per task CPU time (one thread), less sensitive to other load on the machine.
  for (size_t i = 0; i < t.num_columns(); ++i) {
    ProfileOptions options;
    const std::clock_t start = std::clock();
    ColumnProfile p = ProfileColumn(t.column(i), options);
    std::printf("  %-10s %6.1f ms cpu (distinct %zu%s)\n", t.column(i).name.c_str(),
                1000.0 * static_cast<double>(std::clock() - start) / CLOCKS_PER_SEC, p.distinct,
                p.distinct_approximate ? ", approximate" : "");
  }
  const std::clock_t start = std::clock();
  const size_t dups = CountDuplicateRows(t);
  std::printf("  duplicates %6.1f ms cpu (%zu)\n",
              1000.0 * static_cast<double>(std::clock() - start) / CLOCKS_PER_SEC, dups);
}

}  // namespace
}  // namespace lathe::data
