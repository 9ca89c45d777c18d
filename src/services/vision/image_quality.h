// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Rekognition's ImageQuality of a face region, both in [0, 100]: Brightness is the mean luminance
// (0 black, 100 white); Sharpness is the variance of the Laplacian (the usual focus measure),
// mapped as 100 * (1 - exp(-variance / 200)), so a blurred face scores low and a crisp one near 100.
// Thread-safe.
//
//   ImageQuality q = MeasureQuality(image, {.left = 10, .top = 20, .width = 80, .height = 80});
#pragma once

#include "services/vision/image.h"

namespace lathe::services::vision {

struct PixelBox {
  int left = 0;
  int top = 0;
  int width = 0;
  int height = 0;
};

struct ImageQuality {
  double brightness = 0.0;
  double sharpness = 0.0;
};

// Quality of `box` clipped to the image (the whole image when the box is empty).
ImageQuality MeasureQuality(const GrayImage& image, PixelBox box);

}  // namespace lathe::services::vision
