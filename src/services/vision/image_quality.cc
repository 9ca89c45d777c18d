// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "services/vision/image_quality.h"

#include <algorithm>
#include <cmath>

namespace lathe::services::vision {

ImageQuality MeasureQuality(const GrayImage& image, PixelBox box) {
  int x0 = std::max(0, box.left);
  int y0 = std::max(0, box.top);
  int x1 = std::min(image.width, box.left + box.width);
  int y1 = std::min(image.height, box.top + box.height);
  if (box.width <= 0 || box.height <= 0 || x1 <= x0 || y1 <= y0) {
    x0 = 0;
    y0 = 0;
    x1 = image.width;
    y1 = image.height;
  }
  double sum = 0;
  for (int y = y0; y < y1; ++y) {
    for (int x = x0; x < x1; ++x) sum += image.at(x, y);
  }
  ImageQuality quality;
  quality.brightness = 100.0 * sum / (255.0 * (x1 - x0) * (y1 - y0));

  // 4-neighbour Laplacian over the interior of the region.
  double lap_sum = 0;
  double lap_sq = 0;
  int64_t n = 0;
  for (int y = std::max(y0, 1); y < std::min(y1, image.height - 1); ++y) {
    for (int x = std::max(x0, 1); x < std::min(x1, image.width - 1); ++x) {
      const double v = image.at(x - 1, y) + image.at(x + 1, y) + image.at(x, y - 1) +
                       image.at(x, y + 1) - 4.0 * image.at(x, y);
      lap_sum += v;
      lap_sq += v * v;
      ++n;
    }
  }
  if (n > 0) {
    const double mean = lap_sum / n;
    const double variance = std::max(0.0, lap_sq / n - mean * mean);
    quality.sharpness = 100.0 * (1.0 - std::exp(-variance / 200.0));
  }
  return quality;
}

}  // namespace lathe::services::vision
