// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "cli/table_printer.h"

#include <algorithm>

namespace lathe::cli {
namespace {

constexpr std::string_view kEllipsis = "\xE2\x80\xA6";  // "…"
constexpr std::string_view kGap = "  ";

bool IsContinuationByte(char c) { return (static_cast<unsigned char>(c) & 0xC0) == 0x80; }

void Pad(std::ostream& out, size_t count) {
  for (size_t i = 0; i < count; ++i) out.put(' ');
}

}  // namespace

size_t DisplayWidth(std::string_view text) {
  return static_cast<size_t>(
      std::count_if(text.begin(), text.end(), [](char c) { return !IsContinuationByte(c); }));
}

std::string FitCell(std::string_view text, size_t max_width) {
  std::string cleaned(text);
  std::replace_if(
      cleaned.begin(), cleaned.end(), [](char c) { return c == '\n' || c == '\r' || c == '\t'; },
      ' ');
  if (max_width == 0 || DisplayWidth(cleaned) <= max_width) return cleaned;
  // Keep max_width - 1 code points, then the ellipsis.
  size_t kept = 0;
  size_t byte_idx = 0;
  for (; byte_idx < cleaned.size(); ++byte_idx) {
    if (!IsContinuationByte(cleaned[byte_idx])) {
      if (kept == max_width - 1) break;
      ++kept;
    }
  }
  return cleaned.substr(0, byte_idx) + std::string(kEllipsis);
}

TablePrinter::TablePrinter(std::vector<TableColumn> columns)
    : TablePrinter(std::move(columns), Options()) {}

TablePrinter::TablePrinter(std::vector<TableColumn> columns, Options options)
    : columns_(std::move(columns)), options_(std::move(options)) {}

void TablePrinter::AddRow(std::vector<std::string> cells) {
  cells.resize(columns_.size());
  for (auto& cell : cells) cell = FitCell(cell, options_.max_cell_width);
  rows_.push_back(std::move(cells));
}

void TablePrinter::Print(std::ostream& out) const {
  std::vector<size_t> widths(columns_.size());
  for (size_t col_idx = 0; col_idx < columns_.size(); ++col_idx) {
    widths[col_idx] = DisplayWidth(columns_[col_idx].header);
    for (const auto& row : rows_)
      widths[col_idx] = std::max(widths[col_idx], DisplayWidth(row[col_idx]));
  }
  auto print_line = [&](const std::vector<std::string>& cells, bool bold) {
    out << options_.indent;
    if (bold) out << "\x1b[1m";
    // The last left-aligned cell gets no padding, so lines carry no trailing spaces.
    size_t last = cells.size();
    while (last > 0 && cells[last - 1].empty()) --last;
    for (size_t col_idx = 0; col_idx < last; ++col_idx) {
      if (col_idx > 0) out << kGap;
      const size_t padding = widths[col_idx] - DisplayWidth(cells[col_idx]);
      if (columns_[col_idx].align == Align::kRight) Pad(out, padding);
      out << cells[col_idx];
      if (columns_[col_idx].align == Align::kLeft && col_idx + 1 < last) Pad(out, padding);
    }
    if (bold) out << "\x1b[0m";
    out << '\n';
  };
  std::vector<std::string> header;
  header.reserve(columns_.size());
  for (const auto& column : columns_) header.push_back(column.header);
  print_line(header, options_.bold_header);
  for (const auto& row : rows_) print_line(row, false);
}

}  // namespace lathe::cli
