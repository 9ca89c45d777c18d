// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// TablePrinter: aligned plain-text tables for the `lathe` CLI (like `docker ps`). Columns are
// separated by two spaces, widths count UTF-8 code points, long cells are cut with "…", and the
// header is bold only when `Options::bold_header` is set (the caller decides: TTY and no NO_COLOR).
// Not thread-safe; build one per table.
//
//   TablePrinter table({{"NAME"}, {"ROWS", Align::kRight}});
//   table.AddRow({"iris", "150"});
//   table.Print(std::cout);
#pragma once

#include <cstddef>
#include <ostream>
#include <string>
#include <string_view>
#include <vector>

namespace lathe::cli {

enum class Align { kLeft, kRight };

struct TableColumn {
  std::string header;          // Printed as given (commands use upper case).
  Align align = Align::kLeft;  // Numbers read best right-aligned.
};

class TablePrinter {
 public:
  struct Options {
    bool bold_header = false;    // Wrap the header line in ANSI bold (only for terminals).
    size_t max_cell_width = 48;  // Longer cells are cut to this many code points, ending in "…".
    std::string indent;          // Printed before every line, e.g. "  ".
  };

  explicit TablePrinter(std::vector<TableColumn> columns);
  TablePrinter(std::vector<TableColumn> columns, Options options);

  // Appends a row. Missing trailing cells print empty; extra cells are ignored.
  void AddRow(std::vector<std::string> cells);
  size_t row_count() const { return rows_.size(); }

  // Writes the header and every row, one line each, with no trailing spaces.
  void Print(std::ostream& out) const;

 private:
  std::vector<TableColumn> columns_;
  Options options_;
  std::vector<std::vector<std::string>> rows_;
};

// Returns the display width of UTF-8 text in code points (continuation bytes do not count).
size_t DisplayWidth(std::string_view text);

// Returns `text` cut to at most `max_width` code points, the last being "…" when cut. Newlines and
// tabs become spaces so a cell never breaks the layout.
std::string FitCell(std::string_view text, size_t max_width);

}  // namespace lathe::cli
