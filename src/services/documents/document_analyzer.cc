// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "services/documents/document_analyzer.h"

#include <leptonica/allheaders.h>

#include <cmath>

#include "services/documents/deskew.h"
#include "services/documents/form_detector.h"
#include "services/documents/pdf_document.h"
#include "services/documents/selection_detector.h"
#include "services/documents/table_detector.h"

namespace lathe::services::documents {
namespace {

// Ruled tables and check boxes of `image` (as asked), then its text: `text_layer` when given (a
// PDF page's), else OCR of the page without the rulings and boxes, so that a border or a box next
// to a letter is not read as 'I', '|', 'O' or '[]'.
Result<AnalyzedPage> ReadImage(const Pix& image, const AnalyzeOptions& options,
                               OcrPage* text_layer) {
  AnalyzedPage page;
  PixPtr for_ocr;  // null: OCR `image` itself
  std::vector<RuleGroup> rule_groups;
  if (options.tables) {
    LATHE_ASSIGN_OR_RETURN(RulingAnalysis rulings, FindTables(image));
    page.tables = std::move(rulings.tables);
    rule_groups = std::move(rulings.rule_groups);
    for_ocr = std::move(rulings.without_rulings);
  }
  if (options.tables || options.forms) {
    LATHE_ASSIGN_OR_RETURN(page.selections, FindSelectionElements(image));
    if (!page.selections.empty() && text_layer == nullptr) {
      PixPtr painted = PaintOut(for_ocr != nullptr ? *for_ocr : image, page.selections);
      if (painted != nullptr) for_ocr = std::move(painted);
    }
  }
  if (text_layer != nullptr) {
    page.text = std::move(*text_layer);
    page.from_text_layer = true;
  } else {
    const OcrOptions ocr{.languages = options.languages,
                         .default_dpi = 300,
                         .time_limit_ms = options.ocr_time_limit_ms};
    LATHE_ASSIGN_OR_RETURN(page.text, RecognizeImage(for_ocr != nullptr ? *for_ocr : image, ocr));
  }
  if (options.tables) AddAlignedTables(page.text, rule_groups, &page.tables);
  return page;
}

// A scanned page: deskewed, then read.
Result<AnalyzedPage> AnalyzeImage(const Pix& original, const AnalyzeOptions& options) {
  LATHE_ASSIGN_OR_RETURN(Deskewed deskewed, Deskew(original));
  const Pix& image = deskewed.image != nullptr ? *deskewed.image : original;
  LATHE_ASSIGN_OR_RETURN(AnalyzedPage page, ReadImage(image, options, nullptr));
  page.skew_degrees = deskewed.degrees;
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
  const int width = layer.width, height = layer.height;
  if (!layer.lines.empty() && !options.tables && !options.forms) {
    AnalyzedPage page;
    page.text = std::move(layer);
    page.from_text_layer = true;
    return page;
  }
  LATHE_ASSIGN_OR_RETURN(PixPtr pix, pdf.Render(index, dpi));
  Result<AnalyzedPage> page = layer.lines.empty() ? AnalyzeImage(*pix, options)  // a scan
                                                  : ReadImage(*pix, options, &layer);
  if (!page.ok()) return page.status();
  page->text.width = width;  // the page's size, not the rounding of the raster
  page->text.height = height;
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
      if (options.cancel != nullptr && options.cancel->load()) {
        return CancelledError("stopped after " + std::to_string(i) + " of " +
                              std::to_string(pdf->page_count()) + " pages");
      }
      LATHE_ASSIGN_OR_RETURN(AnalyzedPage page, AnalyzePdfPage(*pdf, i, options));
      doc.pages.push_back(std::move(page));
    }
  } else {
    LATHE_ASSIGN_OR_RETURN(PixPtr pix, DecodeImage(bytes, options.limits));
    LATHE_ASSIGN_OR_RETURN(AnalyzedPage page, AnalyzeImage(*pix, options));
    doc.pages.push_back(std::move(page));
  }
  for (AnalyzedPage& page : doc.pages) {
    if (options.tables) {
      AddUnruledTables(page.text, &page.tables);
      PlaceWords(page.text, &page.tables);
    }
    if (options.forms) page.key_values = FindKeyValues(page.text);
    std::vector<KeyValue> unused;  // pairs for check boxes when forms were not asked for
    AttachSelections(page.text, page.selections, &page.tables,
                     options.forms ? &page.key_values : &unused);
  }
  return doc;
}

}  // namespace lathe::services::documents
