// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Amazon Textract's block model built from analysed pages: one PAGE block per page, LINE and WORD
// blocks (CHILD relationships PAGE -> LINE -> WORD), SELECTION_ELEMENT blocks (PAGE -> CHILD) when
// check boxes were looked for, TABLE -> CELL -> WORD / SELECTION_ELEMENT (plus MERGED_CELL ->
// CELL) when tables were analysed, KEY_VALUE_SET pairs (KEY -> VALUE by a VALUE relationship,
// each -> its WORDs or SELECTION_ELEMENT by CHILD) when forms were; ids are random UUIDs; geometry
// is normalised to the original page image (BoundingBox and a 4-point Polygon, clockwise from the
// top-left; on a deskewed page the polygon is the rotated box and the bounding box its hull).
// Plain data for the adapters to serialise; thread-safe.
//
//   std::vector<Block> blocks = BuildTextractBlocks(doc);   // doc from AnalyzeDocument
#pragma once

#include <optional>
#include <string>
#include <utility>
#include <vector>

#include "services/documents/document_analyzer.h"

namespace lathe::services::documents {

struct BoundingBox {
  float width = 0, height = 0, left = 0, top = 0;  // shares of the page, in [0, 1]
};

struct Point {
  float x = 0, y = 0;  // shares of the page
};

struct Relationship {
  std::string type;  // "CHILD", "VALUE", "MERGED_CELL"
  std::vector<std::string> ids;
};

struct Block {
  // PAGE, LINE, WORD, TABLE, CELL, MERGED_CELL, KEY_VALUE_SET, SELECTION_ELEMENT
  std::string block_type;
  std::string id;                                                     // UUID
  std::optional<float> confidence;                                    // 0-100; none on PAGE
  std::optional<std::string> text;                                    // LINE, WORD
  std::optional<std::string> text_type;                               // WORD: "PRINTED"
  std::optional<int> row_index, column_index, row_span, column_span;  // CELL, MERGED_CELL
  BoundingBox bounding_box;
  std::vector<Point> polygon;                   // 4 points
  std::vector<Relationship> relationships;      // omitted from JSON when empty
  std::vector<std::string> entity_types;        // KEY_VALUE_SET: "KEY" or "VALUE"
  std::optional<std::string> selection_status;  // SELECTION_ELEMENT: SELECTED, NOT_SELECTED
  int page = 1;                                 // 1-based
};

// The blocks of `doc`: per page, PAGE first, then its LINEs each followed by its WORDs, then
// SELECTION_ELEMENTs, then TABLE / CELL / MERGED_CELL blocks, then KEY / VALUE pairs. Every id in a
// relationship is the id of a block in the result.
std::vector<Block> BuildTextractBlocks(const AnalyzedDocument& doc);

// A random (version 4) UUID, "xxxxxxxx-xxxx-4xxx-yxxx-xxxxxxxxxxxx".
std::string NewUuid();

}  // namespace lathe::services::documents
