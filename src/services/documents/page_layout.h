// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// What page analysis finds beyond lines and words: selection elements (check boxes, radio
// buttons), tables (a grid of cells, each listing the words and selection elements inside it) and
// key-value pairs (form fields). Words are referred to by their position in the page's OcrPage and
// selection elements by their index in the page's list, so every consumer can rebuild its own ids.
// Plain data, no behaviour.
#pragma once

#include <vector>

#include "services/documents/ocr_engine.h"

namespace lathe::services::documents {

// A word of an OcrPage: page.lines[line].words[word].
struct WordRef {
  int line = 0;
  int word = 0;
};

// A check box or radio button (selection_detector.h).
struct SelectionElement {
  PixelBox box;
  bool selected = false;    // marked (a tick, a cross, filled)
  bool round = false;       // a radio button rather than a square box
  float confidence = 0.0f;  // 0-100
};

struct TableCell {
  int row = 1;          // 1-based, as Textract counts
  int column = 1;       // 1-based
  int row_span = 1;     // grid cells covered downwards (1 for grid cells; more for merged ones)
  int column_span = 1;  // grid cells covered rightwards
  PixelBox box;
  std::vector<WordRef> words;   // words whose centre lies in the cell, in reading order
  std::vector<int> selections;  // selection elements whose centre lies in the cell
};

struct Table {
  PixelBox box;
  int rows = 0;
  int columns = 0;
  std::vector<TableCell> cells;         // rows x columns grid cells, row by row, all span 1
  std::vector<TableCell> merged_cells;  // cells whose ruling lines are missing inside (span > 1)
  float confidence = 0.0f;              // 0-100
};

struct KeyValue {
  std::vector<WordRef> key;     // the label, its ':' word included
  std::vector<WordRef> value;   // may be empty (a label with nothing filled in)
  std::vector<int> selections;  // the value's selection elements (a check box and its label)
  PixelBox key_box;
  PixelBox value_box;       // zero-sized at the key's right when the value is empty
  float confidence = 0.0f;  // 0-100
};

}  // namespace lathe::services::documents
