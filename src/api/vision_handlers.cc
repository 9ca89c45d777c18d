// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "api/vision_handlers.h"

#include <vector>

#include "services/vision/face_detector.h"

namespace lathe::api {

Result<HttpResponse> DetectVisionFaces(HttpRequest& request, RequestContext&) {
  namespace vision = services::vision;
  Result<vision::GrayImage> image = vision::DecodeImage(request.body);
  if (!image.ok()) {
    // Every decoding failure is the client's: a corrupt file is a bad request, not data loss.
    if (image.status().code() == StatusCode::kResourceExhausted) return image.status();
    return InvalidArgumentError("body: " + image.status().message()).WithDetail("field", "body");
  }
  LATHE_ASSIGN_OR_RETURN(std::vector<vision::Face> faces,
                         vision::FaceDetector::Default().Detect(*image));
  nlohmann::json out = nlohmann::json::array();
  for (const vision::Face& face : faces) {
    nlohmann::json points = nlohmann::json::array();
    for (const vision::Point2& p : face.points) points.push_back({p.x, p.y});
    nlohmann::json named = nlohmann::json::object();
    for (const vision::NamedPoint& n : vision::RekognitionLandmarks(face.points)) {
      named[std::string(n.type)] = {n.point.x, n.point.y};
    }
    out.push_back({{"box",
                    {{"left", face.box.left},
                     {"top", face.box.top},
                     {"width", face.box.width},
                     {"height", face.box.height}}},
                   {"confidence", face.confidence},
                   {"points", points},
                   {"landmarks", named},
                   {"pose", {{"roll", face.pose.roll}, {"yaw", face.pose.yaw}, {"pitch", face.pose.pitch}}},
                   {"quality",
                    {{"brightness", face.quality.brightness}, {"sharpness", face.quality.sharpness}}},
                   {"eyes_open", {{"value", face.eyes_open.value}, {"confidence", face.eyes_open.confidence}}},
                   {"mouth_open",
                    {{"value", face.mouth_open.value}, {"confidence", face.mouth_open.confidence}}}});
  }
  return HttpResponse::Json(
      200, {{"width", image->width}, {"height", image->height}, {"faces", out}});
}

}  // namespace lathe::api
