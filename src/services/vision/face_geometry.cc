// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
#include "services/vision/face_geometry.h"

#include <algorithm>
#include <cmath>
#include <numbers>

namespace lathe::services::vision {
namespace {

Point2 Mid(const Point2& a, const Point2& b) { return {(a.x + b.x) / 2, (a.y + b.y) / 2}; }

Point2 Centroid(const Landmarks68& p, int first, int last) {
  Point2 c;
  for (int i = first; i <= last; ++i) {
    c.x += p[i].x;
    c.y += p[i].y;
  }
  const double n = last - first + 1;
  return {c.x / n, c.y / n};
}

double Distance(const Point2& a, const Point2& b) { return std::hypot(a.x - b.x, a.y - b.y); }

double Degrees(double radians) { return radians * 180.0 / std::numbers::pi; }

// Solves the 3x3 system m * x = b by Cramer's rule; false when m is (nearly) singular.
bool Solve3(const double m[3][3], const double b[3], double x[3]) {
  auto det = [](const double a[3][3]) {
    return a[0][0] * (a[1][1] * a[2][2] - a[1][2] * a[2][1]) -
           a[0][1] * (a[1][0] * a[2][2] - a[1][2] * a[2][0]) +
           a[0][2] * (a[1][0] * a[2][1] - a[1][1] * a[2][0]);
  };
  const double d = det(m);
  if (std::abs(d) < 1e-12) return false;
  for (int col = 0; col < 3; ++col) {
    double t[3][3];
    for (int r = 0; r < 3; ++r) {
      for (int c = 0; c < 3; ++c) t[r][c] = c == col ? b[r] : m[r][c];
    }
    x[col] = det(t) / d;
  }
  return true;
}

void Normalize(double v[3]) {
  const double n = std::sqrt(v[0] * v[0] + v[1] * v[1] + v[2] * v[2]);
  if (n > 0) {
    for (int i = 0; i < 3; ++i) v[i] /= n;
  }
}

}  // namespace

std::vector<NamedPoint> RekognitionLandmarks(const Landmarks68& p) {
  const Point2 eye_left = Centroid(p, 36, 41);
  const Point2 eye_right = Centroid(p, 42, 47);
  return {
      {"eyeLeft", eye_left},
      {"eyeRight", eye_right},
      {"nose", p[30]},
      {"mouthLeft", p[48]},
      {"mouthRight", p[54]},
      {"leftEyeBrowLeft", p[17]},
      {"leftEyeBrowRight", p[21]},
      {"leftEyeBrowUp", p[19]},
      {"rightEyeBrowLeft", p[22]},
      {"rightEyeBrowRight", p[26]},
      {"rightEyeBrowUp", p[24]},
      {"leftEyeLeft", p[36]},
      {"leftEyeRight", p[39]},
      {"leftEyeUp", Mid(p[37], p[38])},
      {"leftEyeDown", Mid(p[40], p[41])},
      {"rightEyeLeft", p[42]},
      {"rightEyeRight", p[45]},
      {"rightEyeUp", Mid(p[43], p[44])},
      {"rightEyeDown", Mid(p[46], p[47])},
      {"noseLeft", p[31]},
      {"noseRight", p[35]},
      {"mouthUp", p[51]},
      {"mouthDown", p[57]},
      {"leftPupil", eye_left},
      {"rightPupil", eye_right},
      {"upperJawlineLeft", p[1]},
      {"midJawlineLeft", p[4]},
      {"chinBottom", p[8]},
      {"midJawlineRight", p[12]},
      {"upperJawlineRight", p[15]},
  };
}

HeadPose EstimatePose(const Landmarks68& p) {
  // A generic adult face in millimetres-like units, y up, z towards the camera, nose tip at the
  // origin (the usual head-pose reference points).
  static constexpr double kModel[6][3] = {
      {0.0, 0.0, 0.0},           // nose tip (30)
      {0.0, -330.0, -65.0},      // chin (8)
      {-225.0, 170.0, -135.0},   // outer corner of the image-left eye (36)
      {225.0, 170.0, -135.0},    // outer corner of the image-right eye (45)
      {-150.0, -150.0, -125.0},  // image-left mouth corner (48)
      {150.0, -150.0, -125.0},   // image-right mouth corner (54)
  };
  static constexpr int kIndex[6] = {30, 8, 36, 45, 48, 54};

  // Centre both point sets, then fit image = A * model (A is 2x3) by least squares:
  // A_row = (M^T M)^-1 M^T u for each image coordinate u (image y flipped to point up).
  double model_mean[3] = {0, 0, 0};
  double image_mean[2] = {0, 0};
  for (int i = 0; i < 6; ++i) {
    for (int k = 0; k < 3; ++k) model_mean[k] += kModel[i][k] / 6;
    image_mean[0] += p[kIndex[i]].x / 6;
    image_mean[1] += -p[kIndex[i]].y / 6;
  }
  double mtm[3][3] = {};
  double mtu[2][3] = {};
  for (int i = 0; i < 6; ++i) {
    double m[3];
    for (int k = 0; k < 3; ++k) m[k] = kModel[i][k] - model_mean[k];
    const double u[2] = {p[kIndex[i]].x - image_mean[0], -p[kIndex[i]].y - image_mean[1]};
    for (int r = 0; r < 3; ++r) {
      for (int c = 0; c < 3; ++c) mtm[r][c] += m[r] * m[c];
      mtu[0][r] += m[r] * u[0];
      mtu[1][r] += m[r] * u[1];
    }
  }
  double r1[3], r2[3];
  if (!Solve3(mtm, mtu[0], r1) || !Solve3(mtm, mtu[1], r2)) return {};
  Normalize(r1);
  // Make the second row orthogonal to the first, then complete the rotation.
  const double dot = r1[0] * r2[0] + r1[1] * r2[1] + r1[2] * r2[2];
  for (int k = 0; k < 3; ++k) r2[k] -= dot * r1[k];
  Normalize(r2);
  const double r3[3] = {r1[1] * r2[2] - r1[2] * r2[1], r1[2] * r2[0] - r1[0] * r2[2],
                        r1[0] * r2[1] - r1[1] * r2[0]};
  // Rotation R = [r1; r2; r3] maps model axes to camera axes; R = Rz(roll) Ry(yaw) Rx(pitch).
  HeadPose pose;
  pose.yaw = Degrees(std::asin(std::clamp(-r3[0], -1.0, 1.0)));
  pose.pitch = Degrees(std::atan2(r3[1], r3[2]));
  // Image y points down, so a clockwise turn in the image is a negative rotation about z here.
  pose.roll = -Degrees(std::atan2(r2[0], r1[0]));
  // Looking up is a negative rotation about the x axis here (the nose, in front, goes up).
  pose.pitch = -pose.pitch;
  return pose;
}

double EyeAspectRatio(const Landmarks68& p) {
  auto ear = [&p](int o) {  // o = first point of one eye (36 or 42)
    const double width = Distance(p[o], p[o + 3]);
    if (width <= 0) return 0.0;
    return (Distance(p[o + 1], p[o + 5]) + Distance(p[o + 2], p[o + 4])) / (2 * width);
  };
  return (ear(36) + ear(42)) / 2;
}

double MouthAspectRatio(const Landmarks68& p) {
  const double width = Distance(p[60], p[64]);
  if (width <= 0) return 0.0;
  return (Distance(p[61], p[67]) + Distance(p[62], p[66]) + Distance(p[63], p[65])) / (3 * width);
}

Judgement JudgeAgainst(double ratio, double threshold, double scale) {
  const double distance = std::abs(ratio - threshold) / scale;
  // 1 - exp(-3d): d = 1 gives 0.95.
  return {.value = ratio > threshold, .confidence = 50.0 + 50.0 * (1.0 - std::exp(-3.0 * distance))};
}

}  // namespace lathe::services::vision
