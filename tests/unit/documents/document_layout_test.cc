// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Check boxes and radio buttons (selection_detector.h), deskewing (deskew.h) and tables without
// rulings (AddUnruledTables), on pages the tests draw with ImageMagick and enscript.
#include <cmath>
#include <map>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "services/documents/deskew.h"
#include "services/documents/document_analyzer.h"
#include "services/documents/selection_detector.h"
#include "services/documents/textract_blocks.h"
#include "services/documents/word_groups.h"
#include "unit/documents/document_fixtures.h"

namespace lathe::services::documents {
namespace {

namespace fx = lathe::testing::documents;

constexpr double kPi = 3.14159265358979323846;

std::string Text(const OcrPage& page, const std::vector<WordRef>& refs) {
  std::string out;
  for (const WordRef& r : refs) {
    if (!out.empty()) out += ' ';
    out += page.lines[r.line].words[r.word].text;
  }
  return out;
}

std::string AllText(const OcrPage& page) {
  std::string out;
  for (const OcrLine& line : page.lines) out += line.text + "\n";
  return out;
}

AnalyzeOptions Options(bool tables, bool forms) {
  AnalyzeOptions options;
  options.tables = tables;
  options.forms = forms;
  options.languages = "eng";
  return options;
}

// `draw` with hollow black strokes, then `solid` filled black, then the text lines.
bool Render(const std::filesystem::path& path, int width, int height, const std::string& draw,
            const std::string& solid, const std::vector<fx::TextAt>& lines) {
  std::string cmd = "convert -size " + std::to_string(width) + "x" + std::to_string(height) +
                    " xc:white -fill none -stroke black -strokewidth 3 -draw " + fx::Quote(draw);
  if (!solid.empty()) cmd += " -fill black -draw " + fx::Quote(solid);
  cmd += " -stroke none -fill black -font DejaVu-Sans -pointsize 32";
  for (const fx::TextAt& l : lines) {
    cmd +=
        " -annotate +" + std::to_string(l.x) + "+" + std::to_string(l.y) + " " + fx::Quote(l.text);
  }
  return fx::Run(cmd + " " + fx::Quote(path.string()));
}

// A box with its top-left corner at (x, y), 36 px a side.
std::string Box(int x, int y) {
  return "rectangle " + std::to_string(x) + "," + std::to_string(y) + " " + std::to_string(x + 36) +
         "," + std::to_string(y + 36) + " ";
}
std::string Cross(int x, int y) {
  return "line " + std::to_string(x + 8) + "," + std::to_string(y + 8) + " " +
         std::to_string(x + 28) + "," + std::to_string(y + 28) + " line " + std::to_string(x + 28) +
         "," + std::to_string(y + 8) + " " + std::to_string(x + 8) + "," + std::to_string(y + 28) +
         " ";
}
std::string Circle(int cx, int cy, int r) {
  return "circle " + std::to_string(cx) + "," + std::to_string(cy) + " " + std::to_string(cx + r) +
         "," + std::to_string(cy) + " ";
}

class DocumentLayoutTest : public ::testing::Test {
 protected:
  fx::ScratchDir dir_;
};

// The box and confidence of a group of words (word_groups.h), on a page built by hand.
TEST(WordGroupsTest, BoxHoldsEveryWordAndConfidencesAddInOrder) {
  OcrPage page;
  page.lines.resize(2);
  page.lines[0].words = {{.text = "Name:", .confidence = 90.0f, .box = {10, 20, 50, 12}},
                         {.text = "Ada", .confidence = 80.0f, .box = {70, 18, 30, 16}}};
  page.lines[1].words = {{.text = "Lovelace", .confidence = 70.0f, .box = {12, 40, 60, 14}}};
  const PixelBox box = WordsBox(page, {{0, 0}, {0, 1}, {1, 0}});
  EXPECT_EQ(box.left, 10);
  EXPECT_EQ(box.top, 18);
  EXPECT_EQ(box.right(), 100);
  EXPECT_EQ(box.bottom(), 54);
  const PixelBox one = WordsBox(page, {{1, 0}});
  EXPECT_EQ(one.left, 12);
  EXPECT_EQ(one.width, 60);
  const PixelBox none = WordsBox(page, {});
  EXPECT_EQ(none.width, 0);
  EXPECT_EQ(none.height, 0);
  EXPECT_FLOAT_EQ(ConfidenceSum(page, {{0, 1}, {1, 0}}), 150.0f);
  EXPECT_FLOAT_EQ(ConfidenceSum(page, {{0, 0}}, 5.0f), 95.0f);
  EXPECT_FLOAT_EQ(ConfidenceSum(page, {}, 5.0f), 5.0f);
}

TEST_F(DocumentLayoutTest, CheckBoxesAndRadioButtonsAreFoundWithTheirStatusAndLabels) {
  // Row 1: an empty box "Paper invoice", a crossed box "Email receipt". Row 2: "Express:" then a
  // solid box. Row 3: an empty radio button "Morning", one with a dot "Afternoon".
  const std::string hollow =
      Box(100, 172) + Box(600, 172) + Cross(600, 172) + Circle(118, 390, 18) + Circle(618, 390, 18);
  const std::string solid = Box(260, 272) + Circle(618, 390, 8);
  ASSERT_TRUE(Render(dir_ / "form.png", 1300, 480, hollow, solid,
                     {{100, 100, "Customer: Ada Lovelace"},
                      {160, 202, "Paper invoice"},
                      {660, 202, "Email receipt"},
                      {100, 302, "Express:"},
                      {160, 402, "Morning"},
                      {660, 402, "Afternoon"}}));
  const std::string png = fx::ReadFile(dir_ / "form.png");
  Result<AnalyzedDocument> doc = AnalyzeDocument(png, Options(false, true));
  ASSERT_TRUE(doc.ok()) << doc.status().message();
  const AnalyzedPage& page = doc->pages[0];
  ASSERT_EQ(page.selections.size(), 5u) << AllText(page.text);
  // No box was read as a letter: the lines are the labels alone.
  const std::string all = AllText(page.text);
  for (const char* garbage : {"[", "]", "|", "O ", "0 ", "®", "©"}) {
    EXPECT_EQ(all.find(garbage), std::string::npos) << garbage << " in\n" << all;
  }
  std::map<std::string, std::pair<bool, bool>> by_key;  // key -> {selected, round}
  std::map<std::string, std::string> text_pairs;
  for (const KeyValue& kv : page.key_values) {
    if (kv.selections.empty()) {
      text_pairs[Text(page.text, kv.key)] = Text(page.text, kv.value);
      continue;
    }
    ASSERT_EQ(kv.selections.size(), 1u);
    const SelectionElement& e = page.selections[kv.selections[0]];
    by_key[Text(page.text, kv.key)] = {e.selected, e.round};
    EXPECT_TRUE(kv.value.empty());
    EXPECT_EQ(kv.value_box.left, e.box.left);
    EXPECT_GT(e.confidence, 50.0f);
    EXPECT_LE(e.confidence, 100.0f);
    EXPECT_NEAR(e.box.width, 38, 4);
  }
  const std::map<std::string, std::pair<bool, bool>> expected = {{"Paper invoice", {false, false}},
                                                                 {"Email receipt", {true, false}},
                                                                 {"Express:", {true, false}},
                                                                 {"Morning", {false, true}},
                                                                 {"Afternoon", {true, true}}};
  EXPECT_EQ(by_key, expected) << all;
  EXPECT_EQ(text_pairs["Customer:"], "Ada Lovelace");

  // The block model: SELECTION_ELEMENT blocks, each the CHILD of a VALUE and of the PAGE.
  std::vector<Block> blocks = BuildTextractBlocks(*doc);
  std::map<std::string, const Block*> ids;
  for (const Block& b : blocks) ids[b.id] = &b;
  int selection_blocks = 0, selected = 0, values_with_box = 0;
  for (const Block& b : blocks) {
    if (b.block_type == "SELECTION_ELEMENT") {
      ++selection_blocks;
      ASSERT_TRUE(b.selection_status.has_value());
      selected += *b.selection_status == "SELECTED";
      EXPECT_TRUE(b.confidence.has_value());
      EXPECT_GT(b.bounding_box.width, 0.0f);
    }
    if (b.block_type != "KEY_VALUE_SET" || b.entity_types[0] != "VALUE") continue;
    for (const Relationship& r : b.relationships) {
      for (const std::string& id : r.ids) {
        ASSERT_TRUE(ids.count(id));
        values_with_box += ids[id]->block_type == "SELECTION_ELEMENT";
      }
    }
  }
  EXPECT_EQ(selection_blocks, 5);
  EXPECT_EQ(selected, 3);
  EXPECT_EQ(values_with_box, 5);
  ASSERT_EQ(blocks[0].block_type, "PAGE");
  int page_children = 0;
  for (const std::string& id : blocks[0].relationships[0].ids) {
    page_children += ids[id]->block_type == "SELECTION_ELEMENT";
  }
  EXPECT_EQ(page_children, 5);

  // DetectDocumentText does not look for boxes.
  Result<AnalyzedDocument> text_only = AnalyzeDocument(png, Options(false, false));
  ASSERT_TRUE(text_only.ok());
  EXPECT_TRUE(text_only->pages[0].selections.empty());
}

TEST_F(DocumentLayoutTest, LettersAndBulletsAreNotSelectionElements) {
  // Round and square glyphs inside words, a lone "o", a solid bullet disc.
  ASSERT_TRUE(Render(dir_ / "text.png", 1300, 300, "", Circle(80, 190, 10),
                     {{60, 100, "Good books on odd boxes: OXO or QOQ"},
                      {110, 202, "A bulleted point about ovals"}}));
  Result<std::vector<SelectionElement>> found = [&]() -> Result<std::vector<SelectionElement>> {
    LATHE_ASSIGN_OR_RETURN(PixPtr pix, DecodeImage(fx::ReadFile(dir_ / "text.png")));
    return FindSelectionElements(*pix);
  }();
  ASSERT_TRUE(found.ok()) << found.status().message();
  EXPECT_TRUE(found->empty()) << found->size() << " found, first at " << (*found)[0].box.left << ","
                              << (*found)[0].box.top;
}

TEST_F(DocumentLayoutTest, CheckBoxesInTableCellsAreTheCellsChildren) {
  const std::string grid =
      "line 100,100 900,100 line 100,200 900,200 line 100,300 900,300 "
      "line 100,100 100,300 line 500,100 500,300 line 900,100 900,300 ";
  ASSERT_TRUE(Render(dir_ / "table.png", 1000, 400,
                     grid + Box(680, 132) + Cross(680, 132) + Box(680, 232), "",
                     {{140, 162, "Gears"}, {140, 262, "Levers"}}));
  Result<AnalyzedDocument> doc =
      AnalyzeDocument(fx::ReadFile(dir_ / "table.png"), Options(true, true));
  ASSERT_TRUE(doc.ok()) << doc.status().message();
  const AnalyzedPage& page = doc->pages[0];
  ASSERT_EQ(page.tables.size(), 1u);
  ASSERT_EQ(page.selections.size(), 2u);
  const Table& table = page.tables[0];
  ASSERT_EQ(table.cells.size(), 4u);
  EXPECT_EQ(Text(page.text, table.cells[0].words), "Gears");
  ASSERT_EQ(table.cells[1].selections.size(), 1u);
  EXPECT_TRUE(page.selections[table.cells[1].selections[0]].selected);
  ASSERT_EQ(table.cells[3].selections.size(), 1u);
  EXPECT_FALSE(page.selections[table.cells[3].selections[0]].selected);
  EXPECT_TRUE(table.cells[0].selections.empty());
  for (const KeyValue& kv : page.key_values) EXPECT_TRUE(kv.selections.empty());
  // CELL -> CHILD -> SELECTION_ELEMENT.
  int cells_with_box = 0;
  std::map<std::string, std::string> types;
  const std::vector<Block> blocks = BuildTextractBlocks(*doc);
  for (const Block& b : blocks) types[b.id] = b.block_type;
  for (const Block& b : blocks) {
    if (b.block_type != "CELL") continue;
    for (const Relationship& r : b.relationships) {
      for (const std::string& id : r.ids) cells_with_box += types[id] == "SELECTION_ELEMENT";
    }
  }
  EXPECT_EQ(cells_with_box, 2);
}

TEST_F(DocumentLayoutTest, SkewedScanIsReadAndMappedBackToTheOriginalImage) {
  const std::vector<fx::TextAt> lines = {{80, 120, "Shipping notice for order 4417"},
                                         {80, 220, "Deliver to the loading dock before noon"},
                                         {80, 320, "Signed by the warehouse manager"}};
  ASSERT_TRUE(fx::RenderText(dir_ / "straight.png", 1400, 420, lines));
  // ImageMagick turns it 3 degrees clockwise about its centre, growing the canvas.
  ASSERT_TRUE(fx::Run("convert " + fx::Quote((dir_ / "straight.png").string()) +
                      " -background white -rotate 3 " + fx::Quote((dir_ / "skewed.png").string())));
  Result<AnalyzedDocument> straight =
      AnalyzeDocument(fx::ReadFile(dir_ / "straight.png"), Options(false, false));
  Result<AnalyzedDocument> skewed =
      AnalyzeDocument(fx::ReadFile(dir_ / "skewed.png"), Options(false, false));
  ASSERT_TRUE(straight.ok() && skewed.ok());
  EXPECT_NEAR(straight->pages[0].skew_degrees, 0.0, 0.01);
  const AnalyzedPage& page = skewed->pages[0];
  EXPECT_NEAR(page.skew_degrees, -3.0, 0.3);
  ASSERT_EQ(page.text.lines.size(), 3u) << AllText(page.text);
  for (size_t i = 0; i < lines.size(); ++i) EXPECT_EQ(page.text.lines[i].text, lines[i].text);

  // Where each line's top-left corner went: rotate the straight page's corner as ImageMagick did.
  const double a = 3 * kPi / 180;
  const int w0 = 1400, h0 = 420, w1 = page.text.width, h1 = page.text.height;
  std::vector<Block> blocks = BuildTextractBlocks(*skewed);
  size_t line = 0;
  for (const Block& b : blocks) {
    if (b.block_type != "LINE") continue;
    const PixelBox& before = straight->pages[0].text.lines[line++].box;
    const double dx = before.left - w0 / 2.0, dy = before.top - h0 / 2.0;
    const double x = w1 / 2.0 + dx * std::cos(a) - dy * std::sin(a);
    const double y = h1 / 2.0 + dx * std::sin(a) + dy * std::cos(a);
    ASSERT_EQ(b.polygon.size(), 4u);
    EXPECT_NEAR(b.polygon[0].x * w1, x, 10) << *b.text;
    EXPECT_NEAR(b.polygon[0].y * h1, y, 10) << *b.text;
    // The top edge slopes down by tan(3 degrees) in pixels.
    const double slope =
        (b.polygon[1].y - b.polygon[0].y) * h1 / ((b.polygon[1].x - b.polygon[0].x) * w1);
    EXPECT_NEAR(slope, std::tan(a), 0.01) << *b.text;
    // The bounding box holds the polygon.
    for (const Point& p : b.polygon) {
      EXPECT_GE(p.x, b.bounding_box.left - 1e-5);
      EXPECT_LE(p.y, b.bounding_box.top + b.bounding_box.height + 1e-5);
    }
  }
  EXPECT_EQ(line, 3u);
  // UnrotatePoint undoes a rotation about the centre.
  auto [x, y] = UnrotatePoint(100, 50, 200, 100, 90);
  EXPECT_NEAR(x, 100, 1e-9);
  EXPECT_NEAR(y, 50, 1e-9);
  std::tie(x, y) = UnrotatePoint(150, 50, 200, 100, 90);  // right of centre, turned back up
  EXPECT_NEAR(x, 100, 1e-9);
  EXPECT_NEAR(y, 0, 1e-9);
}

// Cell texts of `table`, row by row.
std::vector<std::vector<std::string>> Rows(const OcrPage& page, const Table& table) {
  std::vector<std::vector<std::string>> rows(table.rows);
  for (const TableCell& c : table.cells) rows[c.row - 1].push_back(Text(page, c.words));
  return rows;
}

TEST_F(DocumentLayoutTest, TablesWithoutRulingsAreFoundFromAlignment) {
  const std::vector<std::vector<std::string>> expected = {{"Item", "Qty", "Price"},
                                                          {"Gears", "4", "140"},
                                                          {"Levers", "12", "35"},
                                                          {"Springs", "7", "9"}};
  // A rendered image, read by OCR, with a paragraph above the table.
  std::vector<fx::TextAt> lines = {{100, 80, "Parts ordered this week from the northern depot"}};
  for (size_t r = 0; r < expected.size(); ++r) {
    const int y = 170 + int(r) * 60;
    lines.push_back({100, y, expected[r][0]});
    lines.push_back({600, y, expected[r][1]});
    lines.push_back({850, y, expected[r][2]});
  }
  ASSERT_TRUE(fx::RenderText(dir_ / "aligned.png", 1300, 440, lines));
  // The same table typed with spaces in a PDF with a text layer (enscript, Courier).
  ASSERT_TRUE(fx::TextPdf(dir_, "aligned.pdf",
                          "Parts ordered this week from the northern depot\n\n"
                          "Item        Qty     Price\n"
                          "Gears       4       140\n"
                          "Levers      12      35\n"
                          "Springs     7       9\n"));
  for (const char* name : {"aligned.png", "aligned.pdf"}) {
    Result<AnalyzedDocument> doc = AnalyzeDocument(fx::ReadFile(dir_ / name), Options(true, false));
    ASSERT_TRUE(doc.ok()) << name << ": " << doc.status().message();
    const AnalyzedPage& page = doc->pages[0];
    ASSERT_EQ(page.tables.size(), 1u) << name << "\n" << AllText(page.text);
    const Table& table = page.tables[0];
    EXPECT_EQ(table.rows, 4) << name;
    EXPECT_EQ(table.columns, 3) << name;
    EXPECT_EQ(Rows(page.text, table), expected) << name;
    EXPECT_FLOAT_EQ(table.confidence, 50.0f);
    // Without TABLES there is no table.
    Result<AnalyzedDocument> plain =
        AnalyzeDocument(fx::ReadFile(dir_ / name), Options(false, false));
    ASSERT_TRUE(plain.ok());
    EXPECT_TRUE(plain->pages[0].tables.empty());
  }
}

TEST_F(DocumentLayoutTest, ProseAndTwoRowLayoutsAreNotTables) {
  // Two columns of prose (wide gutter, many words per cell) and a two-row aligned pair.
  ASSERT_TRUE(fx::RenderText(dir_ / "prose.png", 1500, 520,
                             {{60, 80, "The river rose all night and the"},
                              {800, 80, "Farmers moved their animals to the"},
                              {60, 130, "bridge was closed before dawn by"},
                              {800, 130, "higher fields and waited for news"},
                              {60, 180, "the town council and the police"},
                              {800, 180, "from the town about the flooding"},
                              {60, 330, "Name"},
                              {600, 330, "Jane"},
                              {60, 390, "City"},
                              {600, 390, "Hanoi"}}));
  Result<AnalyzedDocument> doc =
      AnalyzeDocument(fx::ReadFile(dir_ / "prose.png"), Options(true, false));
  ASSERT_TRUE(doc.ok());
  EXPECT_TRUE(doc->pages[0].tables.empty()) << AllText(doc->pages[0].text);
}

}  // namespace
}  // namespace lathe::services::documents
