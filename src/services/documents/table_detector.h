// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Ruled tables found with Leptonica morphology: the page is binarised, opened with a long
// horizontal and a long vertical line element so that only ruling lines survive (text strokes are
// shorter), and every connected set of at least 2 horizontal and 2 vertical lines is a table whose
// row and column edges are the lines' positions. A missing line segment between two grid cells
// makes them one merged cell. Then words are placed in cells by their centres (text alignment).
// Tables without vertical rulings are not found (documented in docs/api/documents.md). Stateless
// and thread-safe.
//
//   LATHE_ASSIGN_OR_RETURN(RulingAnalysis rulings, FindTables(*pix));
//   LATHE_ASSIGN_OR_RETURN(OcrPage text, RecognizeImage(*rulings.without_rulings));
//   PlaceWords(text, &rulings.tables);   // cells now list their words
#pragma once

#include <vector>

#include "core/status.h"
#include "services/documents/image.h"
#include "services/documents/ocr_engine.h"
#include "services/documents/page_layout.h"

namespace lathe::services::documents {

struct RulingAnalysis {
  std::vector<Table> tables;  // top to bottom; cells without words yet
  // The page with the ruling lines painted white (8-bit gray): Tesseract reads it better, since a
  // cell border next to a letter is otherwise read as 'I' or '|'. Null when no line was found.
  PixPtr without_rulings;
};

// Finds ruled tables on `page` (any depth). Internal only if Leptonica runs out of memory.
Result<RulingAnalysis> FindTables(const Pix& page);

// Puts each word of `text` into the cell (grid and merged) holding its centre. `text` must use
// the pixel coordinates of the page the tables were found on.
void PlaceWords(const OcrPage& text, std::vector<Table>* tables);

}  // namespace lathe::services::documents
