// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "cli/datasets_views.h"

#include <sstream>

#include <gtest/gtest.h>

namespace lathe::cli {
namespace {

using nlohmann::json;

template <typename Fn>
std::string Render(Fn print, const json& value) {
  std::ostringstream out;
  print(value, ViewStyle{}, out);
  return out.str();
}

TEST(PrintDatasetTest, PrintsSummaryThenColumns) {
  const json dataset = json::parse(R"({"id": "ds_1", "name": "iris", "version": 3, "rows": 150,
      "bytes": 3870, "created_at": "2026-11-29T11:22:33.456Z",
      "columns": [{"name": "sepal_length_cm", "type": "float64", "nullable": false},
                  {"name": "species", "type": "categorical", "nullable": true}]})");
  EXPECT_EQ(Render(PrintDataset, dataset),
            "NAME  VERSION  ID    ROWS    SIZE  CREATED\n"
            "iris        3  ds_1   150  3.8 KB  2026-11-29 11:22:33\n"
            "\n"
            "COLUMN           TYPE         NULLABLE\n"
            "sepal_length_cm  float64      no\n"
            "species          categorical  yes\n");
}

TEST(PrintDatasetTest, ToleratesMissingFields) {
  EXPECT_EQ(Render(PrintDataset, json::parse(R"({"id": "ds_1"})")),
            "NAME  VERSION  ID    ROWS  SIZE  CREATED\n"
            "-           -  ds_1     -     -  -\n"
            "\n"
            "COLUMN  TYPE  NULLABLE\n");
}

TEST(PrintProfileTest, PrintsColumnsWarningsAndClassBalance) {
  const json profile = json::parse(R"({"rows": 150, "columns": [
      {"name": "petal_width_cm", "type": "float64", "rows": 150, "missing": 0,
       "missing_fraction": 0.0, "distinct": 22, "min": 0.1, "max": 2.5, "mean": 1.199333,
       "top_values": [{"value": "0.2", "count": 29}]},
      {"name": "species", "type": "categorical", "rows": 150, "missing": 3,
       "missing_fraction": 0.02, "distinct": 3, "distinct_approximate": false,
       "top_values": [{"value": "setosa", "count": 50}]},
      {"name": "day", "type": "date", "missing_fraction": 0, "distinct": 2, "min": 0, "max": 20000}],
    "quality": {"warnings": [{"column": "species", "kind": "high_missing", "message": "2% missing."},
                             {"column": "", "kind": "duplicate_rows", "message": "1 duplicate row."}],
                "class_balance": {"target": "species", "missing": 3, "imbalance_ratio": 1.0,
                  "classes": [{"value": "setosa", "count": 50, "fraction": 0.3401}]}}})");
  EXPECT_EQ(
      Render(PrintProfile, profile),
      "150 rows, 3 columns\n"
      "\n"
      "COLUMN          TYPE         MISSING  DISTINCT         MIN   MEAN         MAX  TOP\n"
      "petal_width_cm  float64           0%        22         0.1  1.199         2.5  0.2 (29)\n"
      "species         categorical       2%         3           -      -           -  setosa (50)\n"
      "day             date              0%         2  1970-01-01      -  2024-10-04  -\n"
      "\n"
      "Warnings:\n"
      "  - species: 2% missing.\n"
      "  - 1 duplicate row.\n"
      "\n"
      "Class balance of species (imbalance ratio 1):\n"
      "  CLASS   COUNT  SHARE\n"
      "  setosa     50    34%\n"
      "  (3 rows have no species)\n");
}

TEST(PrintProfileTest, SaysWhenThereAreNoWarnings) {
  const std::string text = Render(PrintProfile, json::parse(R"({"rows": 0, "columns": []})"));
  EXPECT_NE(text.find("No quality warnings."), std::string::npos);
}

TEST(PrintRowsTest, RightAlignsNumbersAndShowsNull) {
  const json rows = json::parse(R"({"columns": ["n", "label"], "types": ["float64", "categorical"],
      "rows": [[5.1, "setosa"], [null, "virginica"], [10.25, null]]})");
  EXPECT_EQ(Render(PrintRows, rows),
            "    n  label\n"
            "  5.1  setosa\n"
            " null  virginica\n"
            "10.25  null\n");
}

TEST(PrintDatasetListTest, CountsColumns) {
  const json list = json::parse(R"({"datasets": [{"id": "ds_2", "name": "wine", "version": 2,
      "rows": 178, "bytes": 11000000, "created_at": "2026-11-29T12:00:00Z",
      "columns": [{"name": "a"}, {"name": "b"}, {"name": "c"}]}]})");
  EXPECT_EQ(Render(PrintDatasetList, list),
            "NAME  VERSION  ID    ROWS  COLUMNS     SIZE  CREATED\n"
            "wine        2  ds_2   178        3  10.5 MB  2026-11-29 12:00:00\n");
}

}  // namespace
}  // namespace lathe::cli
