// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// What 68 facial landmarks (the iBUG 300-W layout that dlib's shape predictor outputs: jaw 0-16,
// brows 17-26, nose 27-35, eyes 36-47, mouth 48-67) tell about a face: Rekognition's 30 named
// landmarks, the head pose, and whether eyes and mouth are open. Pure geometry, thread-safe.
//
// "Left" is the left of the image, as in Rekognition's output (eyeLeft has the smaller X).
//
//   std::vector<NamedPoint> marks = RekognitionLandmarks(points);  // {"eyeLeft", {x, y}}, ...
//   HeadPose pose = EstimatePose(points);                           // degrees
#pragma once

#include <array>
#include <string_view>
#include <vector>

namespace lathe::services::vision {

struct Point2 {
  double x = 0.0;
  double y = 0.0;
};

using Landmarks68 = std::array<Point2, 68>;

struct NamedPoint {
  std::string_view type;  // Rekognition's LandmarkType, e.g. "mouthLeft"
  Point2 point;
};

// Rekognition's 30 landmark types, in the model's enum order, from the 68 points. Eye centres are
// the centroids of the six eye points; pupils are not located separately and equal the eye centres
// (documented in docs/api/vision.md).
std::vector<NamedPoint> RekognitionLandmarks(const Landmarks68& points);

// Degrees, in (-180, 180]. Roll: in-plane rotation, positive when the face is turned clockwise in
// the image. Yaw: positive when the face turns towards the image's right. Pitch: positive when the
// face looks up. From a scaled-orthographic fit of a generic 3D face (six points: nose tip, chin,
// outer eye corners, mouth corners) to the landmarks, so about +-10 degrees, and less reliable past
// 45 degrees of yaw.
struct HeadPose {
  double roll = 0.0;
  double yaw = 0.0;
  double pitch = 0.0;
};
HeadPose EstimatePose(const Landmarks68& points);

// Eye aspect ratio (mean of both eyes: eyelid gap over eye width; about 0.3 open, under 0.2 closed)
// and inner-mouth aspect ratio (lip gap over mouth width; about 0 closed).
double EyeAspectRatio(const Landmarks68& points);
double MouthAspectRatio(const Landmarks68& points);

// A yes/no from a ratio and a threshold with a confidence in [50, 100] that grows with the distance
// from the threshold (`scale` is the distance that gives about 95).
struct Judgement {
  bool value = false;
  double confidence = 50.0;
};
Judgement JudgeAgainst(double ratio, double threshold, double scale);

}  // namespace lathe::services::vision
