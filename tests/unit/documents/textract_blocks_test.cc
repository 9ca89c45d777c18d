// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "services/documents/textract_blocks.h"

#include <map>
#include <regex>
#include <set>
#include <string>

#include <gtest/gtest.h>

namespace lathe::services::documents {
namespace {

OcrLine MakeLine(std::vector<std::pair<std::string, PixelBox>> words) {
  OcrLine line;
  line.confidence = 90;
  int left = 1 << 30, top = 1 << 30, right = 0, bottom = 0;
  for (auto& [text, box] : words) {
    line.text += (line.text.empty() ? "" : " ") + text;
    line.words.push_back({.text = text, .confidence = 80, .box = box});
    left = std::min(left, box.left);
    top = std::min(top, box.top);
    right = std::max(right, box.right());
    bottom = std::max(bottom, box.bottom());
  }
  line.box = {left, top, right - left, bottom - top};
  return line;
}

// A 1000 x 500 page: "Name: Jane" and a 1 x 2 table holding "a" and "b", with a merged row.
AnalyzedDocument Sample() {
  AnalyzedPage page;
  page.text.width = 1000;
  page.text.height = 500;
  page.text.lines.push_back(MakeLine({{"Name:", {100, 50, 100, 30}}, {"Jane", {220, 50, 80, 30}}}));
  page.text.lines.push_back(MakeLine({{"a", {120, 220, 20, 30}}, {"b", {520, 220, 20, 30}}}));
  Table table;
  table.box = {100, 200, 800, 200};
  table.rows = 2;
  table.columns = 2;
  table.confidence = 95;
  table.cells = {{1, 1, 1, 1, {100, 200, 400, 100}, {{1, 0}}, {}},
                 {1, 2, 1, 1, {500, 200, 400, 100}, {{1, 1}}, {}},
                 {2, 1, 1, 1, {100, 300, 400, 100}, {}, {}},
                 {2, 2, 1, 1, {500, 300, 400, 100}, {}, {}}};
  table.merged_cells = {{2, 1, 1, 2, {100, 300, 800, 100}, {}, {}}};
  page.tables.push_back(table);
  KeyValue kv;
  kv.key = {{0, 0}};
  kv.value = {{0, 1}};
  kv.key_box = {100, 50, 100, 30};
  kv.value_box = {220, 50, 80, 30};
  kv.confidence = 80;
  page.key_values.push_back(kv);
  AnalyzedDocument doc;
  doc.pages.push_back(page);
  doc.pages.push_back(AnalyzedPage{.text = {.width = 10, .height = 10, .lines = {}},
                                   .from_text_layer = false,
                                   .skew_degrees = 0,
                                   .tables = {},
                                   .key_values = {},
                                   .selections = {}});
  return doc;
}

TEST(TextractBlocksTest, EveryRelationshipPointsAtABlockAndEveryBlockHasOneParent) {
  const std::vector<Block> blocks = BuildTextractBlocks(Sample());
  std::map<std::string, const Block*> by_id;
  for (const Block& b : blocks) {
    EXPECT_TRUE(by_id.emplace(b.id, &b).second) << "duplicate id " << b.id;
    EXPECT_TRUE(std::regex_match(
        b.id, std::regex("[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}")))
        << b.id;
  }
  std::map<std::string, int> child_parents;
  for (const Block& b : blocks) {
    for (const Relationship& r : b.relationships) {
      EXPECT_FALSE(r.ids.empty()) << b.block_type << " has an empty " << r.type;
      for (const std::string& id : r.ids) {
        ASSERT_TRUE(by_id.count(id)) << b.block_type << " " << r.type << " -> unknown " << id;
        // Structural parents: PAGE, LINE and TABLE (CHILD, and MERGED_CELL from the TABLE).
        if ((r.type == "CHILD" || r.type == "MERGED_CELL") &&
            (b.block_type == "PAGE" || b.block_type == "LINE" || b.block_type == "TABLE")) {
          ++child_parents[id];
        }
      }
    }
  }
  // LINEs, TABLEs and KEY_VALUE_SETs belong to their PAGE, WORDs to their LINE, CELLs and
  // MERGED_CELLs to their TABLE: exactly one structural parent each.
  for (const Block& b : blocks) {
    if (b.block_type == "PAGE") continue;
    EXPECT_EQ(child_parents[b.id], 1) << b.block_type << " " << b.text.value_or("");
  }
}

TEST(TextractBlocksTest, TypesGeometryAndMembers) {
  const std::vector<Block> blocks = BuildTextractBlocks(Sample());
  std::map<std::string, int> counts;
  for (const Block& b : blocks) {
    ++counts[b.block_type];
    EXPECT_GE(b.bounding_box.left, 0);
    EXPECT_LE(b.bounding_box.left + b.bounding_box.width, 1.0001f);
    EXPECT_LE(b.bounding_box.top + b.bounding_box.height, 1.0001f);
    ASSERT_EQ(b.polygon.size(), 4u);
    EXPECT_FLOAT_EQ(b.polygon[0].x, b.bounding_box.left);
    EXPECT_FLOAT_EQ(b.polygon[2].y, b.bounding_box.top + b.bounding_box.height);
    EXPECT_EQ(b.confidence.has_value(), b.block_type != "PAGE") << b.block_type;
  }
  EXPECT_EQ(counts["PAGE"], 2);
  EXPECT_EQ(counts["LINE"], 2);
  EXPECT_EQ(counts["WORD"], 4);
  EXPECT_EQ(counts["TABLE"], 1);
  EXPECT_EQ(counts["CELL"], 4);
  EXPECT_EQ(counts["MERGED_CELL"], 1);
  EXPECT_EQ(counts["KEY_VALUE_SET"], 2);
  EXPECT_EQ(blocks.back().block_type, "PAGE");
  EXPECT_EQ(blocks.back().page, 2);
  EXPECT_TRUE(blocks.back().relationships.empty());  // an empty page has no CHILD list

  std::map<std::string, const Block*> by_id;
  for (const Block& b : blocks) by_id[b.id] = &b;
  const Block& first_word = *by_id.at(blocks[1].relationships[0].ids[0]);
  EXPECT_EQ(first_word.text, "Name:");
  EXPECT_EQ(first_word.text_type, "PRINTED");
  EXPECT_FLOAT_EQ(first_word.bounding_box.left, 0.1f);
  EXPECT_FLOAT_EQ(first_word.bounding_box.top, 0.1f);
  EXPECT_FLOAT_EQ(first_word.bounding_box.width, 0.1f);
  EXPECT_FLOAT_EQ(first_word.bounding_box.height, 0.06f);
  for (const Block& b : blocks) {
    if (b.block_type == "CELL" && b.row_index == 1 && b.column_index == 2) {
      ASSERT_EQ(b.relationships.size(), 1u);
      EXPECT_EQ(by_id.at(b.relationships[0].ids[0])->text, "b");
    }
    if (b.block_type == "MERGED_CELL") {
      EXPECT_EQ(b.column_span, 2);
      ASSERT_EQ(b.relationships.size(), 1u);
      EXPECT_EQ(b.relationships[0].ids.size(), 2u);  // the two cells of row 2
      for (const std::string& id : b.relationships[0].ids) {
        EXPECT_EQ(by_id.at(id)->row_index, 2);
      }
    }
    if (b.block_type == "KEY_VALUE_SET" && b.entity_types == std::vector<std::string>{"KEY"}) {
      ASSERT_EQ(b.relationships.size(), 2u);
      EXPECT_EQ(b.relationships[0].type, "VALUE");
      const Block& value = *by_id.at(b.relationships[0].ids[0]);
      EXPECT_EQ(value.entity_types, std::vector<std::string>{"VALUE"});
      EXPECT_EQ(by_id.at(value.relationships[0].ids[0])->text, "Jane");
      EXPECT_EQ(by_id.at(b.relationships[1].ids[0])->text, "Name:");
    }
  }
}

}  // namespace
}  // namespace lathe::services::documents
