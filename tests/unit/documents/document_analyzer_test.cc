// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "services/documents/document_analyzer.h"

#include <algorithm>
#include <cstdlib>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "unit/documents/document_fixtures.h"

namespace lathe::services::documents {
namespace {

namespace fx = lathe::testing::documents;

std::string Text(const OcrPage& page, const std::vector<WordRef>& refs) {
  std::string out;
  for (const WordRef& r : refs) {
    if (!out.empty()) out += ' ';
    out += page.lines[r.line].words[r.word].text;
  }
  return out;
}

AnalyzeOptions Options(bool tables, bool forms, int max_pages = 1) {
  AnalyzeOptions options;
  options.tables = tables;
  options.forms = forms;
  options.max_pages = max_pages;
  return options;
}

std::string AllText(const OcrPage& page) {
  std::string out;
  for (const OcrLine& line : page.lines) out += line.text + "\n";
  return out;
}

// Ruling lines of a grid with rows at `ys` and columns at `xs`; `skip_top_inner` leaves the inner
// vertical lines out of the first row (a header cell spanning every column).
std::string GridDraw(const std::vector<int>& ys, const std::vector<int>& xs, bool skip_top_inner) {
  std::string draw;
  for (int y : ys) {
    draw += "line " + std::to_string(xs.front()) + "," + std::to_string(y) + " " +
            std::to_string(xs.back()) + "," + std::to_string(y) + " ";
  }
  for (size_t i = 0; i < xs.size(); ++i) {
    const bool inner = i > 0 && i + 1 < xs.size();
    const int top = inner && skip_top_inner ? ys[1] : ys.front();
    draw += "line " + std::to_string(xs[i]) + "," + std::to_string(top) + " " +
            std::to_string(xs[i]) + "," + std::to_string(ys.back()) + " ";
  }
  return draw;
}

class DocumentAnalyzerTest : public ::testing::Test {
 protected:
  const std::string kText =
      "Quarterly report for the northern region\n"
      "Revenue grew by twelve percent this year\n";
  fx::ScratchDir dir_;
};

TEST_F(DocumentAnalyzerTest, PdfTextLayerGivesExactWordsWithBoxes) {
  ASSERT_TRUE(fx::TextPdf(dir_, "text.pdf", kText));
  Result<AnalyzedDocument> doc = AnalyzeDocument(fx::ReadFile(dir_ / "text.pdf"), {});
  ASSERT_TRUE(doc.ok()) << doc.status().message();
  EXPECT_EQ(doc->format, ImageFormat::kPdf);
  ASSERT_EQ(doc->pages.size(), 1u);
  const AnalyzedPage& page = doc->pages[0];
  EXPECT_TRUE(page.from_text_layer);
  // A4 (595 x 842 pt) or Letter (612 x 792 pt) at 300 dpi.
  EXPECT_TRUE((std::abs(page.text.width - 2480) <= 2 && std::abs(page.text.height - 3508) <= 2) ||
              (std::abs(page.text.width - 2550) <= 2 && std::abs(page.text.height - 3300) <= 2))
      << page.text.width << "x" << page.text.height;
  ASSERT_EQ(page.text.lines.size(), 2u) << AllText(page.text);
  EXPECT_EQ(page.text.lines[0].text, "Quarterly report for the northern region");
  EXPECT_EQ(page.text.lines[1].text, "Revenue grew by twelve percent this year");
  EXPECT_EQ(page.text.lines[1].words.size(), 7u);
  EXPECT_LT(page.text.lines[0].box.bottom(), page.text.lines[1].box.bottom());
  for (const OcrWord& w : page.text.lines[0].words) {
    EXPECT_GT(w.box.width, 0);
    EXPECT_LE(w.box.right(), page.text.width);
    EXPECT_EQ(w.confidence, 100.0f);
  }
}

TEST_F(DocumentAnalyzerTest, PdfWithoutTextLayerIsRasterisedAndRead) {
  ASSERT_TRUE(fx::TextPdf(dir_, "text.pdf", kText));
  ASSERT_TRUE(fx::RasterPdf(dir_ / "text.pdf", dir_ / "scan.pdf"));
  Result<AnalyzedDocument> doc = AnalyzeDocument(fx::ReadFile(dir_ / "scan.pdf"), {});
  ASSERT_TRUE(doc.ok()) << doc.status().message();
  const AnalyzedPage& page = doc->pages[0];
  EXPECT_FALSE(page.from_text_layer);
  ASSERT_EQ(page.text.lines.size(), 2u) << AllText(page.text);
  EXPECT_EQ(page.text.lines[0].text, "Quarterly report for the northern region");
  EXPECT_EQ(page.text.lines[1].text, "Revenue grew by twelve percent this year");
  EXPECT_LT(page.text.lines[0].confidence, 100.0f);  // OCR, not the text layer
}

TEST_F(DocumentAnalyzerTest, PageCountsAndBadPdfs) {
  std::string long_text;
  for (int i = 0; i < 80; ++i) long_text += "Line " + std::to_string(i) + "\n";  // 2 pages
  ASSERT_TRUE(fx::TextPdf(dir_, "two.pdf", long_text));
  const std::string two = fx::ReadFile(dir_ / "two.pdf");
  Result<AnalyzedDocument> one_only = AnalyzeDocument(two, {});
  EXPECT_EQ(one_only.status().code(), StatusCode::kOutOfRange);
  EXPECT_NE(one_only.status().message().find("2 pages"), std::string::npos);
  Result<AnalyzedDocument> both = AnalyzeDocument(two, Options(false, false, 5));
  ASSERT_TRUE(both.ok()) << both.status().message();
  ASSERT_EQ(both->pages.size(), 2u);
  // Page 2 goes on where page 1 stopped.
  EXPECT_EQ(both->pages[1].text.lines[0].text,
            "Line " + std::to_string(both->pages[0].text.lines.size()));

  ASSERT_TRUE(fx::TextPdf(dir_, "plain.pdf", kText));
  ASSERT_TRUE(fx::EncryptedPdf(dir_ / "plain.pdf", dir_ / "locked.pdf"));
  Result<AnalyzedDocument> locked = AnalyzeDocument(fx::ReadFile(dir_ / "locked.pdf"), {});
  EXPECT_EQ(locked.status().code(), StatusCode::kUnimplemented) << locked.status().message();
  EXPECT_NE(locked.status().message().find("encrypted"), std::string::npos);
  Result<AnalyzedDocument> empty = AnalyzeDocument(fx::ZeroPagePdf(), {});
  EXPECT_EQ(empty.status().code(), StatusCode::kDataLoss) << empty.status().message();
  Result<AnalyzedDocument> cut =
      AnalyzeDocument(fx::ReadFile(dir_ / "plain.pdf").substr(0, 300), {});
  EXPECT_EQ(cut.status().code(), StatusCode::kDataLoss) << cut.status().message();
  EXPECT_EQ(AnalyzeDocument("", {}).status().code(), StatusCode::kInvalidArgument);
  EXPECT_EQ(AnalyzeDocument("hello, plain text\n", {}).status().code(), StatusCode::kUnimplemented);
}

TEST_F(DocumentAnalyzerTest, RuledTableCellsHoldTheirWords) {
  const std::vector<int> ys = {100, 200, 300, 400}, xs = {100, 500, 900, 1300};
  const std::vector<std::vector<std::string>> cells = {
      {"Item", "Qty", "Price"}, {"Apples", "12", "3.50"}, {"Pears", "7", "2.25"}};
  std::vector<fx::TextAt> text = {{100, 60, "Fruit order"}};
  for (size_t r = 0; r < 3; ++r) {
    for (size_t c = 0; c < 3; ++c) text.push_back({xs[c] + 30, ys[r] + 62, cells[r][c]});
  }
  ASSERT_TRUE(fx::RenderText(dir_ / "table.png", 1400, 480, text, 32, GridDraw(ys, xs, false)));
  Result<AnalyzedDocument> doc =
      AnalyzeDocument(fx::ReadFile(dir_ / "table.png"), Options(true, false));
  ASSERT_TRUE(doc.ok()) << doc.status().message();
  const AnalyzedPage& page = doc->pages[0];
  ASSERT_EQ(page.tables.size(), 1u) << AllText(page.text);
  const Table& table = page.tables[0];
  EXPECT_EQ(table.rows, 3);
  EXPECT_EQ(table.columns, 3);
  EXPECT_TRUE(table.merged_cells.empty());
  EXPECT_NEAR(table.box.left, 100, 5);
  EXPECT_NEAR(table.box.right(), 1300, 5);
  EXPECT_GT(table.confidence, 90.0f);
  ASSERT_EQ(table.cells.size(), 9u);
  for (const TableCell& cell : table.cells) {
    EXPECT_EQ(Text(page.text, cell.words), cells[cell.row - 1][cell.column - 1])
        << "row " << cell.row << " column " << cell.column << "\n"
        << AllText(page.text);
    EXPECT_NEAR(cell.box.left, xs[cell.column - 1], 5);
    EXPECT_NEAR(cell.box.top, ys[cell.row - 1], 5);
  }
  // The ruling lines were removed before OCR: no '|' or 'I' glued to the cell texts.
  EXPECT_EQ(AllText(page.text).find('|'), std::string::npos) << AllText(page.text);
}

TEST_F(DocumentAnalyzerTest, HeaderWithoutInnerLinesIsAMergedCell) {
  const std::vector<int> ys = {60, 160, 260, 360}, xs = {100, 500, 900, 1300};
  std::vector<fx::TextAt> text = {{130, 122, "Fruit prices per kilo"},
                                  {130, 222, "Apples"},
                                  {530, 222, "Pears"},
                                  {930, 222, "Plums"},
                                  {130, 322, "3.50"},
                                  {530, 322, "2.25"},
                                  {930, 322, "4.10"}};
  ASSERT_TRUE(fx::RenderText(dir_ / "merged.png", 1400, 420, text, 32, GridDraw(ys, xs, true)));
  Result<AnalyzedDocument> doc =
      AnalyzeDocument(fx::ReadFile(dir_ / "merged.png"), Options(true, false));
  ASSERT_TRUE(doc.ok()) << doc.status().message();
  ASSERT_EQ(doc->pages[0].tables.size(), 1u);
  const Table& table = doc->pages[0].tables[0];
  EXPECT_EQ(table.rows, 3);
  EXPECT_EQ(table.columns, 3);
  ASSERT_EQ(table.merged_cells.size(), 1u);
  const TableCell& header = table.merged_cells[0];
  EXPECT_EQ(header.row, 1);
  EXPECT_EQ(header.column, 1);
  EXPECT_EQ(header.row_span, 1);
  EXPECT_EQ(header.column_span, 3);
  EXPECT_EQ(Text(doc->pages[0].text, header.words), "Fruit prices per kilo");
  EXPECT_EQ(Text(doc->pages[0].text, table.cells[7].words), "2.25");  // row 3, column 2
}

TEST_F(DocumentAnalyzerTest, TableWithOnlyHorizontalRulesIsFoundByAlignment) {
  // Rules above, under the header and below; no vertical line. A paragraph between two other
  // rules below it is not a table (its word gaps are narrow).
  const std::string rules =
      "line 100,100 1300,100 line 100,190 1300,190 line 100,390 1300,390 "
      "line 100,470 1300,470 line 100,600 1300,600";
  const std::vector<std::vector<std::string>> cells = {
      {"City", "Rainfall", "Sunshine"}, {"Lisbon", "774", "2806"}, {"Bergen", "2250", "1350"}};
  const std::vector<int> xs = {120, 520, 920}, baselines = {160, 260, 350};
  std::vector<fx::TextAt> text;
  for (size_t r = 0; r < 3; ++r) {
    for (size_t c = 0; c < 3; ++c) text.push_back({xs[c], baselines[r], cells[r][c]});
  }
  text.push_back({120, 530, "The wettest city in this small sample is Bergen by far."});
  ASSERT_TRUE(fx::RenderText(dir_ / "rules.png", 1400, 650, text, 32, rules));
  Result<AnalyzedDocument> doc =
      AnalyzeDocument(fx::ReadFile(dir_ / "rules.png"), Options(true, false));
  ASSERT_TRUE(doc.ok()) << doc.status().message();
  const AnalyzedPage& page = doc->pages[0];
  ASSERT_EQ(page.tables.size(), 1u) << AllText(page.text);
  const Table& table = page.tables[0];
  EXPECT_EQ(table.rows, 3);
  EXPECT_EQ(table.columns, 3);
  EXPECT_EQ(table.confidence, 60.0f);
  EXPECT_NEAR(table.box.top, 100, 5);
  EXPECT_NEAR(table.box.bottom(), 390, 5);
  ASSERT_EQ(table.cells.size(), 9u);
  for (const TableCell& cell : table.cells) {
    EXPECT_EQ(Text(page.text, cell.words), cells[cell.row - 1][cell.column - 1])
        << "row " << cell.row << " column " << cell.column << "\n"
        << AllText(page.text);
  }
}

TEST_F(DocumentAnalyzerTest, FormLabelsWithColonsPairWithTheirValues) {
  ASSERT_TRUE(fx::RenderText(dir_ / "form.png", 1500, 460,
                             {{60, 80, "Application form"},
                              {60, 180, "Name: Jane Doe"},
                              {60, 260, "Date: 2024-05-01"},
                              {800, 260, "Total due: 42.00"},
                              {60, 340, "Signature:"},
                              {60, 420, "Valid until 12:30 today"}}));
  Result<AnalyzedDocument> doc =
      AnalyzeDocument(fx::ReadFile(dir_ / "form.png"), Options(false, true));
  ASSERT_TRUE(doc.ok()) << doc.status().message();
  const AnalyzedPage& page = doc->pages[0];
  std::vector<std::pair<std::string, std::string>> pairs;
  for (const KeyValue& kv : page.key_values) {
    pairs.emplace_back(Text(page.text, kv.key), Text(page.text, kv.value));
    EXPECT_GT(kv.confidence, 50.0f);
    EXPECT_LE(kv.key_box.right(), kv.value.empty() ? kv.key_box.right() : kv.value_box.left);
  }
  // Tesseract reads the right-hand field as its own block, after the left column: compare sorted.
  std::sort(pairs.begin(), pairs.end());
  const std::vector<std::pair<std::string, std::string>> expected = {
      {"Date:", "2024-05-01"}, {"Name:", "Jane Doe"}, {"Signature:", ""}, {"Total due:", "42.00"}};
  EXPECT_EQ(pairs, expected) << AllText(page.text);
}

}  // namespace
}  // namespace lathe::services::documents
