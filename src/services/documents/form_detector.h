// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Key-value pairs (form fields) by a layout heuristic, not a learned model: a word ending in ':'
// (with a letter before it) ends a key; the key starts after the previous value or after a gap
// wider than a line height; the value is the following words of the same line up to the next key.
// A key that ends its line takes as value the text line to its right on the same band (Tesseract
// splits "Name:      Jane" at a wide gap), else its value is empty (an unfilled field). Labels
// without ':' and values below their label are not paired (documented in docs/api/documents.md).
// Stateless and thread-safe.
//
//   for (const KeyValue& kv : FindKeyValues(page)) { ... page.lines[kv.key[0].line] ... }
#pragma once

#include <vector>

#include "services/documents/ocr_engine.h"
#include "services/documents/page_layout.h"

namespace lathe::services::documents {

// The key-value pairs of `page`, in reading order of their keys.
std::vector<KeyValue> FindKeyValues(const OcrPage& page);

}  // namespace lathe::services::documents
