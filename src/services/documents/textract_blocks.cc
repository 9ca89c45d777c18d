// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "services/documents/textract_blocks.h"

#include <algorithm>
#include <cstdio>
#include <random>

#include "services/documents/deskew.h"

namespace lathe::services::documents {
namespace {

// Geometry of a pixel box of a page read after turning it by `skew` degrees: the box's corners
// turned back onto the original image, as shares of its size.
void SetGeometry(const PixelBox& box, const OcrPage& page, double skew, Block* block) {
  const int width = std::max(page.width, 1), height = std::max(page.height, 1);
  auto clamp = [](double v) { return float(std::clamp(v, 0.0, 1.0)); };
  const double xs[4] = {double(box.left), double(box.right()), double(box.right()),
                        double(box.left)};
  const double ys[4] = {double(box.top), double(box.top), double(box.bottom()),
                        double(box.bottom())};
  block->polygon.clear();
  float left = 1, top = 1, right = 0, bottom = 0;
  for (int i = 0; i < 4; ++i) {
    auto [x, y] = UnrotatePoint(xs[i], ys[i], width, height, skew);
    const Point p{clamp(x / width), clamp(y / height)};
    block->polygon.push_back(p);
    left = std::min(left, p.x), right = std::max(right, p.x);
    top = std::min(top, p.y), bottom = std::max(bottom, p.y);
  }
  block->bounding_box = {.width = right - left, .height = bottom - top, .left = left, .top = top};
}

// Builds one page's blocks, appending to *out.
class PageBlocks {
 public:
  PageBlocks(const AnalyzedPage& page, int page_number, std::vector<Block>* out)
      : page_(page), number_(page_number), out_(out) {}

  void Build() {
    const size_t page_at = Add("PAGE", {0, 0, page_.text.width, page_.text.height});
    SetGeometry({0, 0, page_.text.width, page_.text.height}, page_.text, 0, &(*out_)[page_at]);
    std::vector<std::string> children;
    word_ids_.resize(page_.text.lines.size());
    for (size_t l = 0; l < page_.text.lines.size(); ++l) children.push_back(Line(l));
    for (const SelectionElement& e : page_.selections) {
      const size_t at = Add("SELECTION_ELEMENT", e.box);
      (*out_)[at].confidence = e.confidence;
      (*out_)[at].selection_status = e.selected ? "SELECTED" : "NOT_SELECTED";
      selection_ids_.push_back((*out_)[at].id);
      children.push_back(selection_ids_.back());
    }
    for (const Table& table : page_.tables) children.push_back(TableBlock(table));
    for (const KeyValue& kv : page_.key_values) {
      auto [key, value] = Pair(kv);
      children.push_back(key);
      children.push_back(value);
    }
    if (!children.empty()) (*out_)[page_at].relationships.push_back({"CHILD", children});
  }

 private:
  size_t Add(const char* type, const PixelBox& box) {
    Block block;
    block.block_type = type;
    block.id = NewUuid();
    block.page = number_;
    SetGeometry(box, page_.text, page_.skew_degrees, &block);
    out_->push_back(std::move(block));
    return out_->size() - 1;
  }

  std::string Line(size_t l) {
    const OcrLine& line = page_.text.lines[l];
    const size_t at = Add("LINE", line.box);
    (*out_)[at].confidence = line.confidence;
    (*out_)[at].text = line.text;
    const std::string id = (*out_)[at].id;
    std::vector<std::string> words;
    for (const OcrWord& word : line.words) {
      const size_t w = Add("WORD", word.box);
      (*out_)[w].confidence = word.confidence;
      (*out_)[w].text = word.text;
      (*out_)[w].text_type = "PRINTED";
      words.push_back((*out_)[w].id);
    }
    word_ids_[l] = words;
    (*out_)[at].relationships.push_back({"CHILD", std::move(words)});
    return id;
  }

  // The WORD ids of `refs`, then the SELECTION_ELEMENT ids of `selections`.
  std::vector<std::string> WordIds(const std::vector<WordRef>& refs,
                                   const std::vector<int>& selections = {}) const {
    std::vector<std::string> ids;
    for (const WordRef& r : refs) ids.push_back(word_ids_[r.line][r.word]);
    for (int s : selections) ids.push_back(selection_ids_[s]);
    return ids;
  }

