// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Ruled tables found with Leptonica morphology: the page is binarised, opened with a long
// horizontal and a long vertical line element so that only ruling lines survive (text strokes are
// shorter), and every connected set of at least 2 horizontal and 2 vertical lines is a table whose
// row and column edges are the lines' positions. A missing line segment between two grid cells
// makes them one merged cell. Tables ruled only horizontally (a rule above, below and under the
// header, as typeset tables often are) are found from text alignment once the page is read: rows
// are the text lines between the rules, columns the gaps that no row's words cross. Then words
// are placed in cells by their centres. Tables with no rulings at all are found from text
// alignment alone (AddUnruledTables). Stateless and thread-safe.
//
//   LATHE_ASSIGN_OR_RETURN(RulingAnalysis rulings, FindTables(*pix));
//   LATHE_ASSIGN_OR_RETURN(OcrPage text, RecognizeImage(*rulings.without_rulings));
//   AddAlignedTables(text, rulings.rule_groups, &rulings.tables);
//   PlaceWords(text, &rulings.tables);   // cells now list their words
#pragma once

#include <vector>

#include "core/status.h"
#include "services/documents/image.h"
#include "services/documents/ocr_engine.h"
#include "services/documents/page_layout.h"

namespace lathe::services::documents {

// Horizontal rules of about the same extent, outside ruled tables: a candidate for a table ruled
// only horizontally.
struct RuleGroup {
  int left = 0;
  int right = 0;
  std::vector<int> ys;  // the rules' vertical centres, top to bottom (at least 2)
};

struct RulingAnalysis {
  std::vector<Table> tables;           // top to bottom; cells without words yet
  std::vector<RuleGroup> rule_groups;  // candidates for AddAlignedTables
  // The page with the ruling lines painted white (8-bit gray): Tesseract reads it better, since a
  // cell border next to a letter is otherwise read as 'I' or '|'. Null when no line was found.
  PixPtr without_rulings;
};

// Finds ruled tables on `page` (any depth). Internal only if Leptonica runs out of memory.
Result<RulingAnalysis> FindTables(const Pix& page);

// Adds a table for each longest run of bands between consecutive rules of a group (no empty band)
// whose words form at least 2 rows and 2 columns (columns split where a vertical gap wider than
// 1.5 word heights crosses every row). Cells are 1x1, the confidence 60 (a layout guess, lower
// than a ruled grid's).
void AddAlignedTables(const OcrPage& text, const std::vector<RuleGroup>& groups,
                      std::vector<Table>* tables);

// Adds a table for each run of at least 3 consecutive text rows (outside existing tables, no
// vertical gap over 2 word heights between them) that each have a gap wider than 1.5 word
// heights, where some such gap lies at the same place in every row of the run (a whitespace
// column). Runs whose cells hold more than 4 words on median are columns of prose (a two-column
// page), not a table. Cells are 1x1, the confidence 50 (a guess from alignment alone).
void AddUnruledTables(const OcrPage& text, std::vector<Table>* tables);

// Puts each word of `text` into the cell (grid and merged) holding its centre. `text` must use
// the pixel coordinates of the page the tables were found on.
void PlaceWords(const OcrPage& text, std::vector<Table>* tables);

}  // namespace lathe::services::documents
