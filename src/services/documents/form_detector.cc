// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "services/documents/form_detector.h"

#include <algorithm>
#include <cctype>

#include "services/documents/word_groups.h"

namespace lathe::services::documents {
namespace {

// "Name:" or "Date of birth:" ends a key; "12:30" or ":" alone does not.
bool EndsKey(const std::string& word) {
  if (word.size() < 2 || word.back() != ':') return false;
  return std::any_of(word.begin(), word.end() - 1, [](unsigned char c) {
    return std::isalpha(c) || c >= 0x80;  // letters, including UTF-8 ones
  });
}

float MeanConfidence(const OcrPage& page, const std::vector<WordRef>& a,
                     const std::vector<WordRef>& b) {
  const size_t n = a.size() + b.size();
  return n == 0 ? 0.0f : ConfidenceSum(page, b, ConfidenceSum(page, a)) / float(n);
}

// The line to the right of `key_box` on the same band (vertical overlap over half the key's
// height), nearest first; -1 if none.
int LineToTheRight(const OcrPage& page, int key_line, const PixelBox& key_box) {
  int best = -1;
  for (int l = 0; l < static_cast<int>(page.lines.size()); ++l) {
    if (l == key_line) continue;
    const PixelBox& b = page.lines[l].box;
    const int overlap = std::min(b.bottom(), key_box.bottom()) - std::max(b.top, key_box.top);
    if (b.left < key_box.right() || overlap * 2 < key_box.height) continue;
    if (best < 0 || b.left < page.lines[best].box.left) best = l;
  }
  return best;
}

}  // namespace

std::vector<KeyValue> FindKeyValues(const OcrPage& page) {
  std::vector<KeyValue> out;
  std::vector<bool> used_line(page.lines.size(), false);  // lines taken whole as values
  for (int l = 0; l < static_cast<int>(page.lines.size()); ++l) {
    if (used_line[l]) continue;
    const std::vector<OcrWord>& words = page.lines[l].words;
    const int gap = std::max(page.lines[l].box.height, 1);
    int start = 0;  // first word not yet part of a key or value
    for (int w = 0; w < static_cast<int>(words.size()); ++w) {
      if (!EndsKey(words[w].text)) continue;
      // The key reaches back over words closer than a line height, not past `start`.
      int key_start = w;
      while (key_start > start &&
             words[key_start].box.left - words[key_start - 1].box.right() < gap) {
        --key_start;
      }
      // The previous pair's value ends where this key starts.
      if (!out.empty() && out.back().key.front().line == l) {
        for (int v = start; v < key_start; ++v) out.back().value.push_back({l, v});
      }
      KeyValue kv;
      for (int k = key_start; k <= w; ++k) kv.key.push_back({l, k});
      out.push_back(std::move(kv));
      start = w + 1;
    }
    if (out.empty() || out.back().key.front().line != l) continue;
    KeyValue& last = out.back();
    for (int v = start; v < static_cast<int>(words.size()); ++v) last.value.push_back({l, v});
    if (last.value.empty()) {
      const int right = LineToTheRight(page, l, WordsBox(page, last.key));
      if (right >= 0 && !EndsKey(page.lines[right].words.front().text)) {
        for (int v = 0; v < static_cast<int>(page.lines[right].words.size()); ++v) {
          last.value.push_back({right, v});
        }
        used_line[right] = true;
      }
    }
  }
  for (KeyValue& kv : out) {
    kv.key_box = WordsBox(page, kv.key);
    kv.value_box = kv.value.empty() ? PixelBox{.left = kv.key_box.right(),
                                               .top = kv.key_box.top,
                                               .width = 0,
                                               .height = kv.key_box.height}
                                    : WordsBox(page, kv.value);
    kv.confidence = MeanConfidence(page, kv.key, kv.value);
  }
  return out;
}

}  // namespace lathe::services::documents
