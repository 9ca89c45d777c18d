// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "services/documents/ocr_engine.h"

#include <leptonica/allheaders.h>
#include <omp.h>
#include <tesseract/baseapi.h>
#include <tesseract/ocrclass.h>
#include <tesseract/resultiterator.h>

#include <algorithm>
#include <filesystem>
#include <map>
#include <memory>
#include <mutex>

namespace lathe::services::documents {
namespace {

// Where Debian's tesseract-ocr-<lang> packages put the models (what Init(nullptr, ...) finds).
constexpr const char* kTessdataDirs[] = {"/usr/share/tesseract-ocr/5/tessdata",
                                         "/usr/share/tesseract-ocr/4.00/tessdata"};

std::string TessdataDir() {
  if (const char* env = std::getenv("TESSDATA_PREFIX"); env != nullptr && *env != '\0') {
    return env;
  }
  for (const char* dir : kTessdataDirs) {
    if (std::filesystem::is_directory(dir)) return dir;
  }
  return kTessdataDirs[0];
}

struct TessDeleter {
  void operator()(tesseract::TessBaseAPI* api) const {
    api->End();
    delete api;
  }
};
using TessPtr = std::unique_ptr<tesseract::TessBaseAPI, TessDeleter>;

}  // namespace

Status CheckLanguages(std::string_view languages);

namespace {

// This thread's engine for `languages`, created on first use.
Result<tesseract::TessBaseAPI*> ThreadEngine(const std::string& languages) {
  thread_local std::map<std::string, TessPtr> engines;
  auto it = engines.find(languages);
  if (it != engines.end()) return it->second.get();
  LATHE_RETURN_IF_ERROR(CheckLanguages(languages));
  // Tesseract's LSTM runs `#pragma omp parallel num_threads(4)`: keep it on this thread.
  omp_set_max_active_levels(0);
  TessPtr api(new tesseract::TessBaseAPI());
  const std::string dir = TessdataDir();
  if (api->Init(dir.c_str(), languages.c_str(), tesseract::OEM_LSTM_ONLY) != 0) {
    return InternalError("Tesseract could not load the '" + languages + "' models from " + dir);
  }
  api->SetVariable("debug_file", "/dev/null");  // no "Estimating resolution" chatter on stderr
  api->SetPageSegMode(tesseract::PSM_AUTO);
  return engines.emplace(languages, std::move(api)).first->second.get();
}

PixelBox Box(tesseract::ResultIterator& it, tesseract::PageIteratorLevel level) {
  int left = 0, top = 0, right = 0, bottom = 0;
  it.BoundingBox(level, &left, &top, &right, &bottom);
  return {.left = left, .top = top, .width = right - left, .height = bottom - top};
}

std::string Utf8(tesseract::ResultIterator& it, tesseract::PageIteratorLevel level) {
  std::unique_ptr<char[]> text(it.GetUTF8Text(level));
  if (text == nullptr) return "";
  std::string out(text.get());
  // Trim the trailing newline/space Tesseract adds at line level.
  while (!out.empty() && (out.back() == '\n' || out.back() == ' ')) out.pop_back();
  return out;
}

bool Blank(const std::string& s) {
  return std::all_of(s.begin(), s.end(), [](char c) { return c == ' ' || c == '\t'; });
}

// Walks Tesseract's result word by word, starting a line at each text-line boundary.
std::vector<OcrLine> CollectLines(tesseract::TessBaseAPI& api) {
  std::vector<OcrLine> lines;
  std::unique_ptr<tesseract::ResultIterator> it(api.GetIterator());
  if (it == nullptr) return lines;
  bool open_line = false;
  do {
    if (it->IsAtBeginningOf(tesseract::RIL_TEXTLINE)) open_line = false;
    if (it->Empty(tesseract::RIL_WORD)) continue;
    std::string text = Utf8(*it, tesseract::RIL_WORD);
    if (text.empty() || Blank(text)) continue;
    if (!open_line) {
      lines.push_back({.text = "",
                       .confidence = it->Confidence(tesseract::RIL_TEXTLINE),
                       .box = Box(*it, tesseract::RIL_TEXTLINE),
                       .words = {}});
      open_line = true;
    }
    OcrLine& line = lines.back();
    line.words.push_back(
        {.text = std::move(text),
         .confidence = std::clamp(it->Confidence(tesseract::RIL_WORD), 0.0f, 100.0f),
         .box = Box(*it, tesseract::RIL_WORD)});
  } while (it->Next(tesseract::RIL_WORD));
  for (OcrLine& line : lines) {
    for (const OcrWord& word : line.words) {
      if (!line.text.empty()) line.text += ' ';
      line.text += word.text;
    }
    line.confidence = std::clamp(line.confidence, 0.0f, 100.0f);
  }
  return lines;
}

bool ValidCode(std::string_view code) {
  if (code.empty() || code.size() > 32) return false;
  return std::all_of(code.begin(), code.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || c == '_' || (c >= 'A' && c <= 'Z');
  });
}

}  // namespace

