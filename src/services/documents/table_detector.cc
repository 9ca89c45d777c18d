// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "services/documents/table_detector.h"

#include <leptonica/allheaders.h>

#include <algorithm>
#include <cstdlib>
#include <optional>

namespace lathe::services::documents {
namespace {

constexpr int kDarkThreshold = 160;      // gray below this is ink
constexpr double kSeparatorCover = 0.9;  // share of a cell edge that must be ink to be a line
constexpr int kEdgeMergePixels = 10;     // line positions closer than this are one edge

struct BoxaDeleter {
  void operator()(Boxa* boxa) const { boxaDestroy(&boxa); }
};
using BoxaPtr = std::unique_ptr<Boxa, BoxaDeleter>;

// Connected components' boxes as PixelBoxes.
std::vector<PixelBox> Components(Pix* pix) {
  std::vector<PixelBox> out;
  BoxaPtr boxa(pixConnCompBB(pix, 8));
  if (boxa == nullptr) return out;
  for (int i = 0; i < boxaGetCount(boxa.get()); ++i) {
    PixelBox b;
    boxaGetBoxGeometry(boxa.get(), i, &b.left, &b.top, &b.width, &b.height);
    out.push_back(b);
  }
  return out;
}

bool Inside(const PixelBox& inner, const PixelBox& outer) {
  const int cx = inner.left + inner.width / 2, cy = inner.top + inner.height / 2;
  return cx >= outer.left && cx <= outer.right() && cy >= outer.top && cy <= outer.bottom();
}

// Sorted positions with neighbours closer than kEdgeMergePixels merged (averaged).
std::vector<int> MergeEdges(std::vector<int> positions) {
  std::sort(positions.begin(), positions.end());
  std::vector<int> out;
  int sum = 0, count = 0;
  for (size_t i = 0; i < positions.size(); ++i) {
    if (count > 0 && positions[i] - positions[i - 1] > kEdgeMergePixels) {
      out.push_back(sum / count);
      sum = count = 0;
    }
    sum += positions[i];
    ++count;
  }
  if (count > 0) out.push_back(sum / count);
  return out;
}

// Share of the segment (x, y0..y1) (vertical) or (x0..x1, y) (horizontal) that has ink within
// `tol` pixels across it, on the binary page.
double Coverage(Pix* binary, bool vertical, int at, int from, int to, int tol) {
  const int w = pixGetWidth(binary), h = pixGetHeight(binary);
  int covered = 0, total = 0;
  for (int along = from; along <= to; ++along) {
    bool ink = false;
    for (int across = at - tol; across <= at + tol && !ink; ++across) {
      const int x = vertical ? across : along, y = vertical ? along : across;
      if (x < 0 || y < 0 || x >= w || y >= h) continue;
      l_uint32 v = 0;
      pixGetPixel(binary, x, y, &v);
      ink = v != 0;
    }
    covered += ink;
    ++total;
  }
  return total == 0 ? 0.0 : double(covered) / total;
}

// The grid cells of one table, and its merged cells where inner separators are missing.
Table BuildTable(Pix* binary, const PixelBox& box, const std::vector<int>& rows_y,
                 const std::vector<int>& cols_x) {
  Table table;
  table.box = box;
  table.rows = static_cast<int>(rows_y.size()) - 1;
  table.columns = static_cast<int>(cols_x.size()) - 1;
  const int tol = 3;
  auto cell_box = [&](int r, int c, int rs, int cs) {
    return PixelBox{.left = cols_x[c],
                    .top = rows_y[r],
                    .width = cols_x[c + cs] - cols_x[c],
                    .height = rows_y[r + rs] - rows_y[r]};
  };
  // right_open[r][c]: no line between (r, c) and (r, c + 1); down_open likewise below.
  auto margin = [](int a, int b) { return std::max(2, (b - a) / 8); };
  std::vector<std::vector<bool>> right_open(table.rows, std::vector<bool>(table.columns, false));
  std::vector<std::vector<bool>> down_open(table.rows, std::vector<bool>(table.columns, false));
  for (int r = 0; r < table.rows; ++r) {
    for (int c = 0; c < table.columns; ++c) {
      table.cells.push_back({.row = r + 1,
                             .column = c + 1,
                             .row_span = 1,
                             .column_span = 1,
                             .box = cell_box(r, c, 1, 1),
                             .words = {},
                             .selections = {}});
      const int my = margin(rows_y[r], rows_y[r + 1]), mx = margin(cols_x[c], cols_x[c + 1]);
      if (c + 1 < table.columns) {
        right_open[r][c] = Coverage(binary, true, cols_x[c + 1], rows_y[r] + my, rows_y[r + 1] - my,
                                    tol) < kSeparatorCover;
      }
      if (r + 1 < table.rows) {
        down_open[r][c] = Coverage(binary, false, rows_y[r + 1], cols_x[c] + mx, cols_x[c + 1] - mx,
                                   tol) < kSeparatorCover;
      }
    }
  }
  // Merged cells: grow right while the separator is missing, then down while the whole span's
  // bottom separators are missing.
  std::vector<std::vector<bool>> used(table.rows, std::vector<bool>(table.columns, false));
  for (int r = 0; r < table.rows; ++r) {
    for (int c = 0; c < table.columns; ++c) {
      if (used[r][c]) continue;
      int cs = 1, rs = 1;
      while (c + cs < table.columns && right_open[r][c + cs - 1] && !used[r][c + cs]) ++cs;
      while (r + rs < table.rows) {
        bool open = true;
        for (int k = c; k < c + cs; ++k)
          open = open && down_open[r + rs - 1][k] && !used[r + rs][k];
        if (!open) break;
        ++rs;
      }
      for (int rr = r; rr < r + rs; ++rr) {
        for (int cc = c; cc < c + cs; ++cc) used[rr][cc] = true;
      }
      if (rs > 1 || cs > 1) {
        table.merged_cells.push_back({.row = r + 1,
                                      .column = c + 1,
                                      .row_span = rs,
                                      .column_span = cs,
                                      .box = cell_box(r, c, rs, cs),
                                      .words = {},
                                      .selections = {}});
      }
    }
  }
  // Confidence: how completely the outer border is drawn.
  const double border =
      (Coverage(binary, false, rows_y.front(), cols_x.front(), cols_x.back(), tol) +
       Coverage(binary, false, rows_y.back(), cols_x.front(), cols_x.back(), tol) +
       Coverage(binary, true, cols_x.front(), rows_y.front(), rows_y.back(), tol) +
       Coverage(binary, true, cols_x.back(), rows_y.front(), rows_y.back(), tol)) /
      4;
  table.confidence = static_cast<float>(std::clamp(border * 100.0, 0.0, 100.0));
  return table;
}

// Horizontal rules outside ruled tables, grouped when they start and end within 5 % of the page
// width of each other and follow within a third of the page height.
std::vector<RuleGroup> RuleGroups(std::vector<PixelBox> rules, const std::vector<Table>& tables,
                                  int width, int height) {
  rules.erase(std::remove_if(rules.begin(), rules.end(),
                             [&tables](const PixelBox& r) {
                               return std::any_of(
                                   tables.begin(), tables.end(),
                                   [&r](const Table& t) { return Inside(r, t.box); });
                             }),
              rules.end());
  std::sort(rules.begin(), rules.end(),
            [](const PixelBox& a, const PixelBox& b) { return a.top < b.top; });
  std::vector<RuleGroup> groups;
  std::vector<bool> used(rules.size(), false);
  const int tol = std::max(10, width / 20);
  for (size_t i = 0; i < rules.size(); ++i) {
    if (used[i]) continue;
    RuleGroup group{.left = rules[i].left,
                    .right = rules[i].right(),
                    .ys = {rules[i].top + rules[i].height / 2}};
    int last_bottom = rules[i].bottom();
    for (size_t j = i + 1; j < rules.size(); ++j) {
      if (used[j] || rules[j].top - last_bottom > height / 3) continue;
      if (std::abs(rules[j].left - rules[i].left) > tol ||
          std::abs(rules[j].right() - rules[i].right()) > tol) {
        continue;
      }
      used[j] = true;
      last_bottom = rules[j].bottom();
      group.left = std::min(group.left, rules[j].left);
      group.right = std::max(group.right, rules[j].right());
      group.ys.push_back(rules[j].top + rules[j].height / 2);
    }
    if (group.ys.size() >= 2) groups.push_back(std::move(group));
  }
  return groups;
}

struct PlacedWord {
  PixelBox box;
  int centre_y;
};

}  // namespace

namespace {

// The table the words inside `region` form, if they make at least 2 rows and 2 columns.
std::optional<Table> AlignedTable(const OcrPage& text, const PixelBox& region) {
  std::vector<PlacedWord> words;
  std::vector<int> heights;
  for (const OcrLine& line : text.lines) {
    for (const OcrWord& w : line.words) {
      if (!Inside(w.box, region)) continue;
      words.push_back({w.box, w.box.top + w.box.height / 2});
      heights.push_back(w.box.height);
    }
  }
  if (words.size() < 4) return std::nullopt;
  std::nth_element(heights.begin(), heights.begin() + heights.size() / 2, heights.end());
  const int word_height = std::max(1, heights[heights.size() / 2]);
  // Rows: words whose centres are within 0.6 word heights of the row's first centre.
  std::sort(words.begin(), words.end(),
            [](const PlacedWord& a, const PlacedWord& b) { return a.centre_y < b.centre_y; });
  std::vector<std::pair<int, int>> rows;  // top, bottom
  int row_centre = -1 << 30;
  for (const PlacedWord& w : words) {
    if (w.centre_y - row_centre > word_height * 6 / 10) {
      rows.push_back({w.box.top, w.box.bottom()});
      row_centre = w.centre_y;
    }
    rows.back().first = std::min(rows.back().first, w.box.top);
    rows.back().second = std::max(rows.back().second, w.box.bottom());
  }
  // Columns: gaps in the union of the words' x extents wider than 1.5 word heights.
  std::vector<bool> covered(region.width + 1, false);
  for (const PlacedWord& w : words) {
    for (int x = std::max(w.box.left, region.left); x < std::min(w.box.right(), region.right());
         ++x) {
      covered[x - region.left] = true;
    }
  }
  std::vector<int> cols_x = {region.left};
  const int first = int(std::find(covered.begin(), covered.end(), true) - covered.begin());
  int gap_start = -1;
  for (int x = first; x <= region.width; ++x) {
    if (!covered[x] && gap_start < 0) gap_start = x;
    if (covered[x] && gap_start >= 0) {
      if (x - gap_start > word_height * 3 / 2) cols_x.push_back(region.left + (gap_start + x) / 2);
      gap_start = -1;
    }
  }
  cols_x.push_back(region.right());
  if (rows.size() < 2 || cols_x.size() < 3) return std::nullopt;
  std::vector<int> rows_y = {region.top};
  for (size_t r = 1; r < rows.size(); ++r)
    rows_y.push_back((rows[r - 1].second + rows[r].first) / 2);
  rows_y.push_back(region.bottom());
  Table table;
  table.box = region;
  table.rows = static_cast<int>(rows_y.size()) - 1;
  table.columns = static_cast<int>(cols_x.size()) - 1;
  table.confidence = 60.0f;
  for (int r = 0; r < table.rows; ++r) {
    for (int c = 0; c < table.columns; ++c) {
      table.cells.push_back({.row = r + 1,
                             .column = c + 1,
                             .row_span = 1,
                             .column_span = 1,
                             .box = {.left = cols_x[c],
                                     .top = rows_y[r],
                                     .width = cols_x[c + 1] - cols_x[c],
                                     .height = rows_y[r + 1] - rows_y[r]},
                             .words = {},
                             .selections = {}});
    }
  }
  return table;
}

bool HasWordIn(const OcrPage& text, const PixelBox& band) {
  for (const OcrLine& line : text.lines) {
    for (const OcrWord& w : line.words) {
      if (Inside(w.box, band)) return true;
    }
  }
  return false;
}

}  // namespace

void AddAlignedTables(const OcrPage& text, const std::vector<RuleGroup>& groups,
                      std::vector<Table>* tables) {
  for (const RuleGroup& group : groups) {
    const int n = static_cast<int>(group.ys.size());
    auto span = [&group](int a, int b) {
      return PixelBox{.left = group.left,
                      .top = group.ys[a],
                      .width = group.right - group.left,
                      .height = group.ys[b] - group.ys[a]};
    };
    int a = 0;
    while (a < n - 1) {
      std::optional<Table> best;
      int best_b = a + 1;
      for (int b = a + 1; b < n; ++b) {
        if (!HasWordIn(text, span(b - 1, b))) break;  // an empty band ends the run
        std::optional<Table> t = AlignedTable(text, span(a, b));
        if (!t && best) break;  // the band below does not line up with the table
        if (t) {
          best = std::move(t);
          best_b = b;
        }
      }
      if (best) tables->push_back(std::move(*best));
      a = best ? best_b : a + 1;
    }
  }
  std::sort(tables->begin(), tables->end(),
            [](const Table& a, const Table& b) { return a.box.top < b.box.top; });
}

namespace {

struct TextRow {
  PixelBox box;
  std::vector<PixelBox> words;                // left to right
  std::vector<std::pair<int, int>> segments;  // x extents split at wide gaps
  std::vector<int> segment_words;             // words per segment
};

// The words outside `tables`, grouped into rows by their vertical centres.
std::vector<TextRow> TextRows(const OcrPage& text, const std::vector<Table>& tables,
                              int word_height) {
  std::vector<PlacedWord> words;
  for (const OcrLine& line : text.lines) {
    for (const OcrWord& w : line.words) {
      const bool in_table = std::any_of(tables.begin(), tables.end(),
                                        [&w](const Table& t) { return Inside(w.box, t.box); });
      if (!in_table) words.push_back({w.box, w.box.top + w.box.height / 2});
    }
  }
  std::sort(words.begin(), words.end(),
            [](const PlacedWord& a, const PlacedWord& b) { return a.centre_y < b.centre_y; });
  std::vector<TextRow> rows;
  int row_centre = -1 << 30;
  for (const PlacedWord& w : words) {
    if (w.centre_y - row_centre > word_height * 6 / 10) {
      rows.emplace_back();
      rows.back().box = w.box;
      row_centre = w.centre_y;
    }
    TextRow& row = rows.back();
    row.words.push_back(w.box);
    const int right = std::max(row.box.right(), w.box.right());
    const int bottom = std::max(row.box.bottom(), w.box.bottom());
    row.box.left = std::min(row.box.left, w.box.left);
    row.box.top = std::min(row.box.top, w.box.top);
    row.box.width = right - row.box.left;
    row.box.height = bottom - row.box.top;
  }
  for (TextRow& row : rows) {
    std::sort(row.words.begin(), row.words.end(),
              [](const PixelBox& a, const PixelBox& b) { return a.left < b.left; });
    for (const PixelBox& w : row.words) {
      if (row.segments.empty() || w.left - row.segments.back().second > word_height * 3 / 2) {
        row.segments.push_back({w.left, w.right()});
        row.segment_words.push_back(0);
      }
      row.segments.back().second = std::max(row.segments.back().second, w.right());
      ++row.segment_words.back();
    }
  }
  return rows;
}

// Whether rows [first, last] share a gap wider than 1.5 word heights inside their extent.
bool ShareAGap(const std::vector<TextRow>& rows, size_t first, size_t last, int word_height) {
  int left = 1 << 30, right = 0;
  for (size_t r = first; r <= last; ++r) {
    left = std::min(left, rows[r].box.left);
    right = std::max(right, rows[r].box.right());
  }
  std::vector<bool> covered(size_t(std::max(0, right - left)) + 1, false);
  for (size_t r = first; r <= last; ++r) {
    for (const auto& [from, to] : rows[r].segments) {
      for (int x = from; x < to; ++x) covered[size_t(x - left)] = true;
    }
  }
  int gap_start = -1;
  for (size_t x = 0; x < covered.size(); ++x) {
    if (!covered[x] && gap_start < 0) gap_start = int(x);
    if (covered[x] && gap_start >= 0) {
      if (int(x) - gap_start > word_height * 3 / 2) return true;
      gap_start = -1;
    }
  }
  return false;
}

}  // namespace

void AddUnruledTables(const OcrPage& text, std::vector<Table>* tables) {
  std::vector<int> heights;
  for (const OcrLine& line : text.lines) {
    for (const OcrWord& w : line.words) heights.push_back(w.box.height);
  }
  if (heights.size() < 6) return;
  std::nth_element(heights.begin(), heights.begin() + heights.size() / 2, heights.end());
  const int word_height = std::max(1, heights[heights.size() / 2]);
  const std::vector<TextRow> rows = TextRows(text, *tables, word_height);
  std::vector<Table> found;
  size_t i = 0;
  while (i < rows.size()) {
    if (rows[i].segments.size() < 2) {
      ++i;
      continue;
    }
    size_t j = i;
    while (j + 1 < rows.size() && rows[j + 1].segments.size() >= 2 &&
           rows[j + 1].box.top - rows[j].box.bottom() <= 2 * word_height &&
           ShareAGap(rows, i, j + 1, word_height)) {
      ++j;
    }
    if (j - i + 1 >= 3 && ShareAGap(rows, i, j, word_height)) {
      std::vector<int> per_cell;
      PixelBox region = rows[i].box;
      for (size_t r = i; r <= j; ++r) {
        per_cell.insert(per_cell.end(), rows[r].segment_words.begin(), rows[r].segment_words.end());
        const int right = std::max(region.right(), rows[r].box.right());
        region.left = std::min(region.left, rows[r].box.left);
        region.width = right - region.left;
      }
      region.height = rows[j].box.bottom() - region.top;
      std::nth_element(per_cell.begin(), per_cell.begin() + per_cell.size() / 2, per_cell.end());
      const int pad = word_height / 2;
      region = {.left = std::max(0, region.left - pad),
                .top = std::max(0, region.top - pad),
                .width = region.width + 2 * pad,
                .height = region.height + 2 * pad};
      if (per_cell[per_cell.size() / 2] <= 4) {
        std::optional<Table> table = AlignedTable(text, region);
        if (table) {
          table->confidence = 50.0f;
          found.push_back(std::move(*table));
        }
      }
    }
    i = j + 1;
  }
  tables->insert(tables->end(), found.begin(), found.end());
  std::sort(tables->begin(), tables->end(),
            [](const Table& a, const Table& b) { return a.box.top < b.box.top; });
}

Result<RulingAnalysis> FindTables(const Pix& page) {
  SilenceLeptonica();
  Pix* source = const_cast<Pix*>(&page);  // Leptonica's API is not const-correct; read only
  PixPtr gray(pixConvertTo8(source, 0));
  if (gray == nullptr) return InternalError("could not convert the page to gray levels");
  PixPtr binary(pixThresholdToBinary(gray.get(), kDarkThreshold));
  if (binary == nullptr) return InternalError("could not binarise the page");
  const int width = pixGetWidth(binary.get()), height = pixGetHeight(binary.get());
  // Line elements longer than any glyph stroke: about a word for rows, a text line for columns.
  const int h_len = std::max(60, width / 30);
  const int v_len = std::max(50, height / 60);
  PixPtr h_lines(pixOpenBrick(nullptr, binary.get(), h_len, 1));
  PixPtr v_lines(pixOpenBrick(nullptr, binary.get(), 1, v_len));
  if (h_lines == nullptr || v_lines == nullptr) return InternalError("line detection failed");
  PixPtr grid(pixOr(nullptr, h_lines.get(), v_lines.get()));
  RulingAnalysis out;
  const std::vector<PixelBox> h_boxes = Components(h_lines.get());
  const std::vector<PixelBox> v_boxes = Components(v_lines.get());
  if (h_boxes.empty() && v_boxes.empty()) return out;
  for (const PixelBox& region : Components(grid.get())) {
    std::vector<int> rows_y, cols_x;
    for (const PixelBox& b : h_boxes) {
      if (Inside(b, region)) rows_y.push_back(b.top + b.height / 2);
    }
    for (const PixelBox& b : v_boxes) {
      if (Inside(b, region)) cols_x.push_back(b.left + b.width / 2);
    }
    rows_y = MergeEdges(rows_y);
    cols_x = MergeEdges(cols_x);
    if (rows_y.size() < 2 || cols_x.size() < 2) continue;
    out.tables.push_back(BuildTable(binary.get(), region, rows_y, cols_x));
  }
  std::sort(out.tables.begin(), out.tables.end(),
            [](const Table& a, const Table& b) { return a.box.top < b.box.top; });
  out.rule_groups = RuleGroups(h_boxes, out.tables, width, height);
  // Paint every ruling line (grown by 2 px for anti-aliased edges) white for OCR.
  PixPtr mask(pixDilateBrick(nullptr, grid.get(), 5, 5));
  out.without_rulings = std::move(gray);
  if (mask != nullptr) pixSetMasked(out.without_rulings.get(), mask.get(), 255);
  return out;
}

void PlaceWords(const OcrPage& text, std::vector<Table>* tables) {
  auto holds = [](const PixelBox& cell, const PixelBox& word) {
    const int cx = word.left + word.width / 2, cy = word.top + word.height / 2;
    return cx >= cell.left && cx < cell.right() && cy >= cell.top && cy < cell.bottom();
  };
  for (int l = 0; l < static_cast<int>(text.lines.size()); ++l) {
    const OcrLine& line = text.lines[l];
    for (int w = 0; w < static_cast<int>(line.words.size()); ++w) {
      for (Table& table : *tables) {
        for (TableCell& cell : table.cells) {
          if (holds(cell.box, line.words[w].box)) cell.words.push_back({l, w});
        }
        for (TableCell& cell : table.merged_cells) {
          if (holds(cell.box, line.words[w].box)) cell.words.push_back({l, w});
        }
      }
    }
  }
}

}  // namespace lathe::services::documents
