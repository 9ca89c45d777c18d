// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Decoding the images that vision requests carry (Rekognition's Image.Bytes): PNG or JPEG, told
// apart by their signature, not by a name or a content type, into 8-bit luminance, which is what
// face detection and the quality measures use. dlib's decoders (libpng, libjpeg) do the work;
// dlib stays out of this header. Stateless and thread-safe.
//
//   Result<GrayImage> image = DecodeImage(bytes);
//   if (!image.ok()) ...  // InvalidArgument: "not a PNG or JPEG image (starts with 47 49 46 38)"
#pragma once

#include <cstdint>
#include <string_view>
#include <vector>

#include "core/status.h"

namespace lathe::services::vision {

// The largest decoded image accepted, in pixels (Rekognition's own pixel limit is not modelled;
// this bounds memory: 36 Mpx is 36 MB of luminance).
inline constexpr int64_t kMaxPixels = 36'000'000;

enum class ImageFormat { kPng, kJpeg, kUnknown };

// The format by the first bytes (PNG's 8-byte signature, JPEG's FF D8 FF).
ImageFormat SniffImageFormat(std::string_view bytes);

struct GrayImage {
  int width = 0;
  int height = 0;
  std::vector<uint8_t> pixels;  // row-major, width * height

  uint8_t at(int x, int y) const { return pixels[static_cast<size_t>(y) * width + x]; }
};

// The luminance of a PNG or JPEG. InvalidArgument for empty bytes, another format (the message
// shows the first bytes) or a corrupt file (the decoder's reason); ResourceExhausted above
// kMaxPixels.
Result<GrayImage> DecodeImage(std::string_view bytes);

}  // namespace lathe::services::vision
