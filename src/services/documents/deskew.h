// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Deskewing of scanned pages: Leptonica's skew search (pixFindSkew: sweeps of the page's
// horizontal projections, about +-7 degrees, to a few hundredths of a degree) finds how far the
// text lines are off horizontal; a page off by at least 0.2 degrees, with a confident finding, is
// rotated about its centre (same size, white brought in) before tables, boxes and text are
// found. Everything found on the rotated page is then mapped back with UnrotatePoint, so geometry
// is given in the original image's coordinates, as Textract does (its Polygon is then a rotated
// rectangle). Stateless and thread-safe.
//
//   LATHE_ASSIGN_OR_RETURN(Deskewed d, Deskew(*pix));
//   const Pix& upright = d.image != nullptr ? *d.image : *pix;
//   ... find boxes on `upright`, then UnrotatePoint(x, y, width, height, d.degrees) ...
#pragma once

#include <utility>

#include "core/status.h"
#include "services/documents/image.h"

namespace lathe::services::documents {

struct Deskewed {
  PixPtr image;          // the rotated page; null when the page was left as it is
  double degrees = 0;    // rotation applied, clockwise positive (0 when left as it is)
  float confidence = 0;  // Leptonica's confidence in the angle found (0 when none was)
};

// Finds the skew of `page` and rotates it upright when it is off by 0.2 to 10 degrees and
// Leptonica's confidence is at least 3. Internal only if Leptonica fails to convert the page.
Result<Deskewed> Deskew(const Pix& page);

// Where the point (x, y) of the page rotated by `degrees` (clockwise, about the centre of a
// `width` x `height` page) lies on the original page.
std::pair<double, double> UnrotatePoint(double x, double y, int width, int height, double degrees);

}  // namespace lathe::services::documents