  std::string Cell(const char* type, const TableCell& cell, float confidence) {
    const size_t at = Add(type, cell.box);
    Block& b = (*out_)[at];
    b.confidence = confidence;
    b.row_index = cell.row;
    b.column_index = cell.column;
    b.row_span = cell.row_span;
    b.column_span = cell.column_span;
    std::vector<std::string> words = WordIds(cell.words, cell.selections);
    if (!words.empty()) b.relationships.push_back({"CHILD", std::move(words)});
    return b.id;
  }

  std::string TableBlock(const Table& table) {
    const size_t at = Add("TABLE", table.box);
    (*out_)[at].confidence = table.confidence;
    const std::string id = (*out_)[at].id;
    std::vector<std::string> cells, merged;
    for (const TableCell& cell : table.cells) cells.push_back(Cell("CELL", cell, table.confidence));
    for (const TableCell& m : table.merged_cells) {
      const std::string merged_id = Cell("MERGED_CELL", m, table.confidence);
      // A merged cell's children are the grid cells it covers, not words.
      Block& mb = out_->back();
      mb.relationships.clear();
      std::vector<std::string> covered;
      for (size_t i = 0; i < table.cells.size(); ++i) {
        const TableCell& c = table.cells[i];
        if (c.row >= m.row && c.row < m.row + m.row_span && c.column >= m.column &&
            c.column < m.column + m.column_span) {
          covered.push_back(cells[i]);
        }
      }
      mb.relationships.push_back({"CHILD", std::move(covered)});
      merged.push_back(merged_id);
    }
    Block& tb = (*out_)[at];
    tb.relationships.push_back({"CHILD", std::move(cells)});
    if (!merged.empty()) tb.relationships.push_back({"MERGED_CELL", std::move(merged)});
    return id;
  }

  std::pair<std::string, std::string> Pair(const KeyValue& kv) {
    const size_t value_at = Add("KEY_VALUE_SET", kv.value_box);
    Block& value = (*out_)[value_at];
    value.confidence = kv.confidence;
    value.entity_types = {"VALUE"};
    std::vector<std::string> value_words = WordIds(kv.value, kv.selections);
    if (!value_words.empty()) value.relationships.push_back({"CHILD", std::move(value_words)});
    const std::string value_id = value.id;
    const size_t key_at = Add("KEY_VALUE_SET", kv.key_box);
    Block& key = (*out_)[key_at];
    key.confidence = kv.confidence;
    key.entity_types = {"KEY"};
    key.relationships.push_back({"VALUE", {value_id}});
    key.relationships.push_back({"CHILD", WordIds(kv.key)});
    const std::string key_id = key.id;
    // Textract lists the KEY before its VALUE.
    std::swap((*out_)[key_at], (*out_)[value_at]);
    return {key_id, value_id};
  }

  const AnalyzedPage& page_;
  int number_;
  std::vector<Block>* out_;
  std::vector<std::vector<std::string>> word_ids_;  // [line][word] -> WORD id
  std::vector<std::string> selection_ids_;          // [element] -> SELECTION_ELEMENT id
};

}  // namespace

std::string NewUuid() {
  thread_local std::mt19937_64 rng{std::random_device{}()};
  const uint64_t hi = (rng() & 0xffffffffffff0fffULL) | 0x0000000000004000ULL;
  const uint64_t lo = (rng() & 0x3fffffffffffffffULL) | 0x8000000000000000ULL;
  char buf[40];
  std::snprintf(buf, sizeof buf, "%08x-%04x-%04x-%04x-%012llx", unsigned(hi >> 32),
                unsigned((hi >> 16) & 0xffff), unsigned(hi & 0xffff), unsigned(lo >> 48),
                static_cast<unsigned long long>(lo & 0xffffffffffffULL));
  return buf;
}

std::vector<Block> BuildTextractBlocks(const AnalyzedDocument& doc) {
  std::vector<Block> out;
  for (size_t p = 0; p < doc.pages.size(); ++p) {
    PageBlocks(doc.pages[p], static_cast<int>(p + 1), &out).Build();
  }
  return out;
}

}  // namespace lathe::services::documents
