// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "services/documents/ocr_engine.h"

#include <leptonica/allheaders.h>

#include <future>
#include <string>
#include <vector>

#include <gtest/gtest.h>

#include "unit/documents/document_fixtures.h"

namespace lathe::services::documents {
namespace {

namespace fx = lathe::testing::documents;

std::vector<std::string> Words(const OcrPage& page) {
  std::vector<std::string> out;
  for (const OcrLine& line : page.lines) {
    for (const OcrWord& word : line.words) out.push_back(word.text);
  }
  return out;
}

class OcrEngineTest : public ::testing::Test {
 protected:
  void SetUp() override {
    ASSERT_TRUE(fx::RenderText(dir_ / "page.png", 1400, 420,
                               {{60, 100, "Invoice number 12345"},
                                {60, 200, "The quick brown fox jumps over the lazy dog."},
                                {60, 300, "Total due: 99.50 EUR"}}));
    png_ = fx::ReadFile(dir_ / "page.png");
    ASSERT_FALSE(png_.empty());
  }
  fx::ScratchDir dir_;
  std::string png_;
};

TEST_F(OcrEngineTest, RecognisesRenderedLinesWordsAndBoxes) {
  Result<OcrPage> page = RecognizeImageBytes(png_);
  ASSERT_TRUE(page.ok()) << page.status().message();
  EXPECT_EQ(page->width, 1400);
  EXPECT_EQ(page->height, 420);
  ASSERT_EQ(page->lines.size(), 3u);
  EXPECT_EQ(page->lines[0].text, "Invoice number 12345");
  EXPECT_EQ(page->lines[1].text, "The quick brown fox jumps over the lazy dog.");
  EXPECT_EQ(page->lines[2].text, "Total due: 99.50 EUR");
  int previous_bottom = 0;
  for (const OcrLine& line : page->lines) {
    EXPECT_GE(line.box.top, previous_bottom);  // reading order, top to bottom
    previous_bottom = line.box.bottom();
    EXPECT_GT(line.confidence, 80.0f);
    EXPECT_LE(line.confidence, 100.0f);
    int previous_right = 0;
    for (const OcrWord& word : line.words) {
      EXPECT_GE(word.box.left, previous_right) << word.text;
      previous_right = word.box.right();
      // Every word lies inside its line and the page.
      EXPECT_GE(word.box.left, line.box.left);
      EXPECT_LE(word.box.right(), line.box.right());
      EXPECT_GE(word.box.top, line.box.top);
      EXPECT_LE(word.box.bottom(), line.box.bottom());
      EXPECT_GT(word.box.width, 0);
      EXPECT_GT(word.confidence, 50.0f) << word.text;
    }
  }
  // The text was drawn at x = 60 with baselines at 100, 200, 300 (32 px: capitals ~23 px).
  EXPECT_NEAR(page->lines[0].box.left, 60, 8);
  EXPECT_LT(page->lines[0].box.top, 100);
  EXPECT_GT(page->lines[0].box.bottom(), 80);
}

TEST_F(OcrEngineTest, DecodesJpegAndTiff) {
  for (const char* name : {"page.jpg", "page.tif"}) {
    ASSERT_TRUE(fx::Run("convert " + (dir_ / "page.png").string() + " " + (dir_ / name).string()));
    Result<OcrPage> page = RecognizeImageBytes(fx::ReadFile(dir_ / name));
    ASSERT_TRUE(page.ok()) << name << ": " << page.status().message();
    std::vector<std::string> words = Words(*page);
    EXPECT_NE(std::find(words.begin(), words.end(), "quick"), words.end()) << name;
    EXPECT_NE(std::find(words.begin(), words.end(), "12345"), words.end()) << name;
  }
}

TEST_F(OcrEngineTest, UnusualPixelFormatsAndTinyImagesAreRead) {
  const std::string src = (dir_ / "page.png").string();
  // Palette, 16-bit gray, RGBA, 1-bit Group 4 TIFF, CMYK JPEG: each decodes and reads.
  const std::vector<std::pair<std::string, std::string>> variants = {
      {"png8:" + (dir_ / "palette.png").string(), "palette.png"},
      {"-depth 16 -colorspace Gray " + (dir_ / "gray16.png").string(), "gray16.png"},
      {"-alpha set -channel A -evaluate set 80% +channel png32:" + (dir_ / "rgba.png").string(),
       "rgba.png"},
      {"-monochrome -compress Group4 " + (dir_ / "g4.tif").string(), "g4.tif"},
      {"-colorspace CMYK " + (dir_ / "cmyk.jpg").string(), "cmyk.jpg"}};
  for (const auto& [args, name] : variants) {
    ASSERT_TRUE(fx::Run("convert " + src + " " + args)) << name;
    Result<OcrPage> page = RecognizeImageBytes(fx::ReadFile(dir_ / name));
    ASSERT_TRUE(page.ok()) << name << ": " << page.status().message();
    std::vector<std::string> words = Words(*page);
    EXPECT_NE(std::find(words.begin(), words.end(), "quick"), words.end()) << name;
  }
  // Black text on a transparent background (transparent pixels stored as black).
  ASSERT_TRUE(
      fx::Run("convert -size 1000x160 xc:none -font DejaVu-Sans -pointsize 32 "
              "-fill black -annotate +40+90 'Transparent background works' png32:" +
              (dir_ / "clear.png").string()));
  Result<OcrPage> clear = RecognizeImageBytes(fx::ReadFile(dir_ / "clear.png"));
  ASSERT_TRUE(clear.ok()) << clear.status().message();
  ASSERT_EQ(clear->lines.size(), 1u);
  EXPECT_EQ(clear->lines[0].text, "Transparent background works");
  // A 1x1 white image and a blank page: no text, no error.
  for (const char* size : {"1x1", "800x600"}) {
    ASSERT_TRUE(fx::Run(std::string("convert -size ") + size + " xc:white " +
                        (dir_ / "blank.png").string()));
    Result<OcrPage> blank = RecognizeImageBytes(fx::ReadFile(dir_ / "blank.png"));
    ASSERT_TRUE(blank.ok()) << size << ": " << blank.status().message();
    EXPECT_TRUE(blank->lines.empty()) << size;
  }
}

TEST_F(OcrEngineTest, VietnameseWithDiacritics) {
  ASSERT_TRUE(fx::RenderText(dir_ / "vie.png", 1400, 200, {{60, 110, "Xin chào thế giới"}}));
  Result<OcrPage> page = RecognizeImageBytes(fx::ReadFile(dir_ / "vie.png"), {.languages = "vie"});
  ASSERT_TRUE(page.ok()) << page.status().message();
  ASSERT_EQ(page->lines.size(), 1u);
  EXPECT_EQ(page->lines[0].text, "Xin chào thế giới");
}

TEST_F(OcrEngineTest, BadBytesHaveDistinctCodes) {
  EXPECT_EQ(RecognizeImageBytes("").status().code(), StatusCode::kInvalidArgument);
  Result<OcrPage> text = RecognizeImageBytes("just some text, not an image\n");
  EXPECT_EQ(text.status().code(), StatusCode::kUnimplemented);
  EXPECT_NE(text.status().message().find("not a PNG, JPEG or TIFF"), std::string::npos);
  EXPECT_EQ(RecognizeImageBytes("%PDF-1.4\n...").status().code(), StatusCode::kUnimplemented);
  // A PNG cut after its header: the header is readable, the pixels are not.
  Result<OcrPage> cut = RecognizeImageBytes(png_.substr(0, 100));
  EXPECT_EQ(cut.status().code(), StatusCode::kDataLoss) << cut.status().message();
  // Garbage after the PNG signature.
  Result<OcrPage> garbage = RecognizeImageBytes(png_.substr(0, 8) + std::string(500, 'x'));
  EXPECT_EQ(garbage.status().code(), StatusCode::kDataLoss) << garbage.status().message();
  // Larger than the limit: refused from the header.
  Result<OcrPage> big = RecognizeImageBytes(png_, {}, {.max_side = 1000, .max_pixels = 1 << 30});
  EXPECT_EQ(big.status().code(), StatusCode::kResourceExhausted);
  EXPECT_NE(big.status().message().find("1400x420"), std::string::npos);
}

TEST_F(OcrEngineTest, TimeLimitStopsRecognition) {
  Result<OcrPage> stopped =
      RecognizeImageBytes(png_, {.languages = "eng", .default_dpi = 300, .time_limit_ms = 1});
  EXPECT_EQ(stopped.status().code(), StatusCode::kDeadlineExceeded) << stopped.status().message();
  EXPECT_NE(stopped.status().message().find("time limit"), std::string::npos);
  // The engine is still usable afterwards.
  Result<OcrPage> page = RecognizeImageBytes(png_);
  ASSERT_TRUE(page.ok()) << page.status().message();
  EXPECT_EQ(page->lines.size(), 3u);
}

TEST_F(OcrEngineTest, UnknownLanguagesAreRefused) {
  Status missing = CheckLanguages("eng+klingon");
  EXPECT_EQ(missing.code(), StatusCode::kInvalidArgument);
  EXPECT_NE(missing.message().find("'klingon' is not installed"), std::string::npos);
  EXPECT_NE(missing.message().find("eng"), std::string::npos);
  EXPECT_FALSE(CheckLanguages("../etc/passwd").ok());
  EXPECT_FALSE(CheckLanguages("").ok());
  EXPECT_TRUE(CheckLanguages("eng+vie").ok());
  EXPECT_FALSE(RecognizeImageBytes(png_, {.languages = "xx"}).ok());
}

TEST_F(OcrEngineTest, ConcurrentThreadsGiveTheSameText) {
  auto run = [this] {
    std::string all;
    for (int i = 0; i < 2; ++i) {
      Result<OcrPage> page = RecognizeImageBytes(png_);
      if (!page.ok()) return page.status().message();
      for (const OcrLine& line : page->lines) all += line.text + "\n";
    }
    return all;
  };
  auto a = std::async(std::launch::async, run);
  auto b = std::async(std::launch::async, run);
  const std::string first = a.get();
  EXPECT_EQ(first, b.get());
  EXPECT_NE(first.find("lazy dog"), std::string::npos) << first;
}

}  // namespace
}  // namespace lathe::services::documents
