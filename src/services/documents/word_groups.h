// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Boxes and confidences of groups of OCR words named by WordRef (a form key, a value, a check
// box's label), shared by the form and selection-element detectors. Pure functions over an
// OcrPage; thread-safe.
//
//   const PixelBox key_box = WordsBox(page, kv.key);
//   const float mean = ConfidenceSum(page, kv.key) / float(kv.key.size());
#pragma once

#include <vector>

#include "services/documents/page_layout.h"

namespace lathe::services::documents {

// The smallest box holding every word of `words` (refs into `page`); a zero box when empty.
PixelBox WordsBox(const OcrPage& page, const std::vector<WordRef>& words);

// `start` plus the words' confidences (0-100 each), added in order.
float ConfidenceSum(const OcrPage& page, const std::vector<WordRef>& words, float start = 0.0f);

}  // namespace lathe::services::documents
