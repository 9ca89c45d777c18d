// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "services/documents/deskew.h"

#include <leptonica/allheaders.h>

#include <cmath>

namespace lathe::services::documents {
namespace {

constexpr int kDarkThreshold = 160;     // gray below this is ink (as table_detector.cc)
constexpr double kMinDegrees = 0.2;     // smaller skews do not disturb OCR
constexpr double kMaxDegrees = 10.0;    // pixFindSkew sweeps about +-7 degrees
constexpr float kMinConfidence = 3.0f;  // Leptonica's own deskew threshold is of this order
constexpr double kRadiansPerDegree = 3.14159265358979323846 / 180.0;

}  // namespace

Result<Deskewed> Deskew(const Pix& page) {
  SilenceLeptonica();
  Pix* source = const_cast<Pix*>(&page);  // Leptonica's API is not const-correct; read only
  PixPtr gray(pixConvertTo8(source, 0));
  if (gray == nullptr) return InternalError("could not convert the page to gray levels");
  PixPtr binary(pixThresholdToBinary(gray.get(), kDarkThreshold));
  if (binary == nullptr) return InternalError("could not binarise the page");
  Deskewed out;
  l_float32 angle = 0, confidence = 0;
  if (pixFindSkew(binary.get(), &angle, &confidence) != 0) return out;  // no text to measure
  out.confidence = confidence;
  if (confidence < kMinConfidence || std::abs(angle) < kMinDegrees ||
      std::abs(angle) > kMaxDegrees) {
    return out;
  }
  // Rotating by the angle found makes the lines horizontal (pixDeskew does the same).
  PixPtr rotated(pixRotate(gray.get(), float(angle * kRadiansPerDegree), L_ROTATE_AREA_MAP,
                           L_BRING_IN_WHITE, 0, 0));
  if (rotated == nullptr) return out;
  out.image = std::move(rotated);
  out.degrees = angle;
  return out;
}

std::pair<double, double> UnrotatePoint(double x, double y, int width, int height, double degrees) {
  if (degrees == 0) return {x, y};
  // The page was rotated clockwise by `degrees` (y down); turn the point back.
  const double a = -degrees * kRadiansPerDegree;
  const double cx = width / 2.0, cy = height / 2.0;
  const double dx = x - cx, dy = y - cy;
  return {cx + dx * std::cos(a) - dy * std::sin(a), cy + dx * std::sin(a) + dy * std::cos(a)};
}

}  // namespace lathe::services::documents
