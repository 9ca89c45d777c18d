// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Face detection for Rekognition's DetectFaces: dlib's HOG frontal-face detector finds the faces,
// dlib's 68-point shape predictor (Debian libdlib-data,
// /usr/share/dlib/shape_predictor_68_face_landmarks.dat) places the landmarks, and face_geometry
// and image_quality derive pose, quality and eye/mouth state from them. No network, no GPU.
//
// Thread-safe: the landmark model is loaded once (about 100 MB, on first use) and shared read-only;
// each thread keeps its own detector, whose scan buffers are not shareable.
//
//   FaceDetector detector;                            // cheap; the model loads on first Detect
//   Result<std::vector<Face>> faces = detector.Detect(image);
#pragma once

#include <memory>
#include <mutex>
#include <string>
#include <vector>

#include "core/status.h"
#include "services/vision/face_geometry.h"
#include "services/vision/image.h"
#include "services/vision/image_quality.h"

namespace lathe::services::vision {

inline constexpr const char* kDefaultLandmarkModel =
    "/usr/share/dlib/shape_predictor_68_face_landmarks.dat";

struct Face {
  PixelBox box;             // the detector's box in pixels (may reach past the image's edges)
  double confidence = 0.0;  // [0, 100], a logistic map of the detector's score (docs/api/vision.md)
  Landmarks68 points;       // pixels
  HeadPose pose;
  ImageQuality quality;
  Judgement eyes_open;
  Judgement mouth_open;
};

struct DetectOptions {
  // Images whose longer side is at most this are scanned at twice their size too, so that faces
  // down to about 40 pixels are found (the detector's window is 80 pixels). 0 turns it off.
  int upsample_below = 800;
  // Faces scored below this (the detector's own scale, where 0 is its trained threshold) are
  // dropped. 0.3 (confidence 90) keeps real faces (about 1 and up) and drops the low-scoring
  // false positives the HOG detector finds in textures.
  double min_score = 0.3;
  int max_faces = 100;  // Rekognition returns at most the 100 largest faces
};

class FaceDetector {
 public:
  explicit FaceDetector(std::string landmark_model = kDefaultLandmarkModel);
  ~FaceDetector();
  FaceDetector(const FaceDetector&) = delete;
  FaceDetector& operator=(const FaceDetector&) = delete;

  // The detector on the default landmark model, shared by the server's handlers.
  static const FaceDetector& Default();

  // Faces of `image`, largest first. Unavailable when the landmark model cannot be loaded (the
  // message names the file and the Debian package).
  Result<std::vector<Face>> Detect(const GrayImage& image, const DetectOptions& options = {}) const;

 private:
  struct Model;
  Result<const Model*> LoadedModel() const;

  std::string landmark_model_path_;
  mutable std::once_flag load_once_;
  mutable std::unique_ptr<Model> model_;
  mutable Status load_status_;
};

}  // namespace lathe::services::vision
