// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "cli/table_printer.h"

#include <sstream>

#include <gtest/gtest.h>

namespace lathe::cli {
namespace {

std::string Render(const TablePrinter& table) {
  std::ostringstream out;
  table.Print(out);
  return out.str();
}

TEST(TablePrinterTest, AlignsColumnsWithTwoSpaces) {
  TablePrinter table({{"NAME"}, {"ROWS", Align::kRight}, {"TYPE"}});
  table.AddRow({"iris", "150", "csv"});
  table.AddRow({"breast_cancer", "569", "csv"});
  EXPECT_EQ(Render(table),
            "NAME           ROWS  TYPE\n"
            "iris            150  csv\n"
            "breast_cancer   569  csv\n");
}

TEST(TablePrinterTest, LeavesNoTrailingSpaces) {
  TablePrinter table({{"A"}, {"LONG HEADER"}});
  table.AddRow({"x", ""});
  EXPECT_EQ(Render(table), "A  LONG HEADER\nx\n");
}

TEST(TablePrinterTest, PrintsHeaderOnlyForNoRows) {
  TablePrinter table({{"NAME"}, {"ID"}});
  EXPECT_EQ(Render(table), "NAME  ID\n");
  EXPECT_EQ(table.row_count(), 0u);
}

TEST(TablePrinterTest, PadsMissingCellsAndIgnoresExtraOnes) {
  TablePrinter table({{"A"}, {"B"}});
  table.AddRow({"1"});
  table.AddRow({"2", "3", "ignored"});
  EXPECT_EQ(Render(table), "A  B\n1\n2  3\n");
}

TEST(TablePrinterTest, CountsUtf8CodePointsForWidth) {
  TablePrinter table({{"CITY"}, {"N", Align::kRight}});
  table.AddRow({"Zürich", "1"});
  table.AddRow({"Bern", "2"});
  EXPECT_EQ(Render(table), "CITY    N\nZürich  1\nBern    2\n");
}

TEST(TablePrinterTest, CutsLongCellsWithEllipsis) {
  TablePrinter::Options options;
  options.max_cell_width = 5;
  TablePrinter table({{"TEXT"}}, options);
  table.AddRow({"abcdefgh"});
  EXPECT_EQ(Render(table), "TEXT\nabcd…\n");
}

TEST(TablePrinterTest, BoldHeaderAndIndentWhenAsked) {
  TablePrinter::Options options;
  options.bold_header = true;
  options.indent = "  ";
  TablePrinter table({{"A"}}, options);
  table.AddRow({"1"});
  EXPECT_EQ(Render(table), "  \x1b[1mA\x1b[0m\n  1\n");
}

TEST(FitCellTest, ReplacesNewlinesAndTabs) {
  EXPECT_EQ(FitCell("a\nb\tc", 10), "a b c");
  EXPECT_EQ(FitCell("ééééé", 3), "éé…");
  EXPECT_EQ(DisplayWidth("ééé"), 3u);
}

}  // namespace
}  // namespace lathe::cli
