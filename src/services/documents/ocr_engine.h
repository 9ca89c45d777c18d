// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Optical character recognition with Tesseract (libtesseract 5, LSTM models from Debian's
// tesseract-ocr-<lang> packages): an image in, lines of words out, each with its text, Tesseract's
// confidence (0-100) and its box in pixels. Knows nothing of Textract or Rekognition: their
// adapters turn OcrPage into their own block models.
//
// Thread safety: every function is thread-safe. Each calling thread keeps its own TessBaseAPI per
// language set, created (models loaded) on the thread's first call and reused after, so run OCR
// on a fixed pool of threads. The OCR threads run Tesseract's OpenMP loops on one thread
// (omp_set_max_active_levels(0) on that thread): libgomp's default team of 4 spin-waiting threads
// made a page ~5x slower on 2 cores, and OMP_THREAD_LIMIT cannot be set once libgomp has loaded
// (it reads the environment in its constructor). Other threads' OpenMP (XGBoost) is unaffected.
//
//   LATHE_ASSIGN_OR_RETURN(OcrPage page, RecognizeImageBytes(png_bytes, {.languages = "eng"}));
//   for (const OcrLine& line : page.lines) std::cout << line.text << " " << line.confidence;
#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/status.h"
#include "services/documents/image.h"

namespace lathe::services::documents {

// A rectangle in pixels of the page image; origin at the top-left corner, y downwards.
struct PixelBox {
  int left = 0;
  int top = 0;
  int width = 0;
  int height = 0;
  int right() const { return left + width; }
  int bottom() const { return top + height; }
};

struct OcrWord {
  std::string text;         // UTF-8, no spaces
  float confidence = 0.0f;  // 0-100
  PixelBox box;
};

struct OcrLine {
  std::string text;         // the words joined by single spaces
  float confidence = 0.0f;  // 0-100 (Tesseract's line confidence, or the words' mean)
  PixelBox box;
  std::vector<OcrWord> words;  // left to right; never empty
};

struct OcrPage {
  int width = 0;               // pixels
  int height = 0;              // pixels
  std::vector<OcrLine> lines;  // in reading order
};

struct OcrOptions {
  // Tesseract language codes joined by '+': "eng", "vie", "eng+vie". Each must be installed.
  std::string languages = "eng";
  // Resolution assumed for images that carry none (Tesseract sizes its filters by it).
  int default_dpi = 300;
  // Recognition stops after this long (0: no limit); a page of noise can take minutes.
  int time_limit_ms = 60000;
};

// The installed Tesseract languages ("eng", "osd", "vie", ...), sorted.
std::vector<std::string> InstalledLanguages();

// Checks `languages` ("eng+vie"): InvalidArgument naming the first code that is malformed or not
// installed, with the installed list.
Status CheckLanguages(std::string_view languages);

// Recognises the text of `image` (any depth Leptonica can hand to Tesseract). InvalidArgument for
// unknown languages; DeadlineExceeded past options.time_limit_ms (word recognition is stopped,
// layout analysis is not interruptible); Internal if Tesseract fails to initialise or recognise.
Result<OcrPage> RecognizeImage(const Pix& image, const OcrOptions& options = {});

// DecodeImage (see image.h for its errors) then RecognizeImage.
Result<OcrPage> RecognizeImageBytes(std::string_view bytes, const OcrOptions& options = {},
                                    const ImageLimits& limits = {});

}  // namespace lathe::services::documents
