// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Selection elements (Textract's SELECTION_ELEMENT: check boxes and radio buttons) found by
// Leptonica connected components on the binarised page, a shape test, not a learned model. A
// component is a square box when it is about square (sides within 25 %), 10-150 px a side, and
// its four edges are inked over at least 90 % of their length; a radio button when it is a
// round ring (inked along a circle, empty corners, a white band inside the ring). A component
// with a glyph-like neighbour closer than a quarter of its side on the same band is a letter of
// a word (an "o" or "O"), not a box. The element is SELECTED when its interior (the box shrunk by
// a fifth of its side each way) has more than 12 % ink: a tick, a cross, a dot or a solid fill.
// Solid discs are bullets, not radio buttons. Then the element is attached: to the table cell
// holding its centre, and to a form field whose key is the text right of it on the same band (or
// left of it when nothing is on its right), or the `Label:` key it follows. Stateless and
// thread-safe.
//
//   LATHE_ASSIGN_OR_RETURN(std::vector<SelectionElement> boxes, FindSelectionElements(*pix));
//   PixPtr clean = PaintOut(*pix, boxes);          // OCR does not read a box as "O" or "[]"
//   ... OCR clean into `text`, FindKeyValues(text) into `pairs` ...
//   AttachSelections(text, boxes, &tables, &pairs);
#pragma once

#include <vector>

#include "core/status.h"
#include "services/documents/image.h"
#include "services/documents/ocr_engine.h"
#include "services/documents/page_layout.h"

namespace lathe::services::documents {

// The check boxes and radio buttons of `page` (any depth), top to bottom then left to right.
// Internal only if Leptonica fails to convert or label the page.
Result<std::vector<SelectionElement>> FindSelectionElements(const Pix& page);

// An 8-bit gray copy of `page` with every element's box (grown by 3 px) painted white, so that
// OCR does not read the boxes as letters. Null if Leptonica fails (then OCR the original).
PixPtr PaintOut(const Pix& page, const std::vector<SelectionElement>& elements);

// Puts each element into the table cells (grid and merged) holding its centre, and into the
// key-value pairs: a `Label:` pair with an empty value that the element follows on the same band
// takes it as its value; every other element outside tables gets a new pair whose key is the
// words right of it on its band (up to the next element or a gap of 3 line heights), or the
// words left of it when its right is empty. `pairs` keep their order; new pairs are appended.
void AttachSelections(const OcrPage& text, const std::vector<SelectionElement>& elements,
                      std::vector<Table>* tables, std::vector<KeyValue>* pairs);

}  // namespace lathe::services::documents
