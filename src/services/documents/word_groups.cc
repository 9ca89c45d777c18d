// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "services/documents/word_groups.h"

#include <algorithm>

namespace lathe::services::documents {

PixelBox WordsBox(const OcrPage& page, const std::vector<WordRef>& words) {
  int left = 1 << 30, top = 1 << 30, right = -1, bottom = -1;
  for (const WordRef& w : words) {
    const PixelBox& b = page.lines[w.line].words[w.word].box;
    left = std::min(left, b.left);
    top = std::min(top, b.top);
    right = std::max(right, b.right());
    bottom = std::max(bottom, b.bottom());
  }
  if (right < 0) return {};
  return {.left = left, .top = top, .width = right - left, .height = bottom - top};
}

float ConfidenceSum(const OcrPage& page, const std::vector<WordRef>& words, float start) {
  float sum = start;
  for (const WordRef& w : words) sum += page.lines[w.line].words[w.word].confidence;
  return sum;
}

}  // namespace lathe::services::documents
