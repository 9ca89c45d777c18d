// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Face detection on a real photograph (tests/data/images/astronaut.png, one frontal face) and on
// transformed copies made here: mirrored, turned, blurred, darkened, and on pure noise.
#include "services/vision/face_detector.h"

#include <cmath>
#include <fstream>
#include <iterator>
#include <numbers>
#include <random>
#include <string>

#include <gtest/gtest.h>

namespace lathe::services::vision {
namespace {

GrayImage Astronaut() {
  std::ifstream in(std::string(LATHE_SOURCE_DIR) + "/tests/data/images/astronaut.png",
                   std::ios::binary);
  const std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  Result<GrayImage> image = DecodeImage(bytes);
  EXPECT_TRUE(image.ok()) << image.status().ToString();
  return image.ok() ? *image : GrayImage{};
}

GrayImage Mirror(const GrayImage& in) {
  GrayImage out = in;
  for (int y = 0; y < in.height; ++y) {
    for (int x = 0; x < in.width; ++x) {
      out.pixels[static_cast<size_t>(y) * in.width + x] = in.at(in.width - 1 - x, y);
    }
  }
  return out;
}

// Turned clockwise by `degrees` about the centre (nearest neighbour, grey outside).
GrayImage Turn(const GrayImage& in, double degrees) {
  GrayImage out = in;
  const double a = degrees * std::numbers::pi / 180;
  const double cx = in.width / 2.0, cy = in.height / 2.0;
  for (int y = 0; y < in.height; ++y) {
    for (int x = 0; x < in.width; ++x) {
      // The source of (x, y) is (x, y) turned back counter-clockwise.
      const double dx = x - cx, dy = y - cy;
      const int sx = static_cast<int>(std::lround(cx + dx * std::cos(a) + dy * std::sin(a)));
      const int sy = static_cast<int>(std::lround(cy - dx * std::sin(a) + dy * std::cos(a)));
      const bool inside = sx >= 0 && sy >= 0 && sx < in.width && sy < in.height;
      out.pixels[static_cast<size_t>(y) * in.width + x] = inside ? in.at(sx, sy) : 128;
    }
  }
  return out;
}

// A 5x5 box blur, applied `times`.
GrayImage Blur(GrayImage image, int times) {
  for (int t = 0; t < times; ++t) {
    GrayImage out = image;
    for (int y = 2; y < image.height - 2; ++y) {
      for (int x = 2; x < image.width - 2; ++x) {
        int sum = 0;
        for (int dy = -2; dy <= 2; ++dy) {
          for (int dx = -2; dx <= 2; ++dx) sum += image.at(x + dx, y + dy);
        }
        out.pixels[static_cast<size_t>(y) * image.width + x] = static_cast<uint8_t>(sum / 25);
      }
    }
    image = std::move(out);
  }
  return image;
}

class FaceDetectorTest : public ::testing::Test {
 protected:
  static void SetUpTestSuite() {
    if (!std::ifstream(kDefaultLandmarkModel)) GTEST_SKIP() << "libdlib-data is not installed";
  }
  static const FaceDetector& Detector() {
    static const FaceDetector detector;
    return detector;
  }
  static Face OnlyFace(const GrayImage& image) {
    Result<std::vector<Face>> faces = Detector().Detect(image);
    EXPECT_TRUE(faces.ok()) << faces.status().ToString();
    EXPECT_EQ(faces.ok() ? faces->size() : 0u, 1u);
    return faces.ok() && !faces->empty() ? faces->front() : Face{};
  }
  // The largest face (the detector sorts by size), for images whose grey corners can fool it.
  static Face LargestFace(const GrayImage& image) {
    Result<std::vector<Face>> faces = Detector().Detect(image);
    EXPECT_TRUE(faces.ok() && !faces->empty());
    return faces.ok() && !faces->empty() ? faces->front() : Face{};
  }
};

TEST_F(FaceDetectorTest, FindsTheOneFaceWithItsLandmarks) {
  const GrayImage image = Astronaut();
  const Face face = OnlyFace(image);
  // The face is in the upper middle of the portrait, roughly 100 to 200 pixels wide.
  EXPECT_GT(face.box.width, 80);
  EXPECT_LT(face.box.width, 260);
  EXPECT_GT(face.box.left, 100);
  EXPECT_LT(face.box.left + face.box.width, 400);
  EXPECT_LT(face.box.top, 200);
  EXPECT_GT(face.confidence, 90);
  // Landmarks sit in the box (with a margin for the jaw) and in a face's order.
  for (const Point2& p : face.points) {
    EXPECT_GT(p.x, face.box.left - 0.2 * face.box.width);
    EXPECT_LT(p.x, face.box.left + 1.2 * face.box.width);
    EXPECT_GT(p.y, face.box.top - 0.3 * face.box.height);
    EXPECT_LT(p.y, face.box.top + 1.3 * face.box.height);
  }
  std::map<std::string_view, Point2> named;
  for (const NamedPoint& n : RekognitionLandmarks(face.points)) named[n.type] = n.point;
  EXPECT_LT(named["eyeLeft"].x, named["eyeRight"].x);
  EXPECT_LT(named["eyeLeft"].y, named["nose"].y);
  EXPECT_LT(named["nose"].y, named["mouthUp"].y);
  EXPECT_LT(named["mouthUp"].y, named["chinBottom"].y);
  EXPECT_LT(named["mouthLeft"].x, named["mouthRight"].x);
  // A near-frontal, upright portrait with open eyes.
  EXPECT_LT(std::abs(face.pose.roll), 15);
  EXPECT_LT(std::abs(face.pose.yaw), 30);
  EXPECT_LT(std::abs(face.pose.pitch), 30);
  EXPECT_TRUE(face.eyes_open.value);
  EXPECT_GT(face.quality.brightness, 20);
  EXPECT_LT(face.quality.brightness, 90);
}

TEST_F(FaceDetectorTest, MirrorFlipsYawAndRoll) {
  const Face face = OnlyFace(Astronaut());
  const Face mirrored = OnlyFace(Mirror(Astronaut()));
  EXPECT_NEAR(mirrored.pose.yaw, -face.pose.yaw, 5);
  EXPECT_NEAR(mirrored.pose.roll, -face.pose.roll, 3);
  EXPECT_NEAR(mirrored.box.left + mirrored.box.width, 512 - face.box.left, 12);
}

TEST_F(FaceDetectorTest, TurningTheImageClockwiseAddsToRoll) {
  const Face face = OnlyFace(Astronaut());
  const Face turned = LargestFace(Turn(Astronaut(), 15));
  EXPECT_NEAR(turned.pose.roll - face.pose.roll, 15, 5);
}

TEST_F(FaceDetectorTest, BlurLowersSharpnessAndDarkeningLowersBrightness) {
  const GrayImage image = Astronaut();
  const Face face = OnlyFace(image);
  const Face blurred = OnlyFace(Blur(image, 2));
  EXPECT_LT(blurred.quality.sharpness, face.quality.sharpness - 10)
      << face.quality.sharpness << " vs " << blurred.quality.sharpness;
  GrayImage dark = image;
  for (uint8_t& v : dark.pixels) v = static_cast<uint8_t>(v * 0.6);
  const Face darker = OnlyFace(dark);
  EXPECT_NEAR(darker.quality.brightness, face.quality.brightness * 0.6, 3);
}

TEST_F(FaceDetectorTest, NoiseAndFlatImagesHaveNoFaces) {
  GrayImage noise{.width = 320, .height = 240, .pixels = {}};
  std::mt19937 rng(7);
  for (int i = 0; i < 320 * 240; ++i) noise.pixels.push_back(static_cast<uint8_t>(rng() % 256));
  Result<std::vector<Face>> faces = Detector().Detect(noise);
  ASSERT_TRUE(faces.ok());
  EXPECT_TRUE(faces->empty());
  GrayImage flat{.width = 100, .height = 100, .pixels = std::vector<uint8_t>(100 * 100, 200)};
  faces = Detector().Detect(flat);
  ASSERT_TRUE(faces.ok());
  EXPECT_TRUE(faces->empty());
}

TEST(FaceDetectorModelTest, MissingModelIsUnavailableNamingThePackage) {
  FaceDetector detector("/nonexistent/landmarks.dat");
  GrayImage flat{.width = 100, .height = 100, .pixels = std::vector<uint8_t>(100 * 100, 200)};
  Result<std::vector<Face>> faces = detector.Detect(flat);
  ASSERT_FALSE(faces.ok());
  EXPECT_EQ(faces.status().code(), StatusCode::kUnavailable);
  EXPECT_NE(faces.status().message().find("libdlib-data"), std::string::npos);
}

}  // namespace
}  // namespace lathe::services::vision
