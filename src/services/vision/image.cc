// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "services/vision/image.h"

#include <leptonica/allheaders.h>

#include <string>

#include "services/documents/image.h"

namespace lathe::services::vision {

Result<GrayImage> DecodeImage(std::string_view bytes) {
  namespace documents = services::documents;
  const documents::ImageFormat format = documents::SniffFormat(bytes);
  if (!bytes.empty() && format != documents::ImageFormat::kPng &&
      format != documents::ImageFormat::kJpeg) {
    return InvalidArgumentError("the image must be PNG or JPEG; this one is " +
                                std::string(documents::FormatName(format)));
  }
  LATHE_ASSIGN_OR_RETURN(documents::PixPtr pix,
                         documents::DecodeImage(bytes, {.max_side = 10000, .max_pixels = kMaxPixels}));
  // Luminance at 8 bits per pixel, whatever the depth and colour map of the file.
  documents::PixPtr gray(pixConvertTo8(pix.get(), 0));
  if (gray == nullptr) return InternalError("the image could not be converted to grey levels");
  GrayImage out;
  out.width = static_cast<int>(pixGetWidth(gray.get()));
  out.height = static_cast<int>(pixGetHeight(gray.get()));
  out.pixels.resize(static_cast<size_t>(out.width) * out.height);
  const l_uint32* data = pixGetData(gray.get());
  const int words_per_line = pixGetWpl(gray.get());
  for (int y = 0; y < out.height; ++y) {
    const l_uint32* line = data + static_cast<size_t>(y) * words_per_line;
    for (int x = 0; x < out.width; ++x) {
      out.pixels[static_cast<size_t>(y) * out.width + x] =
          static_cast<uint8_t>(GET_DATA_BYTE(line, x));
    }
  }
  return out;
}

}  // namespace lathe::services::vision
