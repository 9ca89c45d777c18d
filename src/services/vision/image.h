// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Decoding the images that vision requests carry (Rekognition's Image.Bytes): PNG or JPEG, told
// apart by their signature, into 8-bit luminance, which is what face detection and the quality
// measures use. The decoding is services/documents' (Leptonica), so both services accept and
// refuse images alike. Stateless and thread-safe.
//
//   Result<GrayImage> image = DecodeImage(bytes);
//   if (!image.ok()) ...  // kUnimplemented / kInvalidArgument: "the image must be PNG or JPEG; ..."
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace lathe::services::vision {

// The largest decoded image accepted, in pixels (Rekognition's own pixel limit is not modelled;
// this bounds memory: 36 Mpx is 36 MB of luminance).
inline constexpr int64_t kMaxPixels = 36'000'000;

struct GrayImage {
  int width = 0;
  int height = 0;
  std::vector<uint8_t> pixels;  // row-major, width * height

  uint8_t at(int x, int y) const { return pixels[static_cast<size_t>(y) * width + x]; }
};

// The luminance of a PNG or JPEG. InvalidArgument for empty bytes or another format (TIFF, PDF
// and unknown bytes alike: Rekognition takes PNG and JPEG only); DataLoss for a corrupt file;
// ResourceExhausted above kMaxPixels or 10,000 pixels a side.
Result<GrayImage> DecodeImage(std::string_view bytes);

}  // namespace lathe::services::vision