std::vector<std::string> InstalledLanguages() {
  std::vector<std::string> out;
  std::error_code ec;
  for (const auto& entry : std::filesystem::directory_iterator(TessdataDir(), ec)) {
    if (entry.path().extension() == ".traineddata") out.push_back(entry.path().stem().string());
  }
  std::sort(out.begin(), out.end());
  return out;
}

Status CheckLanguages(std::string_view languages) {
  const std::vector<std::string> installed = InstalledLanguages();
  auto list = [&installed] {
    std::string s;
    for (const std::string& l : installed) s += (s.empty() ? "" : ", ") + l;
    return s;
  };
  size_t start = 0;
  while (true) {
    const size_t plus = languages.find('+', start);
    const std::string_view code = languages.substr(start, plus - start);
    if (!ValidCode(code)) {
      return InvalidArgumentError("languages: '" + std::string(code) +
                                  "' is not a Tesseract language code (give e.g. eng or eng+vie)");
    }
    if (std::find(installed.begin(), installed.end(), code) == installed.end()) {
      return InvalidArgumentError("languages: '" + std::string(code) +
                                  "' is not installed; installed: " + list());
    }
    if (plus == std::string_view::npos) break;
    start = plus + 1;
  }
  return Status::Ok();
}

Result<OcrPage> RecognizeImage(const Pix& image, const OcrOptions& options) {
  LATHE_ASSIGN_OR_RETURN(tesseract::TessBaseAPI * api, ThreadEngine(options.languages));
  Pix* pix = const_cast<Pix*>(&image);  // Tesseract clones it; it never writes the source
  OcrPage page;
  page.width = pixGetWidth(pix);
  page.height = pixGetHeight(pix);
  api->SetImage(pix);
  if (pixGetXRes(pix) <= 0) api->SetSourceResolution(options.default_dpi);
  tesseract::ETEXT_DESC monitor;
  monitor.set_deadline_msecs(options.time_limit_ms);
  const int failed = api->Recognize(&monitor);
  if (options.time_limit_ms > 0 && monitor.deadline_exceeded()) {
    api->Clear();
    return DeadlineExceededError(
        "OCR of a " + std::to_string(page.width) + "x" + std::to_string(page.height) +
        " image stopped at its time limit of " + std::to_string(options.time_limit_ms) +
        " ms (is it a page of text?)");
  }
  if (failed != 0) {
    api->Clear();
    return InternalError("Tesseract failed to recognise a " + std::to_string(page.width) + "x" +
                         std::to_string(page.height) + " image");
  }
  page.lines = CollectLines(*api);
  api->Clear();
  return page;
}

Result<OcrPage> RecognizeImageBytes(std::string_view bytes, const OcrOptions& options,
                                    const ImageLimits& limits) {
  LATHE_ASSIGN_OR_RETURN(PixPtr pix, DecodeImage(bytes, limits));
  return RecognizeImage(*pix, options);
}

}  // namespace lathe::services::documents
