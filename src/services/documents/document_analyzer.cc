// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "services/documents/document_analyzer.h"

#include <leptonica/allheaders.h>

#include <cmath>

#include "services/documents/form_detector.h"
#include "services/documents/pdf_document.h"
#include "services/documents/table_detector.h"

namespace lathe::services::documents {
namespace {

// OCR of one page image, tables first so that OCR reads the page without its ruling lines.
Result<AnalyzedPage> AnalyzeImage(const Pix& image, const AnalyzeOptions& options) {
  AnalyzedPage page;
  const OcrOptions ocr{.languages = options.languages,
                       .default_dpi = 300,
                       .time_limit_ms = options.ocr_time_limit_ms};
  if (options.tables) {
    LATHE_ASSIGN_OR_RETURN(RulingAnalysis rulings, FindTables(image));
    const Pix& clean = rulings.without_rulings != nullptr ? *rulings.without_rulings : image;
    LATHE_ASSIGN_OR_RETURN(page.text, RecognizeImage(clean, ocr));
    page.tables = std::move(rulings.tables);
    AddAlignedTables(page.text, rulings.rule_groups, &page.tables);
  } else {
    LATHE_ASSIGN_OR_RETURN(page.text, RecognizeImage(image, ocr));
  }
  return page;
}

// The resolution at which page `index` fits `limits` (at most options.pdf_dpi).
Result<double> PageDpi(const PdfDocument& pdf, int index, const AnalyzeOptions& options) {
  LATHE_ASSIGN_OR_RETURN(auto size, pdf.PageSize(index, options.pdf_dpi));
  double dpi = options.pdf_dpi;
  const double pixels = double(size.first) * size.second;
  const double side = std::max(size.first, size.second);
  double scale = std::min(1.0, double(options.limits.max_side) / side);
  scale = std::min(scale, std::sqrt(double(options.limits.max_pixels) / pixels));
  dpi *= scale;
  if (dpi < 50) {
    return ResourceExhaustedError("PDF page " + std::to_string(index + 1) + " is " +
                                  std::to_string(size.first) + "x" + std::to_string(size.second) +
                                  " pixels at " + std::to_string(int(options.pdf_dpi)) +
                                  " dpi: too large to render");
  }
  return dpi;
}

Result<AnalyzedPage> AnalyzePdfPage(const PdfDocument& pdf, int index,
                                    const AnalyzeOptions& options) {
  LATHE_ASSIGN_OR_RETURN(double dpi, PageDpi(pdf, index, options));
  LATHE_ASSIGN_OR_RETURN(OcrPage layer, pdf.TextLayer(index, dpi));
  if (layer.lines.empty()) {  // a scan: render and OCR
    LATHE_ASSIGN_OR_RETURN(PixPtr pix, pdf.Render(index, dpi));
    LATHE_ASSIGN_OR_RETURN(AnalyzedPage page, AnalyzeImage(*pix, options));
    page.text.width = layer.width;  // the page's size, not the rounding of the raster
    page.text.height = layer.height;
    return page;
  }
  AnalyzedPage page;
  page.text = std::move(layer);
  page.from_text_layer = true;
  if (options.tables) {
    LATHE_ASSIGN_OR_RETURN(PixPtr pix, pdf.Render(index, dpi));
    LATHE_ASSIGN_OR_RETURN(RulingAnalysis rulings, FindTables(*pix));
    page.tables = std::move(rulings.tables);
    AddAlignedTables(page.text, rulings.rule_groups, &page.tables);
  }
  return page;
}

}  // namespace

Result<AnalyzedDocument> AnalyzeDocument(std::string_view bytes, const AnalyzeOptions& options) {
  if (bytes.empty()) return InvalidArgumentError("the document is empty (0 bytes)");
  LATHE_RETURN_IF_ERROR(CheckLanguages(options.languages));
  AnalyzedDocument doc;
  doc.format = SniffFormat(bytes);
  if (doc.format == ImageFormat::kPdf) {
    LATHE_ASSIGN_OR_RETURN(std::unique_ptr<PdfDocument> pdf, PdfDocument::Open(bytes));
    if (pdf->page_count() > options.max_pages) {
      return OutOfRangeError("the PDF has " + std::to_string(pdf->page_count()) +
                             " pages; at most " + std::to_string(options.max_pages) +
                             " can be analysed in one request");
    }
    for (int i = 0; i < pdf->page_count(); ++i) {
      LATHE_ASSIGN_OR_RETURN(AnalyzedPage page, AnalyzePdfPage(*pdf, i, options));
      doc.pages.push_back(std::move(page));
    }
  } else {
    LATHE_ASSIGN_OR_RETURN(PixPtr pix, DecodeImage(bytes, options.limits));
    LATHE_ASSIGN_OR_RETURN(AnalyzedPage page, AnalyzeImage(*pix, options));
    doc.pages.push_back(std::move(page));
  }
  for (AnalyzedPage& page : doc.pages) {
    if (options.tables) PlaceWords(page.text, &page.tables);
    if (options.forms) page.key_values = FindKeyValues(page.text);
  }
  return doc;
}

}  // namespace lathe::services::documents
