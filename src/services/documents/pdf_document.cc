// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "services/documents/pdf_document.h"

#include <leptonica/allheaders.h>
#include <poppler-document.h>
#include <poppler-global.h>
#include <poppler-page-renderer.h>
#include <poppler-page.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <mutex>

namespace lathe::services::documents {
namespace {

// poppler prints parse errors to stderr by default; a bad upload is not worth a log line there.
void SilencePoppler() {
  static std::once_flag once;
  std::call_once(
      once, [] { poppler::set_debug_error_function([](const std::string&, void*) {}, nullptr); });
}

struct Word {
  std::string text;
  double left, top, right, bottom;  // pixels
};

bool SameLine(const Word& previous, const Word& next) {
  const double height = std::max(previous.bottom - previous.top, 1.0);
  const double centre_prev = (previous.top + previous.bottom) / 2;
  const double centre_next = (next.top + next.bottom) / 2;
  return std::abs(centre_next - centre_prev) < height / 2 && next.left >= previous.left;
}

PixelBox ToBox(double left, double top, double right, double bottom) {
  const int l = static_cast<int>(std::floor(left));
  const int t = static_cast<int>(std::floor(top));
  return {.left = l,
          .top = t,
          .width = std::max(1, static_cast<int>(std::ceil(right)) - l),
          .height = std::max(1, static_cast<int>(std::ceil(bottom)) - t)};
}

OcrLine MakeLine(const std::vector<Word>& words) {
  OcrLine line;
  double left = 1e18, top = 1e18, right = -1e18, bottom = -1e18;
  for (const Word& w : words) {
    if (!line.text.empty()) line.text += ' ';
    line.text += w.text;
    line.words.push_back(
        {.text = w.text, .confidence = 100.0f, .box = ToBox(w.left, w.top, w.right, w.bottom)});
    left = std::min(left, w.left);
    top = std::min(top, w.top);
    right = std::max(right, w.right);
    bottom = std::max(bottom, w.bottom);
  }
  line.confidence = 100.0f;
  line.box = ToBox(left, top, right, bottom);
  return line;
}

}  // namespace

PdfDocument::~PdfDocument() = default;

Result<std::unique_ptr<PdfDocument>> PdfDocument::Open(std::string_view bytes) {
  SilencePoppler();
  std::unique_ptr<PdfDocument> pdf(new PdfDocument());
  pdf->bytes_.assign(bytes);
  pdf->document_.reset(poppler::document::load_from_raw_data(pdf->bytes_.data(),
                                                             static_cast<int>(pdf->bytes_.size())));
  if (pdf->document_ == nullptr) {
    // poppler refuses an encrypted file without its password at load; tell that case apart.
    if (bytes.find("/Encrypt") != std::string_view::npos) {
      return UnimplementedError("the PDF is encrypted (password-protected); send it decrypted");
    }
    return DataLossError("the PDF could not be parsed (" + std::to_string(bytes.size()) +
                         " bytes): it is corrupt or truncated");
  }
  if (pdf->document_->is_locked()) {
    return UnimplementedError("the PDF is encrypted (password-protected); send it decrypted");
  }
  pdf->page_count_ = pdf->document_->pages();
  if (pdf->page_count_ <= 0) return DataLossError("the PDF has no page");
  return pdf;
}

Result<std::pair<int, int>> PdfDocument::PageSize(int index, double dpi) const {
  std::unique_ptr<poppler::page> page(document_->create_page(index));
  if (page == nullptr) {
    return DataLossError("PDF page " + std::to_string(index + 1) + " could not be read");
  }
  const poppler::rectf rect = page->page_rect();
  const double scale = dpi / 72.0;
  int width = static_cast<int>(std::lround(rect.width() * scale));
  int height = static_cast<int>(std::lround(rect.height() * scale));
  if (page->orientation() == poppler::page::landscape ||
      page->orientation() == poppler::page::seascape) {
    std::swap(width, height);
  }
  if (width <= 0 || height <= 0) {
    return DataLossError("PDF page " + std::to_string(index + 1) + " has an empty media box");
  }
  return std::make_pair(width, height);
}

Result<OcrPage> PdfDocument::TextLayer(int index, double dpi) const {
  LATHE_ASSIGN_OR_RETURN(auto size, PageSize(index, dpi));
  std::unique_ptr<poppler::page> page(document_->create_page(index));
  OcrPage out;
  out.width = size.first;
  out.height = size.second;
  const double scale = dpi / 72.0;
  std::vector<Word> line;
  for (const poppler::text_box& box : page->text_list()) {
    const poppler::byte_array utf8 = box.text().to_utf8();
    std::string text(utf8.begin(), utf8.end());
    text.erase(std::remove_if(text.begin(), text.end(),
                              [](char c) { return c == ' ' || c == '\n' || c == '\t'; }),
               text.end());
    if (text.empty()) continue;
    const poppler::rectf r = box.bbox();  // points, origin top-left
    Word word{.text = std::move(text),
              .left = std::clamp(r.left() * scale, 0.0, double(out.width)),
              .top = std::clamp(r.top() * scale, 0.0, double(out.height)),
              .right = std::clamp(r.right() * scale, 0.0, double(out.width)),
              .bottom = std::clamp(r.bottom() * scale, 0.0, double(out.height))};
    if (!line.empty() && !SameLine(line.back(), word)) {
      out.lines.push_back(MakeLine(line));
      line.clear();
    }
    line.push_back(std::move(word));
  }
  if (!line.empty()) out.lines.push_back(MakeLine(line));
  return out;
}

Result<PixPtr> PdfDocument::Render(int index, double dpi) const {
  std::unique_ptr<poppler::page> page(document_->create_page(index));
  if (page == nullptr) {
    return DataLossError("PDF page " + std::to_string(index + 1) + " could not be read");
  }
  poppler::page_renderer renderer;
  renderer.set_render_hint(poppler::page_renderer::antialiasing, true);
  renderer.set_render_hint(poppler::page_renderer::text_antialiasing, true);
  renderer.set_image_format(poppler::image::format_argb32);
  poppler::image image = renderer.render_page(page.get(), dpi, dpi);
  if (!image.is_valid() || image.width() <= 0 || image.height() <= 0) {
    return DataLossError("PDF page " + std::to_string(index + 1) + " could not be rendered");
  }
  const int width = image.width(), height = image.height();
  PixPtr pix(pixCreate(width, height, 32));
  if (pix == nullptr) return InternalError("out of memory for a rendered PDF page");
  pixSetResolution(pix.get(), static_cast<int>(dpi), static_cast<int>(dpi));
  // poppler's ARGB32 is native-endian 0xAARRGGBB per pixel, as Leptonica's 32-bit RGBA words
  // are 0xRRGGBBAA: shift by one byte.
  l_uint32* dst = pixGetData(pix.get());
  const int dst_wpl = pixGetWpl(pix.get());
  for (int y = 0; y < height; ++y) {
    const auto* src = reinterpret_cast<const uint32_t*>(
        image.const_data() + static_cast<size_t>(y) * image.bytes_per_row());
    l_uint32* row = dst + static_cast<size_t>(y) * dst_wpl;
    for (int x = 0; x < width; ++x) row[x] = (src[x] << 8) | 0xff;
  }
  return pix;
}

}  // namespace lathe::services::documents
