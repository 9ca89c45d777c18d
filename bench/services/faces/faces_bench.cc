// Copyright 2026 The Lathe Authors. SPDX-License-Identifier: Apache-2.0
//
// Face detection speed on a 640x480 image: the astronaut portrait (tests/data/images) scaled into
// the middle of a 640x480 grey canvas, so one face of about 110 px. Reports the median time of one
// FaceDetector::Detect (landmarks, pose and quality included) with the default options (a 640 px
// image is also scanned at twice its size) and without upsampling, and the throughput of two
// threads. Prints one JSON object.
//
//   build/bench/services/faces/faces_bench [IMAGE] [--runs 30]
#include <algorithm>
#include <chrono>
#include <cstring>
#include <fstream>
#include <iostream>
#include <iterator>
#include <string>
#include <thread>
#include <vector>

#include <nlohmann/json.hpp>

#include "services/vision/face_detector.h"

namespace vision = lathe::services::vision;

namespace {

double Median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v.empty() ? 0 : v[v.size() / 2];
}

// `src` scaled by `scale` (nearest neighbour) into the centre of a grey width x height canvas.
vision::GrayImage Canvas(const vision::GrayImage& src, int width, int height, double scale) {
  vision::GrayImage out{.width = width, .height = height,
                        .pixels = std::vector<uint8_t>(static_cast<size_t>(width) * height, 128)};
  const int w = static_cast<int>(src.width * scale), h = static_cast<int>(src.height * scale);
  const int x0 = (width - w) / 2, y0 = (height - h) / 2;
  for (int y = 0; y < h && y0 + y < height; ++y) {
    for (int x = 0; x < w && x0 + x < width; ++x) {
      out.pixels[static_cast<size_t>(y0 + y) * width + x0 + x] =
          src.at(std::min(src.width - 1, static_cast<int>(x / scale)),
                 std::min(src.height - 1, static_cast<int>(y / scale)));
    }
  }
  return out;
}

double Seconds(std::chrono::steady_clock::time_point since) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

}  // namespace

int main(int argc, char** argv) {
  std::string path = std::string(LATHE_SOURCE_DIR) + "/tests/data/images/astronaut.png";
  int runs = 30;
  for (int i = 1; i < argc; ++i) {
    if (std::strcmp(argv[i], "--runs") == 0 && i + 1 < argc) {
      runs = std::stoi(argv[++i]);
    } else {
      path = argv[i];
    }
  }
  std::ifstream in(path, std::ios::binary);
  const std::string bytes{std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>()};
  lathe::Result<vision::GrayImage> decoded = vision::DecodeImage(bytes);
  if (!decoded.ok()) {
    std::cerr << path << ": " << decoded.status().ToString() << "\n";
    return 2;
  }
  const vision::GrayImage image = Canvas(*decoded, 640, 480, 480.0 / decoded->height);
  const vision::FaceDetector& detector = vision::FaceDetector::Default();
  (void)detector.Detect(image);  // loads the landmark model

  nlohmann::json out = {{"image", "astronaut scaled into 640x480"}, {"runs", runs}};
  for (const auto& [name, options] :
       {std::pair<const char*, vision::DetectOptions>{"default_upsampled", {}},
        std::pair<const char*, vision::DetectOptions>{"no_upsampling", {.upsample_below = 0}}}) {
    std::vector<double> ms;
    size_t faces = 0;
    for (int r = 0; r < runs; ++r) {
      const auto start = std::chrono::steady_clock::now();
      faces = detector.Detect(image, options)->size();
      ms.push_back(1000 * Seconds(start));
    }
    // Two threads, each running `runs` detections: images per second over the wall time.
    const auto start = std::chrono::steady_clock::now();
    std::vector<std::thread> threads;
    for (int t = 0; t < 2; ++t) {
      threads.emplace_back([&] {
        for (int r = 0; r < runs; ++r) (void)detector.Detect(image, options);
      });
    }
    for (std::thread& t : threads) t.join();
    const double two_thread_rate = 2.0 * runs / Seconds(start);
    out[name] = {{"faces_found", faces},
                 {"median_ms", Median(ms)},
                 {"images_per_s_1_thread", 1000.0 / Median(ms)},
                 {"images_per_s_2_threads", two_thread_rate}};
  }
  std::cout << out.dump(2) << "\n";
  return 0;
}
