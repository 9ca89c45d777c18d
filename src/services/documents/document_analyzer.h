// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// A document's bytes in, its pages' text (lines, words), tables, selection elements and key-value
// pairs out: images (PNG, JPEG, TIFF) are deskewed (deskew.h) and OCR'd; PDF pages use their
// text layer when they have one and are rasterised, deskewed and OCR'd when they do not (scans).
// Tables and check boxes need the page image, so a text-layer page is also rendered when tables
// or forms are asked for. Runs on the calling thread (OCR engines are per thread, see
// ocr_engine.h); thread-safe.
//
//   LATHE_ASSIGN_OR_RETURN(AnalyzedDocument doc,
//                          AnalyzeDocument(bytes, {.tables = true, .forms = true}));
//   for (const AnalyzedPage& page : doc.pages) { page.text.lines ... page.tables ... }
#pragma once

#include <atomic>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "services/documents/image.h"
#include "services/documents/ocr_engine.h"
#include "services/documents/page_layout.h"

namespace lathe::services::documents {

struct AnalyzeOptions {
  bool tables = false;            // find tables (ruled, rule-framed and aligned)
  bool forms = false;             // find key-value pairs (tables or forms: also check boxes)
  std::string languages = "eng";  // Tesseract languages for OCR ("eng+vie")
  int max_pages = 1;              // more pages is an error (Textract's sync operations take 1)
  double pdf_dpi = 300;           // PDF pages are measured and rendered at this resolution
  ImageLimits limits;             // image size limits; also caps a rendered PDF page
  int ocr_time_limit_ms = 60000;  // per page (OcrOptions::time_limit_ms)
  // When set and true between two pages, the analysis stops with kCancelled (a job's flag).
  const std::atomic<bool>* cancel = nullptr;
};

struct AnalyzedPage {
  // Pixel coordinates of the page image (PDF: at pdf_dpi) after deskewing: a box's corners map
  // back to the original image with UnrotatePoint(x, y, text.width, text.height, skew_degrees).
  OcrPage text;
  bool from_text_layer = false;      // PDF text layer (exact text, confidence 100) rather than OCR
  double skew_degrees = 0;           // clockwise rotation applied before reading (deskew.h)
  std::vector<Table> tables;         // when asked for
  std::vector<KeyValue> key_values;  // when asked for
  std::vector<SelectionElement> selections;  // check boxes, when tables or forms are asked for
};

struct AnalyzedDocument {
  ImageFormat format = ImageFormat::kUnknown;
  std::vector<AnalyzedPage> pages;
};

// Analyses `bytes`. Errors (each code one meaning, for the adapters' exception tables):
//   kInvalidArgument    no bytes, or unknown languages;
//   kUnimplemented      not PNG, JPEG, TIFF or PDF, or an encrypted PDF;
//   kOutOfRange         a PDF with more than max_pages pages (the message gives the count);
//   kDataLoss           corrupt image or PDF data, or a PDF with no page;
//   kResourceExhausted  an image (or PDF page at pdf_dpi) over `limits`;
//   kDeadlineExceeded   OCR of a page took longer than ocr_time_limit_ms;
//   kCancelled          *options.cancel turned true.
Result<AnalyzedDocument> AnalyzeDocument(std::string_view bytes, const AnalyzeOptions& options);

}  // namespace lathe::services::documents
