// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Page images for OCR: Leptonica's Pix behind a unique_ptr, and decoding of PNG, JPEG and TIFF
// bytes (TIFF: the first page) with the format sniffed from the magic bytes, the size checked
// from the header before any pixel is decoded, and errors that say which of these went wrong.
// Stateless and thread-safe.
//
//   LATHE_ASSIGN_OR_RETURN(PixPtr pix, DecodeImage(bytes));   // Document.Bytes, an upload...
//   int width = pixGetWidth(pix.get());
#pragma once

#include <cstdint>
#include <memory>
#include <string_view>

#include "core/status.h"

struct Pix;  // Leptonica's image (leptonica/allheaders.h)

namespace lathe::services::documents {

struct PixDeleter {
  void operator()(Pix* pix) const;
};
// An owned Leptonica image.
using PixPtr = std::unique_ptr<Pix, PixDeleter>;

enum class ImageFormat { kUnknown, kPng, kJpeg, kTiff, kPdf };

// The format named by the first bytes (PNG, JPEG, TIFF little/big endian, %PDF); kUnknown else.
ImageFormat SniffFormat(std::string_view bytes);

// "PNG", "JPEG", "TIFF", "PDF", "unknown".
std::string_view FormatName(ImageFormat format);

struct ImageLimits {
  int max_side = 10000;             // pixels per side (Textract's documented image limit)
  int64_t max_pixels = 40'000'000;  // width x height: bounds the memory of one decode
};

// Decodes PNG, JPEG or TIFF bytes. Failures, each code meaning one thing so that adapters map
// them to their service's exceptions:
//   kInvalidArgument    no bytes at all;
//   kUnimplemented      not PNG, JPEG or TIFF (a PDF, a text file...): the message names it;
//   kDataLoss           the format is known but the data is corrupt or truncated;
//   kResourceExhausted  the image is larger than `limits` (checked from the header).
Result<PixPtr> DecodeImage(std::string_view bytes, const ImageLimits& limits = {});

// Keeps Leptonica from printing its errors to stderr (a corrupt upload is not a server error).
// Idempotent; called by DecodeImage.
void SilenceLeptonica();

}  // namespace lathe::services::documents
