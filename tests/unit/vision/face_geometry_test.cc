// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Pose from landmarks on synthetic faces: the generic 3D face turned by a known angle and
// projected, so the recovered angle and its sign can be checked exactly.
#include "services/vision/face_geometry.h"

#include <cmath>
#include <numbers>

#include <gtest/gtest.h>

namespace lathe::services::vision {
namespace {

struct P3 {
  double x, y, z;  // y up, z towards the camera
};

constexpr int kIndex[6] = {30, 8, 36, 45, 48, 54};
constexpr P3 kFace[6] = {{0, 0, 0},       {0, -330, -65},   {-225, 170, -135},
                         {225, 170, -135}, {-150, -150, -125}, {150, -150, -125}};

double Rad(double degrees) { return degrees * std::numbers::pi / 180; }

// Projects the face turned by `yaw` (towards the image's right), `pitch` (looking up) and then
// `roll` (clockwise in the image), at 0.5 pixel per unit around (300, 200).
Landmarks68 Project(double yaw, double pitch, double roll) {
  Landmarks68 points{};
  for (int i = 0; i < 6; ++i) {
    P3 p = kFace[i];
    // Looking up lifts the nose (in front, z = 0) above the eyes (behind, z < 0).
    const double a = Rad(pitch);
    p = {p.x, p.y * std::cos(a) + p.z * std::sin(a), -p.y * std::sin(a) + p.z * std::cos(a)};
    // Turning right moves the nose right of the eyes.
    const double b = Rad(yaw);
    p = {p.x * std::cos(b) + p.z * std::sin(b), p.y, -p.x * std::sin(b) + p.z * std::cos(b)};
    // Image coordinates (y down), then a clockwise turn in the image.
    const double x = p.x * 0.5;
    const double y = -p.y * 0.5;
    const double c = Rad(roll);
    points[kIndex[i]] = {300 + x * std::cos(c) - y * std::sin(c),
                         200 + x * std::sin(c) + y * std::cos(c)};
  }
  return points;
}

TEST(EstimatePoseTest, FrontalFaceIsZero) {
  HeadPose pose = EstimatePose(Project(0, 0, 0));
  EXPECT_NEAR(pose.yaw, 0, 0.5);
  EXPECT_NEAR(pose.pitch, 0, 0.5);
  EXPECT_NEAR(pose.roll, 0, 0.5);
}

TEST(EstimatePoseTest, RecoversEachAngleWithItsSign) {
  for (double angle : {-30.0, -10.0, 15.0, 35.0}) {
    HeadPose yaw = EstimatePose(Project(angle, 0, 0));
    EXPECT_NEAR(yaw.yaw, angle, 1.0) << angle;
    EXPECT_NEAR(yaw.pitch, 0, 1.0) << angle;
    EXPECT_NEAR(yaw.roll, 0, 1.0) << angle;
    HeadPose pitch = EstimatePose(Project(0, angle, 0));
    EXPECT_NEAR(pitch.pitch, angle, 1.0) << angle;
    EXPECT_NEAR(pitch.yaw, 0, 1.0) << angle;
    HeadPose roll = EstimatePose(Project(0, 0, angle));
    EXPECT_NEAR(roll.roll, angle, 1.0) << angle;
    EXPECT_NEAR(roll.yaw, 0, 1.0) << angle;
  }
}

TEST(EstimatePoseTest, CombinedTurns) {
  HeadPose pose = EstimatePose(Project(20, -10, 12));
  EXPECT_NEAR(pose.yaw, 20, 2.0);
  EXPECT_NEAR(pose.pitch, -10, 2.0);
  EXPECT_NEAR(pose.roll, 12, 2.0);
}

TEST(RekognitionLandmarksTest, ThirtyTypesFromTheRightPoints) {
  Landmarks68 points{};
  for (int i = 0; i < 68; ++i) points[i] = {static_cast<double>(i), static_cast<double>(2 * i)};
  std::vector<NamedPoint> named = RekognitionLandmarks(points);
  ASSERT_EQ(named.size(), 30u);
  EXPECT_EQ(named[0].type, "eyeLeft");
  EXPECT_DOUBLE_EQ(named[0].point.x, (36 + 37 + 38 + 39 + 40 + 41) / 6.0);
  EXPECT_EQ(named[2].type, "nose");
  EXPECT_DOUBLE_EQ(named[2].point.x, 30);
  EXPECT_EQ(named[27].type, "chinBottom");
  EXPECT_DOUBLE_EQ(named[27].point.y, 16);
}

TEST(AspectRatioTest, OpenAndClosedEyesAndMouth) {
  Landmarks68 p{};
  // Eyes 30 wide; lids 10 apart (open) then 2 apart (closed).
  auto eyes = [&p](double gap) {
    for (int o : {36, 42}) {
      p[o] = {0, 0};
      p[o + 3] = {30, 0};
      p[o + 1] = {10, -gap / 2};
      p[o + 2] = {20, -gap / 2};
      p[o + 4] = {20, gap / 2};
      p[o + 5] = {10, gap / 2};
    }
  };
  eyes(10);
  EXPECT_NEAR(EyeAspectRatio(p), 1.0 / 3, 1e-9);
  EXPECT_TRUE(JudgeAgainst(EyeAspectRatio(p), 0.2, 0.08).value);
  eyes(2);
  EXPECT_FALSE(JudgeAgainst(EyeAspectRatio(p), 0.2, 0.08).value);
  // Mouth 40 wide with the lips together.
  p[60] = {0, 0};
  p[64] = {40, 0};
  for (int i : {61, 62, 63, 65, 66, 67}) p[i] = {20, 0};
  EXPECT_DOUBLE_EQ(MouthAspectRatio(p), 0);
  Judgement closed = JudgeAgainst(MouthAspectRatio(p), 0.1, 0.1);
  EXPECT_FALSE(closed.value);
  EXPECT_GT(closed.confidence, 90);
}

}  // namespace
}  // namespace lathe::services::vision
