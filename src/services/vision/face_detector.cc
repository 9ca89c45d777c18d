// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "services/vision/face_detector.h"

#include <algorithm>
#include <cmath>
#include <filesystem>

#include <dlib/image_processing.h>
#include <dlib/image_processing/frontal_face_detector.h>
#include <dlib/image_transforms.h>
#include <dlib/serialize.h>

namespace lathe::services::vision {

struct FaceDetector::Model {
  dlib::shape_predictor landmarks;
};

namespace {

// The detector's SVM score as a percentage: 0 (its threshold) -> 73, 0.5 -> 95, 1 -> 99.3. A
// monotonic map, not a calibrated probability.
double ScoreToConfidence(double score) { return 100.0 / (1.0 + std::exp(-4.0 * score - 1.0)); }

dlib::array2d<unsigned char> ToDlib(const GrayImage& image) {
  dlib::array2d<unsigned char> out(image.height, image.width);
  for (int y = 0; y < image.height; ++y) {
    for (int x = 0; x < image.width; ++x) out[y][x] = image.at(x, y);
  }
  return out;
}

}  // namespace

FaceDetector::FaceDetector(std::string landmark_model)
    : landmark_model_path_(std::move(landmark_model)) {}

FaceDetector::~FaceDetector() = default;

const FaceDetector& FaceDetector::Default() {
  static const FaceDetector* detector = new FaceDetector();  // never destroyed: used until exit
  return *detector;
}

Result<const FaceDetector::Model*> FaceDetector::LoadedModel() const {
  std::call_once(load_once_, [this] {
    if (!std::filesystem::exists(landmark_model_path_)) {
      load_status_ = UnavailableError("the face landmark model " + landmark_model_path_ +
                                      " is missing (Debian package libdlib-data)");
      return;
    }
    auto model = std::make_unique<Model>();
    try {
      dlib::deserialize(landmark_model_path_) >> model->landmarks;
    } catch (const std::exception& e) {
      load_status_ = UnavailableError("the face landmark model " + landmark_model_path_ +
                                      " cannot be read: " + e.what());
      return;
    }
    model_ = std::move(model);
  });
  if (!load_status_.ok()) return load_status_;
  return static_cast<const Model*>(model_.get());
}

Result<std::vector<Face>> FaceDetector::Detect(const GrayImage& image,
                                               const DetectOptions& options) const {
  LATHE_ASSIGN_OR_RETURN(const Model* model, LoadedModel());
  // The detector keeps scan buffers, so each thread has its own (built once per thread).
  thread_local dlib::frontal_face_detector detector = dlib::get_frontal_face_detector();

  const dlib::array2d<unsigned char> pixels = ToDlib(image);
  const bool upsample = options.upsample_below > 0 &&
                        std::max(image.width, image.height) <= options.upsample_below;
  std::vector<dlib::rect_detection> found;
  if (upsample) {
    dlib::array2d<unsigned char> larger;
    dlib::pyramid_up(pixels, larger, dlib::pyramid_down<2>());
    detector(larger, found, options.min_score);
    for (dlib::rect_detection& d : found) {
      d.rect = dlib::rectangle(d.rect.left() / 2, d.rect.top() / 2, d.rect.right() / 2,
                               d.rect.bottom() / 2);
    }
  } else {
    detector(pixels, found, options.min_score);
  }
  std::sort(found.begin(), found.end(), [](const auto& a, const auto& b) {
    return a.rect.area() > b.rect.area();
  });
  if (found.size() > static_cast<size_t>(std::max(0, options.max_faces))) {
    found.resize(static_cast<size_t>(std::max(0, options.max_faces)));
  }

  std::vector<Face> faces;
  faces.reserve(found.size());
  for (const dlib::rect_detection& d : found) {
    Face face;
    face.box = {.left = static_cast<int>(d.rect.left()),
                .top = static_cast<int>(d.rect.top()),
                .width = static_cast<int>(d.rect.width()),
                .height = static_cast<int>(d.rect.height())};
    face.confidence = ScoreToConfidence(d.detection_confidence);
    const dlib::full_object_detection shape = model->landmarks(pixels, d.rect);
    for (unsigned long i = 0; i < shape.num_parts() && i < face.points.size(); ++i) {
      face.points[i] = {static_cast<double>(shape.part(i).x()),
                        static_cast<double>(shape.part(i).y())};
    }
    face.pose = EstimatePose(face.points);
    face.quality = MeasureQuality(image, face.box);
    // Thresholds from the usual aspect ratios: eyes about 0.3 open and under 0.2 closed; lips
    // apart when the inner gap passes a tenth of the mouth's width.
    face.eyes_open = JudgeAgainst(EyeAspectRatio(face.points), 0.2, 0.08);
    face.mouth_open = JudgeAgainst(MouthAspectRatio(face.points), 0.1, 0.1);
    faces.push_back(face);
  }
  return faces;
}

}  // namespace lathe::services::vision
