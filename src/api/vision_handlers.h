// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Lathe's own REST API for vision (docs/api/vision.md): POST /api/v1/vision/faces with the image
// itself as the body (PNG or JPEG, any Content-Type) answers the faces in pixels: box, confidence,
// the 68 landmark points and Rekognition's 30 named ones, pose, quality, eyes and mouth open.
// Errors in Lathe's error JSON (400 for an image that is not PNG/JPEG or is corrupt, 413 too
// large). The same analysis as the Rekognition adapter (rekognition_handlers.h).
#pragma once

#include "api/http_types.h"

namespace lathe::api {

Result<HttpResponse> DetectVisionFaces(HttpRequest& request, RequestContext& context);

}  // namespace lathe::api
