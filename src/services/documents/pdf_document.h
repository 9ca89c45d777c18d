// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// A PDF opened with poppler-cpp: its page count, each page's text layer as lines of words with
// boxes (when the PDF has one), and each page rasterised for OCR. Coordinates are pixels at the
// resolution the caller picks, so text-layer pages and OCR'd pages share one coordinate system
// (OcrPage). A PdfDocument is not thread-safe (poppler's document is not); open one per request.
//
//   LATHE_ASSIGN_OR_RETURN(auto pdf, PdfDocument::Open(bytes));
//   for (int i = 0; i < pdf->page_count(); ++i) {
//     LATHE_ASSIGN_OR_RETURN(OcrPage text, pdf->TextLayer(i, 300));
//     if (text.lines.empty()) { LATHE_ASSIGN_OR_RETURN(PixPtr pix, pdf->Render(i, 300)); ... }
//   }
#pragma once

#include <memory>
#include <string>
#include <string_view>

#include "core/status.h"
#include "services/documents/image.h"
#include "services/documents/ocr_engine.h"

namespace poppler {
class document;
}  // namespace poppler

namespace lathe::services::documents {

class PdfDocument {
 public:
  // Opens `bytes` (copied). Errors: kUnimplemented for an encrypted PDF (no password is ever
  // tried); kDataLoss when poppler cannot parse it or it has no page.
  static Result<std::unique_ptr<PdfDocument>> Open(std::string_view bytes);

  ~PdfDocument();
  PdfDocument(const PdfDocument&) = delete;
  PdfDocument& operator=(const PdfDocument&) = delete;

  int page_count() const { return page_count_; }

  // Page `index` (0-based) size in pixels at `dpi`.
  Result<std::pair<int, int>> PageSize(int index, double dpi) const;

  // The words of page `index`'s text layer at `dpi`, grouped into lines (words on one baseline,
  // left to right; a new line where the text moves down or jumps back left), confidence 100.
  // No lines when the page has no text layer (a scan).
  Result<OcrPage> TextLayer(int index, double dpi) const;

  // Page `index` rendered at `dpi` (anti-aliased, 32-bit), for OCR and table detection.
  Result<PixPtr> Render(int index, double dpi) const;

 private:
  PdfDocument() = default;

  std::string bytes_;  // poppler reads from this buffer for the document's lifetime
  std::unique_ptr<poppler::document> document_;
  int page_count_ = 0;
};

}  // namespace lathe::services::documents
