// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "services/vision/image.h"

#include <cstdio>
#include <string>

#include <dlib/array2d.h>
#include <dlib/image_io.h>

namespace lathe::services::vision {
namespace {

std::string FirstBytesHex(std::string_view bytes) {
  std::string out;
  for (size_t i = 0; i < bytes.size() && i < 4; ++i) {
    char buf[4];
    std::snprintf(buf, sizeof buf, "%s%02X", i ? " " : "", static_cast<unsigned char>(bytes[i]));
    out += buf;
  }
  return out;
}

}  // namespace

ImageFormat SniffImageFormat(std::string_view bytes) {
  static constexpr std::string_view kPng("\x89PNG\r\n\x1a\n", 8);
  if (bytes.substr(0, kPng.size()) == kPng) return ImageFormat::kPng;
  if (bytes.size() >= 3 && static_cast<unsigned char>(bytes[0]) == 0xFF &&
      static_cast<unsigned char>(bytes[1]) == 0xD8 && static_cast<unsigned char>(bytes[2]) == 0xFF) {
    return ImageFormat::kJpeg;
  }
  return ImageFormat::kUnknown;
}

Result<GrayImage> DecodeImage(std::string_view bytes) {
  if (bytes.empty()) return InvalidArgumentError("the image is empty (0 bytes)");
  const ImageFormat format = SniffImageFormat(bytes);
  if (format == ImageFormat::kUnknown) {
    return InvalidArgumentError("not a PNG or JPEG image (it starts with bytes " +
                                   FirstBytesHex(bytes) + ")");
  }
  dlib::array2d<unsigned char> image;
  // dlib reports a corrupt file by throwing image_load_error.
  try {
    const auto* data = reinterpret_cast<const unsigned char*>(bytes.data());
    if (format == ImageFormat::kPng) {
      dlib::png_loader(data, bytes.size()).get_image(image);
    } else {
      dlib::jpeg_loader(data, bytes.size()).get_image(image);
    }
  } catch (const std::exception& e) {
    return InvalidArgumentError(std::string("the ") +
                                   (format == ImageFormat::kPng ? "PNG" : "JPEG") +
                                   " image cannot be decoded: " + e.what());
  }
  const int64_t pixels = static_cast<int64_t>(image.nc()) * image.nr();
  if (pixels == 0) return InvalidArgumentError("the image has no pixels");
  if (pixels > kMaxPixels) {
    return ResourceExhaustedError("the image has " + std::to_string(image.nc()) + "x" +
                                     std::to_string(image.nr()) + " pixels; the limit is " +
                                     std::to_string(kMaxPixels) + " pixels");
  }
  GrayImage out;
  out.width = static_cast<int>(image.nc());
  out.height = static_cast<int>(image.nr());
  out.pixels.resize(static_cast<size_t>(pixels));
  for (int y = 0; y < out.height; ++y) {
    for (int x = 0; x < out.width; ++x) out.pixels[static_cast<size_t>(y) * out.width + x] = image[y][x];
  }
  return out;
}

}  // namespace lathe::services::vision
