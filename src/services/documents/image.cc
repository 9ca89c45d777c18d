// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "services/documents/image.h"

#include <leptonica/allheaders.h>

#include <mutex>
#include <string>

namespace lathe::services::documents {
namespace {

bool StartsWith(std::string_view bytes, std::string_view magic) {
  return bytes.substr(0, magic.size()) == magic;
}

// The first bytes as hex, to name what was sent instead of an image.
std::string HexPrefix(std::string_view bytes) {
  static const char* kHex = "0123456789abcdef";
  std::string out;
  for (size_t i = 0; i < bytes.size() && i < 8; ++i) {
    const auto c = static_cast<unsigned char>(bytes[i]);
    out += kHex[c >> 4];
    out += kHex[c & 15];
  }
  return out;
}

}  // namespace

void PixDeleter::operator()(Pix* pix) const { pixDestroy(&pix); }

ImageFormat SniffFormat(std::string_view bytes) {
  if (StartsWith(bytes, "\x89PNG\r\n\x1a\n")) return ImageFormat::kPng;
  if (StartsWith(bytes, "\xff\xd8\xff")) return ImageFormat::kJpeg;
  if (StartsWith(bytes, std::string_view("II*\0", 4)) ||
      StartsWith(bytes, std::string_view("MM\0*", 4))) {
    return ImageFormat::kTiff;
  }
  // PDF readers accept the header anywhere in the first 1024 bytes.
  if (bytes.substr(0, 1024).find("%PDF-") != std::string_view::npos) return ImageFormat::kPdf;
  return ImageFormat::kUnknown;
}

std::string_view FormatName(ImageFormat format) {
  switch (format) {
    case ImageFormat::kPng:
      return "PNG";
    case ImageFormat::kJpeg:
      return "JPEG";
    case ImageFormat::kTiff:
      return "TIFF";
    case ImageFormat::kPdf:
      return "PDF";
    case ImageFormat::kUnknown:
      break;
  }
  return "unknown";
}

void SilenceLeptonica() {
  static std::once_flag once;
  std::call_once(once, [] { setMsgSeverity(L_SEVERITY_NONE); });
}

Result<PixPtr> DecodeImage(std::string_view bytes, const ImageLimits& limits) {
  SilenceLeptonica();
  if (bytes.empty()) return InvalidArgumentError("the image is empty (0 bytes)");
  const ImageFormat format = SniffFormat(bytes);
  if (format == ImageFormat::kUnknown || format == ImageFormat::kPdf) {
    return UnimplementedError(
        "the bytes are " +
        std::string(format == ImageFormat::kPdf
                        ? "a PDF, not an image"
                        : "not a PNG, JPEG or TIFF image (first bytes " + HexPrefix(bytes) + ")"));
  }
  const auto* data = reinterpret_cast<const l_uint8*>(bytes.data());
  l_int32 format_code = 0, width = 0, height = 0, bps = 0, spp = 0, iscmap = 0;
  if (pixReadHeaderMem(data, bytes.size(), &format_code, &width, &height, &bps, &spp, &iscmap) !=
          0 ||
      width <= 0 || height <= 0) {
    return DataLossError(std::string(FormatName(format)) +
                         " image: the header is corrupt or truncated (" +
                         std::to_string(bytes.size()) + " bytes)");
  }
  if (width > limits.max_side || height > limits.max_side ||
      int64_t{width} * height > limits.max_pixels) {
    return ResourceExhaustedError(std::string(FormatName(format)) + " image of " +
                                  std::to_string(width) + "x" + std::to_string(height) +
                                  " pixels; the limit is " + std::to_string(limits.max_side) +
                                  " per side and " + std::to_string(limits.max_pixels) + " pixels");
  }
  PixPtr pix(pixReadMem(data, bytes.size()));
  if (pix == nullptr) {
    return DataLossError(std::string(FormatName(format)) + " image of " + std::to_string(width) +
                         "x" + std::to_string(height) +
                         " pixels: the pixel data is corrupt or truncated");
  }
  return pix;
}

}  // namespace lathe::services::documents
