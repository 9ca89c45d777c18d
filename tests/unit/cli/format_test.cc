// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "cli/format.h"

#include <cmath>
#include <limits>

#include <gtest/gtest.h>

namespace lathe::cli {
namespace {

TEST(FormatBytesTest, UsesBinaryUnitsWithOneDecimal) {
  EXPECT_EQ(FormatBytes(0), "0 B");
  EXPECT_EQ(FormatBytes(512), "512 B");
  EXPECT_EQ(FormatBytes(1023), "1023 B");
  EXPECT_EQ(FormatBytes(1024), "1.0 KB");
  EXPECT_EQ(FormatBytes(3870), "3.8 KB");  // iris.csv
  EXPECT_EQ(FormatBytes(5 * 1024 * 1024), "5.0 MB");
  EXPECT_EQ(FormatBytes(int64_t{3} * 1024 * 1024 * 1024), "3.0 GB");
}

TEST(FormatBytesTest, NeverPrints1024OfAUnit) {
  EXPECT_EQ(FormatBytes(1024 * 1024 - 1), "1.0 MB");
  EXPECT_EQ(FormatBytes(-1), "-");
}

TEST(FormatNumberTest, PrintsIntegersWithoutFraction) {
  EXPECT_EQ(FormatNumber(150), "150");
  EXPECT_EQ(FormatNumber(-3), "-3");
  EXPECT_EQ(FormatNumber(0), "0");
}

TEST(FormatNumberTest, KeepsFourSignificantDigits) {
  EXPECT_EQ(FormatNumber(5.843333), "5.843");
  EXPECT_EQ(FormatNumber(0.2), "0.2");
  EXPECT_EQ(FormatNumber(12345.678), "12346");
  EXPECT_EQ(FormatNumber(0.0123456), "0.01235");
  EXPECT_EQ(FormatNumber(1.5), "1.5");
}

TEST(FormatNumberTest, UsesExponentForExtremes) {
  EXPECT_EQ(FormatNumber(1.25e-7), "1.250e-07");
  EXPECT_EQ(FormatNumber(std::numeric_limits<double>::quiet_NaN()), "nan");
  EXPECT_EQ(FormatNumber(-std::numeric_limits<double>::infinity()), "-inf");
}

TEST(FormatPercentTest, PrintsAtMostOneDecimal) {
  EXPECT_EQ(FormatPercent(0), "0%");
  EXPECT_EQ(FormatPercent(1), "100%");
  EXPECT_EQ(FormatPercent(0.125), "12.5%");
  EXPECT_EQ(FormatPercent(1.0 / 3), "33.3%");
  EXPECT_EQ(FormatPercent(0.0001), "<0.1%");
}

TEST(FormatTimestampTest, ShortensIsoTimestamps) {
  EXPECT_EQ(FormatTimestamp("2026-11-29T11:22:33.456Z"), "2026-11-29 11:22:33");
  EXPECT_EQ(FormatTimestamp("yesterday"), "yesterday");
}

TEST(FormatJsonValueTest, PrintsScalarsForTables) {
  EXPECT_EQ(FormatJsonValue(nlohmann::json("setosa")), "setosa");
  EXPECT_EQ(FormatJsonValue(nlohmann::json(5.1)), "5.1");
  EXPECT_EQ(FormatJsonValue(nlohmann::json(7)), "7");
  EXPECT_EQ(FormatJsonValue(nlohmann::json(true)), "true");
  EXPECT_EQ(FormatJsonValue(nlohmann::json()), "null");
  EXPECT_EQ(FormatJsonValue(nlohmann::json(), ""), "");
  EXPECT_EQ(FormatJsonValue(nlohmann::json::array({1, 2})), "[1,2]");
}

}  // namespace
}  // namespace lathe::cli
